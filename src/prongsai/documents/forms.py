from __future__ import annotations

from django import forms

from prongsai.documents.models import DocumentSignoff


class SignoffForm(forms.ModelForm):
    """The signature of one document: the organisation's head by default, editable per document."""

    class Meta:
        model = DocumentSignoff
        fields = ["name", "position", "signed_on"]
        widgets = {"signed_on": forms.DateInput(attrs={"type": "date"})}
