from __future__ import annotations

from django.urls import path

from prongsai.lpa import views

app_name = "lpa"

urlpatterns = [
    path("province/<text:name>/lpa/import/", views.province_import, name="province-import"),
]
