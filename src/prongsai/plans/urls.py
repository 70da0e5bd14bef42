from __future__ import annotations

from django.urls import path

from prongsai.plans import views

app_name = "plans"

urlpatterns = [
    path("o/<slug:org_slug>/plans/", views.plan_list, name="list"),
    path("o/<slug:org_slug>/plans/<int:pk>/", views.plan_detail, name="plan"),
    path("o/<slug:org_slug>/plans/<int:pk>/projects/", views.project_list, name="projects"),
    path("o/<slug:org_slug>/plans/<int:pk>/projects/new/", views.project_edit, name="project-new"),
    path(
        "o/<slug:org_slug>/plans/<int:pk>/projects/<int:project_pk>/",
        views.project_edit,
        name="project",
    ),
    path(
        "o/<slug:org_slug>/plans/<int:pk>/projects/<int:project_pk>/progress/<year:year>/<str:round>/",
        views.progress_edit,
        name="progress",
    ),
    path(
        "o/<slug:org_slug>/plans/<int:pk>/projects/<int:project_pk>/progress/",
        views.progress_pick,
        name="progress-pick",
    ),
    path("o/<slug:org_slug>/plans/<int:pk>/export.xlsx", views.plan_export, name="export"),
    path("o/<slug:org_slug>/plans/<int:pk>/import/", views.plan_import, name="import"),
    path("o/<slug:org_slug>/plans/<int:pk>/texts/", views.plan_texts, name="texts"),
    path("o/<slug:org_slug>/risks/<year:year>/", views.risk_register, name="risks"),
    path(
        "o/<slug:org_slug>/risks/items/<int:item_pk>/review/", views.risk_review, name="risk-review"
    ),
    path("o/<slug:org_slug>/risks/items/<int:item_pk>/", views.risk_edit, name="risk-edit"),
    path(
        "o/<slug:org_slug>/risks/items/<int:item_pk>/delete/",
        views.risk_delete,
        name="risk-delete",
    ),
    path("o/<slug:org_slug>/measures/<year:year>/", views.measures_board, name="measures"),
    path("o/<slug:org_slug>/measures/item/<int:pk>/", views.measure_update, name="measure-update"),
]
