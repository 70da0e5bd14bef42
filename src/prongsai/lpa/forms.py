from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.params import BadParameter, parse_year
from prongsai.spreadsheets import TableFileField


class LpaImportForm(forms.Form):
    year = forms.CharField(
        label=_("Assessment year (B.E.)"), max_length=4, help_text=_("e.g. 2566 or ๒๕๖๖")
    )
    file = TableFileField(
        label=_("LPA table (CSV or Excel)"),
        help_text=_(
            "One organisation a row: name (ชื่อ อปท.), district (อำเภอ), type (ประเภทอปท.), and per "
            "area 1–5 d1_full, d1_got (optionally d1_pct); optionally seq (ลำดับที่) and total_pct."
        ),
    )

    def clean_year(self) -> int:
        try:
            return parse_year(self.cleaned_data["year"])
        except BadParameter as exc:
            raise forms.ValidationError(exc.message) from exc
