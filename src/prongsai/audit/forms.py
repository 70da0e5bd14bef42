"""The filters of an organisation's history page (they validate only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.audit.display import model_name
from prongsai.audit.tracked import tracked_models

BAD_DATE = _("Enter a date (day, month and year).")


def model_choices() -> list[tuple[str, str]]:
    named = [(m._meta.label_lower, str(model_name(m))) for m in tracked_models()]
    return [("", _("Every kind of record")), *sorted(named, key=lambda c: c[1])]


class HistoryFilterForm(forms.Form):
    user = forms.TypedChoiceField(label=_("By"), required=False, coerce=int, empty_value=None)
    model = forms.ChoiceField(label=_("Kind of record"), required=False)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": BAD_DATE},
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": BAD_DATE},
    )

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Everybody")), *people]
        self.fields["model"].choices = model_choices()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date comes before the start date."))
        return data
