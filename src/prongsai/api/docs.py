"""The browsable API documentation: Swagger UI from local static files (drf-spectacular-sidecar),
started by our own script file, so the site's Content-Security-Policy holds (no CDN, no inline
script). Swagger UI draws a few icons as data: images; only this page allows them."""

from __future__ import annotations

from csp.decorators import csp_update
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET


@require_GET
@csp_update({"img-src": ["data:"]})
def swagger(request):
    return render(request, "api/swagger.html", {"schema_url": reverse("api-openapi")})
