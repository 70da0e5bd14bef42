from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.ita.results import ParsedResults
from prongsai.orgs.models import Unit
from prongsai.plans.models import IntegrityMeasure
from prongsai.scoring.criteria import Criteria
from prongsai.spreadsheets import TABLE_UPLOAD_MAX, TableFileField


class ResultsImportForm(forms.Form):
    file = TableFileField(
        label=_("Results file (CSV or Excel)"),
        help_text=_("Columns code, score and, for EIT parts, part. Download the template below."),
    )


ANALYSIS_TEXT_MAX = 10_000


class IndicatorAnalysisForm(forms.Form):
    cause = forms.CharField(
        label=_("Cause"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=ANALYSIS_TEXT_MAX,
    )
    guideline = forms.CharField(
        label=_("Guideline to raise the score"),
        max_length=ANALYSIS_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )


class MeasureForm(forms.ModelForm):
    """An improvement measure for one indicator; units narrowed to the organisation's own."""

    class Meta:
        model = IntegrityMeasure
        fields = ["name", "analysis", "steps", "period_start", "period_end", "responsible"]
        widgets = {
            "analysis": forms.Textarea(attrs={"rows": 2}),
            "steps": forms.Textarea(attrs={"rows": 3}),
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = Unit.objects.filter(org=org)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end after it starts."))
        return data


def score_field(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class ResultsEntryForm(forms.Form):
    """One field per figure of the year, laid out as ITAS reports them."""

    def __init__(self, *args, criteria: Criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for indicator in criteria.indicators:
            self.fields[f"ind_{indicator.number}"] = score_field(
                f"{indicator.number}. {indicator.name_th}"
            )
        for question in criteria.questions:
            self.fields[f"q_{question.code}"] = score_field(f"{question.code} {question.text_th}")
        for item in criteria.oit_items:
            self.fields[f"o_{item.code}"] = forms.TypedChoiceField(
                label=item.label,
                required=False,
                choices=[("", "–"), ("100", _("Pass")), ("0", _("Fail"))],
                coerce=Decimal,
                empty_value=None,
            )

    def sections(self):
        """(indicator, its indicator field, its question/item fields) for the template."""
        for indicator in self.criteria.indicators:
            codes = [f"q_{q.code}" for q in self.criteria.questions_of(indicator.number)]
            codes += [f"o_{i.code}" for i in self.criteria.items_of(indicator.number)]
            yield indicator, self[f"ind_{indicator.number}"], [self[c] for c in codes]

    def parsed(self) -> ParsedResults:
        parsed = ParsedResults()
        for name, value in self.cleaned_data.items():
            if value is None:
                continue
            kind, code = name.split("_", 1)
            if kind == "ind":
                parsed.indicators[int(code)] = value
            elif kind == "q":
                parsed.questions[(code, 0)] = value
            else:
                parsed.items[code] = value
        return parsed

    @classmethod
    def initial_from(cls, parsed_scores) -> dict:
        initial = {}
        for s in parsed_scores:
            if s.level == "indicator":
                initial[f"ind_{s.code}"] = s.score
            elif s.level == "item":
                initial[f"o_{s.code}"] = str(int(s.score))
            elif s.part == 0:
                initial[f"q_{s.code}"] = s.score
        return initial


class DraftStartForm(forms.Form):
    year = forms.IntegerField(label="ปีงบประมาณ (พ.ศ.) ที่จะเริ่ม", min_value=2560, max_value=2700)


class DraftWorkbookForm(forms.Form):
    file = forms.FileField(label="ไฟล์ Excel ของฉบับร่างที่แก้ไขแล้ว (.xlsx)")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("ใช้ไฟล์ .xlsx ที่ดาวน์โหลดจากหน้านี้")
        if upload.size > TABLE_UPLOAD_MAX:
            raise forms.ValidationError("ไฟล์ใหญ่เกิน 5 MB")
        return upload


class DraftItemForm(forms.Form):
    ACTIONS = [("rename", "เปลี่ยนชื่อข้อ"), ("add", "เพิ่มข้อ"), ("drop", "ลบข้อ")]
    action = forms.ChoiceField(label="ทำอะไร", choices=ACTIONS)
    code = forms.RegexField(
        label="รหัสข้อ (เช่น o27)",
        regex=r"^o[0-9]+[a-z0-9_.\-]*$",
        error_messages={"invalid": "รหัสข้อต้องขึ้นต้นด้วย o ตามด้วยตัวเลข เช่น o27"},
    )
    name_th = forms.CharField(
        label="ชื่อข้อ (เว้นว่างถ้ายังไม่ทราบชื่อทางการ)", required=False, max_length=500
    )
    indicator = forms.IntegerField(label="ตัวชี้วัด (สำหรับข้อที่เพิ่ม)", required=False, min_value=1)

    def clean(self):
        data = super().clean()
        if data.get("action") == "add" and not data.get("indicator"):
            self.add_error("indicator", "ระบุตัวชี้วัดของข้อที่เพิ่ม")
        return data
