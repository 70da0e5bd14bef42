from django import forms
from django.contrib import admin
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from prongsai.documents.models import DocumentTemplate
from prongsai.documents.rendering import DocumentTemplateError, check_template


class DocumentTemplateForm(forms.ModelForm):
    """Refuses a template that cannot be used, before it replaces the organisation's layout."""

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
            check_template(draft)
        except DocumentTemplateError as exc:
            message = _(
                "This template cannot be used: rendering it with sample data of “%(kind)s” "
                "fails with %(error)s"
            ) % {
                "kind": draft.kind,
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
