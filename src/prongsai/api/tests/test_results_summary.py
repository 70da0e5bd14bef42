"""Results written through the API take the pages' save path: the stored summary the province
and national pages read is refreshed at once, and a refused write leaves it as it was."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from prongsai.api.tests.test_access import API, ApiTestCase
from prongsai.ita.models import OrgYearSummary, WeakPoint
from prongsai.ita.tests.test_comparison import national_reader


class ApiWritesRefreshSummaries(ApiTestCase):
    def test_a_put_with_a_write_token_reaches_the_summary_and_the_national_page(self):
        reader = national_reader()
        self.login(reader)
        page = self.client.get(reverse("ita:national"), {"year": 2568})
        before = {r["org"]: r["summary"].total for r in page.context["c"].rows}
        self.assertNotEqual(before[self.org_a], Decimal("72.50"))
        # every indicator given (no questions): the summary's total is the indicators' figure
        body = {"scores": [{"code": str(n), "score": "72.5"} for n in range(1, 11)]}
        response = self.call("PUT", f"{API}/orgs/org-a/results/2568/", self.write_a_text, body)
        self.assertEqual(response.status_code, 200, response.content)
        summary = OrgYearSummary.objects.get(org=self.org_a, year=2568)
        self.assertEqual(summary.total, Decimal("72.50"))
        self.assertEqual(summary.indicator(3), Decimal("72.50"))
        # the failed OIT item of the old figures is gone with them
        self.assertFalse(WeakPoint.objects.filter(summary=summary, code="o12").exists())
        self.client.force_login(reader)  # the API call used a token, not this session
        page = self.client.get(reverse("ita:national"), {"year": 2568})
        rows = {r["org"]: r for r in page.context["c"].rows}
        self.assertEqual(rows[self.org_a]["summary"].total, Decimal("72.50"))
        self.assertTrue(rows[self.org_a]["low"])  # under 85: highlighted
        self.assertEqual(rows[self.org_b]["rank"], 1)  # B now ranks first
        self.assertContains(page, "72.50")
        # the API's province comparison reads the same stored figures
        rows = self.call("GET", f"{API}/provinces/ชลบุรี/", self.province_text).json()["results"]
        mine = next(r for r in rows if r["slug"] == "org-a")
        self.assertEqual((mine["year"], mine["totals"]["total"]), (2568, "72.50"))
        self.assertEqual(mine["totals"]["rating"], summary.rating_th)

    def test_a_new_year_through_the_api_is_a_new_summary(self):
        body = {"scores": [{"code": str(n), "score": 96} for n in range(1, 11)]}
        response = self.call("PUT", f"{API}/orgs/org-a/results/2567/", self.write_a_text, body)
        self.assertEqual(response.status_code, 201, response.content)
        summary = OrgYearSummary.objects.get(org=self.org_a, year=2567)
        self.assertEqual(summary.total, Decimal("96.00"))
        self.assertEqual(summary.result.source, "import")

    def test_a_refused_write_leaves_the_summary_as_it_was(self):
        summary = OrgYearSummary.objects.get(org=self.org_a, year=2568)
        body = {"scores": [{"code": "1", "score": "101"}]}
        for token in (self.write_a_text, self.read_a_text):
            response = self.call("PUT", f"{API}/orgs/org-a/results/2568/", token, body)
            self.assertIn(response.status_code, (400, 403))
        again = OrgYearSummary.objects.get(org=self.org_a, year=2568)
        self.assertEqual((again.total, again.updated), (summary.total, summary.updated))
