from __future__ import annotations

from django.urls import path

from prongsai.ethics import views

app_name = "ethics"

urlpatterns = [
    path("o/<slug:org_slug>/ethics/", views.overview, name="overview"),
    path("o/<slug:org_slug>/ethics/code/", views.code, name="code"),
    path("o/<slug:org_slug>/ethics/code/additions/<int:pk>/", views.addition_edit, name="addition"),
    path(
        "o/<slug:org_slug>/ethics/code/additions/<int:pk>/delete/",
        views.addition_delete,
        name="addition-delete",
    ),
    path("o/<slug:org_slug>/ethics/standards/<year:year>/", views.standards, name="standards"),
    path(
        "o/<slug:org_slug>/ethics/indicators/<int:pk>/<year:year>/",
        views.indicator_year,
        name="indicator-year",
    ),
    path("o/<slug:org_slug>/ethics/no-gift/<year:year>/", views.ngp, name="ngp"),
    path(
        "o/<slug:org_slug>/ethics/no-gift/<year:year>/activities/",
        views.activity_add,
        name="activity-add",
    ),
    path(
        "o/<slug:org_slug>/ethics/no-gift/activities/<int:pk>/delete/",
        views.activity_delete,
        name="activity-delete",
    ),
    path("o/<slug:org_slug>/ethics/gifts/<year:year>/", views.gifts, name="gifts"),
    path("o/<slug:org_slug>/ethics/gifts/<year:year>/new/", views.gift_edit, name="gift-new"),
    path("o/<slug:org_slug>/ethics/gifts/entry/<int:pk>/", views.gift_edit, name="gift"),
]
