from __future__ import annotations

from django.urls import path

from prongsai.oit import views

app_name = "oit"

urlpatterns = [
    # Public (no login): what the website checker is, for the administrators of checked sites.
    path("about/checker/", views.about_checker, name="about-checker"),
    # Public (no login): the organisation's ITA page and its exports.
    path("p/<slug:org_slug>/ita/<year:year>/", views.public_ita, name="public"),
    path(
        "p/<slug:org_slug>/ita/<year:year>/ita-page.<str:fmt>",
        views.public_ita_export,
        name="public-export",
    ),
    path("o/<slug:org_slug>/oit/province-check/", views.province_check, name="province_check"),
    path("o/<slug:org_slug>/oit/", views.checklist_default, name="checklist-default"),
    path("o/<slug:org_slug>/oit/<year:year>/", views.checklist_page, name="checklist"),
    path("o/<slug:org_slug>/oit/<year:year>/check/", views.run_check, name="check"),
    path("o/<slug:org_slug>/oit/<year:year>/steps/", views.run_steps, name="steps"),
    path(
        "o/<slug:org_slug>/oit/<year:year>/findings.<str:fmt>",
        views.findings_report,
        name="findings",
    ),
    path("o/<slug:org_slug>/oit/<year:year>/<str:item>/", views.evidence_edit, name="evidence"),
]
