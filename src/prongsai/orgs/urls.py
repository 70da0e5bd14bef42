from __future__ import annotations

from django.urls import path

from prongsai.orgs import views

app_name = "orgs"

urlpatterns = [
    path("o/", views.org_list, name="list"),
    path("o/<slug:org_slug>/", views.org_detail, name="detail"),
    path("o/<slug:org_slug>/settings/", views.org_settings, name="settings"),
    path("o/<slug:org_slug>/emblem/", views.emblem, name="emblem"),
]
