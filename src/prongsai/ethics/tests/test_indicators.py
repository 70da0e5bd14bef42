"""Indicator values: entered per year, or computed from the satisfaction survey and the
complaints register where Prongsai has the year's data."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

from django.utils import timezone

from prongsai.complaints.models import Complaint
from prongsai.ethics import indicators
from prongsai.ethics.indicators import Computer, indicator_rows
from prongsai.ethics.models import Indicator, IndicatorYear, Standard
from prongsai.ethics.standards import load_standards
from prongsai.surveys import intake
from prongsai.surveys.models import Campaign
from prongsai.test import BaseTestCase

YEAR = 2568


class IndicatorTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_standards(cls.org_a)
        cls.satisfaction = Indicator.objects.get(
            standard__org=cls.org_a, standard__number=1, number=4
        )
        cls.complaints = Indicator.objects.get(
            standard__org=cls.org_a, standard__number=1, number=2
        )
        cls.all_complaints = Indicator.objects.get(
            standard__org=cls.org_a, standard__number=1, number=5
        )
        cls.training = Indicator.objects.get(standard__org=cls.org_a, standard__number=5, number=1)
        cls.entered = Indicator.objects.get(standard__org=cls.org_a, standard__number=2, number=1)

    def survey(self, answers_per_response: list[str]) -> Campaign:
        today = timezone.localdate()
        campaign = Campaign.objects.create(
            org=self.org_a, year=YEAR, tool=Campaign.Tool.SATISFACTION,
            opens=today - timedelta(days=1), closes=today + timedelta(days=30),
        )  # fmt: skip
        for n, option in enumerate(answers_per_response):
            answers = {f"s{q}": option for q in range(1, 10)}
            intake.submit(campaign, answers, nonce=f"nonce-{n}")
        return campaign


class TemplateTests(IndicatorTestCase):
    def test_seed_000s_five_standards_come_with_their_indicators_and_sources(self):
        standards = Standard.objects.filter(org=self.org_a)
        self.assertEqual(standards.count(), 5)
        self.assertEqual(
            [s.indicators.count() for s in standards.order_by("number")], [8, 5, 8, 5, 7]
        )
        self.assertEqual(self.satisfaction.source, "satisfaction")
        self.assertEqual(self.satisfaction.unit, "percent")
        self.assertEqual(
            (self.complaints.source, self.complaints.complaint_category),
            ("complaints", "corruption"),
        )
        self.assertEqual(self.complaints.direction, "at_most")
        self.assertEqual(self.training.source, "training")
        group = standards.get(number=1).behaviour_group
        self.assertEqual(group.purpose, "เพื่อป้องกันการทุจริตและประพฤติมิชอบ")
        self.assertEqual(len(group.item_list()), 5)
        self.assertEqual(
            standards.get(number=4).behaviour_group.purpose, "เพื่อเสริมสร้างประสิทธิภาพในการปฏิบัติงาน"
        )
        # The seed numbers standard 2's indicators 1, 2, 3, 6, 7: printed numbers are kept.
        self.assertEqual(
            list(standards.get(number=2).indicators.values_list("number", flat=True)),
            [1, 2, 3, 6, 7],
        )

    def test_loading_again_changes_nothing_and_keeps_the_values(self):
        IndicatorYear.objects.create(indicator=self.entered, fiscal_year=YEAR, value=Decimal(12))
        before = Indicator.objects.count()
        load_standards(self.org_a)
        self.assertEqual(Indicator.objects.count(), before)
        self.assertEqual(IndicatorYear.objects.get().value, Decimal(12))


class SatisfactionTests(IndicatorTestCase):
    def test_the_share_satisfied_comes_from_the_years_survey(self):
        # Four respondents "very satisfied" (5), one "neutral" (3): 80 % satisfied on every question.
        self.survey(["5", "5", "4", "5", "3"])
        value = Computer(self.org_a).value(self.satisfaction, YEAR, None)
        self.assertEqual(value.source, "satisfaction")
        self.assertEqual(value.value, Decimal(80))

    def test_below_five_responses_the_entered_figure_is_used(self):
        self.survey(["5", "5", "5", "5"])
        IndicatorYear.objects.create(
            indicator=self.satisfaction, fiscal_year=YEAR, value=Decimal("91.40")
        )
        row = indicator_rows(self.org_a, YEAR)[self.satisfaction.pk]
        self.assertEqual((row.value.value, row.value.source), (Decimal("91.40"), "entered"))

    def test_without_a_survey_there_is_no_figure(self):
        self.assertIsNone(Computer(self.org_a).value(self.satisfaction, YEAR, None).value)

    def test_another_organisations_survey_is_not_used(self):
        self.survey(["5"] * 5)
        self.assertIsNone(Computer(self.org_b).computed(self.satisfaction, YEAR))


class ComplaintsTests(IndicatorTestCase):
    def test_complaints_are_counted_by_category_and_outcome_through_the_complaints_app(self):
        with mock.patch.object(indicators, "count_for", return_value=3) as count_for:
            value = Computer(self.org_a).value(self.complaints, YEAR, None)
        count_for.assert_called_once_with(self.org_a, YEAR, category="corruption", outcome=None)
        self.assertEqual((value.value, value.source), (Decimal(3), "complaints"))

    def test_every_category_is_counted_when_none_is_named(self):
        with mock.patch.object(indicators, "count_for", return_value=7) as count_for:
            Computer(self.org_a).value(self.all_complaints, YEAR, None)
        count_for.assert_called_once_with(self.org_a, YEAR, category=None, outcome=None)

    def test_real_complaints_of_the_fiscal_year_are_counted(self):
        for n, (day, category) in enumerate(
            [(date(2024, 10, 1), "corruption"), (date(2025, 9, 30), "corruption"),
             (date(2025, 10, 1), "corruption"), (date(2025, 3, 1), "other")]
        ):  # fmt: skip
            Complaint.objects.create(
                org=self.org_a, receipt_hash=f"h{n}", category=category, what="…", received_on=day
            )
        computer = Computer(self.org_a)
        self.assertEqual(computer.computed(self.complaints, YEAR), Decimal(2))
        self.assertEqual(computer.computed(self.all_complaints, YEAR), Decimal(3))


class RowTests(IndicatorTestCase):
    def test_a_row_has_the_value_target_and_the_two_previous_years(self):
        for year, value, target in ((2566, 90, 100), (2567, 110, None), (YEAR, 142, None)):
            IndicatorYear.objects.create(
                indicator=self.entered, fiscal_year=year, value=Decimal(value),
                target=None if target is None else Decimal(target),
            )  # fmt: skip
        row = indicator_rows(self.org_a, YEAR)[self.entered.pk]
        self.assertEqual(row.value.value, Decimal(142))
        self.assertEqual(row.target, Decimal(100))  # carried over from 2566
        self.assertEqual(
            [(y, v.value) for y, v in row.previous], [(2566, Decimal(90)), (2567, Decimal(110))]
        )
        self.assertTrue(row.met)

    def test_lower_is_better_where_the_indicator_says_so(self):
        IndicatorYear.objects.create(indicator=self.complaints, fiscal_year=YEAR, target=Decimal(0))
        with mock.patch.object(indicators, "count_for", return_value=2):
            row = indicator_rows(self.org_a, YEAR)[self.complaints.pk]
        self.assertFalse(row.met)

    def test_the_survey_is_read_once_for_every_indicator_that_uses_it(self):
        self.survey(["5"] * 5)
        computer = Computer(self.org_a)
        computer.computed(self.satisfaction, YEAR)
        other = Indicator.objects.get(standard__org=self.org_a, standard__number=3, number=2)
        with self.assertNumQueries(0):
            self.assertEqual(computer.computed(other, YEAR), Decimal(100))
