"""/api/v1/: the REST API, its OpenAPI description and its documentation pages."""

from __future__ import annotations

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from prongsai.api import docs, views

ORG = r"orgs/(?P<org_slug>[-a-zA-Z0-9_]+)"

router = SimpleRouter()
router.register("orgs", views.OrganisationViewSet, basename="api-org")
router.register("frameworks", views.FrameworkViewSet, basename="api-framework")
router.register(f"{ORG}/results", views.ResultViewSet, basename="api-result")
router.register(f"{ORG}/analyses", views.AnalysisViewSet, basename="api-analysis")
router.register(f"{ORG}/measures", views.MeasureViewSet, basename="api-measure")
router.register(f"{ORG}/projects", views.ProjectViewSet, basename="api-project")
router.register(f"{ORG}/progress", views.ProgressViewSet, basename="api-progress")
router.register(f"{ORG}/oit/evidence", views.EvidenceViewSet, basename="api-evidence")
router.register(f"{ORG}/oit/checks", views.CheckViewSet, basename="api-check")
router.register(f"{ORG}/oit/link-checks", views.LinkCheckViewSet, basename="api-linkcheck")

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="api-openapi"),
    path("docs/", docs.swagger, name="api-docs"),
    re_path(r"^provinces/(?P<name>[^/]+)/$", views.ProvinceView.as_view(), name="api-province"),
    path("", include(router.urls)),
]
