from django.contrib import admin

from prongsai.lpa.models import LpaPointsBand, LpaResult


@admin.register(LpaPointsBand)
class LpaPointsBandAdmin(admin.ModelAdmin):
    list_display = ("minimum", "maximum", "points", "known", "note")


@admin.register(LpaResult)
class LpaResultAdmin(admin.ModelAdmin):
    list_display = ("org", "year", "total_percent", "rank", "published_rank")
    list_filter = ("year",)
    search_fields = ("org__name_th", "org__province")
