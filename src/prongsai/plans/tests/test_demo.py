"""The demo plan, risks and measures (plans.demo.load_plan_demo) on a fresh organisation."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.db.models import Sum
from django.test import TestCase

from prongsai.orgs.demo import UNITS
from prongsai.orgs.models import Organisation, Unit
from prongsai.plans import models as m
from prongsai.plans.demo import demo_data, load_plan_demo
from prongsai.plans.risk import matrix
from prongsai.thai import fiscal_year_bounds, to_arabic_digits

COUNTED = (
    m.ActionPlan, m.PlanTarget, m.Dimension, m.SubSection, m.Project, m.Budget,
    m.ProjectIndicator, m.Progress, m.RiskAssessment, m.RiskItem, m.RiskReview,
    m.IntegrityMeasure, m.MeasureResult, m.RiskItem.projects.through,
    m.RiskItem.measures.through,
)  # fmt: skip


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


class PlanDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.org = Organisation.objects.create(
            slug="demo-plan-test", name_th="เทศบาลตำบลทดลอง", kind="subdistrict_municipality",
            province="ขอนแก่น", head_name="นายทดลอง ใจซื่อ", head_position="นายกเทศมนตรีตำบลทดลอง",
        )  # fmt: skip
        for order, name in enumerate(UNITS):
            Unit.objects.create(org=cls.org, name=name, order=order)
        cls.plan = load_plan_demo(cls.org)

    def projects(self):
        return m.Project.objects.filter(plan=self.plan).select_related("subsection__dimension")

    def test_the_plan_has_the_template_the_years_and_the_signatory(self):
        plan = self.plan
        self.assertEqual((plan.first_year, plan.last_year), (2566, 2570))
        self.assertEqual(str(plan.announced_on), "2022-09-29")
        self.assertEqual(plan.signatory_name, "นายทดลอง ใจซื่อ")
        self.assertEqual(plan.signatory_position, "นายกเทศมนตรีตำบลทดลอง")
        self.assertIn("เทศบาลตำบลทดลอง", plan.title)
        self.assertIn("๒๕๖๖", plan.title)  # Thai digits: the organisation's default
        self.assertEqual(plan.dimensions.count(), 4)
        for field in ("preface", "rationale", "objectives", "goals", "benefits"):
            self.assertTrue(getattr(plan, field), field)
        ita = plan.targets.filter(indicator__contains="ITA").order_by("fiscal_year")
        self.assertEqual([t.fiscal_year for t in ita], [2566, 2567, 2568, 2569, 2570])
        scores = [int(to_arabic_digits(t.target).split()[0]) for t in ita]
        self.assertEqual(scores[0], 85)
        self.assertEqual(scores, sorted(scores))

    def test_36_projects_split_6_21_4_5_each_in_one_subsection_of_the_plan_and_its_years(self):
        projects = list(self.projects())
        self.assertEqual([p.order for p in projects], list(range(1, 37)))
        by_dimension = Counter(p.subsection.dimension.number for p in projects)
        self.assertEqual([by_dimension[n] for n in (1, 2, 3, 4)], [6, 21, 4, 5])
        for p in projects:
            self.assertEqual(p.subsection.dimension.plan_id, self.plan.pk)
            self.assertTrue(2566 <= p.start_year <= p.end_year <= 2570, p.order)
            self.assertIsNotNone(p.responsible, p.order)
            self.assertTrue(1 <= p.indicators.count() <= 2, p.order)
            p.full_clean()
        codes = {p.order: p.subsection.code for p in projects}
        self.assertEqual((codes[21], codes[31], codes[34]), ("2.2.3", "3.2.1", "4.1.3"))
        self.assertEqual(
            Counter(p.kind for p in projects).keys(), {"project", "activity", "measure"}
        )
        audit = next(p for p in projects if p.order == 32)
        self.assertEqual(audit.responsible.name, "หน่วยตรวจสอบภายใน")

    def test_the_budget_is_20000_baht_on_the_community_forum_in_2566(self):
        budgets = m.Budget.objects.filter(project__plan=self.plan)
        self.assertEqual(budgets.aggregate(total=Sum("amount"))["total"], Decimal("20000"))
        self.assertEqual(list(budgets.values_list("project__order", "fiscal_year")), [(28, 2568)])

    def test_progress_of_2568_in_both_rounds_on_running_projects(self):
        progress = m.Progress.objects.filter(project__plan=self.plan)
        self.assertEqual(set(progress.values_list("fiscal_year", flat=True)), {2568})
        half = progress.filter(round="h1")
        self.assertTrue(15 <= half.count() <= 25)
        self.assertTrue(8 <= progress.filter(round="annual").count() <= 12)
        self.assertGreaterEqual(len(set(half.values_list("status", flat=True))), 3)
        for row in progress.select_related("project"):
            self.assertTrue(row.project.start_year <= 2568 <= row.project.end_year)
        spent = progress.filter(spent__gt=0)
        self.assertEqual(set(spent.values_list("project__order", flat=True)), {28})

    def test_four_risks_with_the_seed_levels_linked_to_projects(self):
        assessment = m.RiskAssessment.objects.get(org=self.org, year=2568)
        grid = matrix(assessment.matrix)
        items = list(assessment.items.all())
        self.assertEqual(
            [grid.level(i.likelihood, i.impact).name for i in items],
            ["ปานกลาง", "ปานกลาง", "สูง", "สูง"],
        )
        for item in items:
            self.assertTrue(item.projects.exists())
            self.assertTrue(all(p.plan_id == self.plan.pk for p in item.projects.all()))
            self.assertTrue(item.reviews.exists())
            self.assertIsNotNone(item.owner)
            self.assertIsNotNone(item.review_on)
            self.assertTrue(item.new_controls)
        self.assertEqual(items[2].owner.name, "กองคลัง")

    def test_the_measures_are_numbered_1_to_n_with_their_results(self):
        rows = demo_data("measures")["measures"]
        measures = list(m.IntegrityMeasure.objects.filter(org=self.org, fiscal_year=2568))
        self.assertEqual([r["number"] for r in rows], list(range(1, len(measures) + 1)))
        self.assertEqual(
            [to_arabic_digits(x.name) for x in measures], [r["name"] for r in rows]
        )  # the default order (by id) is the numbering
        for measure in measures:
            self.assertIsNone(measure.ita_year)
            self.assertEqual((measure.period_start, measure.period_end), fiscal_year_bounds(2568))
            self.assertEqual(measure.certifier_name, self.org.head_name)
            self.assertTrue(measure.reporter_name and measure.responsible)
            rounds = set(measure.round_results.values_list("round", flat=True))
            expected = {"both": {"h1", "annual"}, "annual": {"annual"}, "h1": {"h1"}}
            self.assertEqual(rounds, expected[measure.monitoring], measure.name)

    def test_loading_twice_changes_nothing(self):
        before = counts()
        ids = set(m.Project.objects.values_list("id", flat=True))
        self.assertEqual(load_plan_demo(self.org).pk, self.plan.pk)
        self.assertEqual(counts(), before)
        self.assertEqual(set(m.Project.objects.values_list("id", flat=True)), ids)

    def test_arabic_digits_when_the_organisation_uses_them(self):
        other = Organisation.objects.create(
            slug="demo-plan-arabic", name_th="องค์การบริหารส่วนตำบลทดลอง", kind="sao",
            province="ชลบุรี", thai_digits=False,
        )  # fmt: skip
        plan = load_plan_demo(other)
        self.assertIn("2566", plan.title)
        self.assertIsNone(plan.projects.first().responsible)  # no units: the text remains
        self.assertTrue(plan.projects.first().responsible_text)
