"""The OpenAPI description and the documentation page: served without a CDN, under the site's
Content-Security-Policy (no inline script or style)."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.test import SimpleTestCase

from prongsai.tests.test_csp import inline_violations


class DocsTests(SimpleTestCase):
    databases = {"default"}

    def test_openapi_json_describes_every_resource(self):
        response = self.client.get("/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("application/"))
        schema = response.json()
        self.assertTrue(schema["openapi"].startswith("3."))
        paths = set(schema["paths"])
        for path in (
            "/api/v1/orgs/", "/api/v1/frameworks/", "/api/v1/orgs/{org_slug}/results/{year}/",
            "/api/v1/orgs/{org_slug}/analyses/", "/api/v1/orgs/{org_slug}/measures/",
            "/api/v1/orgs/{org_slug}/projects/", "/api/v1/orgs/{org_slug}/progress/",
            "/api/v1/orgs/{org_slug}/oit/evidence/", "/api/v1/orgs/{org_slug}/oit/checks/",
            "/api/v1/provinces/{name}/",
        ):  # fmt: skip
            self.assertIn(path, paths)
        scheme = schema["components"]["securitySchemes"]["token"]
        self.assertEqual((scheme["type"], scheme["scheme"]), ("http", "bearer"))
        listed = schema["paths"]["/api/v1/orgs/{org_slug}/measures/"]["get"]["parameters"]
        self.assertIn("year", {p["name"] for p in listed})

    def test_the_docs_page_uses_local_files_only_and_keeps_the_policy(self):
        response = self.client.get("/api/v1/docs/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertEqual(inline_violations(html), [])
        policy = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        self.assertIn("style-src 'self'", policy)
        self.assertNotIn("unsafe", policy)
        self.assertIn("img-src 'self' data:", policy)
        assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
        self.assertGreaterEqual(len(assets), 5)
        for asset in assets:
            self.assertIsNotNone(finders.find(asset), asset)
        self.assertNotIn("//cdn", html)
        self.assertNotIn("https://", html)
