"""`prongsai demo`: the whole fictional demo, relative to today, safe to run again."""

from __future__ import annotations

import io
from datetime import date

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory, TestCase

from prongsai.demo.site import load_demo
from prongsai.ita.models import ItaResult
from prongsai.orgs.models import Membership, Organisation, ProvinceAdministrator, ProvincialReader
from prongsai.plans.models import IntegrityMeasure
from prongsai.surveys.models import Campaign


def row_counts() -> dict[str, int]:
    from django.apps import apps

    return {m._meta.label: m._base_manager.count() for m in apps.get_models()}


class DemoCommandTests(TestCase):
    def test_it_builds_the_demo_and_a_second_run_changes_nothing(self):
        out = io.StringIO()
        call_command("demo", "--password", "demo-password-1", stdout=out)
        first = row_counts()
        call_command("demo", stdout=io.StringIO())
        self.assertEqual(row_counts(), first)
        provinces = Organisation.objects.values_list("province", flat=True)
        self.assertEqual(len(provinces), 6)
        self.assertEqual(set(provinces), {"ชลบุรี", "ขอนแก่น"})
        self.assertEqual(
            set(Membership.objects.values_list("role", flat=True)),
            {"admin", "officer", "executive", "auditor"},
        )
        self.assertEqual(ProvincialReader.objects.count(), 2)
        # delegated administration: a province administrator for each province, an
        # administrator and a code for each organisation, each placed in its subdistrict
        self.assertEqual(
            set(ProvinceAdministrator.objects.values_list("province", flat=True)),
            {"ชลบุรี", "ขอนแก่น"},
        )
        for org in Organisation.objects.all():
            with self.subTest(org=org.slug):
                self.assertTrue(org.memberships.filter(role="admin").exists())
                self.assertRegex(org.code, r"^99[0-9]{5}$")
                self.assertEqual(org.subdistrict.district.name_th, org.district)
        request = RequestFactory().post("/accounts/login/")  # django-axes needs the request
        user = authenticate(request, username="officer-bansuan", password="demo-password-1")
        self.assertEqual(user.get_full_name(), "นางสาวสมศรี ดูแลดี")

    def test_a_generated_password_is_printed_once(self):
        first, second = io.StringIO(), io.StringIO()
        call_command("demo", stdout=first)
        call_command("demo", stdout=second)
        password = first.getvalue().split(": ")[1].split()[0]
        request = RequestFactory().post("/accounts/login/")
        self.assertIsNotNone(authenticate(request, username="admin", password=password))
        self.assertNotIn(password, second.getvalue())


class DemoInTodayTests(TestCase):
    def test_the_last_completed_year_has_results_for_every_organisation(self):
        demo, _password = load_demo("demo-password-1", today=date(2026, 12, 4))
        self.assertEqual((demo.current_year, demo.last_year), (2570, 2569))
        years = set(ItaResult.objects.values_list("year", flat=True))
        self.assertIn(2569, years)
        self.assertNotIn(2570, years)  # the current year's assessment is under way
        totals = {r.org.slug: r for r in ItaResult.objects.filter(year=2569)}
        self.assertEqual(len(totals), 6)
        measures = IntegrityMeasure.objects.filter(ita_year=2569, fiscal_year=2570)
        self.assertTrue(measures.exists())
        self.assertTrue(Campaign.objects.filter(org=demo.main, year=2570).exists())

    def test_the_fiscal_years_follow_the_date(self):
        for today, current in ((date(2026, 10, 1), 2570), (date(2026, 9, 30), 2569)):
            with self.subTest(today=today):
                demo, _password = load_demo("demo-password-1", today=today)
                self.assertEqual((demo.current_year, demo.last_year), (current, current - 1))
