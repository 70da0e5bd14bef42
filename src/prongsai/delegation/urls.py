from __future__ import annotations

from django.urls import path

from prongsai.delegation import views

app_name = "delegation"

urlpatterns = [
    path("o/<slug:org_slug>/people/", views.org_people, name="people"),
    path("o/<slug:org_slug>/people/invite/", views.org_invite, name="invite"),
    path("o/<slug:org_slug>/people/<int:pk>/", views.org_member, name="member"),
    path("o/<slug:org_slug>/people/<int:pk>/remove/", views.org_member_remove, name="remove"),
    path("province/<text:name>/admin/", views.province_home, name="province"),
    path("province/<text:name>/admin/add/", views.province_add, name="province-add"),
    path(
        "province/<text:name>/admin/readers/invite/",
        views.province_invite_reader,
        name="province-invite-reader",
    ),
    path(
        "province/<text:name>/admin/readers/<int:pk>/remove/",
        views.province_remove_reader,
        name="province-remove-reader",
    ),
    path("province/<text:name>/admin/import/", views.province_import, name="province-import"),
    path("province/<text:name>/admin/criteria/", views.province_draft, name="province-draft"),
    path(
        "province/<text:name>/admin/criteria/<int:pk>/publish/",
        views.province_publish,
        name="province-publish",
    ),
    path("province/<text:name>/admin/o/<slug:org_slug>/", views.province_org, name="province-org"),
    path(
        "province/<text:name>/admin/o/<slug:org_slug>/reset/<int:pk>/",
        views.province_reset,
        name="province-reset",
    ),
]
