from __future__ import annotations

from django.urls import path

from prongsai.ita import comparison_views, criteria_views, province_import_views, views

app_name = "ita"

urlpatterns = [
    path("o/<slug:org_slug>/ita/<year:year>/", views.dashboard, name="dashboard"),
    path("o/<slug:org_slug>/ita/<year:year>/import/", views.results_import, name="results-import"),
    path("o/<slug:org_slug>/ita/<year:year>/enter/", views.results_entry, name="results-entry"),
    path("o/<slug:org_slug>/ita/<year:year>/analysis/", views.analysis_page, name="analysis"),
    path(
        "o/<slug:org_slug>/ita/<year:year>/analysis/<int:number>/",
        views.analysis_edit,
        name="analysis-edit",
    ),
    path(
        "o/<slug:org_slug>/ita/<year:year>/analysis/<int:number>/measures/",
        views.measure_add,
        name="measure-add",
    ),
    path(
        "o/<slug:org_slug>/measures/<int:pk>/delete/", views.measure_delete, name="measure-delete"
    ),
    path("o/<slug:org_slug>/ita/criteria/", criteria_views.criteria_page, name="criteria"),
    path("o/<slug:org_slug>/ita/criteria/start/", criteria_views.draft_start, name="draft-start"),
    path("o/<slug:org_slug>/ita/criteria/<int:pk>/", criteria_views.draft_page, name="draft"),
    path(
        "o/<slug:org_slug>/ita/criteria/<int:pk>.xlsx",
        criteria_views.draft_workbook,
        name="draft-workbook",
    ),
    path(
        "o/<slug:org_slug>/ita/criteria/<int:pk>/upload/",
        criteria_views.draft_upload,
        name="draft-upload",
    ),
    path(
        "o/<slug:org_slug>/ita/criteria/<int:pk>/item/",
        criteria_views.draft_item,
        name="draft-item",
    ),
    path(
        "o/<slug:org_slug>/ita/criteria/<int:pk>/publish/",
        criteria_views.draft_publish,
        name="draft-publish",
    ),
    path("province/<text:name>/", comparison_views.province, name="province"),
    path(
        "province/<text:name>/export.xlsx",
        comparison_views.province_export,
        name="province-export",
    ),
    path(
        "province/<text:name>/report.<str:fmt>",
        comparison_views.province_report,
        name="province-report",
    ),
    path(
        "province/<text:name>/report/full/",
        comparison_views.province_report_full,
        name="province-report-full",
    ),
    path(
        "province/<text:name>/ita/<year:year>/import/",
        province_import_views.province_import,
        name="province-import",
    ),
    path(
        "province/<text:name>/ita/<year:year>/import/template.xlsx",
        province_import_views.province_import_template,
        name="province-import-template",
    ),
    path("national/", comparison_views.national, name="national"),
    path("national/export.xlsx", comparison_views.national_export, name="national-export"),
    path("national/report.<str:fmt>", comparison_views.national_report, name="national-report"),
    path(
        "national/report/full/",
        comparison_views.national_report_full,
        name="national-report-full",
    ),
    path("ita/template/<year:year>.xlsx", views.template_download, name="template"),
]
