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
    path("province/<text:name>/jobs/", views.province_list, name="province-list"),
    path("province/<text:name>/jobs/<int:job_id>/", views.province_job, name="province-detail"),
    path(
        "province/<text:name>/jobs/<int:job_id>/cancel/",
        views.province_cancel,
        name="province-cancel",
    ),
    path(
        "province/<text:name>/jobs/<int:job_id>/result/",
        views.province_result,
        name="province-result",
    ),
    path("national/jobs/", views.national_list, name="national-list"),
    path("national/jobs/<int:job_id>/", views.national_job, name="national-detail"),
    path("national/jobs/<int:job_id>/cancel/", views.national_cancel, name="national-cancel"),
    path("national/jobs/<int:job_id>/result/", views.national_result, name="national-result"),
]
