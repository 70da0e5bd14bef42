from __future__ import annotations

from django.urls import path

from prongsai.documents import views

app_name = "documents"

urlpatterns = [
    path("o/<slug:org_slug>/documents/", views.documents_page, name="list"),
    path("o/<slug:org_slug>/documents/<slug:kind>.<str:fmt>", views.download, name="download"),
    path("o/<slug:org_slug>/documents/<slug:kind>/signoff/", views.signoff, name="signoff"),
]
