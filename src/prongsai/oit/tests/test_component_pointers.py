"""Page pointers from a real check of a loopback website, as the officer and the assessor see
them: on the checklist (Thai and English), in the findings document (Word read back with
python-docx, PDF with pdftotext) and on the public ITA page."""

from __future__ import annotations

from io import BytesIO

import docx
import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from prongsai.documents.tests.readback import pdf_text
from prongsai.frameworks.library import builtin_document
from prongsai.oit import checklist, history
from prongsai.oit.checker import check_sync
from prongsai.oit.models import ComponentCheck, Evidence, LinkCheck
from prongsai.oit.tests.site import PDF, EvidenceSite, LoopbackOnly, multipage_pdf
from prongsai.test import BaseTestCase

PAGES = [
    ["คำสั่งองค์การบริหารส่วนตำบลเอ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"],
    ["สารบัญ"],
    ["แผนผังโครงสร้างส่วนราชการ", "ฝ่ายการเมือง นายก อบต.", "ฝ่ายข้าราชการประจำ ปลัด อบต."],
    ["อำนาจหน้าที่ขององค์การบริหารส่วนตำบล ตามมาตรา 67"],
]


class PointersShownTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.site = EvidenceSite()
        self.site.pages["/ita/o1.pdf"] = (200, {"Content-Type": PDF}, multipage_pdf(PAGES))
        self.site.__enter__()
        self.addCleanup(self.site.__exit__, None, None, None)
        self.org_a.website = self.site.main_site
        self.org_a.save()
        self.url = self.site.url("/ita/o1.pdf")
        evidence = Evidence.objects.create(org=self.org_a, year=2568, item="o1", urls=self.url)
        for c in builtin_document(2568)["oit_items"][0]["components"]:
            ComponentCheck.objects.create(evidence=evidence, component=c["code"], ticked=True)
        _main, targets = checklist.check_targets(self.org_a, 2568)
        findings = check_sync(
            targets, main_site=self.site.main_site, year=2568, guard=LoopbackOnly()
        )
        history.record(self.org_a, 2568, findings)

    def test_the_check_stores_where_each_component_is(self):
        check = LinkCheck.objects.get(org=self.org_a, item="o1")
        self.assertEqual(check.status, "ok", check.finding)
        self.assertEqual(
            [(p["component"], p["where"], p["page"]) for p in check.pointers],
            [("o1.1", "page", 3), ("o1.2", "page", 4)],
        )
        self.assertIn("อำนาจหน้าที่", check.pointers[1]["excerpt"])

    def test_the_checklist_shows_each_pointer_ready_to_paste(self):
        self.login(self.officer_a)
        url = reverse("oit:checklist", args=[self.org_a.slug, 2568])
        response = self.client.get(url)
        self.assertContains(response, 'data-pointer="o1.1"')
        self.assertContains(response, "o1.1 พบที่ หน้า 3: «แผนผังโครงสร้าง")
        self.assertContains(response, "o1.2 พบที่ หน้า 4: «อำนาจหน้าที่")
        self.assertContains(response, f'href="{self.url}#page=4"')
        self.addCleanup(translation.activate, "th")
        english = self.client.get(f"/en{url}")
        self.assertContains(english, "o1.2 found at page 4: «อำนาจหน้าที่")

    def test_the_findings_document_lists_the_pointers_under_the_url(self):
        self.login(self.auditor_a)
        url = reverse("documents:download", args=[self.org_a.slug, "oit_findings", "docx"])
        word = self.client.get(url, {"year": "2568"})
        self.assertEqual(word.status_code, 200)
        cells = [
            c.text
            for t in docx.Document(BytesIO(word.content)).tables
            for r in t.rows
            for c in r.cells
        ]
        [evidence] = [c for c in cells if c.startswith(self.url)]
        lines = evidence.splitlines()
        self.assertEqual(lines[0], self.url)
        self.assertTrue(lines[1].startswith("• o1.1 พบที่ หน้า 3: «แผนผังโครงสร้าง"), lines)
        self.assertTrue(lines[2].startswith("• o1.2 พบที่ หน้า 4: «อำนาจหน้าที่"), lines)

    def test_the_findings_sheet_has_a_column_of_pointers(self):
        self.login(self.auditor_a)
        self.addCleanup(translation.activate, "th")
        for prefix in ("", "/en"):  # a document: Thai from an English page too
            url = prefix + reverse("oit:findings", args=[self.org_a.slug, 2568, "xlsx"])
            sheet = openpyxl.load_workbook(BytesIO(self.client.get(url).content)).active
            rows = list(sheet.iter_rows(values_only=True))
            self.assertEqual(rows[0][-1], "พบองค์ประกอบที่ (หน้า/ชีต/หัวข้อ)")
            [row] = [r for r in rows if r[2] == self.url]
            lines = row[-1].splitlines()
            self.assertTrue(lines[0].startswith("o1.1 พบที่ หน้า 3: «แผนผังโครงสร้าง"), lines)
            self.assertTrue(lines[1].startswith("o1.2 พบที่ หน้า 4: «อำนาจหน้าที่"), lines)

    @pytest.mark.slow
    def test_the_findings_pdf_shows_the_pointers(self):
        self.login(self.auditor_a)
        url = reverse("documents:download", args=[self.org_a.slug, "oit_findings", "pdf"])
        response = self.client.get(url, {"year": "2568"})
        self.assertEqual(response.status_code, 200)
        text = "".join(pdf_text(response.content).split())
        self.assertIn("o1.1พบที่หน้า3", text)
        self.assertIn("o1.2พบที่หน้า4", text)

    def test_the_public_page_links_the_pdf_page(self):
        html = self.client.get(reverse("oit:public", args=[self.org_a.slug, 2568])).content.decode()
        self.assertIn(f"{self.url}#page=3", html)
        self.assertIn("อำนาจหน้าที่ขององค์การบริหารส่วนตำบล", html)
