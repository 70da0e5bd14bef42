from __future__ import annotations

from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prongsai.orgs.models import Organisation
from prongsai.pictures import Refused, sniff, strip_image_metadata

EMBLEM_BYTES = 2 * 1024 * 1024


class OrganisationSettingsForm(forms.ModelForm):
    """What an organisation's administrator sets for its documents: the head who signs, the
    address, the digits, and the emblem printed at the head of announcements."""

    remove_emblem = forms.BooleanField(label=gettext_lazy("Remove the emblem"), required=False)

    class Meta:
        model = Organisation
        fields = [
            "head_name",
            "head_position",
            "address",
            "phone",
            "website",
            "thai_digits",
            "emblem",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3}), "emblem": forms.FileInput}

    def clean_emblem(self):
        upload = self.cleaned_data.get("emblem")
        if not upload or upload is self.instance.emblem or not hasattr(upload, "content_type"):
            return upload
        if upload.size > EMBLEM_BYTES:
            raise forms.ValidationError(_("The emblem must be a picture of at most 2 MB."))
        data = upload.read()
        kind = sniff(data)
        if kind not in ("image/png", "image/jpeg"):
            raise forms.ValidationError(_("The emblem must be a PNG or JPEG picture."))
        try:
            clean = strip_image_metadata(data, kind, upload.name)
        except Refused as exc:
            raise forms.ValidationError(str(exc)) from exc
        return ContentFile(clean, name="emblem.png" if kind == "image/png" else "emblem.jpg")

    def save(self, commit=True):
        org = super().save(commit=False)
        if self.cleaned_data.get("remove_emblem"):
            org.emblem = ""
        if commit:
            org.save()
        return org
