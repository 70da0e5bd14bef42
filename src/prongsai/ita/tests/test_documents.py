"""The ITA results analysis (`ita_analysis`) made from the demo and read back: python-docx for
the Word file, pdftotext for one PDF."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.test import TestCase
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from prongsai.demo.site import load_demo
from prongsai.documents import layout, registry
from prongsai.documents.registry import DocumentRequest, NothingToReport
from prongsai.frameworks.library import criteria_of
from prongsai.frameworks.names import label, official_name
from prongsai.ita.models import ItaResult
from prongsai.plans.models import IntegrityMeasure

MEASURES_HEADING = "มาตรการ/โครงการ/กิจกรรม"


def measures_tables(document) -> list:
    return [
        t for t in document.tables
        if len(t.rows[0].cells) > 2 and t.rows[0].cells[2].text == MEASURES_HEADING
    ]  # fmt: skip


def texts(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


class AnalysisDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo, _password = load_demo("a-long-demo-password")
        cls.org = cls.demo.main
        # The newest year the demo has results for: the last completed year once its criteria
        # ship; until then the analysis measures the demo records for it move to that year.
        cls.year = ItaResult.objects.filter(org=cls.org).order_by("-year").first().year
        IntegrityMeasure.objects.filter(org=cls.org, ita_year=cls.demo.last_year).update(
            ita_year=cls.year
        )
        cls.measures = list(
            IntegrityMeasure.objects.filter(org=cls.org, ita_year=cls.year).order_by("id")
        )

    def request(self, year=None) -> DocumentRequest:
        kind = registry.get("ita_analysis")
        return DocumentRequest(kind, self.org, {"year": year or self.year})

    def word(self):
        return Document(io.BytesIO(layout.make(self.request(), "docx")))

    def test_the_word_file_names_the_organisation_and_the_year_on_one_line(self):
        document = self.word()
        self.assertTrue(self.org.thai_digits)
        year = str(self.year).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
        self.assertIn(f"ประจำปีงบประมาณ พ.ศ.\u00a0{year}", document.paragraphs[0].text)
        self.assertIn(self.org.name_th, texts(document))

    def test_the_indicator_chart_is_a_picture_the_width_of_the_text(self):
        shapes = self.word().inline_shapes
        self.assertEqual(len(shapes), 1)
        self.assertAlmostEqual(shapes[0].width.mm, 165, delta=1)

    def test_an_item_without_an_official_name_is_printed_by_its_code_only(self):
        document = self.word()
        body = texts(document)
        self.assertNotIn("ไม่ทราบชื่อ", body)
        self.assertNotIn("น่าจะเป็น", body)
        cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
        criteria = ItaResult.objects.get(org=self.org, year=self.year).framework.document
        unnamed = [
            i["code"]
            for i in criteria.get("oit_items", [])
            if not official_name(i.get("name", {}).get("th"), i.get("confidence"))
        ]
        for code in unnamed:
            self.assertIn(code, cells)  # the row is there, named by its code alone
        named = next(i for i in criteria["oit_items"] if official_name(i["name"]["th"]))
        self.assertIn(label(named["code"], named["name"]["th"]), cells)

    def test_oit_items_are_headed_as_items_not_questions(self):
        document = self.word()
        headings = [t.rows[0].cells[0].text for t in document.tables]
        self.assertIn("ข้อ / รายการ", headings)
        self.assertIn("ข้อคำถาม", headings)  # IIT and EIT questions are questions
        body = texts(document)
        self.assertIn("ข้อที่ไม่ผ่าน o12", body)

    def test_the_analysis_measures_are_rows_of_the_measures_table(self):
        self.assertTrue(self.measures)
        (table,) = measures_tables(self.word())
        rows = table.rows[1:]
        self.assertEqual(len(rows), len(self.measures))
        self.assertEqual([r.cells[2].text for r in rows], [m.name for m in self.measures])
        self.assertEqual(rows[0].cells[0].text, "๑")

    def test_without_measures_one_sentence_instead_of_an_empty_table(self):
        IntegrityMeasure.objects.filter(org=self.org, ita_year=self.year).delete()
        document = self.word()
        self.assertFalse(measures_tables(document))
        self.assertIn("ยังไม่มีมาตรการที่บันทึกไว้", texts(document))

    def test_the_signature_is_kept_with_the_paragraph_before_it(self):
        paragraphs = self.word().paragraphs
        sign = next(i for i, p in enumerate(paragraphs) if p.text.startswith("(ลงชื่อ)"))
        self.assertEqual(paragraphs[sign + 1].text, f"({self.org.head_name})")
        for p in paragraphs[sign - 3 : sign + 1]:
            self.assertIsNotNone(p._p.pPr.find(qn("w:keepNext")), p.text)

    def test_a_year_without_results_is_not_offered_and_says_why(self):
        request = self.request(self.demo.current_year + 1)
        reason = request.kind.reason_unavailable(request)
        self.assertIn("ยังไม่มีผลการประเมิน ITA", reason)
        with self.assertRaises(NothingToReport):
            request.kind.context(request)

    def test_the_analysis_page_names_the_items_whose_names_are_not_known(self):
        self.client.force_login(self.demo.users["officer-bansuan"])
        page = self.client.get(reverse("ita:analysis", args=[self.org.slug, self.year]))
        result = ItaResult.objects.get(org=self.org, year=self.year)
        criteria = criteria_of(result.framework.document)
        unnamed = [i.code for i in criteria.oit_items if not official_name(i.name_th)]
        self.assertIn("o7", unnamed)  # o7's name is not known in 2568 nor 2569
        shown = [c for c in unnamed if result.scores.filter(code=c).exists()]
        self.assertContains(page, ", ".join(shown))
        self.assertContains(page, "?year=" + str(self.year))


@pytest.mark.slow
class AnalysisPdfTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo, _password = load_demo("a-long-demo-password")

    def test_the_pdf_reads_back_as_thai(self):
        org = self.demo.main
        year = ItaResult.objects.filter(org=org).order_by("-year").first().year
        data = layout.make(
            DocumentRequest(registry.get("ita_analysis"), org, {"year": year}), "pdf"
        )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "a.pdf"
            path.write_bytes(data)
            text = subprocess.run(
                ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
            ).stdout
        self.assertIn(org.name_th, text)
        self.assertIn("การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส", text)
        self.assertIn("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", text)
        self.assertNotIn("ไม่ทราบชื่อ", text)
        self.assertIn(org.head_name, text)
