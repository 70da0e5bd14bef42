"""Bad input gets a Thai message on the page, with what was typed kept and nothing written.

Query parameters (``?year=abc``) go through ``prongsai.params``: a 400 page in Thai, for pages
and downloads alike. A rejected form is shown again with its errors (status 400), never a
silent redirect.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from prongsai.complaints.models import Complaint
from prongsai.complaints.tests.base import ComplaintTestCase
from prongsai.ethics.models import Indicator, IndicatorYear
from prongsai.ethics.standards import load_standards
from prongsai.ita.models import IndicatorAnalysis
from prongsai.plans.models import (
    IntegrityMeasure,
    Project,
    RiskAssessment,
    RiskItem,
    RiskReview,
)
from prongsai.plans.templates_data import create_plan
from prongsai.surveys.models import Campaign, OneTimeCode, ServicePoint
from prongsai.test import BaseTestCase

HX = {"HX-Request": "true"}


class QueryParameterTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = create_plan(cls.org_a, "แผนของเอ")  # 2566–2570
        cls.satisfaction = Campaign.objects.create(
            org=cls.org_a, year=2568, tool="satisfaction",
            opens=date(2024, 10, 1), closes=date(2025, 9, 30),
        )  # fmt: skip

    def test_the_public_statistics_refuse_a_malformed_year_in_thai(self):
        url = reverse("complaints:public-stats", args=[self.org_a.slug])
        for value in ("abc", "-1", "0", "99999999999999999999", "2568.5", "1e3", "<b>"):
            with self.subTest(value):
                response = self.client.get(url, {"year": value})
                self.assertContains(response, "ไม่ใช่ปีงบประมาณ", status_code=400)
                self.assertContains(response, "2500", status_code=400)
                self.assertContains(response, f'href="{url}"', status_code=400)
        self.assertContains(self.client.get(url, {"year": "<b>"}), "&lt;b&gt;", status_code=400)

    def test_pages_carry_one_htmx_config_that_swaps_a_400(self):
        self.login(self.officer_a)
        html = self.client.get(reverse("orgs:detail", args=[self.org_a.slug])).content.decode()
        self.assertEqual(html.count('name="htmx-config"'), 1)  # htmx reads only the first
        self.assertIn('{"code":"400","swap":true}', html)
        self.assertNotIn("{#", html)  # a template comment spread over lines is printed

    def test_a_year_given_twice_differently_is_refused_the_same_one_is_read(self):
        url = reverse("complaints:public-stats", args=[self.org_a.slug])
        twice = self.client.get(f"{url}?year=2568&year=2569")
        self.assertContains(twice, "มากกว่าหนึ่งครั้ง", status_code=400)
        self.assertEqual(self.client.get(f"{url}?year=2568&year=2568").context["year"], 2568)

    def test_thai_digits_are_a_year_and_an_empty_one_is_the_default(self):
        url = reverse("complaints:public-stats", args=[self.org_a.slug])
        self.assertEqual(self.client.get(url, {"year": "๒๕๖๗"}).context["year"], 2567)
        current = self.client.get(url, {"year": ""}).context["year"]
        self.assertEqual(current, self.client.get(url).context["year"])

    def test_a_download_with_a_malformed_year_is_a_page_not_a_file(self):
        self.login(self.officer_a)
        for fmt in ("pdf", "docx"):
            url = reverse("documents:download", args=[self.org_a.slug, "complaint_statistics", fmt])
            response = self.client.get(url, {"year": "abc"})
            self.assertContains(response, "ไม่ใช่ปีงบประมาณ", status_code=400)
            self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")

    def test_plan_pages_refuse_a_year_outside_the_plan_and_unknown_filters(self):
        self.login(self.auditor_a)
        detail = reverse("plans:plan", args=[self.org_a.slug, self.plan.pk])
        projects = reverse("plans:projects", args=[self.org_a.slug, self.plan.pk])
        unit_b = self.unit_b.pk  # another organisation's unit is not a filter here
        cases = [
            (detail, {"year": "x"}, "2566"), (detail, {"year": "2580"}, "2570"),
            (detail, {"round": "x"}, "h1, annual"),
            (projects, {"dimension": "abc"}, "มิติ"),
            (projects, {"unit": "99999999999999999999"}, "หน่วยงาน"), (projects, {"unit": unit_b}, "หน่วยงาน"),
            (projects, {"status": "bogus"}, "not_started"),
        ]  # fmt: skip
        for url, query, shown in cases:
            with self.subTest(url=url, query=query):
                self.assertContains(self.client.get(url, query), shown, status_code=400)
        fine = {"year": 2567, "dimension": 1, "unit": self.unit_a.pk, "status": "done", "round": "annual"}  # fmt: skip
        self.assertEqual(self.client.get(projects, fine).status_code, 200)

    def test_an_htmx_filter_gets_the_message_alone(self):
        self.login(self.officer_a)
        url = reverse("plans:projects", args=[self.org_a.slug, self.plan.pk])
        response = self.client.get(url, {"dimension": "abc"}, headers=HX)
        self.assertContains(response, "มิติ", status_code=400)
        self.assertNotContains(response, "<html", status_code=400)

    def test_the_satisfaction_report_refuses_an_unknown_period(self):
        self.login(self.officer_a)
        url = reverse("documents:download", args=[self.org_a.slug, "satisfaction_report", "docx"])
        query = {"campaign": self.satisfaction.pk, "period": "x"}
        self.assertContains(self.client.get(url, query), "h1, h2, year", status_code=400)

    def test_a_path_year_out_of_range_is_404_and_writes_nothing(self):
        self.login(self.officer_a)
        for path in ("/o/org-a/risks/99999999999999999999/", "/o/org-a/risks/0/", "/o/org-a/risks/2499/"):  # fmt: skip
            with self.subTest(path):
                self.assertEqual(self.client.post(path).status_code, 404)
        self.assertFalse(RiskAssessment.objects.exists())
        with self.assertRaises(NoReverseMatch):
            reverse("ita:dashboard", args=[self.org_a.slug, 2025])  # a Gregorian year

    def test_checking_oit_links_of_a_year_without_criteria_is_404(self):
        self.login(self.officer_a)
        response = self.client.post(reverse("oit:check", args=[self.org_a.slug, 2600]))
        self.assertEqual(response.status_code, 404)

    def test_gift_entry_zero_is_404(self):
        self.login(self.officer_a)
        self.assertEqual(self.client.get("/o/org-a/ethics/gifts/entry/0/").status_code, 404)


class RejectedFormTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = create_plan(cls.org_a, "แผนของเอ")
        sub = cls.plan.dimensions.first().subsections.first()
        Project.objects.create(
            plan=cls.plan, subsection=sub, name="โครงการของเอ", start_year=2566, end_year=2570
        )
        cls.risk = RiskItem.objects.create(
            assessment=RiskAssessment.objects.create(org=cls.org_a, year=2568),
            process="การจัดซื้อจัดจ้าง", risk="ฮั้ว", likelihood=3, impact=4,
        )  # fmt: skip
        ServicePoint.objects.create(org=cls.org_a, name="งานทะเบียน")
        today = timezone.localdate()
        cls.iit = Campaign.objects.create(
            org=cls.org_a, year=2568, tool="iit",
            opens=today - timedelta(days=1), closes=today + timedelta(days=30),
        )  # fmt: skip
        cls.eit = Campaign.objects.create(
            org=cls.org_a, year=2568, tool="eit", closed=True,
            opens=today - timedelta(days=1), closes=today + timedelta(days=30),
        )  # fmt: skip
        load_standards(cls.org_a)
        cls.indicator = Indicator.objects.filter(standard__org=cls.org_a).first()

    def setUp(self):
        self.login(self.officer_a)

    def test_the_plan_import_without_a_file_stays_on_the_plan(self):
        url = reverse("plans:import", args=[self.org_a.slug, self.plan.pk])
        response = self.client.post(url, {})
        self.assertContains(response, 'class="errors"', status_code=400)
        self.assertContains(response, self.plan.title, status_code=400)
        self.assertTrue(response.context["import_form"].errors)

    def test_a_rejected_risk_review_keeps_its_note_under_its_risk(self):
        url = reverse("plans:risk-review", args=[self.org_a.slug, self.risk.pk])
        response = self.client.post(url, {"reviewed_on": "31/13/2568", "note": "ทบทวนแล้ว ยังเสี่ยงสูง"})
        self.assertContains(response, "ทบทวนแล้ว ยังเสี่ยงสูง", status_code=400)
        self.assertContains(response, 'class="errors"', status_code=400)
        self.assertFalse(RiskReview.objects.exists())

    def test_an_unknown_risk_matrix_is_a_message_not_a_404(self):
        url = reverse("plans:risks", args=[self.org_a.slug, 2569])
        response = self.client.post(url, {"matrix": "no-such-matrix"})
        self.assertContains(response, "เลือกเมทริกซ์ความเสี่ยง", status_code=400)
        self.assertFalse(RiskAssessment.objects.filter(year=2569).exists())

    def test_a_risk_with_a_project_id_no_database_holds_is_refused(self):
        url = reverse("plans:risks", args=[self.org_a.slug, 2568])
        data = {"order": 2, "process": "การเงิน", "risk": "ยักยอก", "likelihood": 2, "impact": 2,
                "projects": ["99999999999999999999"]}  # fmt: skip
        self.assertContains(self.client.post(url, data), "ยักยอก", status_code=400)
        self.assertEqual(RiskItem.objects.count(), 1)

    def test_a_rejected_measure_update_keeps_its_text(self):
        url = reverse("plans:measure-update", args=[self.org_a.slug, self.measure_a.pk])
        prefix = f"m{self.measure_a.pk}"
        data = {f"{prefix}-status": "planned", f"{prefix}-progress": "250", f"{prefix}-results": "ทำไปบางส่วน"}  # fmt: skip
        page = self.client.post(url, data)
        self.assertContains(page, "ทำไปบางส่วน", status_code=400)
        self.assertContains(page, 'class="errors"', status_code=400)
        fragment = self.client.post(url, data, headers=HX)
        self.assertContains(fragment, 'class="errors"', status_code=400)
        self.assertNotContains(fragment, "<html", status_code=400)
        self.measure_a.refresh_from_db()
        self.assertEqual((self.measure_a.progress, self.measure_a.results), (0, ""))

    def test_a_rejected_analysis_keeps_its_text(self):
        url = reverse("ita:analysis-edit", args=[self.org_a.slug, 2568, 1])
        data = {"cause": "สาเหตุที่พิมพ์ไว้\x00", "guideline": "แนวทาง"}
        page = self.client.post(url, data)
        self.assertContains(page, "สาเหตุที่พิมพ์ไว้", status_code=400)
        self.assertContains(page, 'class="errors"', status_code=400)
        fragment = self.client.post(url, data, headers=HX)
        self.assertContains(fragment, 'class="errors"', status_code=400)
        self.assertFalse(IndicatorAnalysis.objects.exists())

    def test_a_rejected_measure_stays_in_its_indicator_with_the_input(self):
        url = reverse("ita:measure-add", args=[self.org_a.slug, 2568, 3])
        data = {"m3-name": "มาตรการใหม่ของเอ", "m3-period_start": "2026-09-30", "m3-period_end": "2025-10-01"}  # fmt: skip
        before = IntegrityMeasure.objects.count()
        page = self.client.post(url, data)
        self.assertContains(page, 'value="มาตรการใหม่ของเอ"', status_code=400)
        self.assertContains(page, '<details id="measure-3" open>', status_code=400)
        self.assertEqual(IntegrityMeasure.objects.count(), before)

    def test_a_blank_or_repeated_service_point_is_refused_on_the_page(self):
        url = reverse("surveys:service-point-add", args=[self.org_a.slug])
        self.assertContains(self.client.post(url, {"name": ""}), 'class="errors"', status_code=400)
        repeated = self.client.post(url, {"name": "งานทะเบียน"})
        self.assertContains(repeated, "หน่วยงานมีจุดบริการชื่อนี้อยู่แล้ว", status_code=400)
        self.assertEqual(ServicePoint.objects.count(), 1)

    def test_a_second_survey_of_the_same_kind_and_year_is_refused(self):
        url = reverse("surveys:list", args=[self.org_a.slug])
        data = {"year": 2568, "tool": "iit", "opens": "2025-01-01", "closes": "2025-02-01", "minimum_sample": 0}  # fmt: skip
        self.assertContains(self.client.post(url, data), "มีแบบสำรวจนี้", status_code=400)
        self.assertEqual(Campaign.objects.filter(tool="iit").count(), 1)

    def test_code_slips_for_zero_staff_stay_on_the_survey_page(self):
        url = reverse("surveys:codes", args=[self.org_a.slug, self.iit.pk])
        response = self.client.post(url, {"count": "0"})
        self.assertContains(response, 'value="0"', status_code=400)
        self.assertContains(response, 'class="errors"', status_code=400)
        self.assertFalse(OneTimeCode.objects.exists())

    def test_an_interview_for_a_closed_survey_keeps_the_answers_and_says_why(self):
        url = reverse("surveys:interview", args=[self.org_a.slug, self.eit.pk])
        form = self.client.get(url).context["form"]
        data = {"nonce": form["nonce"].value()}
        data |= {name: field.choices[1][0] for name, field in form.fields.items() if hasattr(field, "choices")}  # fmt: skip
        response = self.client.post(url, data)
        self.assertContains(response, 'class="errors"', status_code=409)
        self.assertContains(response, "checked", status_code=409)

    def test_an_indicator_value_refused_over_htmx_comes_back_in_its_row(self):
        url = reverse("ethics:indicator-year", args=[self.org_a.slug, self.indicator.pk, 2568])
        response = self.client.post(url, {"value": "-5", "target": "80", "note": "ค่าที่พิมพ์"}, headers=HX)  # fmt: skip
        self.assertContains(response, f'<tr id="indicator-{self.indicator.pk}"', status_code=400)
        self.assertContains(response, 'value="-5"', status_code=400)
        self.assertContains(response, 'value="ค่าที่พิมพ์"', status_code=400)
        self.assertContains(response, 'class="errors"', status_code=400)
        self.assertFalse(IndicatorYear.objects.exists())


class RejectedComplaintFormTests(ComplaintTestCase):
    def test_a_move_that_cannot_follow_stays_on_the_complaint_with_the_reason(self):
        self.file()
        complaint = Complaint.objects.get()
        self.login(self.handler)
        url = reverse("complaints:move", args=[self.org_a.slug, complaint.pk])
        response = self.client.post(url, {"status": "concluded", "outcome": "founded"})
        self.assertContains(response, 'class="errors"', status_code=400)
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, "received")

    def test_an_empty_message_from_the_complainant_is_a_400_with_the_error(self):
        _response, receipt = self.file()
        url = reverse("complaints:follow-up", args=[self.org_a.slug])
        response = self.client.post(url, {"receipt": receipt, "text": ""})
        self.assertContains(response, '<p class="error">', status_code=400)
        self.assertFalse(Complaint.objects.get().messages.exists())
