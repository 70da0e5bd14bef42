from django.contrib import admin

from prongsai.orgs.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_th", "kind", "province", "slug"]
    list_filter = ["kind", "province"]
    search_fields = ["name_th", "slug"]
