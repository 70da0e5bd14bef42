from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.orgs.models import Organisation
from prongsai.surveys.models import Campaign, ServicePoint
from prongsai.surveys.questionnaire import Questionnaire, ita_questionnaire


class SurveyForm(forms.Form):
    """The questionnaire as plain radio buttons: works without JavaScript on any phone."""

    nonce = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": "หน้านี้ไม่ครบถ้วน กรุณาเปิดแบบสอบถามใหม่อีกครั้ง"},
    )

    def __init__(
        self, *args, questionnaire: Questionnaire, with_code=False, service_points=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        if with_code:
            self.fields["code"] = forms.CharField(
                label=_("Your one-time code"),
                max_length=20,
                help_text=_("Printed on your slip, e.g. K7QF-2MXR-9PLA."),
                widget=forms.TextInput(
                    attrs={"autocomplete": "off", "autocapitalize": "characters"}
                ),
                error_messages={
                    "required": "กรุณากรอกรหัสที่พิมพ์อยู่บนบัตร",
                    "max_length": "รหัสยาวเกินไป กรุณาตรวจรหัสบนบัตรอีกครั้ง",
                },
            )
        if service_points:
            self.fields["service_point"] = forms.ModelChoiceField(
                label=_("Where were you served?"),
                queryset=service_points,
                empty_label=None,
                error_messages={
                    "required": "กรุณาเลือกจุดที่ท่านรับบริการ",
                    "invalid_choice": "กรุณาเลือกจุดที่ท่านรับบริการจากรายการ",
                },
            )
        for item in questionnaire.items:
            self.fields[item.code] = forms.ChoiceField(
                label=item.text,
                choices=[(c.key, c.label) for c in item.choices],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Please choose an answer."),
                    "invalid_choice": "กรุณาเลือกคำตอบจากตัวเลือกที่มีให้",
                },
            )

    def sections(self):
        for number, section in enumerate(self.questionnaire.sections, start=1):
            yield number, section.title, [self[item.code] for item in section.items]

    def answers(self) -> dict[str, str]:
        return {item.code: self.cleaned_data[item.code] for item in self.questionnaire.items}


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["year", "tool", "opens", "closes", "minimum_sample"]
        widgets = {
            "opens": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, org: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.org = org

    def clean(self):
        data = super().clean()
        if data.get("opens") and data.get("closes") and data["closes"] < data["opens"]:
            self.add_error("closes", _("A survey must close after it opens."))
        problem = questionnaire_problem(data.get("year"), data.get("tool"), self.instance.org)
        if problem:
            self.add_error("year", problem)
        # The organisation is not a field of the form, so Django skips the (org, year, tool)
        # constraint; without this check a second survey of the kind would be a database error.
        same = Campaign.objects.filter(
            org=self.instance.org, year=data.get("year"), tool=data.get("tool")
        )
        if data.get("year") and data.get("tool") and same.exclude(pk=self.instance.pk).exists():
            self.add_error("tool", _("This organisation has this survey for that year already."))
        return data


def questionnaire_problem(year, tool, org=None) -> str | None:
    """IIT and EIT ask the year's ITA questions (the organisation's own published criteria for a
    year nobody has published): a year without them cannot be surveyed."""
    if tool not in (Campaign.Tool.IIT, Campaign.Tool.EIT) or not year:
        return None

    try:
        ita_questionnaire(year, tool, org)
    except (ValueError, LookupError) as exc:
        return str(exc)
    return None


class CodesForm(forms.Form):
    count = forms.IntegerField(label=_("How many staff?"), min_value=1, max_value=2000)


class ServicePointForm(forms.ModelForm):
    class Meta:
        model = ServicePoint
        fields = ["name"]

    def clean_name(self):
        # As for campaigns: the (org, name) constraint is not checked by Django here.
        name = self.cleaned_data["name"]
        same = ServicePoint.objects.filter(org=self.instance.org, name=name)
        if same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This organisation has a service point of that name."))
        return name
