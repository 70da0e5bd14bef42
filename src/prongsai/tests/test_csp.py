"""Content-Security-Policy on every page, and no inline script or style the policy would block."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from prongsai.complaints.models import ComplaintRole
from prongsai.orgs.tests import test_access
from prongsai.plans.risk import matrices
from prongsai.surveys.models import Campaign
from prongsai.test import PASSWORD

# Downloads (PDF, Word, Excel) are not pages: they take seconds to build and run no script.
DOWNLOADS = {
    "ita:template", "surveys:export", "surveys:codes", "plans:export", "oit:findings",
    "complaints:attachment", "documents:download",
}  # fmt: skip


class InlineFinder(HTMLParser):
    """Everything in a page that a strict policy (script-src/style-src 'self') would block."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if "src" not in attrs:
                self.found.append("<script> without src")
            self._in_script = True
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name == "style":
                self.found.append(f"<{tag} style=…>")
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")
            if name.startswith("hx-on"):
                self.found.append(f"<{tag} {name}=…> (htmx eval)")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append("inline script text")


def inline_violations(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.found


class ContentSecurityPolicyTests(test_access.CrossOrganisationTests):
    """Reuses the access test's data and URL arguments; only the tests below run here."""

    def setUp(self):
        today = timezone.localdate()
        for campaign in (self.campaign_a, self.eit_a):
            campaign.opens, campaign.closes = today - timedelta(days=1), today + timedelta(days=9)
            campaign.save()
        self.iit_a = Campaign.objects.create(
            org=self.org_a, year=2568, tool="iit",
            opens=today - timedelta(days=1), closes=today + timedelta(days=9),
        )  # fmt: skip
        ComplaintRole.objects.create(org=self.org_a, user=self.officer_a, role="handler")

    def assert_protected(self, response, where: str):
        policy = response.get("Content-Security-Policy", "")
        self.assertIn("script-src 'self'", policy, where)
        self.assertIn("style-src 'self'", policy, where)
        self.assertNotIn("unsafe", policy, where)
        self.assertIn("frame-ancestors 'none'", policy, where)
        if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
            self.assertEqual(inline_violations(response.content.decode()), [], where)

    def test_every_page_carries_the_policy_and_no_inline_script_or_style(self):
        self.login(self.officer_a)
        walked = 0
        for name, kwargs, _view in test_access.org_patterns():
            if name in DOWNLOADS or "token" in kwargs:
                continue  # survey links: walked in the public-pages test
            url = reverse(name, kwargs=self.kwargs_for(kwargs, self.org_a, self.measure_a, name))
            response = self.client.get(url)
            with self.subTest(name=name, status=response.status_code):
                self.assert_protected(response, url)
            walked += 1
        self.assertGreater(walked, 40)

    def test_public_pages_site_pages_and_forms_with_errors(self):
        pages = [
            reverse("home"),
            reverse("login"),
            reverse("admin:login"),
            "/en/",
            "/no-such-page/",
        ]
        for campaign in (self.campaign_a, self.eit_a, self.iit_a):
            pages += [
                reverse("surveys:survey", args=[campaign.token]),
                reverse("surveys:thanks", args=[campaign.token]),
            ]
        for name in ("complaints:form", "complaints:follow-up", "complaints:public-stats"):
            pages.append(reverse(name, args=[self.org_a.slug]))
        for url in pages:
            with self.subTest(url=url):
                self.assert_protected(self.client.get(url), url)
        posts = [
            (reverse("login"), {"username": "officer-a", "password": "wrong"}),
            (reverse("surveys:survey", args=[self.eit_a.token]), {}),
            (reverse("complaints:form", args=[self.org_a.slug]), {}),
            (reverse("complaints:follow-up", args=[self.org_a.slug]), {"receipt": "1" * 16}),
        ]
        for url, data in posts:
            with self.subTest(url=url, method="post"):
                self.assert_protected(self.client.post(url, data), url)
        admin = self.officer_a.__class__.objects.create_superuser("root-admin", password=PASSWORD)
        self.client.force_login(admin)
        for url in (reverse("admin:index"), reverse("admin:axes_accessattempt_changelist")):
            with self.subTest(url=url):
                self.assert_protected(self.client.get(url), url)


def test_every_risk_colour_has_its_class_in_the_stylesheet():
    """Risk levels are coloured by class (no style=""): a new colour needs its rule."""
    css = (Path(__file__).resolve().parents[1] / "static/prongsai/site.css").read_text()
    for matrix in matrices().values():
        for level in matrix.levels:
            assert f".risk-{level.color[1:].lower()} {{" in css, level


# Only the tests above run in this class, not the inherited access tests.
for _name in [n for n in dir(test_access.CrossOrganisationTests) if n.startswith("test_")]:
    setattr(ContentSecurityPolicyTests, _name, None)
