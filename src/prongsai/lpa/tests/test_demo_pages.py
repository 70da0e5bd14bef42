"""The demo's two provinces: ranking, heat map and LPA on their province pages."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from prongsai.demo.site import load_demo


class DemoProvinceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo, _password = load_demo("a-long-demo-password")

    def test_each_province_page_ranks_maps_and_shows_lpa(self):
        users = get_user_model().objects
        for username, province, orgs in (
            ("province-chonburi", "ชลบุรี", 3),
            ("province-khonkaen", "ขอนแก่น", 3),
        ):
            with self.subTest(province=province):
                self.client.force_login(users.get(username=username))
                page = self.client.get(reverse("ita:province", args=[province]))
                c = page.context["c"]
                self.assertEqual(c.filters.year, self.demo.last_year)
                self.assertEqual(len(c.rows), orgs)
                self.assertEqual([r["rank"] for r in c.rows], [1, 2, 3])
                totals = [r["summary"].total for r in c.rows]
                self.assertEqual(totals, sorted(totals, reverse=True))
                self.assertContains(page, 'class="heat-map"')
                self.assertContains(page, "num heat heat-")
                self.assertEqual(c.lpa_year, self.demo.last_year)
                self.assertTrue(all(r.get("lpa") for r in c.rows))
                self.assertEqual(sorted(r["lpa"].rank for r in c.rows), [1, 2, 3])
                self.assertTrue(c.failed_items)
