from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from prongsai.ethics.gift_rules import LIMIT_CODE
from prongsai.ethics.models import (
    EthicsAddition,
    GiftEntry,
    IndicatorYear,
    NoGiftActivity,
    NoGiftAnnouncement,
)
from prongsai.thai import fiscal_year

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AdditionForm(forms.ModelForm):
    """One of the organisation's own requirements; the national items are not a form at all."""

    class Meta:
        model = EthicsAddition
        fields = ["number", "text", "adopted_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "adopted_on": DATE}

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.org = org
        if not self.instance.pk and not self.is_bound:
            last = EthicsAddition.objects.filter(org=org).order_by("-number").first()
            self.initial.setdefault("number", (last.number + 1) if last else 1)

    def clean_number(self):
        # The organisation is not a field of the form, so Django skips the (org, number)
        # constraint here; without this check a repeated number would be a database error.
        number = self.cleaned_data["number"]
        taken = EthicsAddition.objects.filter(org=self.instance.org, number=number)
        if taken.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("This organisation has an addition of that number already."))
        return number


class IndicatorYearForm(forms.ModelForm):
    class Meta:
        model = IndicatorYear
        fields = ["value", "target", "note"]


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = NoGiftAnnouncement
        fields = [
            "slogan",
            "tagline",
            "signatory_name",
            "signatory_position",
            "contact",
            "announced_on",
        ]
        widgets = {"announced_on": DATE}


class ActivityForm(forms.ModelForm):
    evidence_url = forms.URLField(
        label=NoGiftActivity._meta.get_field("evidence_url").verbose_name,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = NoGiftActivity
        fields = ["held_on", "name", "description", "evidence_url"]
        widgets = {"held_on": DATE, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, org, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.org = org
        self.year = year

    def clean_held_on(self):

        held_on = self.cleaned_data["held_on"]
        if fiscal_year(held_on) != self.year:
            raise ValidationError(
                _("The date must fall in fiscal year %(year)s."), params={"year": self.year}
            )
        return held_on


class GiftEntryForm(forms.ModelForm):
    """A gift register entry. The permitted-value rule is checked here and again by the model."""

    class Meta:
        model = GiftEntry
        fields = [
            "date", "official", "official_name", "official_position", "giver", "relation",
            "occasion", "description", "value", "decision", "decided_by", "reported_on",
            "reported_to",
        ]  # fmt: skip
        widgets = {
            "date": DATE,
            "reported_on": DATE,
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.org = org
        self.fields["official"].queryset = (
            get_user_model().objects.filter(memberships__org=org).order_by("username")
        )
        self.fields["official"].label_from_instance = lambda u: u.get_full_name() or u.username

    def clean(self):
        data = super().clean()
        candidate = GiftEntry(
            pk=self.instance.pk,
            org=self.instance.org,
            **{f: data.get(f) for f in self.Meta.fields if f in data},
        )
        for name in ("official_name", "official_position", "giver", "occasion", "reported_to"):
            setattr(candidate, name, getattr(candidate, name) or "")
        for field, error in candidate.limit_errors().items():
            self.add_error(field, error)
        return data

    def _update_errors(self, errors):
        # The model's clean() applies the same limit rule again (it guards the admin, the demo
        # and commands too): a message this form has shown already is not shown twice.
        if hasattr(errors, "error_dict"):
            kept = {
                field: [
                    e
                    for e in messages
                    if not (e.code == LIMIT_CODE and self.has_error(field, LIMIT_CODE))
                ]
                for field, messages in errors.error_dict.items()
            }
            kept = {field: messages for field, messages in kept.items() if messages}
            if not kept:
                return
            errors = ValidationError(kept)
        super()._update_errors(errors)
