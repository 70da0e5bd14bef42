"""The survey workbench's edges (issue 12 §3): the campaign page counts the codes and says what
printing again does; plain words instead of "ค่าลายนิ้วมือ"; plain Thai in the public form's errors."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from prongsai.surveys.intake import generate_codes, spend_code
from prongsai.surveys.models import Campaign
from prongsai.surveys.questionnaire import for_campaign
from prongsai.test import BaseTestCase

DJANGO_WORDS = ("ฟิลด์นี้จำเป็น", "เลือกตัวเลือกที่ถูกต้อง", "This field is required")


class SurveyEdgeTests(BaseTestCase):
    def setUp(self):
        today = timezone.localdate()
        period = {"opens": today - timedelta(days=1), "closes": today + timedelta(days=30)}
        self.iit = Campaign.objects.create(org=self.org_a, year=2568, tool="iit", **period)
        self.eit = Campaign.objects.create(org=self.org_a, year=2568, tool="eit", **period)

    def campaign_page(self):
        self.login(self.officer_a)
        return self.client.get(reverse("surveys:campaign", args=[self.org_a.slug, self.iit.pk]))

    def test_the_campaign_page_counts_printed_used_and_unused_codes(self):
        page = self.campaign_page()
        self.assertContains(page, 'id="codes-printed">0<')
        self.assertNotContains(page, "รหัสชุดใหม่")  # nothing printed: nothing to warn about
        codes = generate_codes(self.iit, 5)
        with transaction.atomic():
            spend_code(self.iit, codes[2])
        page = self.campaign_page()
        self.assertContains(page, 'id="codes-printed">5<')
        self.assertContains(page, 'id="codes-used">1<')
        self.assertContains(page, 'id="codes-unused">4<')
        self.assertContains(page, "การพิมพ์บัตรอีกครั้งจะสร้าง<strong>รหัสชุดใหม่</strong>")
        self.assertContains(page, "ยังใช้ตอบได้ตามเดิม")

    def test_no_fingerprint_jargon(self):
        page = self.campaign_page()
        self.assertNotContains(page, "ลายนิ้วมือ")
        self.assertContains(page, "ระบบไม่เก็บตัวรหัสไว้")

    def test_a_blank_public_form_says_what_to_do_in_plain_thai(self):
        url = reverse("surveys:survey", args=[self.eit.token])
        page = self.client.post(url, {"nothing": ""})  # a bound form with nothing filled in
        self.assertContains(page, "กรุณาเลือกคำตอบ", status_code=400)
        self.assertContains(page, "กรุณาเปิดแบบสอบถามใหม่อีกครั้ง", status_code=400)
        for words in DJANGO_WORDS:
            self.assertNotContains(page, words, status_code=400)

    def test_a_missing_code_or_an_answer_off_the_list_is_said_plainly(self):
        code = generate_codes(self.iit, 1)[0]
        url = reverse("surveys:survey", args=[self.iit.token])
        form = self.client.get(url, {"c": code}).context["form"]
        answers = {item.code: "no-such-answer" for item in for_campaign(self.iit).items}
        page = self.client.post(url, {"nonce": form["nonce"].value(), **answers})
        self.assertContains(page, "กรุณากรอกรหัสที่พิมพ์อยู่บนบัตร", status_code=400)
        self.assertContains(page, "กรุณาเลือกคำตอบจากตัวเลือกที่มีให้", status_code=400)
        for words in DJANGO_WORDS:
            self.assertNotContains(page, words, status_code=400)
