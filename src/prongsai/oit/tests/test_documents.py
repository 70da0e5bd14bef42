"""The OIT findings report (`oit_findings`) made from the demo and read back with python-docx."""

from __future__ import annotations

import io

from django.test import TestCase
from django.urls import reverse
from docx import Document

from prongsai.demo.site import load_demo
from prongsai.documents import layout, registry
from prongsai.documents.registry import DocumentRequest, NothingToReport
from prongsai.oit.documents import checklist_year
from prongsai.oit.models import Evidence


def cells(document) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in document.tables for row in t.rows]


class FindingsDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo, _password = load_demo("a-long-demo-password")
        cls.org = cls.demo.main
        cls.year = cls.demo.current_year  # the demo records its evidence for this year's check

    def request(self, year=None, org=None) -> DocumentRequest:
        kind = registry.get("oit_findings")
        return DocumentRequest(kind, org or self.org, {"year": year or self.year})

    def word(self):
        return Document(io.BytesIO(layout.make(self.request(), "docx")))

    def items_table(self, document) -> list[list[str]]:
        table = next(t for t in document.tables if t.rows[0].cells[0].text == "ข้อ")
        return [[c.text for c in row.cells] for row in table.rows]

    def test_items_are_headed_ข้อ_and_รายการ_never_as_questions(self):
        document = self.word()
        header, *rows = self.items_table(document)
        self.assertEqual(header[:2], ["ข้อ", "รายการ"])
        self.assertTrue(rows)
        text = "\n".join(p.text for p in document.paragraphs) + str(cells(document))
        self.assertNotIn("ข้อคำถาม", text)
        self.assertNotIn("ไม่ทราบชื่อ", text)
        self.assertIn(self.org.name_th, text)

    def test_each_item_has_its_status_in_thai_its_evidence_and_its_problems(self):
        _header, *rows = self.items_table(self.word())
        by_code = {r[0]: r for r in rows}
        evidence = Evidence.objects.get(org=self.org, year=checklist_year(self.year), item="o1")
        self.assertEqual(by_code["o1"][2], evidence.url_list()[0])
        self.assertEqual(by_code["o1"][3], "พร้อม")
        self.assertEqual(by_code["o6"][3], "ยังไม่มีหลักฐาน")
        self.assertIn("ยังไม่มีหลักฐานบนเว็บไซต์หลัก", by_code["o6"][4])
        self.assertEqual(by_code["o2"][6], "สำนักปลัด")
        self.assertEqual(by_code["o12"][6], "กองคลัง")
        # The criteria do not know o5's name: the row names it by its code only.
        self.assertEqual(by_code["o5"][:2], ["o5", ""])

    def test_the_year_is_on_one_line_in_thai_digits(self):
        title = self.word().paragraphs[0].text
        year = str(self.year).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
        self.assertIn(f"ประจำปีงบประมาณ พ.ศ.\u00a0{year}", title)

    def test_without_evidence_or_checks_it_is_not_offered_and_says_why(self):
        other = self.demo.orgs["saen-suk"]
        request = self.request(org=other)
        self.assertIn("ยังไม่มีการบันทึกหลักฐาน", request.kind.reason_unavailable(request))
        with self.assertRaises(NothingToReport):
            request.kind.context(request)
        early = self.request(year=2500)
        self.assertIn("ยังไม่มีรายการข้อ OIT", early.kind.reason_unavailable(early))

    def test_the_excel_sheet_stays_on_its_own_view(self):
        self.client.force_login(self.demo.users["officer-bansuan"])
        year = checklist_year(self.year)
        response = self.client.get(reverse("oit:findings", args=[self.org.slug, year, "xlsx"]))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"))
        for fmt in ("pdf", "docx"):
            gone = self.client.get(reverse("oit:findings", args=[self.org.slug, year, fmt]))
            self.assertEqual(gone.status_code, 404)
