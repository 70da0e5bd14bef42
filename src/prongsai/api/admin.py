from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from prongsai.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Superusers see every token and revoke them; tokens are made on the organisation's page
    or with `prongsai api token` (the only places that can show a new token once)."""

    list_display = ["prefix", "name", "org", "province", "write", "created", "last_used", "revoked"]
    list_filter = ["write", "province"]
    search_fields = ["prefix", "name", "org__name_th", "org__slug", "province"]
    readonly_fields = [f.name for f in ApiToken._meta.fields if f.name != "digest"]
    exclude = ["digest"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked__isnull=True):
            token.revoke()
        messages.success(request, _("The tokens were revoked."))
