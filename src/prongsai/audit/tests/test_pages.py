"""The history pages: who may read them, what they show, and their filters."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from prongsai.audit.models import AuditEntry
from prongsai.audit.tests.base import AuditTestCase
from prongsai.ethics.models import GiftEntry
from prongsai.oit.models import ComponentCheck, Evidence
from prongsai.plans.models import IntegrityMeasure, Project, RiskAssessment, RiskItem, RiskReview
from prongsai.plans.templates_data import create_plan
from prongsai.test import PASSWORD
from prongsai.thai import thai_date


class AccessTests(AuditTestCase):
    def test_the_administrator_and_the_auditor_read_it_other_roles_get_403_strangers_404(self):
        superuser = get_user_model().objects.create_superuser("root", password=PASSWORD)
        url = reverse("audit:org", args=[self.org_a.slug])
        obj = reverse(
            "audit:object", args=[self.org_a.slug, "plans.integritymeasure", self.measure_a.pk]
        )
        expected = {
            self.admin_a: 200, self.auditor_a: 200, superuser: 200,
            self.officer_a: 403, self.executive_a: 403, self.province_a: 403,
            self.officer_b: 404,
        }  # fmt: skip
        for user, status in expected.items():
            self.login(user)
            for page in (url, obj):
                with self.subTest(user=user.username, page=page):
                    self.assertEqual(self.client.get(page).status_code, status)
        self.client.logout()
        self.assertRedirects(self.client.get(url), f"{reverse('login')}?next={url}")

    def test_another_organisations_record_under_ones_own_slug_is_404(self):
        self.login(self.admin_a)
        for model, pk in (
            ("plans.integritymeasure", self.measure_b.pk),
            ("ita.itaresult", self.result_b.pk),
            ("orgs.organisation", self.org_b.pk),
            ("orgs.unit", self.unit_b.pk),
        ):
            with self.subTest(model=model):
                url = reverse("audit:object", args=[self.org_a.slug, model, pk])
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_record_of_another_organisation_deleted_is_still_404(self):
        measure_pk = self.measure_b.pk
        self.measure_b.delete()
        self.login(self.admin_a)
        url = reverse("audit:object", args=[self.org_a.slug, "plans.integritymeasure", measure_pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_untracked_models_have_no_history_page(self):
        self.login(self.admin_a)
        for model in ("surveys.response", "complaints.complaint", "auth.user", "nonsense"):
            with self.subTest(model=model):
                url = reverse("audit:object", args=[self.org_a.slug, model, 1])
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_organisation_page_links_to_it_for_those_who_may_read_it(self):
        url = reverse("audit:org", args=[self.org_a.slug])
        for user, shown in ((self.admin_a, True), (self.auditor_a, True), (self.officer_a, False)):
            self.login(user)
            page = self.client.get(reverse("orgs:detail", args=[self.org_a.slug]))
            with self.subTest(user=user.username):
                self.assertEqual(url in page.content.decode(), shown)


class PageTests(AuditTestCase):
    def edit_measure(self, user, name: str) -> None:
        fields = {"status": "in_progress", "progress": "40", "results": name}
        self.login(user)
        self.client.post(
            reverse("plans:measure-update", args=[self.org_a.slug, self.measure_a.pk]),
            {f"m{self.measure_a.pk}-{k}": v for k, v in fields.items()},
        )

    def test_it_shows_who_when_and_old_and_new_values_in_thai(self):
        self.edit_measure(self.officer_a, "จัดอบรมแล้วหนึ่งครั้ง")
        self.login(self.auditor_a)
        page = self.client.get(reverse("audit:org", args=[self.org_a.slug]))
        self.assertEqual(page.status_code, 200)
        text = page.content.decode()
        self.assertIn("ประวัติการแก้ไข", text)
        self.assertIn("สมชาย ตั้งใจทำ – เจ้าหน้าที่", text)  # full name and role, not officer-a
        self.assertNotIn("officer-a", text.split("</header>", 1)[1])
        self.assertIn("<strong>แก้ไข</strong> มาตรการส่งเสริมคุณธรรม<br>", text)  # Thai model name
        self.assertIn("วางแผนแล้ว", text)  # old status, as its Thai label
        self.assertIn("กำลังดำเนินการ", text)  # new status
        self.assertIn("จัดอบรมแล้วหนึ่งครั้ง", text)
        today = timezone.localdate()
        self.assertIn(thai_date(today, thai_digits=False), text)  # Buddhist-era date
        self.assertIn(str(today.year + 543), text)
        self.assertNotIn(today.isoformat(), text)

    def test_linked_records_are_named_not_numbered(self):
        """A change to an OIT component or a risk review names the evidence or risk it belongs
        to as a reader would ("o1 ปี 2568"), never "Evidence object (8)"."""
        evidence = Evidence.objects.create(org=self.org_a, year=2568, item="o1")
        ComponentCheck.objects.create(evidence=evidence, component="o1.1", ticked=True)
        plan = RiskAssessment.objects.create(org=self.org_a, year=2568)
        risk = RiskItem.objects.create(
            assessment=plan, process="การจัดซื้อจัดจ้าง", risk="แบ่งซื้อแบ่งจ้าง", likelihood=3, impact=4
        )
        RiskReview.objects.create(item=risk, reviewed_on=timezone.localdate(), note="ยังคงอยู่")
        self.login(self.auditor_a)
        text = self.client.get(reverse("audit:org", args=[self.org_a.slug])).content.decode()
        self.assertIn('<span class="new">o1 2568</span>', text)
        self.assertIn('<span class="new">การจัดซื้อจัดจ้าง</span>', text)
        self.assertIn(f"การจัดซื้อจัดจ้าง – {thai_date(timezone.localdate(), thai_digits=False)}", text)
        self.assertNotIn(" object (", text)
        self.assertNotIn(timezone.localdate().isoformat(), text)

    def test_filters_by_user_model_and_dates(self):
        self.edit_measure(self.officer_a, "ผลของเจ้าหน้าที่")
        self.edit_measure(self.admin_a, "ผลของผู้ดูแล")
        self.login(self.auditor_a)
        url = reverse("audit:org", args=[self.org_a.slug])
        by_admin = self.client.get(url, {"user": self.admin_a.pk})
        self.assertContains(by_admin, "ผลของผู้ดูแล")
        self.assertEqual({r["entry"].actor for r in by_admin.context["rows"]}, {self.admin_a})
        units = self.client.get(url, {"model": "orgs.unit"})
        self.assertContains(units, "สำนักปลัด")
        self.assertNotContains(units, "ผลของผู้ดูแล")
        today = timezone.localdate()
        inside = {"date_from": today.isoformat(), "date_to": today.isoformat()}
        self.assertContains(self.client.get(url, inside), "ผลของผู้ดูแล")
        tomorrow = (today + dt.timedelta(days=1)).isoformat()
        self.assertNotContains(self.client.get(url, {"date_from": tomorrow}), "ผลของผู้ดูแล")
        yesterday = (today - dt.timedelta(days=1)).isoformat()
        self.assertNotContains(self.client.get(url, {"date_to": yesterday}), "ผลของผู้ดูแล")

    def test_a_bad_filter_is_named_in_thai_and_kept_never_a_500(self):
        self.login(self.auditor_a)
        url = reverse("audit:org", args=[self.org_a.slug])
        for query in (
            {"date_from": "31/02/2568"},
            {"date_from": "2025-03-02", "date_to": "2025-03-01"},
            {"model": "surveys.response"},
            {"user": "abc"},
            {"page": "x"},
        ):
            with self.subTest(query=query):
                page = self.client.get(url, query)
                self.assertIn(page.status_code, (200, 400))
        bad = self.client.get(url, {"date_from": "31/02/2568"})
        self.assertContains(bad, "กรุณาใส่วันที่ให้ถูกต้อง", status_code=400)
        self.assertContains(bad, 'value="31/02/2568"', status_code=400)
        order = self.client.get(url, {"date_from": "2025-03-02", "date_to": "2025-03-01"})
        self.assertContains(order, "วันที่สิ้นสุดอยู่ก่อนวันที่เริ่มต้น", status_code=400)

    def test_it_is_paginated(self):
        for n in range(60):
            self.measure_a.progress = n
            self.measure_a.save()
        self.login(self.auditor_a)
        url = reverse("audit:org", args=[self.org_a.slug])
        first = self.client.get(url, {"model": "plans.integritymeasure"})
        self.assertEqual(len(first.context["rows"]), 50)
        second = self.client.get(url, {"model": "plans.integritymeasure", "page": 2})
        self.assertEqual(second.context["page"].number, 2)
        self.assertContains(second, "page=1")

    def test_the_page_costs_the_same_for_few_or_many_entries(self):
        self.login(self.auditor_a)
        url = reverse("audit:org", args=[self.org_a.slug])
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for n in range(40):
            self.measure_a.progress = n
            self.measure_a.save()
        with CaptureQueriesContext(connection) as many:
            self.client.get(url)
        self.assertLessEqual(len(many), len(few) + 2)

    def test_the_organisations_entries_are_found_through_the_index(self):
        sql = str(
            AuditEntry.objects.filter(organisation_id=self.org_a.pk).order_by("-timestamp").query
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET enable_seqscan = off")
                cursor.execute(f"EXPLAIN {sql}".replace("= %s", f"= {self.org_a.pk}"))
            else:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " ".join(str(row) for row in cursor.fetchall())
        self.assertIn("audit_org_time", plan)


class ObjectHistoryTests(AuditTestCase):
    def test_a_projects_page_shows_its_budgets_and_a_deleted_record_stays_readable(self):
        plan = create_plan(self.org_a, "แผนของเอ")
        sub = plan.dimensions.get(number=1).subsections.first()
        project = Project.objects.create(
            plan=plan, subsection=sub, name="โครงการอบรม", start_year=2566, end_year=2570
        )
        project.set_budgets({2567: 1000})
        project.set_budgets({2567: 2500})
        self.login(self.auditor_a)
        url = reverse("audit:object", args=[self.org_a.slug, "plans.project", project.pk])
        page = self.client.get(url)
        self.assertContains(page, "โครงการอบรม")
        self.assertContains(page, "1,000.00")
        self.assertContains(page, "2,500.00")
        project.delete()
        gone = self.client.get(url)
        self.assertContains(gone, "ลบแล้ว")
        self.assertContains(gone, "2,500.00")

    def test_pages_link_to_their_records_history_for_the_auditor_only(self):
        plan = create_plan(self.org_a, "แผนของเอ")
        sub = plan.dimensions.get(number=1).subsections.first()
        project = Project.objects.create(
            plan=plan, subsection=sub, name="โครงการอบรม", start_year=2566, end_year=2570
        )
        risk = RiskItem.objects.create(
            assessment=RiskAssessment.objects.create(org=self.org_a, year=2568),
            process="การจัดซื้อ", risk="ฮั้ว", likelihood=3, impact=4,
        )  # fmt: skip
        evidence = Evidence.objects.create(
            org=self.org_a, year=2568, item="o3", urls="https://a.go.th/"
        )
        gift = GiftEntry.objects.create(
            org=self.org_a, date=dt.date(2025, 1, 2), official_name="นางสาวพิมพ์ใจ ดีงาม", giver="ร้าน ก",
            relation="non_relative", occasion="ปีใหม่", description="ส้ม", value=500, decision="kept",
        )  # fmt: skip
        pages = {
            reverse("ita:dashboard", args=[self.org_a.slug, 2568]): self.result_a,
            reverse("plans:measures", args=[self.org_a.slug, 2569]): self.measure_a,
            reverse("plans:project", args=[self.org_a.slug, plan.pk, project.pk]): project,
            reverse("plans:risks", args=[self.org_a.slug, 2568]): risk,
            reverse("oit:evidence", args=[self.org_a.slug, 2568, "o3"]): evidence,
            reverse("ethics:gifts", args=[self.org_a.slug, 2568]): gift,
            reverse("ethics:gift", args=[self.org_a.slug, gift.pk]): gift,
        }
        for user, shown in ((self.auditor_a, True), (self.admin_a, True), (self.officer_a, False)):
            self.login(user)
            for url, obj in pages.items():
                link = reverse(
                    "audit:object", args=[self.org_a.slug, obj._meta.label_lower, obj.pk]
                )
                with self.subTest(user=user.username, url=url):
                    page = self.client.get(url)
                    self.assertEqual(page.status_code, 200)
                    self.assertEqual(link in page.content.decode(), shown)
                    if shown:
                        self.assertEqual(self.client.get(link).status_code, 200)
        self.assertTrue(IntegrityMeasure.objects.filter(pk=self.measure_a.pk).exists())
