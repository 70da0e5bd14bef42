from __future__ import annotations

from django.urls import path

from prongsai.surveys import views

app_name = "surveys"

urlpatterns = [
    path("s/<slug:token>/", views.survey, name="survey"),
    path("s/<slug:token>/thanks/", views.thanks, name="thanks"),
    path("o/<slug:org_slug>/surveys/", views.campaign_list, name="list"),
    path(
        "o/<slug:org_slug>/surveys/service-points/",
        views.service_point_add,
        name="service-point-add",
    ),
    path("o/<slug:org_slug>/surveys/<int:pk>/", views.campaign_detail, name="campaign"),
    path("o/<slug:org_slug>/surveys/<int:pk>/codes/", views.codes, name="codes"),
    path("o/<slug:org_slug>/surveys/<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("o/<slug:org_slug>/surveys/<int:pk>/close/", views.close, name="close"),
    path("o/<slug:org_slug>/surveys/<int:pk>/interview/", views.interview, name="interview"),
]
