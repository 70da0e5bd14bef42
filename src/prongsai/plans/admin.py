from django.contrib import admin

from prongsai.plans.models import (
    ActionPlan,
    Budget,
    Dimension,
    IntegrityMeasure,
    MeasureResult,
    PlanTarget,
    Progress,
    Project,
    ProjectIndicator,
    RiskAssessment,
    RiskItem,
    RiskReview,
    SubSection,
)


class PlanTargetInline(admin.TabularInline):
    model = PlanTarget
    extra = 0


class DimensionInline(admin.TabularInline):
    model = Dimension
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    """Plan-level texts (announcement, preface, rationale, goals) and targets are edited here."""

    list_display = ["title", "org", "first_year", "last_year"]
    list_filter = ["org"]
    inlines = [DimensionInline, PlanTargetInline]


@admin.register(SubSection)
class SubSectionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "dimension"]
    list_filter = ["dimension__plan"]


class BudgetInline(admin.TabularInline):
    model = Budget
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = ProjectIndicator
    extra = 0


class ProgressInline(admin.StackedInline):
    model = Progress
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "kind", "subsection", "start_year", "end_year"]
    list_filter = ["plan", "kind"]
    search_fields = ["name"]
    inlines = [BudgetInline, IndicatorInline, ProgressInline]


class RiskItemInline(admin.StackedInline):
    model = RiskItem
    extra = 0


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(admin.ModelAdmin):
    list_display = ["org", "year", "matrix"]
    inlines = [RiskItemInline]


admin.site.register(RiskReview)


class MeasureResultInline(admin.TabularInline):
    model = MeasureResult
    extra = 0


@admin.register(IntegrityMeasure)
class IntegrityMeasureAdmin(admin.ModelAdmin):
    list_display = ["name", "org", "fiscal_year", "status", "progress"]
    list_filter = ["org", "fiscal_year", "status"]
    inlines = [MeasureResultInline]
