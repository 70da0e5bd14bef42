"""The ethics documents' contexts (every figure formatted as text) and their rendering."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from unittest import mock

from django.urls import reverse

from prongsai.documents.rendering import formats_for
from prongsai.ethics import documents, indicators
from prongsai.ethics.demo import load_ethics_demo
from prongsai.ethics.models import IndicatorYear, NoGiftAnnouncement
from prongsai.test import BaseTestCase

YEAR = 2568


def kind_available(kind: str) -> bool:
    try:
        formats_for(kind)
    except ValueError:
        return False
    return True


class DemoDocumentTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.org_a.phone = "038-123456"
        cls.org_a.save()
        load_ethics_demo(cls.org_a)


class CodeContextTests(DemoDocumentTestCase):
    def test_the_code_has_seven_core_nine_general_items_and_the_additions(self):
        ctx = documents.ethics_code_context(self.org_a)
        self.assertEqual(ctx["org"], {"name": self.org_a.name_th})
        self.assertEqual([i["number"] for i in ctx["core"]], list("๑๒๓๔๕๖๗"))
        self.assertEqual(len(ctx["general"]), 9)
        self.assertEqual([a["number"] for a in ctx["additions"]], ["๑", "๒"])
        self.assertEqual(
            ctx["legal_bases"][0], "รัฐธรรมนูญแห่งราชอาณาจักรไทย พุทธศักราช ๒๕๖๐ มาตรา ๗๖ วรรคสาม"
        )
        self.assertIn("๓๐ สิงหาคม ๒๕๖๔", ctx["adopted"])
        self.assertEqual(ctx["adopted_on"], "๓๐ สิงหาคม ๒๕๖๔")
        self.assertEqual(
            ctx["signatory"], {"name": "นายเอ ผู้บริหาร", "position": "นายกองค์การบริหารส่วนตำบลเอ"}
        )
        self.assertTrue(ctx["date"])

    def test_arabic_digits_when_the_organisation_prints_them(self):
        self.org_a.thai_digits = False
        ctx = documents.ethics_code_context(self.org_a)
        self.assertEqual(ctx["core"][6]["number"], "7")
        self.assertIn("2560", ctx["legal_bases"][0])


class ReportContextTests(DemoDocumentTestCase):
    def test_each_standard_has_its_indicators_with_value_target_and_trend(self):
        ctx = documents.ethics_report_context(self.org_a, YEAR)
        self.assertEqual(ctx["year"], "๒๕๖๘")
        self.assertIn("พ.ศ. ๒๕๖๘", ctx["title"])
        self.assertEqual(len(ctx["standards"]), 5)
        first = ctx["standards"][0]
        self.assertEqual(first["number"], "๑")
        self.assertEqual(first["name"], "พึงปฏิบัติหน้าที่ด้วยความซื่อสัตย์สุจริต และมีความรับผิดชอบ")
        self.assertEqual(len(first["indicators"]), 8)
        satisfaction = first["indicators"][3]
        self.assertTrue(satisfaction["text"].startswith("๔. ร้อยละของผู้รับบริการ"))
        self.assertTrue(satisfaction["value"].startswith("ร้อยละ "))
        self.assertEqual(satisfaction["target"], "ไม่น้อยกว่าร้อยละ ๘๐")
        # The demo has figures for 2567 and 2568: 2566, with none, is left out.
        self.assertEqual([p["year"] for p in satisfaction["previous"]], ["๒๕๖๗"])
        self.assertTrue(satisfaction["previous"][0]["value"].startswith("ร้อยละ "))
        self.assertIn(satisfaction["trend"], ("เพิ่มขึ้น", "ลดลง", "คงที่"))
        self.assertEqual(satisfaction["source"], "ข้อมูลที่หน่วยงานบันทึก")  # no survey: entered
        punished = first["indicators"][2]
        self.assertEqual(punished["target"], "ไม่เกิน ๐")
        for standard in ctx["standards"]:
            for ind in standard["indicators"]:
                for key in ("text", "target", "value", "source", "trend"):
                    self.assertIsInstance(ind[key], str)

    def test_complaint_indicators_say_they_are_computed(self):
        with mock.patch.object(indicators, "count_for", return_value=2):
            ctx = documents.ethics_report_context(self.org_a, YEAR)
        complaints = ctx["standards"][0]["indicators"][1]
        self.assertEqual(
            (complaints["value"], complaints["source"]), ("๒", "คำนวณจากทะเบียนเรื่องร้องเรียน")
        )

    def test_a_count_prints_whole_and_a_percentage_with_two_decimals(self):
        f = documents.Formatter(self.org_a)
        self.assertEqual(f.number(Decimal("1234")), "๑,๒๓๔")
        self.assertEqual(f.number(Decimal("2.5")), "๒.๕๐")
        self.assertEqual(f.number(Decimal("80"), "percent"), "๘๐.๐๐")
        self.assertEqual(f.number(None), "–")


class NoGiftContextTests(DemoDocumentTestCase):
    def test_the_announcement_comes_from_the_years_record(self):
        ctx = documents.ngp_announcement_context(self.org_a, YEAR)
        self.assertEqual(ctx["year"], "๒๕๖๘")
        self.assertEqual(ctx["slogan"], "งดให้ งดรับ\nเปลี่ยนของขวัญ...เป็นคำอวยพร")
        self.assertIn("ประจำปีงบประมาณ พ.ศ. ๒๕๖๘", ctx["title"])
        self.assertTrue(any("«ไม่รับของขวัญหรือของกำนัลทุกชนิด»" in p for p in ctx["body"]))
        self.assertTrue(any("พ.ศ. ๒๕๖๓" in p for p in ctx["body"]))
        self.assertIn("๐๓๘-๑๒๓๔๕๖", ctx["contact"])
        self.assertEqual(ctx["signatory"]["name"], "นายเอ ผู้บริหาร")
        self.assertEqual(ctx["date"], "๑ ตุลาคม ๒๕๖๗")

    def test_without_a_record_the_organisations_data_is_used(self):
        ctx = documents.ngp_announcement_context(self.org_b, 2569)
        self.assertEqual(ctx["slogan"].splitlines()[0], "งดให้ งดรับ")
        self.assertEqual(ctx["signatory"], {"name": "", "position": ""})
        self.assertIn(self.org_b.name_th, ctx["contact"])
        self.assertFalse(NoGiftAnnouncement.objects.filter(org=self.org_b).exists())

    def test_the_poster_has_the_declaration_lines(self):
        ctx = documents.ngp_poster_context(self.org_a, YEAR)
        self.assertEqual(set(ctx), {"org", "slogan", "year", "lines", "contact"})
        self.assertEqual(ctx["lines"][1], "«ไม่รับของขวัญหรือของกำนัลทุกชนิด»")
        self.assertEqual(ctx["year"], "๒๕๖๘")

    def test_the_report_counts_values_and_decisions(self):
        ctx = documents.ngp_report_context(self.org_a, YEAR)
        s = ctx["summary"]
        # Demo: 6 entries; 2 refused, 1 returned, 2 kept (one from a relative), 1 handed over.
        self.assertEqual(
            (
                s["count"],
                s["offered"],
                s["received"],
                s["refused"],
                s["returned"],
                s["kept"],
                s["handed_over"],
            ),
            ("๖", "๖", "๔", "๒", "๑", "๒", "๑"),
        )
        self.assertEqual(s["total_value"], "๑๓,๓๐๐.๐๐")
        self.assertEqual(s["total_value_text"], "หนึ่งหมื่นสามพันสามร้อยบาทถ้วน")
        self.assertEqual(len(ctx["rows"]), 6)
        above = ctx["rows"][2]
        self.assertEqual(
            {k: above[k] for k in ("number", "date", "relation", "value", "decision")},
            {
                "number": "๓",
                "date": "๒๙ มกราคม ๒๕๖๘",
                "relation": "มิใช่ญาติ",
                "value": "๕,๐๐๐.๐๐",
                "decision": "ส่งคืนผู้ให้",
            },
        )
        self.assertEqual(above["reported"], "๓๐ มกราคม ๒๕๖๘ นายกองค์การบริหารส่วนตำบลเอ")
        self.assertEqual(ctx["rows"][0]["reported"], "–")
        self.assertEqual(len(ctx["activities"]), 3)
        self.assertEqual(ctx["activities"][0]["date"], "๒๐ ธันวาคม ๒๕๖๗")

    def test_an_empty_year_reports_zero(self):
        s = documents.ngp_report_context(self.org_a, 2566)["summary"]
        self.assertEqual(
            (s["count"], s["total_value"], s["total_value_text"]), ("๐", "๐.๐๐", "ศูนย์บาทถ้วน")
        )


class RenderingTests(DemoDocumentTestCase):
    """One rendering per kind; skipped while the documents app does not know the kind yet."""

    def render(self, kind: str, fmt: str, year: int | None = YEAR) -> bytes:
        if not kind_available(kind):
            self.skipTest(f"document kind {kind} is not in the documents app yet")
        return documents.render(kind, self.org_a, fmt, year)

    def test_the_code_of_ethics_renders(self):
        self.assertTrue(self.render("ethics_code", "docx", None).startswith(b"PK"))

    def test_the_standards_report_renders(self):
        self.assertTrue(self.render("ethics_report", "docx").startswith(b"PK"))

    def test_the_announcement_renders(self):
        self.assertTrue(self.render("ngp_announcement", "pdf").startswith(b"%PDF"))

    def test_the_poster_renders(self):
        self.assertTrue(self.render("ngp_poster", "pdf").startswith(b"%PDF"))

    def test_the_gifts_report_renders(self):
        self.assertTrue(self.render("ngp_report", "docx").startswith(b"PK"))

    def test_the_pages_download_the_documents(self):
        if not kind_available("ngp_report"):
            self.skipTest("document kinds not in the documents app yet")
        self.login(self.auditor_a)
        response = self.client.get(
            reverse("ethics:ngp-document", args=[self.org_a.slug, YEAR, "report", "docx"])
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("ngp-report-org-a-2568.docx", response["Content-Disposition"])
        if "docx" not in formats_for("ngp_poster"):
            url = reverse("ethics:ngp-document", args=[self.org_a.slug, YEAR, "poster", "docx"])
            self.assertEqual(self.client.get(url).status_code, 404)


class DemoTests(DemoDocumentTestCase):
    def test_loading_the_demo_again_changes_nothing(self):
        from prongsai.ethics.models import (
            BehaviourGroup,
            EthicsAddition,
            GiftEntry,
            Indicator,
            NoGiftActivity,
            Standard,
        )

        models = (BehaviourGroup, EthicsAddition, GiftEntry, Indicator, IndicatorYear, NoGiftActivity,
                  NoGiftAnnouncement, Standard)  # fmt: skip
        before = {m.__name__: m.objects.count() for m in models}
        load_ethics_demo(self.org_a)
        self.assertEqual({m.__name__: m.objects.count() for m in models}, before)
        self.assertEqual(before["EthicsAddition"], 2)
        self.assertEqual(before["Standard"], 5)
        self.assertEqual(before["NoGiftActivity"], 3)
        self.assertEqual(before["GiftEntry"], 6)
        self.assertEqual(
            set(IndicatorYear.objects.values_list("fiscal_year", flat=True)), {2567, 2568}
        )

    def test_one_demo_gift_is_above_the_limit_reported_and_returned(self):
        from prongsai.ethics.register import register

        above = [r for r in register(self.org_a, YEAR) if r.over_limit]
        self.assertEqual(len(above), 1)
        entry = above[0].entry
        self.assertEqual((entry.decision, entry.reported_on), ("returned", date(2025, 1, 30)))
        self.assertFalse(above[0].unresolved)
