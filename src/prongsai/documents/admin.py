from django.contrib import admin

from prongsai.documents.models import DocumentTemplate


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    """Where an organisation's own document layouts are uploaded; no code change needed."""

    list_display = ["org", "kind", "fmt", "file", "uploaded"]
    list_filter = ["kind", "fmt"]
    list_select_related = ["org"]
    search_fields = ["org__name_th", "org__slug"]
    autocomplete_fields = ["org"]
