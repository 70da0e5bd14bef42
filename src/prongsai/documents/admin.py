from django import forms
from django.contrib import admin
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from prongsai.documents import layout, registry
from prongsai.documents.models import DocumentSignoff, DocumentTemplate


def _kind_choices() -> list[tuple[str, str]]:
    return [(k.key, k.title_th) for k in registry.kinds()]


class DocumentTemplateForm(forms.ModelForm):
    """Refuses a layout that cannot be used, before it replaces the organisation's own."""

    kind = forms.ChoiceField(label=_("document kind"), choices=_kind_choices)

    class Meta:
        model = DocumentTemplate
        fields = ["org", "kind", "file"]

    def clean(self):
        data = super().clean()
        if self.errors or not data.get("file"):
            return data  # the model's own checks (format, file name) have spoken
        upload = data["file"]
        upload.seek(0)
        # A copy for the check, which closes what it reads: the upload itself is saved after.
        draft = DocumentTemplate(org=data["org"], kind=data["kind"])
        draft.file = ContentFile(upload.read(), name=upload.name)
        upload.seek(0)
        try:
            layout.check_layout(registry.get(data["kind"]), draft)
        except layout.DocumentTemplateError as exc:
            message = _("This template cannot be used: %(error)s") % {
                "error": f"{type(exc.error).__name__}: {exc.error}",
            }
            raise forms.ValidationError({"file": message}) from exc
        return data


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    """Where an organisation's own document layouts are uploaded; no code change needed."""

    form = DocumentTemplateForm
    list_display = ["org", "kind", "file", "uploaded"]
    list_filter = ["kind"]
    list_select_related = ["org"]
    search_fields = ["org__name_th", "org__slug"]
    autocomplete_fields = ["org"]


@admin.register(DocumentSignoff)
class DocumentSignoffAdmin(admin.ModelAdmin):
    list_display = ["org", "kind", "scope", "name", "position", "signed_on"]
    list_select_related = ["org"]
    search_fields = ["org__name_th", "name"]
