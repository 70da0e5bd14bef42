from __future__ import annotations

from django.urls import path

from prongsai.ita import views

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
    path("province/<text:name>/", views.province, name="province"),
    path("ita/template/<year:year>.xlsx", views.template_download, name="template"),
]
