"""The province administrator's journey as pages: the province pages link every action
(register, results, LPA, API tokens), and an administrator of another province finds nothing
under this province's name: 404 on every route and every method, nothing changed."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from prongsai.api.models import ApiToken
from prongsai.frameworks.library import year_to_draft
from prongsai.frameworks.models import Framework
from prongsai.jobs.models import Job
from prongsai.lpa.models import LpaResult
from prongsai.orgs.models import Membership, Organisation, ProvinceRole
from prongsai.orgs.tests.test_access import org_patterns
from prongsai.test import BaseTestCase
from prongsai.thai import fiscal_year

METHODS = ("get", "post", "put", "patch", "delete")


def province_routes() -> list[tuple[str, list[str]]]:
    """(namespaced name, kwarg names) of every route under a province's name."""
    return [(name, kwargs) for name, kwargs, _view in org_patterns() if "name" in kwargs]


class ProvinceActionsTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.chonburi_admin = cls.province_admin("chonburi-admin", "ชลบุรี")
        cls.khonkaen_admin = cls.province_admin("khonkaen-admin", "ขอนแก่น")
        cls.token_a, _text = ApiToken.objects.issue(name="ชลบุรี", province="ชลบุรี")

    def test_the_province_pages_link_the_administrators_actions(self):
        self.login(self.chonburi_admin)
        links = (
            reverse("delegation:province-import", args=["ชลบุรี"]),
            reverse("ita:province-import", args=["ชลบุรี", 2568]),
            reverse("lpa:province-import", args=["ชลบุรี"]),
            reverse("api:province-tokens", args=["ชลบุรี"]),
        )
        admin_page = self.client.get(reverse("delegation:province", args=["ชลบุรี"]))
        comparison = self.client.get(reverse("ita:province", args=["ชลบุรี"]))
        for page in (admin_page, comparison):
            for link in links:
                self.assertContains(page, f'href="{link}"')
        for label in ("นำเข้าทะเบียนหน่วยงาน", "นำเข้าตาราง LPA ของจังหวัด", "โทเค็น API ของจังหวัด"):
            self.assertContains(admin_page, label)
        self.assertContains(admin_page, f'href="{reverse("ita:province", args=["ชลบุรี"])}"')
        # the provisional criteria are offered for the year the user is in, while none ship for it
        offered = year_to_draft(fiscal_year(timezone.localdate()))
        self.assertGreaterEqual(offered, fiscal_year(timezone.localdate()))
        self.assertContains(admin_page, f'name="year" value="{offered}"')
        # a provincial reader reads the comparison but is offered no administrator's action
        self.login(self.province_a)
        reader_page = self.client.get(reverse("ita:province", args=["ชลบุรี"]))
        self.assertEqual(reader_page.status_code, 200)
        self.assertNotContains(reader_page, links[2])
        self.assertNotContains(reader_page, links[3])

    def test_another_provinces_administrator_gets_404_everywhere_under_this_province(self):
        routes = province_routes()
        names = {n for n, _kw in routes}
        for expected in (
            "ita:province", "ita:province-report", "ita:province-import", "delegation:province",
            "delegation:province-import", "lpa:province-import", "api:province-tokens",
            "api:province-revoke", "jobs:province-detail", "jobs:province-cancel",
            "ita:province-report-full", "delegation:province-invite-reader",
            "delegation:province-remove-reader",
        ):  # fmt: skip
            self.assertIn(expected, names)
        draft = Framework.objects.filter(builtin=True).first()
        job = Job.objects.create(kind=Job.Kind.ITA_REPORT, province="ชลบุรี", state="running")
        values = {
            "name": "ชลบุรี", "year": 2568, "fmt": "pdf", "org_slug": self.org_a.slug,
            "pk": self.token_a.pk, "job_id": job.pk,
        }  # fmt: skip
        members = Membership.objects.filter(org=self.org_a).count()
        self.login(self.khonkaen_admin)
        for route, kwargs in routes:
            args = {k: values[k] for k in kwargs}
            if route == "delegation:province-reset":
                args["pk"] = Membership.objects.filter(org=self.org_a).first().pk
            if route == "delegation:province-publish":
                args["pk"] = draft.pk
            if route == "delegation:province-remove-reader":
                args["pk"] = ProvinceRole.objects.get(user=self.province_a).pk
            url = reverse(route, kwargs=args)
            for method in METHODS:
                with self.subTest(route=route, method=method):
                    response = getattr(self.client, method)(url, {"name": "x", "year": "2569"})
                    self.assertEqual(response.status_code, 404, url)
        self.token_a.refresh_from_db()
        self.assertIsNone(self.token_a.revoked)
        self.assertEqual(ApiToken.objects.filter(province="ชลบุรี").count(), 1)
        self.assertEqual(Membership.objects.filter(org=self.org_a).count(), members)
        self.assertEqual(ProvinceRole.objects.filter(province="ชลบุรี").count(), 2)
        self.assertFalse(LpaResult.objects.exists())
        self.assertEqual(Organisation.objects.filter(province="ชลบุรี").count(), 1)
        self.assertFalse(Framework.objects.filter(province="ชลบุรี").exists())
        job.refresh_from_db()
        self.assertEqual(job.state, "running")  # not cancelled
        self.assertEqual(Job.objects.count(), 1)  # no full report started
