"""The province and national reports: one registered layout, made by the comparison pages' own
view as Word and PDF, following the page's filters, read back as a reader would."""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse

from prongsai import thai
from prongsai.documents.tests.readback import docx_text, pdf_text
from prongsai.ita import province_report
from prongsai.ita.models import ItaResult
from prongsai.ita.results import save_results
from prongsai.ita.tests.test_comparison import (
    HIGH,
    LOW,
    indicator_results,
    low_org,
    national_reader,
)
from prongsai.orgs.models import Organisation
from prongsai.test import BaseTestCase


class ReportTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.low = low_org()
        cls.high = Organisation.objects.create(
            slug="high", name_th="องค์การบริหารส่วนตำบลสูง", kind="sao", size="L",
            province="ขอนแก่น", district="พล",
        )  # fmt: skip
        save_results(cls.low, 2567, LOW, ItaResult.Source.MANUAL)
        save_results(cls.high, 2567, HIGH, ItaResult.Source.MANUAL)
        save_results(cls.org_b, 2567, indicator_results(*[90] * 10), ItaResult.Source.MANUAL)
        cls.nation = national_reader()

    def national(self, fmt: str, **query):
        self.login(self.nation)
        return self.client.get(reverse("ita:national-report", args=[fmt]), query)


class NationalReportTests(ReportTestCase):
    def test_the_word_report_ranks_every_province_s_organisations_and_the_provinces(self):
        response = self.national("docx", year=2567)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response["Content-Type"].split(";")[0],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        text = docx_text(response.content)
        self.assertIn("ทั่วประเทศ", text)  # the national title
        self.assertIn("ทุกจังหวัด", text)
        # ranked by total: high (96), B (90), low (75.80), each with its province
        order = [
            text.index("องค์การบริหารส่วนตำบลสูง\nจ.ขอนแก่น"),
            text.index("เทศบาลตำบลบี\nจ.ขอนแก่น"),
            text.index("เทศบาลตำบลต่ำ\nจ.ชลบุรี"),
        ]
        self.assertEqual(order, sorted(order))
        # the provinces: ขอนแก่น averages (96 + 90) / 2 = 93, ชลบุรี 75.80 with one under 85
        self.assertIn("ผลรายจังหวัด", text)
        rows = [line for line in text.splitlines() if line in ("ขอนแก่น", "ชลบุรี")]
        self.assertEqual(rows, ["ขอนแก่น", "ชลบุรี"])

    def test_the_report_follows_the_page_s_filters_and_says_so(self):
        text = docx_text(self.national("docx", year=2567, province="ชลบุรี").content)
        self.assertIn("เทศบาลตำบลต่ำ", text)
        self.assertNotIn("องค์การบริหารส่วนตำบลสูง", text)
        self.assertIn("จังหวัดชลบุรี", text)
        text = docx_text(self.national("docx", year=2567, kind="sao").content)
        self.assertIn("องค์การบริหารส่วนตำบลสูง", text)
        self.assertNotIn("เทศบาลตำบลบี", text)
        self.assertIn("ทุกจังหวัด เฉพาะองค์การบริหารส่วนตำบล (อบต.)", text)

    def test_the_national_page_offers_the_report_of_its_filters(self):
        self.login(self.nation)
        page = self.client.get(reverse("ita:national"), {"year": 2567, "kind": "sao"})
        self.assertContains(
            page, reverse("ita:national-report", args=["pdf"]) + "?year=2567&amp;kind=sao"
        )

    def test_a_long_ranking_is_cut_and_says_where_the_rest_is(self):
        with mock.patch.object(province_report, "REPORT_ROWS", 2):
            text = docx_text(self.national("docx", year=2567).content)
        self.assertIn("เทศบาลตำบลบี", text)  # second
        self.assertNotIn("เทศบาลตำบลต่ำ", text)  # third: cut
        self.assertIn("แสดง ๒ อันดับแรกจาก ๓ แห่ง รายชื่อทั้งหมดอยู่ในไฟล์ Excel", text)
        self.assertIn("หน่วยงานที่มีผลการประเมิน ๓ แห่ง", text)  # the overview counts them all
        full = docx_text(self.national("docx", year=2567).content)
        self.assertNotIn("อันดับแรกจาก", full)

    def test_the_document_command_makes_it_too(self):
        out = Path(tempfile.mkdtemp()) / "national.docx"
        call_command(
            "document", "national_report", "--org", "org-a", "--year", "2567",
            "--format", "docx", "--out", str(out), stdout=io.StringIO(),
        )  # fmt: skip
        text = docx_text(out.read_bytes())
        self.assertIn("ทั่วประเทศ", text)
        self.assertIn("องค์การบริหารส่วนตำบลสูง\nจ.ขอนแก่น", text)

    def test_nothing_to_report_bad_years_and_readers_of_one_province(self):
        self.assertEqual(self.national("pdf", year=2560).status_code, 409)
        self.assertEqual(self.national("pdf", year="x").status_code, 400)
        self.assertEqual(self.national("odt", year=2567).status_code, 404)
        self.login(self.province_a)  # reads ชลบุรี only
        url = reverse("ita:national-report", args=["pdf"])
        self.assertEqual(self.client.get(url, {"year": 2567}).status_code, 404)
        self.login(self.officer_a)
        self.assertEqual(self.client.get(url, {"year": 2567}).status_code, 404)


@pytest.mark.slow
class ReportPdfTests(ReportTestCase):
    """The PDF LibreOffice lays out from the same Word file, read back with pdftotext."""

    def test_the_national_pdf_reads_back_ranked_in_thai_with_a_buddhist_era_year(self):
        response = self.national("pdf", year=2567)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"%PDF"))
        text = pdf_text(response.content)
        self.assertIn("ทั่วประเทศ", text)
        self.assertIn("ปีงบประมาณ พ.ศ. ๒๕๖๗", text)  # Buddhist era, Thai digits
        # rank, name, its province on the line under it, then the figures
        ranking = re.findall(r"^(\S+) (\S+)\nจ\.(\S+)\n(\S+) (\S+) (\S+) (\S+)", text, re.M)
        self.assertEqual(
            [(rank, name, where, total) for rank, name, where, _i, _e, _o, total in ranking],
            [
                ("๑", "องค์การบริหารส่วนตำบลสูง", "ขอนแก่น", "๙๖.๐๐"),
                ("๒", "เทศบาลตำบลบี", "ขอนแก่น", "๙๐.๐๐"),
                ("๓", "เทศบาลตำบลต่ำ", "ชลบุรี", "๗๕.๘๐"),
            ],
            text,
        )
        self.assertIn("ผลรายจังหวัด", text)
        self.assertIn("๑ ขอนแก่น ๒ ๙๓.๐๐ ๐", text)  # (96 + 90) / 2, none under 85
        self.assertIn("๒ ชลบุรี ๑ ๗๕.๘๐ ๑", text)

    def test_the_province_pdf_reads_back(self):
        self.login(self.province_a)
        url = reverse("ita:province-report", args=["ชลบุรี", "pdf"])
        response = self.client.get(url, {"year": 2567})
        self.assertEqual(response.status_code, 200)
        text = pdf_text(response.content)
        self.assertIn("จังหวัดชลบุรี", text)
        self.assertIn("เทศบาลตำบลต่ำ", text)
        self.assertNotIn("ขอนแก่น", text)
        self.assertNotIn("ผลรายจังหวัด", text)  # the provinces' table is the national report's


def test_item_names_follow_the_report_s_digits_and_a_nameless_item_says_so():
    thai_digits, arabic = thai.Formatter(True), thai.Formatter(False)
    name = "รายงานผลการดำเนินการป้องกันการทุจริต ปีงบประมาณ พ.ศ. 2568"
    assert province_report._named(thai_digits, name).endswith("พ.ศ. ๒๕๖๘")
    assert province_report._named(arabic, name) == name
    assert province_report._named(thai_digits, "") == "(เกณฑ์ยังไม่ระบุชื่อข้อนี้)"
