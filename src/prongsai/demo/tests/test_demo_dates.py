"""The demo on any day of a fiscal year: at its start, in its middle and at its end, every
organisation page answers and every document kind of the main organisation is made for the last
completed year and the current one, or says in Thai why not."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import TestCase
from django.urls import reverse

from prongsai.demo.site import load_demo
from prongsai.documents import layout, registry
from prongsai.documents.registry import DocumentRequest
from prongsai.documents.tests.readback import docx_text

LEFTOVERS = re.compile(r"\{\{|\{%|\bNone\b|ไม่ทราบชื่อ")


@pytest.mark.slow
class DemoOnAnyDayTests(TestCase):
    def check_day(self, today: date) -> None:
        demo, _password = load_demo("a-long-demo-password", today=today)
        org = demo.main
        self.client.force_login(demo.users["officer-bansuan"])
        for year in (demo.last_year, demo.current_year):
            for name in ("ita:dashboard", "ita:analysis", "oit:checklist"):
                with self.subTest(today=today, page=name, year=year):
                    response = self.client.get(reverse(name, args=[org.slug, year]))
                    self.assertIn(response.status_code, (200, 404))
            page = self.client.get(reverse("documents:list", args=[org.slug]), {"year": year})
            self.assertEqual(page.status_code, 200)
        self.assertEqual(self.client.get(reverse("orgs:detail", args=[org.slug])).status_code, 200)
        made = set()
        for kind in registry.kinds():
            for year in (demo.last_year, demo.current_year):
                for variant in kind.variants_for(org, year):
                    doc = DocumentRequest(kind, org, variant.params)
                    reason = kind.reason_unavailable(doc)
                    with self.subTest(today=today, kind=kind.key, params=variant.params):
                        if reason:
                            self.assertRegex(reason, r"[\u0E00-\u0E7F]")
                            continue
                        if "docx" not in kind.formats:
                            continue
                        text = docx_text(layout.make(doc, "docx"))
                        self.assertIn(org.name_th, text)
                        self.assertIsNone(LEFTOVERS.search(text))
                        made.add(kind.key)
        # The year's core documents are made whatever the day.
        for key in ("ita_analysis", "action_plan", "measures_announcement", "complaint_statistics"):
            self.assertIn(key, made, f"{key} on {today}")

    def test_at_the_start_of_a_fiscal_year(self):
        self.check_day(date(2026, 10, 2))

    def test_in_the_middle_of_a_fiscal_year(self):
        self.check_day(date(2027, 3, 15))

    def test_at_the_end_of_a_fiscal_year(self):
        self.check_day(date(2027, 9, 28))
