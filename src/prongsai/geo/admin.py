from django.contrib import admin

from prongsai.geo.models import District, Province, Subdistrict


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name_th", "code"]
    search_fields = ["name_th", "code"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name_th", "province", "code"]
    list_filter = ["province"]
    search_fields = ["name_th"]


@admin.register(Subdistrict)
class SubdistrictAdmin(admin.ModelAdmin):
    list_display = ["name_th", "district", "postcode", "code"]
    search_fields = ["name_th", "postcode"]
