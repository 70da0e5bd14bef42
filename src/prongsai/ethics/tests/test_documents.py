"""The ethics documents made from the demo through the registry, read back as a reader's tools
see them: python-docx for the Word file, pdftotext for the PDF LibreOffice makes from it."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.test import TestCase
from docx import Document
from docx.oxml.ns import qn

from prongsai.demo.site import load_demo
from prongsai.documents import layout, registry
from prongsai.documents.registry import DocumentRequest, NothingToReport
from prongsai.ethics.demo import GIFTS
from prongsai.ethics.models import GiftEntry, Indicator
from prongsai.thai import to_thai_digits

NBSP = "\u00a0"


def text_of(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def table_headed(document, heading: str):
    """The tables whose first row has a cell reading `heading`."""
    return [t for t in document.tables if heading in [c.text for c in t.rows[0].cells]]


class EthicsDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo, _password = load_demo("a-long-demo-password")
        cls.org = cls.demo.main

    def request(self, key: str, year: int) -> DocumentRequest:
        return DocumentRequest(kind=registry.get(key), org=self.org, params={"year": year})

    def word(self, key: str, year: int):
        return Document(io.BytesIO(layout.make(self.request(key, year), "docx")))

    def be(self, year: int) -> str:
        return f"พ.ศ.{NBSP}{to_thai_digits(year)}"

    def assert_signed(self, document, closing: str) -> None:
        """The head signs, and the paragraph before the name is kept with it (w:keepNext)."""
        paragraphs = document.paragraphs
        name = next(i for i, p in enumerate(paragraphs) if p.text == f"({self.org.head_name})")
        self.assertEqual(paragraphs[name + 1].text, self.org.head_position)
        start = max(i for i, p in enumerate(paragraphs[:name]) if p.text.startswith(closing))
        for p in paragraphs[start:name]:
            self.assertIsNotNone(p._p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}"), p.text)

    def assert_emblem_on_top(self, document) -> None:
        first = document.paragraphs[0]
        self.assertTrue(first._p.findall(f".//{qn('w:drawing')}"), "no emblem")
        self.assertEqual(first.alignment, 1)  # centred

    def test_the_five_kinds_are_registered(self):
        keys = {k.key for k in registry.kinds()}
        self.assertLessEqual(
            {"ethics_code", "ethics_report", "ngp_announcement", "ngp_poster", "ngp_report"}, keys
        )

    def test_the_code_of_ethics_is_announced_for_the_year(self):
        year = self.demo.current_year
        document = self.word("ethics_code", year)
        self.assert_emblem_on_top(document)
        lines = [p.text for p in document.paragraphs if p.text]
        self.assertEqual(lines[0], f"ประกาศ{self.org.name_th}")
        self.assertTrue(lines[1].startswith("เรื่อง ประมวลจริยธรรม"), lines[1])
        text = text_of(document)
        self.assertIn(f"ปีงบประมาณ {self.be(year)}", text)
        for item in ("(๑) ", "(๗) ", "หมวด ๓ ข้อกำหนดจริยธรรมเพิ่มเติม"):
            self.assertIn(item, text)
        self.assertNotRegex(text, r"พ\.ศ\. [๐-๙]")  # every "พ.ศ. ๒๕xx" is held together
        self.assert_signed(document, "จึงประกาศ")

    def test_the_standards_report_has_indicator_rows_in_both_years(self):
        indicators = Indicator.objects.filter(standard__org=self.org)
        for year in (self.demo.last_year, self.demo.current_year):
            with self.subTest(year=year):
                self.assertIsNone(registry.get("ethics_report").reason_unavailable(
                    self.request("ethics_report", year)
                ))  # fmt: skip
                document = self.word("ethics_report", year)
                text = text_of(document)
                self.assertIn(self.org.name_th, text)
                self.assertIn(f"ปีงบประมาณ {self.be(year)}", text)
                tables = table_headed(document, "ตัวชี้วัด")
                self.assertEqual(len(tables), 5)
                rows = [r for t in tables for r in t.rows[1:]]
                self.assertEqual(len(rows), indicators.count())
                values = [r.cells[2].text for r in rows]
                self.assertTrue(all(v and v != "–" for v in values), values)
                self.assertIn("ร้อยละ", " ".join(values))
                self.assert_signed(document, "ขอรับรอง")

    def test_a_year_without_figures_is_not_offered(self):
        request = self.request("ethics_report", 2560)
        reason = request.kind.reason_unavailable(request)
        self.assertIn("ยังไม่มีผลตัวชี้วัด", reason)
        with self.assertRaisesMessage(NothingToReport, reason):
            request.kind.context(request)

    def test_the_no_gift_announcement_in_the_official_form(self):
        year = self.demo.last_year
        document = self.word("ngp_announcement", year)
        self.assert_emblem_on_top(document)
        text = text_of(document)
        self.assertIn(f"ประกาศ{self.org.name_th}", text)
        self.assertIn(f"(No Gift Policy) ประจำปีงบประมาณ {self.be(year)}", text)
        self.assertIn("งดให้ งดรับ", text)
        self.assertIn("ประกาศ ณ วันที่ ๑ ตุลาคม", text)
        self.assert_signed(document, "จึงประกาศ")

    def test_no_announcement_no_announcement_nor_poster(self):
        for key in ("ngp_announcement", "ngp_poster"):
            request = self.request(key, 2560)
            with self.subTest(kind=key):
                self.assertIn("ยังไม่ได้บันทึกประกาศเจตนารมณ์", request.kind.reason_unavailable(request))
                with self.assertRaises(NothingToReport):
                    request.kind.context(request)

    def test_the_poster_is_one_portrait_a4_with_big_words(self):
        document = self.word("ngp_poster", self.demo.current_year)
        section = document.sections[0]
        self.assertEqual((round(section.page_width.mm), round(section.page_height.mm)), (210, 297))
        self.assert_emblem_on_top(document)
        slogan = next(p for p in document.paragraphs if p.text == "งดให้ งดรับ")
        self.assertGreaterEqual(slogan.runs[0].font.size.pt, 72)
        text = text_of(document)
        self.assertIn(self.org.name_th, text)
        self.assertIn("«ไม่รับของขวัญหรือของกำนัลทุกชนิด»", text)
        self.assertIn(f"ปีงบประมาณ {self.be(self.demo.current_year)}", text)

    def test_the_gift_report_lists_every_gift_of_the_year(self):
        year = self.demo.last_year
        document = self.word("ngp_report", year)
        self.assertIn(self.org.name_th, text_of(document))
        [register] = table_headed(document, "ผู้ให้")
        givers = [r.cells[3].text for r in register.rows[1:]]
        self.assertEqual(givers, [g[3] for g in GIFTS])
        self.assertEqual(register.rows[1].cells[0].text, "๑")
        self.assertIn("๕,๐๐๐.๐๐", [r.cells[6].text for r in register.rows[1:]])
        total = sum(e.value for e in GiftEntry.objects.filter(org=self.org))
        self.assertIn(f"มูลค่ารวมทั้งสิ้น {to_thai_digits(f'{total:,.2f}')} บาท", text_of(document))
        [activities] = table_headed(document, "กิจกรรม")
        self.assertEqual(len(activities.rows), 4)
        self.assert_signed(document, "ขอรับรอง")

    def test_a_year_with_activities_and_no_gifts_says_so_in_one_sentence(self):
        document = self.word("ngp_report", self.demo.current_year)
        self.assertFalse(table_headed(document, "ผู้ให้"))
        self.assertIn("ไม่มีเจ้าหน้าที่ของ", text_of(document))
        [activities] = table_headed(document, "กิจกรรม")
        self.assertEqual(len(activities.rows), 2)

    def test_a_year_with_nothing_is_not_offered(self):
        request = self.request("ngp_report", 2560)
        self.assertIn("ยังไม่มีรายการในทะเบียน", request.kind.reason_unavailable(request))

    def test_arabic_digits_when_the_organisation_asks(self):
        self.org.thai_digits = False
        self.org.save()
        text = text_of(self.word("ngp_announcement", self.demo.last_year))
        self.assertIn(f"พ.ศ.{NBSP}{self.demo.last_year}", text)
        self.assertNotIn(to_thai_digits(self.demo.last_year), text)


@pytest.mark.slow
class PosterPdfTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo, _password = load_demo("a-long-demo-password")

    def test_the_poster_pdf_copies_as_thai(self):
        org = self.demo.main
        request = DocumentRequest(registry.get("ngp_poster"), org, {"year": self.demo.last_year})
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "poster.pdf"
            path.write_bytes(layout.make(request, "pdf"))
            text = subprocess.run(
                ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
            ).stdout
            pages = subprocess.run(
                ["pdfinfo", str(path)], capture_output=True, text=True, check=True
            ).stdout
        self.assertIn(org.name_th, text)
        self.assertIn("งดให้ งดรับ", text)
        self.assertIn("ของขวัญ", text)
        self.assertRegex(pages, r"Pages:\s+1\n")
        self.assertIn("(A4)", pages)
