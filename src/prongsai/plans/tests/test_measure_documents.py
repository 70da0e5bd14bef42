"""The risk assessment and the integrity measures' announcement and report, made from the demo
and read back: the Word file with python-docx, one PDF with pdftotext."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from django.test import TestCase
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from prongsai.demo.site import load_demo
from prongsai.documents import layout
from prongsai.documents.models import DocumentSignoff
from prongsai.documents.registry import DocumentRequest, NothingToReport
from prongsai.plans.measure_documents import (
    MEASURES_ANNOUNCEMENT,
    MEASURES_REPORT,
    RISK_ASSESSMENT,
)
from prongsai.plans.models import IntegrityMeasure, MeasureResult, RiskAssessment

PASSWORD = "a-long-demo-password"
ARABIC = re.compile(r"[0-9]")
THAI_NUMBER = re.compile(r"^[๐-๙]+$")


def word(kind, org, **params) -> Document:
    data = layout.make(DocumentRequest(kind=kind, org=org, params=params), "docx")
    return Document(io.BytesIO(data))


def table_with(document: Document, first_header: str, second_header: str):
    for table in document.tables:
        cells = [c.text.strip() for c in table.rows[0].cells]
        if cells[:2] == [first_header, second_header]:
            return table
    raise AssertionError(f"no table headed {first_header}, {second_header}")


def body_rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def has_picture(paragraph) -> bool:
    return bool(paragraph._p.findall(".//" + qn("w:drawing")))


class MeasureDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo, _password = load_demo(PASSWORD)
        cls.org = cls.demo.main
        cls.last, cls.current = cls.demo.last_year, cls.demo.current_year

    def setUp(self):
        self.org.refresh_from_db()
        self.assertTrue(self.org.thai_digits)

    def measures(self, year: int) -> list[IntegrityMeasure]:
        return list(IntegrityMeasure.objects.filter(org=self.org, fiscal_year=year).order_by("id"))

    # ---- the announcement ----

    def test_the_announcement_lists_every_measure_of_both_years_in_thai_digits(self):
        for year in (self.last, self.current):
            with self.subTest(year=year):
                measures = self.measures(year)
                self.assertTrue(measures, f"the demo has no measures in {year}")
                document = word(MEASURES_ANNOUNCEMENT, self.org, year=year)
                rows = body_rows(table_with(document, "ที่", "มาตรการ"))
                self.assertEqual(len(rows), len(measures))
                self.assertEqual({r[1] for r in rows}, {m.name for m in measures})
                self.assertEqual(rows[0][0], "๑")
                for row in rows:
                    self.assertRegex(row[0], THAI_NUMBER)
                    self.assertIsNone(ARABIC.search(" ".join(row)), row)
        count = len(self.measures(self.last))
        numbers = [r[0] for r in body_rows(table_with(word(MEASURES_ANNOUNCEMENT, self.org, year=self.last), "ที่", "มาตรการ"))]  # fmt: skip
        self.assertEqual(numbers[-1], "".join("๐๑๒๓๔๕๖๗๘๙"[int(d)] for d in str(count)))

    def test_the_announcement_has_the_emblem_on_top_and_the_signatory(self):
        DocumentSignoff.objects.create(
            org=self.org, kind=MEASURES_ANNOUNCEMENT.key, scope=f"year={self.last}",
            name="นางทดสอบ ลงนามจริง", position="ปลัดองค์การบริหารส่วนตำบล ปฏิบัติหน้าที่แทน",
            signed_on=date(2025, 10, 15),
        )  # fmt: skip
        document = word(MEASURES_ANNOUNCEMENT, self.org, year=self.last)
        paragraphs = document.paragraphs
        self.assertTrue(has_picture(paragraphs[0]), "the emblem opens the announcement")
        self.assertEqual(paragraphs[0].alignment, 1)  # centred
        emblem = document.inline_shapes[0]
        self.assertAlmostEqual(emblem.height, Mm(layout.EMBLEM_MM), delta=Mm(1))
        texts = [p.text for p in paragraphs]
        self.assertEqual(texts[1], f"ประกาศ{self.org.name_th}")
        self.assertTrue(texts[2].startswith("เรื่อง มาตรการส่งเสริมคุณธรรมและความโปร่งใส"))
        self.assertIn("ปีงบประมาณ พ.ศ.\u00a0๒๕๖๙", texts[2])
        self.assertIn("ประกาศ ณ วันที่ ๑๕ ตุลาคม ๒๕๖๘", texts)
        self.assertIn("(นางทดสอบ ลงนามจริง)", texts)
        self.assertIn("ปลัดองค์การบริหารส่วนตำบล ปฏิบัติหน้าที่แทน", texts)
        # The signature is held with the paragraphs before it: none of them ends a page alone.
        start = texts.index("จึงประกาศมาให้ทราบโดยทั่วกัน")
        signed = texts.index("(นางทดสอบ ลงนามจริง)")
        for paragraph in paragraphs[start:signed]:
            self.assertTrue(paragraph.paragraph_format.keep_with_next, paragraph.text)

    # ---- the report ----

    def test_the_report_of_each_round_lists_the_measures_reported_in_it(self):
        measures = self.measures(self.last)
        for round_, monitoring in (("6m", {"h1", "both"}), ("annual", {"annual", "both"})):
            with self.subTest(round=round_):
                document = word(MEASURES_REPORT, self.org, year=self.last, round=round_)
                rows = body_rows(table_with(document, "ที่", "มาตรการ"))
                expected = [m for m in measures if m.monitoring in monitoring]
                self.assertEqual(len(rows), len(expected))
                self.assertEqual({r[1] for r in rows}, {m.name for m in expected})
                results = MeasureResult.objects.filter(
                    measure__in=expected, fiscal_year=self.last,
                    round="h1" if round_ == "6m" else "annual",
                )  # fmt: skip
                self.assertTrue(results)
                self.assertLessEqual({r.result for r in results}, {r[3] for r in rows})
                for row in rows:
                    self.assertRegex(row[0], THAI_NUMBER)
                    self.assertIsNone(ARABIC.search(" ".join(row)), row)
                texts = [p.text for p in document.paragraphs]
                self.assertIn(f"({self.org.head_name})", texts)

    def test_the_current_years_report_says_where_each_measure_stands(self):
        document = word(MEASURES_REPORT, self.org, year=self.current, round="6m")
        rows = body_rows(table_with(document, "ที่", "มาตรการ"))
        self.assertEqual(len(rows), len(self.measures(self.current)))
        for row in rows:
            self.assertIn("ความก้าวหน้าร้อยละ", row[3])

    def test_arabic_digits_when_the_organisation_writes_them(self):
        self.org.thai_digits = False
        self.org.save(update_fields=["thai_digits"])
        document = word(MEASURES_REPORT, self.org, year=self.last, round="annual")
        rows = body_rows(table_with(document, "ที่", "มาตรการ"))
        self.assertEqual([r[0] for r in rows[:3]], ["1", "2", "3"])
        heading = " ".join(p.text for p in document.paragraphs[:4])
        self.assertIn(f"พ.ศ.\u00a0{self.last}", heading)
        self.assertNotRegex(heading, "[๐-๙]")

    # ---- the risk assessment ----

    def test_the_risk_assessment_has_its_heat_map_and_a_row_per_risk(self):
        assessment = RiskAssessment.objects.get(org=self.org, year=self.last)
        document = word(RISK_ASSESSMENT, self.org, year=self.last)
        pictures = [p for p in document.paragraphs if has_picture(p)]
        self.assertEqual(len(pictures), 1)
        self.assertAlmostEqual(document.inline_shapes[0].width, Mm(125), delta=Mm(1))
        rows = body_rows(table_with(document, "ที่", "กระบวนงาน/ขั้นตอน"))
        self.assertEqual(len(rows), assessment.items.count())
        self.assertEqual([r[0] for r in rows], ["๑", "๒", "๓", "๔"][: len(rows)])
        for row in rows:
            self.assertIsNone(ARABIC.search(" ".join(row)), row)
        level_cell = table_with(document, "ที่", "กระบวนงาน/ขั้นตอน").rows[1].cells[5]
        fill = level_cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
        self.assertRegex(fill, r"^[0-9A-F]{6}$")
        self.assertNotEqual(fill, "FFFFFF")

    # ---- nothing to report ----

    def test_a_year_without_an_assessment_or_measures_is_not_offered_and_says_why(self):
        year = self.current + 1
        for kind, params in (
            (RISK_ASSESSMENT, {"year": year}),
            (MEASURES_ANNOUNCEMENT, {"year": year}),
            (MEASURES_REPORT, {"year": year, "round": "annual"}),
        ):
            with self.subTest(kind=kind.key):
                doc = DocumentRequest(kind=kind, org=self.org, params=params)
                reason = kind.reason_unavailable(doc)
                self.assertRegex(reason or "", r"[\u0E00-\u0E7F]")
                self.assertIn("๒๕๗๑", reason)
                with self.assertRaises(NothingToReport):
                    kind.context(doc)

    def test_the_board_offers_the_documents_through_the_one_download_view(self):
        self.client.force_login(self.demo.users["officer-bansuan"])
        board = self.client.get(reverse("plans:measures", args=[self.org.slug, self.last]))
        url = reverse("documents:download", args=[self.org.slug, "measures_report", "docx"])
        self.assertContains(board, f"{url}?year={self.last}&amp;round=6m")
        response = self.client.get(url, {"year": self.last, "round": "annual"})
        self.assertEqual(response.status_code, 200)
        rows = body_rows(table_with(Document(io.BytesIO(response.content)), "ที่", "มาตรการ"))
        self.assertTrue(rows)
        empty = self.client.get(reverse("plans:measures", args=[self.org.slug, self.current + 1]))
        self.assertNotContains(empty, "measures_announcement")
        self.assertContains(empty, "ยังไม่มีมาตรการ")


@pytest.mark.slow
class MeasurePdfTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo, _password = load_demo(PASSWORD)

    def test_the_announcement_pdf_reads_back_as_thai(self):
        org = self.demo.main
        year = self.demo.last_year
        doc = DocumentRequest(kind=MEASURES_ANNOUNCEMENT, org=org, params={"year": year})
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "a.pdf"
            path.write_bytes(layout.make(doc, "pdf"))
            text = subprocess.run(
                ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
            ).stdout
        lines = text.splitlines()
        self.assertIn(f"ประกาศ{org.name_th}", lines)
        self.assertIn("จึงประกาศมาให้ทราบโดยทั่วกัน", lines)
        self.assertIn(f"({org.head_name})", lines)
        flat = re.sub(r"\s+", "", text)
        first = IntegrityMeasure.objects.filter(org=org, fiscal_year=year).order_by("id").first()
        self.assertIn(re.sub(r"\s+", "", first.name)[:30], flat)
        self.assertIn("๒๕๖๙", text)
