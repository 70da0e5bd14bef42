"""`prongsai orgs` and `prongsai demo`."""

from __future__ import annotations

import io
import json

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory, TestCase

from prongsai.ita.models import ItaResult
from prongsai.orgs.models import Membership, Organisation, ProvincialReader
from prongsai.plans.models import IntegrityMeasure
from prongsai.test import BaseTestCase


class OrgsCommandTests(BaseTestCase):
    def test_it_lists_organisations_as_json(self):
        out = io.StringIO()
        call_command("orgs", "--json", stdout=out)
        rows = json.loads(out.getvalue())
        self.assertEqual(
            {(r["slug"], r["province"], r["type"]) for r in rows},
            {("org-a", "ชลบุรี", "sao"), ("org-b", "ขอนแก่น", "subdistrict_municipality")},
        )
        out = io.StringIO()
        call_command("orgs", "--province", "ขอนแก่น", stdout=out)
        self.assertIn("เทศบาลตำบลบี", out.getvalue())
        self.assertNotIn("org-a", out.getvalue())


class DemoCommandTests(TestCase):
    def test_it_builds_the_demo_and_can_run_again(self):
        out = io.StringIO()
        call_command("demo", "--password", "demo-password-1", stdout=out)
        call_command("demo", stdout=io.StringIO())  # a second run changes nothing
        self.assertEqual(Organisation.objects.values("province").distinct().count(), 2)
        roles = set(Membership.objects.values_list("role", flat=True))
        self.assertEqual(roles, {"admin", "officer", "executive", "auditor"})
        self.assertTrue(ProvincialReader.objects.exists())
        request = RequestFactory().post("/accounts/login/")  # django-axes needs the request
        self.assertIsNotNone(
            authenticate(request, username="officer-bansuan", password="demo-password-1")
        )
        self.assertEqual(ItaResult.objects.count(), 3)
        self.assertEqual(IntegrityMeasure.objects.count(), 3)
        bansuan_2566 = ItaResult.objects.get(org__slug="ban-suan", year=2566)
        self.assertEqual(bansuan_2566.scores.count(), 10)

    def test_a_generated_password_is_printed_once(self):
        first, second = io.StringIO(), io.StringIO()
        call_command("demo", stdout=first)
        call_command("demo", stdout=second)
        password = first.getvalue().split(": ")[1].split()[0]
        # django-axes checks every login attempt against its request.
        request = RequestFactory().post("/accounts/login/")
        self.assertIsNotNone(authenticate(request, username="admin", password=password))
        self.assertNotIn(password, second.getvalue())
