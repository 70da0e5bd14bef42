"""The shared test base: the same people and organisations in every test.

- org A (ชลบุรี) with an officer (writes), an auditor (reads) and an executive;
- org B (ขอนแก่น) with its own officer;
- a provincial reader of ชลบุรี, who reads A but not B.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.test import TestCase

from prongsai.frameworks.seed_figures import SEED_002_QUESTIONS_2568
from prongsai.ita.models import ItaResult
from prongsai.ita.results import ParsedResults, save_results
from prongsai.orgs.models import Membership, Organisation, ProvinceRole, Unit
from prongsai.plans.models import IntegrityMeasure

PASSWORD = "a-long-test-password"
QUESTION_SCORES_2568 = SEED_002_QUESTIONS_2568


def results_2568(failed=("o12",)) -> ParsedResults:
    parsed = ParsedResults()
    parsed.questions = {(c, 0): Decimal(v) for c, v in QUESTION_SCORES_2568.items()}
    parsed.items = {f"o{n}": Decimal(0 if f"o{n}" in failed else 100) for n in range(1, 27)}
    return parsed


class BaseTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        users = get_user_model().objects
        cls.org_a = Organisation.objects.create(
            slug="org-a", name_th="องค์การบริหารส่วนตำบลเอ", kind="sao", province="ชลบุรี",
            head_name="นายเอ ผู้บริหาร", head_position="นายกองค์การบริหารส่วนตำบลเอ",
        )  # fmt: skip
        cls.org_b = Organisation.objects.create(
            slug="org-b", name_th="เทศบาลตำบลบี", kind="subdistrict_municipality", province="ขอนแก่น"
        )
        cls.unit_a = Unit.objects.create(org=cls.org_a, name="สำนักปลัด")
        cls.unit_b = Unit.objects.create(org=cls.org_b, name="กองคลัง")
        cls.officer_a = users.create_user("officer-a", password=PASSWORD)
        cls.auditor_a = users.create_user("auditor-a", password=PASSWORD)
        cls.officer_b = users.create_user("officer-b", password=PASSWORD)
        cls.province_a = users.create_user("province-a", password=PASSWORD)
        Membership.objects.create(user=cls.officer_a, org=cls.org_a, role="officer")
        Membership.objects.create(user=cls.auditor_a, org=cls.org_a, role="auditor")
        Membership.objects.create(user=cls.officer_b, org=cls.org_b, role="officer")
        ProvinceRole.objects.create(user=cls.province_a, province="ชลบุรี")
        cls.result_a = save_results(cls.org_a, 2568, results_2568(), ItaResult.Source.MANUAL)
        cls.result_b = save_results(cls.org_b, 2568, results_2568(("o1",)), ItaResult.Source.MANUAL)
        start, end = IntegrityMeasure.default_period(2569)
        cls.measure_a = IntegrityMeasure.objects.create(
            org=cls.org_a, fiscal_year=2569, ita_year=2568, indicator=1, name="มาตรการเอ",
            period_start=start, period_end=end, responsible=cls.unit_a,
        )  # fmt: skip
        cls.measure_b = IntegrityMeasure.objects.create(
            org=cls.org_b, fiscal_year=2569, ita_year=2568, indicator=1, name="มาตรการบี",
            period_start=start, period_end=end, responsible=cls.unit_b,
        )  # fmt: skip

    @staticmethod
    def province_admin(username: str, province: str):
        """A user who administers the province."""
        user = get_user_model().objects.create_user(username, password=PASSWORD)
        ProvinceRole.objects.create(
            user=user, province=province, role=ProvinceRole.Role.ADMINISTRATOR
        )
        return user

    def login(self, user) -> None:
        self.client.force_login(user)
