from django.contrib import admin

from prongsai.orgs.models import Membership, Organisation, Position, ProvinceRole, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_th", "code", "kind", "size", "province", "slug"]
    list_filter = ["kind", "size", "province"]
    search_fields = ["name_th", "slug", "code"]
    raw_id_fields = ["geo_province", "geo_district", "subdistrict"]
    inlines = [UnitInline, MembershipInline]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "org"]
    list_filter = ["org"]
    inlines = [PositionInline]


@admin.register(ProvinceRole)
class ProvinceRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "province", "role"]
    list_filter = ["role", "province"]
