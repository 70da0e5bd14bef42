"""The plan book (action_plan) and its monitoring report (plan_report) from the demo, read back
from the Word file and the PDF; the plan's texts page that feeds Part 1."""

from __future__ import annotations

import io

import docx
import pytest
from django.contrib.auth import get_user_model
from django.http import Http404
from django.test import TestCase
from django.urls import reverse
from docx.oxml.ns import qn

from prongsai.demo.site import load_demo
from prongsai.documents import layout, registry
from prongsai.documents.registry import DocumentRequest, NothingToReport
from prongsai.documents.tests.readback import pdf_text
from prongsai.orgs.models import Organisation
from prongsai.plans.models import ActionPlan, Progress, Project
from prongsai.plans.texts import plan_title


def word_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(t.text or "" for t in document.element.body.iter(qn("w:t")))


class PlanDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo, cls.password = load_demo("a-long-demo-password")
        cls.org = cls.demo.main
        cls.plan = ActionPlan.objects.get(org=cls.org)

    def make(self, key: str, fmt: str = "docx", **params) -> bytes:
        doc = DocumentRequest(kind=registry.get(key), org=self.org, params=params)
        return layout.make(doc, fmt)

    def test_the_plan_is_offered_for_the_years_it_covers(self):
        kind = registry.get("action_plan")
        labels = [v.label for v in kind.variants_for(self.org, self.demo.last_year)]
        self.assertEqual(labels, [plan_title(self.plan)])
        self.assertEqual(kind.variants_for(self.org, self.plan.last_year + 1), [])
        reports = registry.get("plan_report").variants_for(self.org, self.demo.last_year)
        self.assertEqual([v.params["round"] for v in reports], ["6m", "annual"])

    def test_the_plan_book_has_its_cover_contents_texts_and_announcement(self):
        self.plan.rationale = "เหตุผลที่เจ้าหน้าที่เขียนเองในหน้าข้อความของแผน"
        self.plan.signatory_name = "นายผู้ลงนาม ทดสอบ"
        self.plan.save()
        data = self.make("action_plan", plan=self.plan.pk)
        document = docx.Document(io.BytesIO(data))
        text = word_text(data)
        self.assertIn(plan_title(self.plan), text)
        self.assertGreaterEqual(len(document.inline_shapes), 1, "the emblem")
        fields = [t.text for t in document.element.body.iter(qn("w:instrText"))]
        self.assertTrue(any(f.strip().startswith("TOC") for f in fields), fields)
        for part in ("สารบัญ", "คำนำ", "ส่วนที่ ๑ บทนำ", "ส่วนที่ ๒ แผนปฏิบัติการป้องกันการทุจริต"):
            self.assertIn(part, text)
        self.assertIn("เหตุผลที่เจ้าหน้าที่เขียนเองในหน้าข้อความของแผน", text)
        self.assertIn("(นายผู้ลงนาม ทดสอบ)", text)
        self.assertNotIn("{{", text)
        self.assertNotRegex(text, r"พ\.ศ\. ", "พ.ศ. and its year are held together")

    def test_a_blank_text_is_printed_from_the_plans_data(self):
        ActionPlan.objects.filter(pk=self.plan.pk).update(preface="", goals="", signatory_name="")
        text = word_text(self.make("action_plan", plan=self.plan.pk))
        self.assertIn(f"ได้จัดทำ{plan_title(self.plan)}", text)
        self.assertIn(f"({self.org.head_name})", text)

    def test_a_year_a_project_does_not_run_shows_a_dash(self):
        project = Project.objects.filter(plan=self.plan).order_by("order", "id").first()
        Project.objects.filter(pk=project.pk).update(start_year=2567, end_year=2568)
        project.budgets.all().delete()
        document = docx.Document(io.BytesIO(self.make("action_plan", plan=self.plan.pk)))
        row = next(r for t in document.tables for r in t.rows if r.cells[1].text == project.name)
        cells = [c.text for c in row.cells[3:8]]  # 2566 … 2570
        self.assertEqual(cells, ["–", "ไม่ใช้งบประมาณ", "ไม่ใช้งบประมาณ", "–", "–"])

    def test_the_project_sheet_prints_its_place_and_indicators(self):
        project = Project.objects.filter(plan=self.plan).order_by("order", "id").first()
        Project.objects.filter(pk=project.pk).update(place="ศาลาประชาคมหมู่ที่ ๓")
        project.indicators.all().delete()
        project.indicators.create(
            kind="outcome", text="ร้อยละของผู้ผ่านการทดสอบ", target=80, unit="ร้อยละ"
        )
        text = word_text(self.make("action_plan", plan=self.plan.pk))
        self.assertIn("สถานที่ดำเนินการ: ศาลาประชาคมหมู่ที่ ๓", text)
        self.assertIn("ร้อยละของผู้ผ่านการทดสอบ", text)

    def test_the_six_month_report_is_headed_by_the_plans_title_and_signed(self):
        year = self.demo.last_year
        data = self.make("plan_report", plan=self.plan.pk, year=year, round="6m")
        text = word_text(data)
        self.assertIn(f"ตาม{plan_title(self.plan)}", text)
        self.assertIn("รอบ ๖ เดือน", text)
        self.assertIn(f"({self.org.head_name})", text)
        done = Progress.objects.filter(
            project__plan=self.plan, fiscal_year=year, round="h1", status="done"
        ).first()
        self.assertIn(done.project.name, text)

    def test_a_title_without_thai_is_not_printed_as_the_plans_title(self):
        ActionPlan.objects.filter(pk=self.plan.pk).update(title="003_8b1ec00c8def7819")
        self.plan.refresh_from_db()
        text = word_text(
            self.make("plan_report", plan=self.plan.pk, year=self.demo.last_year, round="6m")
        )
        self.assertNotIn("003_8b1ec00c8def7819", text)
        self.assertIn("ตามแผนปฏิบัติการป้องกันการทุจริตของ", text)

    def test_nothing_to_report_says_why(self):
        kind = registry.get("plan_report")
        doc = DocumentRequest(
            kind, self.org, {"plan": self.plan.pk, "year": self.demo.current_year, "round": "6m"}
        )
        self.assertRegex(kind.reason_unavailable(doc), "ยังไม่มีการบันทึกผล")
        with self.assertRaises(NothingToReport):
            kind.context(doc)
        other = Organisation.objects.exclude(pk=self.org.pk).first()
        doc = DocumentRequest(registry.get("action_plan"), other, {"plan": self.plan.pk})
        with self.assertRaises(Http404):  # another organisation's plan, as on every page
            doc.kind.reason_unavailable(doc)

    @pytest.mark.slow
    def test_the_plan_book_pdf_has_its_contents_filled(self):
        text = pdf_text(self.make("action_plan", "pdf", plan=self.plan.pk))
        contents = text.split("สารบัญ", 1)[1]
        self.assertIn("ส่วนที่ ๓ รายละเอียดโครงการ/กิจกรรม/มาตรการ", contents)
        self.assertIn(plan_title(self.plan).split()[0], text)


class PlanTextsPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo, cls.password = load_demo("a-long-demo-password")
        cls.org = cls.demo.main
        cls.plan = ActionPlan.objects.get(org=cls.org)
        cls.url = reverse("plans:texts", args=[cls.org.slug, cls.plan.pk])

    def login(self, username: str) -> None:
        self.client.force_login(get_user_model().objects.get(username=username))

    def test_an_officer_edits_the_texts_and_a_blank_field_starts_from_the_default(self):
        ActionPlan.objects.filter(pk=self.plan.pk).update(benefits="")
        self.login("officer-bansuan")
        page = self.client.get(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "บุคลากรปฏิบัติหน้าที่ด้วยความซื่อสัตย์")
        data = {
            "preface": "คำนำใหม่", "rationale": "เหตุผลใหม่", "objectives": "วัตถุประสงค์ใหม่",
            "goals": "เป้าหมายใหม่", "benefits": "", "signatory_name": "นายใหม่ ลงนาม",
            "signatory_position": "นายก", "announced_on": "2022-09-30",
        }  # fmt: skip
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 302)
        self.plan.refresh_from_db()
        self.assertEqual((self.plan.rationale, self.plan.benefits), ("เหตุผลใหม่", ""))
        bad = self.client.post(self.url, data | {"announced_on": "not a date"})
        self.assertEqual(bad.status_code, 400)
        self.assertContains(bad, "เหตุผลใหม่", status_code=400)
        self.assertTrue(bad.context["form"].errors["announced_on"])

    def test_the_plan_page_links_to_the_texts_and_the_documents(self):
        self.login("officer-bansuan")
        page = self.client.get(reverse("plans:plan", args=[self.org.slug, self.plan.pk]))
        self.assertContains(page, self.url)
        self.assertContains(page, f"plan_report.pdf?plan={self.plan.pk}&amp;year=")

    def test_another_organisations_officer_gets_404_and_a_reader_cannot_edit(self):
        self.login("officer-mueangkhok")
        self.assertEqual(self.client.get(self.url).status_code, 404)
        other = ActionPlan.objects.create(
            org=Organisation.objects.exclude(pk=self.org.pk).first(),
            title="แผนอื่น",
            first_year=2566,
            last_year=2570,
        )
        self.client.logout()
        self.login("officer-bansuan")
        url = reverse("plans:texts", args=[self.org.slug, other.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.logout()
        self.login("auditor-bansuan")
        self.assertEqual(self.client.get(self.url).status_code, 403)
