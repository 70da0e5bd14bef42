from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.orgs.models import Unit
from prongsai.plans import indicators
from prongsai.plans.models import (
    ActionPlan,
    IntegrityMeasure,
    Progress,
    Project,
    RiskItem,
    RiskReview,
    SubSection,
)
from prongsai.plans.texts import FIELDS, TEXT_FIELDS


class PlanCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    first_year = forms.IntegerField(
        label=_("First fiscal year (B.E.)"), min_value=2500, max_value=2700, initial=2566
    )
    last_year = forms.IntegerField(
        label=_("Last fiscal year (B.E.)"), min_value=2500, max_value=2700, initial=2570
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("first_year")
            and data.get("last_year")
            and data["last_year"] < data["first_year"]
        ):
            self.add_error("last_year", _("The plan must end after it starts."))
        return data


class ProjectForm(forms.ModelForm):
    """A project sheet: the nine standard fields, with a budget field per fiscal year of the plan."""

    class Meta:
        model = Project
        fields = [
            "subsection", "order", "kind", "name", "rationale", "objectives", "target_group", "method",
            "start_year", "end_year", "responsible", "place", "outputs", "outcomes",
        ]  # fmt: skip
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ("rationale", "objectives", "target_group", "method", "outputs", "outcomes")
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        self.fields["subsection"].queryset = SubSection.objects.filter(dimension__plan=plan)
        self.fields["responsible"].queryset = Unit.objects.filter(org=plan.org)
        existing = {}
        if self.instance.pk:
            existing = {b.fiscal_year: b.amount for b in self.instance.budgets.all()}
        for year in plan.years:
            self.fields[f"budget_{year}"] = forms.DecimalField(
                label=_("Budget %(year)s (baht)") % {"year": year},
                required=False,
                min_value=Decimal(0),
                decimal_places=2,
                initial=existing.get(year),
                help_text=_("Empty: no budget (ไม่ใช้งบประมาณ)."),
            )
        self.fields["indicators"] = forms.CharField(
            label="ตัวชี้วัดและค่าเป้าหมาย",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            initial=indicators.format_lines(self.instance),
            help_text="บรรทัดละหนึ่งตัวชี้วัด เช่น ผลผลิต: จำนวนผู้เข้าร่วมอบรม | 50 | คน "
            "หรือ ผลลัพธ์: ร้อยละของผู้ผ่านการทดสอบ | 80 | ร้อยละ",
        )

    def clean_indicators(self):
        try:
            return indicators.parse_lines(self.cleaned_data["indicators"])
        except indicators.IndicatorError as exc:
            raise forms.ValidationError(str(exc)) from None

    def budget_fields(self):
        return [self[f"budget_{y}"] for y in self.plan.years]

    def save(self, commit=True):
        project = super().save(commit=commit)
        if commit:
            project.set_budgets({y: self.cleaned_data.get(f"budget_{y}") for y in self.plan.years})
            indicators.replace(project, self.cleaned_data["indicators"])
        return project


class ProgressForm(forms.ModelForm):
    class Meta:
        model = Progress
        fields = ["status", "percent", "spent", "done", "achieved", "evidence", "problems"]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ("done", "achieved", "evidence", "problems")
        }


class PlanImportForm(forms.Form):
    MAX_UPLOAD = 10 * 1024 * 1024

    file = forms.FileField(label=_("Edited workbook (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class IdsField(forms.ModelMultipleChoiceField):
    """Several objects by id; an id no database integer holds is refused like any unknown one.

    Django builds ``pk IN (…)`` from the submitted ids, and SQLite raises OverflowError (a 500)
    for one beyond 64 bits instead of finding nothing.
    """

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if text.isdecimal() and int(text) > BIGGEST_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


BIGGEST_ID = 2**63 - 1


class RiskItemForm(forms.ModelForm):
    class Meta:
        model = RiskItem
        fields = [
            "order",
            "process",
            "risk",
            "likelihood",
            "impact",
            "existing_controls",
            "new_controls",
            "owner",
            "review_on",
            "projects",
            "measures",
        ]
        widgets = {
            "risk": forms.Textarea(attrs={"rows": 2}),
            "existing_controls": forms.Textarea(attrs={"rows": 2}),
            "new_controls": forms.Textarea(attrs={"rows": 2}),
            "review_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        field_classes = {"projects": IdsField, "measures": IdsField}

    def __init__(self, *args, org, matrix, **kwargs):
        super().__init__(*args, **kwargs)
        self.matrix = matrix
        self.fields["owner"].queryset = Unit.objects.filter(org=org)
        self.fields["projects"].queryset = Project.objects.filter(plan__org=org)
        self.fields["measures"].queryset = IntegrityMeasure.objects.filter(org=org)
        for name, labels in (("likelihood", matrix.likelihood), ("impact", matrix.impact)):
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                coerce=int,
                choices=[(i, f"{i} {label}") for i, label in enumerate(labels, 1)],
            )


class RiskReviewForm(forms.ModelForm):
    class Meta:
        model = RiskReview
        fields = ["reviewed_on", "note", "reviewer"]
        widgets = {
            "reviewed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class MeasureProgressForm(forms.ModelForm):
    class Meta:
        model = IntegrityMeasure
        fields = ["status", "progress", "results"]
        widgets = {"results": forms.Textarea(attrs={"rows": 2})}


class PlanTextsForm(forms.ModelForm):
    """The plan's own texts: the preface, Part 1 and who announces the plan. A blank field is
    printed as the default text made from the plan's data (plans.texts.defaults)."""

    class Meta:
        model = ActionPlan
        fields = list(FIELDS)
        labels = {
            "preface": "คำนำ",
            "rationale": "หลักการและเหตุผล",
            "objectives": "วัตถุประสงค์ของการจัดทำแผน",
            "goals": "เป้าหมาย",
            "benefits": "ประโยชน์ของการจัดทำแผน",
            "signatory_name": "ผู้ลงนามประกาศใช้แผน (ชื่อ)",
            "signatory_position": "ตำแหน่งผู้ลงนาม",
            "announced_on": "วันที่ประกาศใช้แผน",
        }
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 6}) for name in TEXT_FIELDS},
            "announced_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
