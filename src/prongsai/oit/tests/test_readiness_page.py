"""The checklist sets readiness beside NACC's imported OIT score, opens on the current fiscal
year, speaks Thai (English on /en/); the checker's public page and its User-Agent in use."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from unittest import mock

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from prongsai.frameworks import drafts
from prongsai.ita.models import ItaResult
from prongsai.ita.results import assessment_of, save_results
from prongsai.jobs.models import Job
from prongsai.oit import checklist, tasks
from prongsai.oit.models import ComponentCheck, Evidence
from prongsai.oit.readiness import readiness
from prongsai.oit.tests.site import EvidenceSite
from prongsai.orgs.models import Membership
from prongsai.release import VERSION
from prongsai.test import PASSWORD, BaseTestCase, results_2568

TODAY = date(2026, 12, 4)  # fiscal year 2570 (1 October 2569 – 30 September 2570)


def on(day: date):
    return mock.patch("django.utils.timezone.localdate", return_value=day)


class ReadinessBesideNaccTests(BaseTestCase):
    def publish_2570(self):
        """The organisation prepares 2570 on its own criteria (copied from 2569) and its 2570
        results are imported: o12 failed."""
        drafts.publish(drafts.start_draft(self.org_a, 2570))
        return save_results(self.org_a, 2570, results_2568(("o12",)), ItaResult.Source.IMPORT)

    def test_the_checklist_opens_on_the_current_fiscal_year_with_nacc_beside_readiness(self):
        result = self.publish_2570()
        evidence = Evidence.objects.create(
            org=self.org_a, year=2570, item="o1", urls="https://www.a-org.example/o1"
        )
        for row in checklist.rows(self.org_a, 2570):  # every component of o1 ticked: ready
            if row.code == "o1":
                for c in row.components:
                    ComponentCheck.objects.create(evidence=evidence, component=c.code, ticked=True)
        nacc = assessment_of(result).tools["oit"]
        ready = readiness(self.org_a, 2570, checklist.rows(self.org_a, 2570)).now.tools["oit"]
        self.assertLess(nacc, Decimal(100))
        self.assertLess(ready, Decimal(10))
        self.login(self.auditor_a)
        with on(TODAY):
            start = self.client.get(reverse("oit:checklist-default", args=[self.org_a.slug]))
            self.assertRedirects(start, reverse("oit:checklist", args=[self.org_a.slug, 2570]))
            page = self.client.get(start.url)
        self.assertContains(page, f'<div class="value" data-oit>{ready:.2f}</div>')
        self.assertContains(page, f'<div class="value" data-nacc-score>{nacc:.2f}</div>')
        self.assertContains(page, "คะแนน OIT จาก ป.ป.ช. ปี 2570")
        self.assertContains(page, "ความพร้อม OIT (จากหลักฐาน)")
        self.assertContains(page, "นำเข้าจากไฟล์")  # how the results came in
        self.assertContains(page, "ความพร้อมคือการประมาณของโปร่งใสจากหลักฐาน")  # the sentence
        self.assertNotContains(page, "data-other-year")  # the current year is shown
        body = page.content.decode()
        self.assertIn('data-nacc-item="o12"><span class="fail">ไม่ผ่าน</span>', body)
        self.assertIn('data-nacc-item="o1"><span class="pass">ผ่าน</span>', body)
        self.assertIn('data-item="o1" data-state="ready"', body)
        # each item's year rule, from the criteria: a report of 2569, a plan that may cover 2570
        self.assertIn('data-year-rule="previous">หลักฐานต้องเป็นของปี 2569 (รายงานของปีก่อน)', body)
        self.assertIn('data-year-rule="current_or_covering">หลักฐานเป็นของปี 2570 หรือแผนหลายปี', body)
        # every state and verdict in Thai: no status code shows as text
        for word in ("ยังไม่มีหลักฐาน", ">พร้อม<"):
            self.assertIn(word, body)
        for code in (">missing<", ">ready<", ">pass<", ">fail<"):
            self.assertNotIn(code, body)

        with on(TODAY), translation.override("en"):
            english = self.client.get(reverse("oit:checklist", args=[self.org_a.slug, 2570]))
        self.assertTrue(english.request["PATH_INFO"].startswith("/en/"))
        self.assertContains(english, "OIT score from NACC, 2570")
        self.assertContains(
            english, "estimate from the evidence recorded here and the latest automatic"
        )
        self.assertContains(english, '<span class="fail">not passed</span>')
        self.assertContains(english, "no evidence yet")
        self.assertContains(
            english, "the evidence must be of 2569 (the previous year&#x27;s report)"
        )
        self.assertNotContains(english, "ยังไม่มีหลักฐาน")

    def test_without_criteria_for_the_current_year_the_newest_earlier_year_opens_and_says_so(self):
        self.login(self.auditor_a)
        with on(TODAY):
            start = self.client.get(reverse("oit:checklist-default", args=[self.org_a.slug]))
            self.assertRedirects(start, reverse("oit:checklist", args=[self.org_a.slug, 2569]))
            page = self.client.get(start.url)
        self.assertContains(page, "ปีงบประมาณปัจจุบันคือ 2570 ซึ่งยังไม่มีเกณฑ์ ITA")
        self.assertContains(page, "ยังไม่ได้นำเข้าผลการประเมินของปีนี้")  # no 2569 results
        self.assertContains(page, '<div class="value" data-nacc-score>–</div>')
        # the auditor is told who can start this year's criteria; the administrator gets the link
        self.assertContains(page, "ผู้ดูแลระบบของหน่วยงานเริ่มเกณฑ์ปีนี้จากเกณฑ์ปีก่อนได้")
        self.assertNotContains(page, reverse("ita:criteria", args=[self.org_a.slug]))
        admin = get_user_model().objects.create_user("admin-a", password=PASSWORD)
        Membership.objects.create(user=admin, org=self.org_a, role=Membership.Role.ADMIN)
        self.login(admin)
        with on(TODAY):
            page = self.client.get(start.url)
        self.assertContains(page, f'href="{reverse("ita:criteria", args=[self.org_a.slug])}"')
        self.assertContains(page, "เริ่มเกณฑ์ปี 2570 จากเกณฑ์ปีก่อน")

    def test_an_older_year_shows_its_imported_score_and_links_to_the_current_year(self):
        self.login(self.auditor_a)
        with on(TODAY):
            page = self.client.get(reverse("oit:checklist", args=[self.org_a.slug, 2568]))
        nacc = assessment_of(self.result_a).tools["oit"]
        self.assertContains(page, f'<div class="value" data-nacc-score>{nacc:.2f}</div>')
        self.assertContains(page, "นี่คือรายการตรวจของปี 2568 ปีงบประมาณปัจจุบันคือ 2570")
        self.assertContains(page, reverse("oit:checklist-default", args=[self.org_a.slug]))

    def test_another_organisations_checklist_is_404_by_default_too(self):
        self.login(self.officer_b)
        with on(TODAY):
            response = self.client.get(reverse("oit:checklist-default", args=[self.org_a.slug]))
        self.assertEqual(response.status_code, 404)


class AboutTheCheckerTests(BaseTestCase):
    @override_settings(BASE_URL="https://prongsai.bansuan.example", CHECKER_CONTACT_URL="")
    def test_the_page_is_public_thai_and_names_the_user_agent(self):
        page = self.client.get("/about/checker/")  # no login
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "ระบบตรวจเว็บไซต์ OIT")
        self.assertContains(page, "ไม่เปิดลิงก์ไปยังบริการฝากไฟล์")
        self.assertContains(page, "คืนละหนึ่งครั้ง")
        self.assertContains(page, f"Prongsai-OIT-checker/{VERSION}")
        # by default the User-Agent points at this very page
        self.assertContains(page, "+https://prongsai.bansuan.example/about/checker/")
        english = self.client.get("/en/about/checker/")
        self.assertContains(english, "The OIT website checker")
        self.assertContains(english, "at most 30 seconds")

    @override_settings(CHECKER_CONTACT_URL="https://ops.bansuan.example/checker")
    def test_the_contact_url_is_a_setting(self):
        self.assertIn("+https://ops.bansuan.example/checker)", checklist.checker_user_agent())
        self.assertContains(self.client.get("/about/checker/"), "ops.bansuan.example/checker")

    @override_settings(OIT_ALLOW_PRIVATE=True, CHECKER_CONTACT_URL="https://ops.example/c/")
    def test_the_checklist_button_sends_the_user_agent_of_the_settings(self):
        with EvidenceSite() as site:
            self.org_a.website = site.main_site
            self.org_a.save()
            Evidence.objects.create(org=self.org_a, year=2568, item="o1", urls=site.url("/o1.html"))
            self.login(self.officer_a)
            self.client.post(reverse("oit:check", args=[self.org_a.slug, 2568]))
            tasks.check_org.apply(args=[Job.objects.get(org=self.org_a).pk])
            agents = list(site.agents)
        self.assertEqual(len(agents), 1)
        self.assertIn(f"Prongsai-OIT-checker/{VERSION}; +https://ops.example/c/)", agents[0])
