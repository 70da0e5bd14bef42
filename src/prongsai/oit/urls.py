from __future__ import annotations

from django.urls import path

from prongsai.oit import views

app_name = "oit"

urlpatterns = [
    path("o/<slug:org_slug>/oit/province-check/", views.province_check, name="province_check"),
    path("o/<slug:org_slug>/oit/<year:year>/", views.checklist_page, name="checklist"),
    path("o/<slug:org_slug>/oit/<year:year>/check/", views.run_check, name="check"),
    path(
        "o/<slug:org_slug>/oit/<year:year>/findings.<str:fmt>",
        views.findings_report,
        name="findings",
    ),
    path("o/<slug:org_slug>/oit/<year:year>/<str:item>/", views.evidence_edit, name="evidence"),
]
