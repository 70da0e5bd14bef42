"""The organisation's own ethics rows. The national code of ethics is not here on purpose: it is
shipped data (`data/`), read-only in every part of the application."""

from django.contrib import admin

from prongsai.ethics.models import (
    BehaviourGroup,
    EthicsAddition,
    GiftEntry,
    Indicator,
    IndicatorYear,
    NoGiftActivity,
    NoGiftAnnouncement,
    Standard,
)


@admin.register(EthicsAddition)
class EthicsAdditionAdmin(admin.ModelAdmin):
    list_display = ["number", "text", "org", "adopted_on"]
    list_filter = ["org"]


@admin.register(BehaviourGroup)
class BehaviourGroupAdmin(admin.ModelAdmin):
    list_display = ["purpose", "org", "order"]
    list_filter = ["org"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    """Standards, meaning, practice guidelines and indicators are edited here."""

    list_display = ["number", "name", "org"]
    list_filter = ["org"]
    inlines = [IndicatorInline]


@admin.register(IndicatorYear)
class IndicatorYearAdmin(admin.ModelAdmin):
    list_display = ["indicator", "fiscal_year", "value", "target"]
    list_filter = ["fiscal_year", "indicator__standard__org"]


@admin.register(NoGiftAnnouncement)
class NoGiftAnnouncementAdmin(admin.ModelAdmin):
    list_display = ["org", "fiscal_year", "slogan", "signatory_name"]
    list_filter = ["org"]


@admin.register(NoGiftActivity)
class NoGiftActivityAdmin(admin.ModelAdmin):
    list_display = ["held_on", "name", "org"]
    list_filter = ["org"]


@admin.register(GiftEntry)
class GiftEntryAdmin(admin.ModelAdmin):
    list_display = ["date", "official_label", "giver", "occasion", "value", "decision", "org"]
    list_filter = ["org", "decision", "relation"]
    readonly_fields = ["rule", "created"]
