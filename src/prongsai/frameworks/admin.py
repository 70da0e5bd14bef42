from django.contrib import admin

from prongsai.frameworks.models import Framework


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    """Criteria are data: shown here, changed only by importing a new version."""

    list_display = ["name_th", "year", "version", "builtin", "org"]
    list_filter = ["builtin", "year"]
    readonly_fields = ["urn", "version", "year", "name_th", "builtin", "org", "checksum", "created"]
    exclude = ["document"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is not None and not obj.builtin and super().has_delete_permission(request, obj)
