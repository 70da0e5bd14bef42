from __future__ import annotations

from django.urls import path

from prongsai.audit import views

app_name = "audit"

urlpatterns = [
    path("o/<slug:org_slug>/history/", views.org_history, name="org"),
    path(
        "o/<slug:org_slug>/history/<str:model>/<int:pk>/",
        views.object_history,
        name="object",
    ),
]
