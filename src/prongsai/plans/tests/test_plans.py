"""The action plan as structured data: sheets, budgets, progress, roll-ups, Excel round trip."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from prongsai.plans.models import Budget, Progress, Project
from prongsai.plans.rollups import rollup
from prongsai.plans.templates_data import create_plan
from prongsai.test import BaseTestCase


class PlanTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = create_plan(cls.org_a, "แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. ๒๕๖๖ – ๒๕๗๐)")
        cls.sub = cls.plan.dimensions.get(number=1).subsections.first()

    def project_data(self, **overrides):
        data = {
            "subsection": self.sub.pk, "order": 1, "kind": "project", "name": "โครงการอบรมคุณธรรม",
            "start_year": 2566, "end_year": 2567, "responsible": self.unit_a.pk,
            "budget_2566": "12500.50", "budget_2567": "",
        }  # fmt: skip
        return data | overrides


class PlanTemplateTests(PlanTestCase):
    def test_the_nacc_template_gives_four_dimensions(self):
        names = list(self.plan.dimensions.values_list("name", flat=True))
        self.assertEqual(len(names), 4)
        self.assertEqual(names[0], "การสร้างวัฒนธรรมสุจริต")
        self.assertEqual(names[3], "การยกระดับกลไกการตรวจสอบการดำเนินงานขององค์กรปกครองส่วนท้องถิ่น")
        self.assertEqual(self.plan.years, [2566, 2567, 2568, 2569, 2570])


class ProjectSheetTests(PlanTestCase):
    def url(self):
        return reverse("plans:project-new", args=[self.org_a.slug, self.plan.pk])

    def test_a_sheet_is_saved_with_its_budgets(self):
        self.login(self.officer_a)
        response = self.client.post(self.url(), self.project_data())
        project = Project.objects.get(name="โครงการอบรมคุณธรรม")
        self.assertRedirects(
            response, reverse("plans:project", args=[self.org_a.slug, self.plan.pk, project.pk])
        )
        self.assertEqual(
            list(Budget.objects.filter(project=project).values_list("fiscal_year", "amount")),
            [(2566, Decimal("12500.50"))],
        )

    def test_a_period_outside_the_plan_is_refused(self):
        self.login(self.officer_a)
        page = self.client.post(self.url(), self.project_data(start_year=2566, end_year=2580))
        self.assertContains(page, "2566–2570", status_code=400)
        self.assertFalse(Project.objects.exists())

    def test_a_negative_budget_is_refused(self):
        self.login(self.officer_a)
        self.client.post(self.url(), self.project_data(budget_2566="-1"))
        self.assertFalse(Project.objects.exists())

    def test_another_organisations_unit_or_plan_cannot_be_chosen(self):
        other = create_plan(self.org_b, "แผนของบี")
        other_sub = other.dimensions.first().subsections.first()
        self.login(self.officer_a)
        self.client.post(self.url(), self.project_data(subsection=other_sub.pk))
        self.client.post(self.url(), self.project_data(responsible=self.unit_b.pk))
        self.assertFalse(Project.objects.filter(plan=self.plan).exists())


class ProgressAndRollupTests(PlanTestCase):
    def test_rollups_are_computed_from_the_sheets_and_progress(self):
        projects = []
        for n, (dim, amount) in enumerate([(1, "1000"), (1, None), (2, "20000")], start=1):
            sub = self.plan.dimensions.get(number=dim).subsections.first()
            p = Project.objects.create(
                plan=self.plan,
                subsection=sub,
                order=n,
                name=f"โครงการ {n}",
                start_year=2566,
                end_year=2570,
            )
            if amount:
                Budget.objects.create(project=p, fiscal_year=2568, amount=Decimal(amount))
            projects.append(p)
        self.login(self.officer_a)
        url = reverse(
            "plans:progress", args=[self.org_a.slug, self.plan.pk, projects[0].pk, 2568, "h1"]
        )
        self.client.post(url, {"status": "done", "percent": 100, "spent": "900", "done": "อบรมแล้ว"})
        Progress.objects.create(
            project=projects[2],
            fiscal_year=2568,
            round="h1",
            status="in_progress",
            percent=50,
            spent=Decimal("5000"),
        )
        summary = rollup(self.plan, fiscal_year=2568, round="h1")
        self.assertEqual([d.count for d in summary.dimensions], [2, 1, 0, 0])
        self.assertEqual(summary.count, 3)
        self.assertEqual(summary.budgets[2568], Decimal("21000"))
        self.assertEqual(summary.spent, Decimal("5900"))
        self.assertEqual(summary.dimensions[0].percent, Decimal(50))  # (100 + 0) / 2
        self.assertEqual(summary.dimensions[0].status, {"done": 1, "not_started": 1})
        page = self.client.get(
            reverse("plans:plan", args=[self.org_a.slug, self.plan.pk]) + "?year=2568&round=h1"
        )
        self.assertContains(page, "21,000.00")

    def test_the_project_list_filters_by_dimension_and_status(self):
        for n, dim in enumerate((1, 2, 2), start=1):
            sub = self.plan.dimensions.get(number=dim).subsections.first()
            Project.objects.create(
                plan=self.plan,
                subsection=sub,
                order=n,
                name=f"โครงการ {n}",
                start_year=2566,
                end_year=2570,
            )
        self.login(self.auditor_a)
        url = reverse("plans:projects", args=[self.org_a.slug, self.plan.pk])
        page = self.client.get(url, {"dimension": 2, "year": 2568})
        self.assertEqual(len(page.context["rows"]), 2)
        page = self.client.get(url, {"status": "done", "year": 2568})
        self.assertEqual(len(page.context["rows"]), 0)


class ExcelRoundTripTests(PlanTestCase):
    def export(self):
        self.login(self.officer_a)
        response = self.client.get(reverse("plans:export", args=[self.org_a.slug, self.plan.pk]))
        return load_workbook(BytesIO(response.content))

    def upload(self, book):
        out = BytesIO()
        book.save(out)
        out.seek(0)
        out.name = "plan.xlsx"
        return self.client.post(
            reverse("plans:import", args=[self.org_a.slug, self.plan.pk]), {"file": out}
        )

    def test_export_edit_import(self):
        project = Project.objects.create(
            plan=self.plan, subsection=self.sub, order=1, name="เดิม", start_year=2566, end_year=2570
        )
        book = self.export()
        sheet = book["projects"]
        header = [c.value for c in sheet[1]]
        sheet.cell(row=2, column=header.index("name") + 1, value="แก้ชื่อแล้ว")
        sheet.cell(row=2, column=header.index("budget_2568") + 1, value=3000)
        sheet.append(
            [
                None,
                2,
                "2.1.1",
                "มาตรการ",
                "มาตรการใหม่",
                "",
                "",
                "",
                "",
                2567,
                2568,
                None,
                None,
                None,
                None,
                None,
                "สำนักปลัด",
                "",
                "",
            ]
        )
        self.upload(book)
        project.refresh_from_db()
        self.assertEqual(project.name, "แก้ชื่อแล้ว")
        self.assertEqual(project.budgets.get().amount, Decimal("3000"))
        added = Project.objects.get(name="มาตรการใหม่")
        self.assertEqual(
            (added.kind, added.subsection.code, added.responsible),
            ("measure", "2.1.1", self.unit_a),
        )

    def test_a_bad_row_names_row_and_column_and_writes_nothing(self):
        Project.objects.create(
            plan=self.plan, subsection=self.sub, order=1, name="เดิม", start_year=2566, end_year=2570
        )
        book = self.export()
        sheet = book["projects"]
        header = [c.value for c in sheet[1]]
        sheet.cell(row=2, column=header.index("name") + 1, value="ชื่อที่ไม่ควรถูกบันทึก")
        sheet.append([None, 2, "9.9.9", "โครงการ", "ผิด", "", "", "", "", 2567, 2568])
        sheet.append([None, 3, "1.1.1", "โครงการ", "งบติดลบ", "", "", "", "", 2567, 2568, -5])
        page = self.upload(book)
        self.assertEqual(page.status_code, 400)
        self.assertContains(page, "แถว 3 คอลัมน์ subsection", status_code=400)
        self.assertContains(page, "แถว 4 คอลัมน์ budget_2566", status_code=400)
        self.assertEqual(list(Project.objects.values_list("name", flat=True)), ["เดิม"])
