from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from prongsai.complaints.models import ComplaintRole
from prongsai.orgs.models import Membership, Organisation


class MemberForm(forms.Form):
    """A person's role in the organisation, their position, and their complaint roles."""

    role = forms.ChoiceField(label=_("role"), choices=Membership.Role.choices)
    position = forms.CharField(label=_("position"), max_length=200, required=False)
    complaint_roles = forms.MultipleChoiceField(
        label=_("Complaint roles"),
        choices=ComplaintRole.Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class InviteForm(MemberForm):
    email = forms.EmailField(label=_("e-mail"))
    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150, required=False)
    field_order = ["email", "first_name", "last_name", "role", "position", "complaint_roles"]


class PersonForm(forms.Form):
    """Who is invited: a province administrator invites a reader of the province with it."""

    email = forms.EmailField(label=_("e-mail"))
    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150, required=False)


class AdminInviteForm(PersonForm):
    """A province administrator invites an organisation's administrator."""

    position = forms.CharField(label=_("position"), max_length=200, required=False)


class OrganisationForm(forms.Form):
    """One organisation of the province, checked as a row of the register import is."""

    code = forms.CharField(label=_("organisation code"), max_length=20)
    name_th = forms.CharField(label=_("Thai name"), max_length=200)
    kind = forms.ChoiceField(label=_("type"), choices=Organisation.Kind.choices)
    size = forms.ChoiceField(label=_("size"), choices=Organisation.Size.choices, initial="M")
    district = forms.CharField(label=_("district"), max_length=100, required=False)
    subdistrict = forms.CharField(label=_("subdistrict"), max_length=100, required=False)
    website = forms.CharField(label=_("main website"), max_length=200, required=False)
    phone = forms.CharField(label=_("phone"), max_length=60, required=False)
    address = forms.CharField(
        label=_("address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RegisterUploadForm(forms.Form):
    file = forms.FileField(label=_("Register file (CSV or XLSX)"))


class ProvinceDraftForm(forms.Form):
    year = forms.IntegerField(label=_("fiscal year (B.E.)"), min_value=2560, max_value=2700)


class InviteeAwarePasswordResetForm(PasswordResetForm):
    """Django's form, which also mails the invited who never set a password (their invitation
    link expired): their account is active and the address is theirs."""

    def get_users(self, email):
        model = get_user_model()
        email_field = model.get_email_field_name()
        return model._default_manager.filter(
            **{f"{email_field}__iexact": email, "is_active": True}
        ).exclude(**{email_field: ""})
