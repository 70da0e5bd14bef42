"""The plan workbench's sharp edges (issue 12 §3): progress for any year of a project, indicators
and place on the sheet and the page, risks edited and deleted, the next order number, and risk
colours whose text can be read."""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from django.urls import reverse
from openpyxl import Workbook, load_workbook

from prongsai.plans.models import Progress, Project, ProjectIndicator, RiskAssessment, RiskItem
from prongsai.plans.tests.test_plans import PlanTestCase
from prongsai.plans.workbook import export_plan, import_plan

CSS = Path(__file__).resolve().parents[2] / "static" / "prongsai" / "site.css"


class ProgressAnyYearTests(PlanTestCase):
    def setUp(self):
        self.project = Project.objects.create(
            plan=self.plan, subsection=self.sub, name="โครงการสามปี", start_year=2566, end_year=2568
        )
        self.login(self.officer_a)

    def pick(self, **query):
        url = reverse("plans:progress-pick", args=[self.org_a.slug, self.plan.pk, self.project.pk])
        return self.client.get(url, query, follow=True)

    def test_the_project_page_offers_every_year_of_the_project(self):
        page = self.client.get(
            reverse("plans:project", args=[self.org_a.slug, self.plan.pk, self.project.pk])
        )
        picker = re.search(r'<select id="pick-year".*?</select>', page.content.decode(), re.S)
        self.assertIsNotNone(picker)
        self.assertEqual(re.findall(r'value="(\d{4})"', picker[0]), ["2566", "2567", "2568"])

    def test_a_past_year_is_recorded(self):
        page = self.pick(year="2566", round="annual")
        url = reverse(
            "plans:progress", args=[self.org_a.slug, self.plan.pk, self.project.pk, 2566, "annual"]
        )
        self.assertRedirects(page, url)
        self.client.post(url, {"status": "done", "percent": 100, "spent": "0", "done": "อบรมแล้ว"})
        report = Progress.objects.get(project=self.project)
        self.assertEqual(
            (report.fiscal_year, report.round, report.status), (2566, "annual", "done")
        )

    def test_a_year_outside_the_project_is_refused_with_a_message(self):
        page = self.pick(year="2570", round="h1")
        self.assertContains(page, "บันทึกผลของปีงบประมาณ 2570 ไม่ได้")
        self.assertContains(page, "2566–2568")
        url = reverse(
            "plans:progress", args=[self.org_a.slug, self.plan.pk, self.project.pk, 2569, "h1"]
        )
        page = self.client.post(url, {"status": "done", "percent": 100, "spent": "0"}, follow=True)
        self.assertContains(page, "บันทึกผลของปีงบประมาณ 2569 ไม่ได้")
        self.assertFalse(Progress.objects.exists())


class IndicatorsAndPlaceTests(PlanTestCase):
    LINES = "ผลผลิต: จำนวนผู้เข้าร่วมอบรม | 50 | คน\nผลลัพธ์: ร้อยละของผู้ผ่านการทดสอบ | 80 | ร้อยละ"

    def test_the_project_page_saves_indicators_and_place(self):
        self.login(self.officer_a)
        data = self.project_data(place="ห้องประชุมสภา อบต.", indicators=self.LINES)
        self.client.post(reverse("plans:project-new", args=[self.org_a.slug, self.plan.pk]), data)
        project = Project.objects.get()
        self.assertEqual(project.place, "ห้องประชุมสภา อบต.")
        self.assertEqual(
            sorted(project.indicators.values_list("kind", "text", "target", "unit")),
            [
                ("outcome", "ร้อยละของผู้ผ่านการทดสอบ", Decimal("80.00"), "ร้อยละ"),
                ("output", "จำนวนผู้เข้าร่วมอบรม", Decimal("50.00"), "คน"),
            ],
        )
        page = self.client.get(
            reverse("plans:project", args=[self.org_a.slug, self.plan.pk, project.pk])
        )
        self.assertContains(page, "ห้องประชุมสภา อบต.")
        self.assertContains(page, "ผลผลิต: จำนวนผู้เข้าร่วมอบรม | 50 | คน")

    def test_a_bad_target_is_shown_with_the_input_kept(self):
        self.login(self.officer_a)
        data = self.project_data(indicators="ผลผลิต: ผู้เข้าร่วม | ห้าสิบ | คน")
        page = self.client.post(
            reverse("plans:project-new", args=[self.org_a.slug, self.plan.pk]), data
        )
        self.assertContains(page, "ค่าเป้าหมาย &#x27;ห้าสิบ&#x27; ไม่ใช่ตัวเลข", status_code=400)
        self.assertContains(page, "ผู้เข้าร่วม | ห้าสิบ | คน", status_code=400)
        self.assertFalse(Project.objects.exists())

    def test_the_workbook_carries_place_and_indicators_both_ways(self):
        project = Project.objects.create(
            plan=self.plan, subsection=self.sub, name="โครงการ", start_year=2566, end_year=2566,
            place="ศาลาประชาคม",
        )  # fmt: skip
        ProjectIndicator.objects.create(
            project=project, kind="output", text="จำนวนครั้ง", target=2, unit="ครั้ง"
        )
        book = load_workbook(BytesIO(export_plan(self.plan)))
        sheet = book["projects"]
        header = [c.value for c in sheet[1]]
        row = {h: c.value for h, c in zip(header, sheet[2], strict=True)}
        self.assertEqual(row["place"], "ศาลาประชาคม")
        self.assertEqual(row["indicators"], "ผลผลิต: จำนวนครั้ง | 2 | ครั้ง")
        sheet.cell(2, header.index("place") + 1, "วัดบ้านสวน")
        sheet.cell(2, header.index("indicators") + 1, "ผลลัพธ์: ความพึงพอใจ | 85 | ร้อยละ")
        out = BytesIO()
        book.save(out)
        import_plan(self.plan, out.getvalue())
        project.refresh_from_db()
        self.assertEqual(project.place, "วัดบ้านสวน")
        self.assertEqual(
            list(project.indicators.values_list("kind", "text", "target", "unit")),
            [("outcome", "ความพึงพอใจ", Decimal("85.00"), "ร้อยละ")],
        )

    def test_a_workbook_without_the_new_columns_still_imports(self):
        project = Project.objects.create(
            plan=self.plan, subsection=self.sub, name="เดิม", start_year=2566, end_year=2566,
            place="ศาลาประชาคม",
        )  # fmt: skip
        book = load_workbook(BytesIO(export_plan(self.plan)))
        old = Workbook()
        sheet = old.active
        sheet.title = "projects"
        header = [c.value for c in book["projects"][1]]
        keep = [i for i, h in enumerate(header) if h not in ("place", "indicators")]
        for row in book["projects"].iter_rows(values_only=True):
            sheet.append([row[i] for i in keep])
        out = BytesIO()
        old.save(out)
        self.assertEqual(import_plan(self.plan, out.getvalue()), {"created": 0, "updated": 1})
        project.refresh_from_db()
        self.assertEqual(project.place, "ศาลาประชาคม")


class RiskEditTests(PlanTestCase):
    def setUp(self):
        self.assessment = RiskAssessment.objects.create(org=self.org_a, year=2569)
        self.item = RiskItem.objects.create(
            assessment=self.assessment, order=3, process="การจัดซื้อจัดจ้าง", risk="แบ่งซื้อ",
            likelihood=3, impact=4,
        )  # fmt: skip
        self.login(self.officer_a)

    def test_the_order_defaults_to_the_next_number(self):
        page = self.client.get(reverse("plans:risks", args=[self.org_a.slug, 2569]))
        self.assertRegex(page.content.decode(), r'name="order" value="4"')

    def test_a_risk_is_edited(self):
        url = reverse("plans:risk-edit", args=[self.org_a.slug, self.item.pk])
        self.assertContains(self.client.get(url), "การจัดซื้อจัดจ้าง")
        data = {"order": 3, "process": "การจัดซื้อจัดจ้าง", "risk": "แบ่งซื้อแบ่งจ้าง",
                "likelihood": 2, "impact": 2}  # fmt: skip
        page = self.client.post(url, data)
        self.assertRedirects(page, reverse("plans:risks", args=[self.org_a.slug, 2569]))
        self.item.refresh_from_db()
        self.assertEqual((self.item.risk, self.item.likelihood), ("แบ่งซื้อแบ่งจ้าง", 2))

    def test_a_risk_is_deleted_only_by_a_writer(self):
        url = reverse("plans:risk-delete", args=[self.org_a.slug, self.item.pk])
        self.client.logout()
        self.login(self.auditor_a)
        self.client.post(url)
        self.assertTrue(RiskItem.objects.exists())
        self.client.logout()
        self.login(self.officer_a)
        self.client.post(url)
        self.assertFalse(RiskItem.objects.exists())


# The risk colours' contrast is tested once for the whole site: tests/test_contrast.py.
