from __future__ import annotations

from django.urls import path

from prongsai.jobs import views

app_name = "jobs"

urlpatterns = [
    path("o/<slug:org_slug>/jobs/", views.job_list, name="list"),
    path("o/<slug:org_slug>/jobs/documents/", views.document_batch, name="document_batch"),
    path("o/<slug:org_slug>/jobs/<int:job_id>/", views.job_page, name="detail"),
    path("o/<slug:org_slug>/jobs/<int:job_id>/cancel/", views.job_cancel, name="cancel"),
    path("o/<slug:org_slug>/jobs/<int:job_id>/result/", views.job_result, name="result"),
]
