from __future__ import annotations

from django.urls import path

from prongsai.api import pages

app_name = "api"

urlpatterns = [
    path("o/<slug:org_slug>/api-tokens/", pages.tokens, name="tokens"),
    path("o/<slug:org_slug>/api-tokens/<int:pk>/revoke/", pages.revoke, name="revoke"),
    path("province/<text:name>/api-tokens/", pages.province_tokens, name="province-tokens"),
    path(
        "province/<text:name>/api-tokens/<int:pk>/revoke/",
        pages.province_revoke,
        name="province-revoke",
    ),
]
