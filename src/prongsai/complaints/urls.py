from __future__ import annotations

from django.urls import path

from prongsai.complaints import views

app_name = "complaints"

urlpatterns = [
    path("c/<slug:org_slug>/", views.complaint_form, name="form"),
    path("c/<slug:org_slug>/follow-up/", views.follow_up, name="follow-up"),
    path("c/<slug:org_slug>/statistics/", views.public_stats, name="public-stats"),
    path("o/<slug:org_slug>/complaints/", views.board, name="board"),
    path("o/<slug:org_slug>/complaints/<uuid:pk>/", views.detail, name="detail"),
    path("o/<slug:org_slug>/complaints/<uuid:pk>/move/", views.move, name="move"),
    path("o/<slug:org_slug>/complaints/<uuid:pk>/reply/", views.reply, name="reply"),
    path("o/<slug:org_slug>/complaints/<uuid:pk>/disclose/", views.disclose, name="disclose"),
    path(
        "o/<slug:org_slug>/complaints/<uuid:pk>/identity-requests/",
        views.request_identity,
        name="request-identity",
    ),
    path(
        "o/<slug:org_slug>/complaints/<uuid:pk>/identity-requests/<uuid:request_pk>/",
        views.decide_identity_request,
        name="decide-identity",
    ),
    path(
        "o/<slug:org_slug>/complaints/<uuid:pk>/files/<uuid:file_pk>/",
        views.attachment,
        name="attachment",
    ),
]
