"""Production error pages (DEBUG off): Thai with an English line, site styling, no stack trace."""

from __future__ import annotations

from django.test import Client, override_settings
from django.urls import path, reverse

from prongsai.test import BaseTestCase
from prongsai.tests.test_csp import inline_violations


def crash(request):
    raise RuntimeError("secret-internal-detail")


urlpatterns = [path("boom/", crash)]


@override_settings(DEBUG=False)
class ErrorPageTests(BaseTestCase):
    def assert_thai_page(self, response, status, thai, english):
        self.assertEqual(response.status_code, status)
        self.assertContains(response, thai, status_code=status)
        self.assertContains(response, english, status_code=status)
        self.assertContains(response, "prongsai/site.css", status_code=status)
        for leak in ("Traceback", "secret-internal-detail", "django.", "Exception"):
            self.assertNotContains(response, leak, status_code=status)
        self.assertEqual(inline_violations(response.content.decode()), [])
        self.assertIn("script-src 'self'", response["Content-Security-Policy"])

    def test_404(self):
        self.login(self.officer_a)
        for url in ("/no-such-page/", "/en/no-such-page/", "/o/no-such-org/"):
            with self.subTest(url=url):
                self.assert_thai_page(self.client.get(url), 404, "ไม่พบหน้าที่ต้องการ", "Page not found")

    def test_403(self):
        self.login(self.auditor_a)  # reads org A, may not import results
        response = self.client.post(reverse("ita:results-import", args=[self.org_a.slug, 2568]))
        self.assert_thai_page(response, 403, "ไม่มีสิทธิ์เข้าถึงหน้านี้", "Forbidden")

    def test_csrf_failure(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post(reverse("login"), {"username": "x", "password": "y"})
        self.assert_thai_page(response, 403, "แบบฟอร์มหมดอายุ", "The form expired")

    def test_400(self):
        response = self.client.get("/", HTTP_HOST="not-an-allowed-host.example")
        self.assert_thai_page(response, 400, "คำขอไม่ถูกต้อง", "Bad request")

    @override_settings(ROOT_URLCONF=__name__)
    def test_500(self):
        self.client.raise_request_exception = False
        response = self.client.get("/boom/")
        self.assert_thai_page(response, 500, "ระบบขัดข้องชั่วคราว", "Server error")
