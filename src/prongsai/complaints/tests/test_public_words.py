"""The public complaint forms speak plain Thai when something is missing (issue 12 §3)."""

from __future__ import annotations

from django.urls import reverse

from prongsai.complaints.models import Complaint
from prongsai.complaints.tests.base import ComplaintTestCase

DJANGO_WORDS = ("ฟิลด์นี้จำเป็น", "เลือกตัวเลือกที่ถูกต้อง", "This field is required")


class PublicWordsTests(ComplaintTestCase):
    def test_a_blank_complaint_says_what_to_do(self):
        page, _ = self.file(category="", what="", anonymous="")
        self.assertEqual(page.status_code, 400)
        for text in ("กรุณาเลือกว่าเป็นเรื่องเกี่ยวกับอะไร", "กรุณาเล่าว่าเกิดอะไรขึ้น",
                     "กรุณาเลือกว่าจะแจ้งชื่อหรือไม่"):  # fmt: skip
            self.assertContains(page, text, status_code=400)
        for words in DJANGO_WORDS:
            self.assertNotContains(page, words, status_code=400)
        self.assertFalse(Complaint.objects.exists())

    def test_a_tampered_choice_and_a_missing_page_token_are_said_plainly(self):
        page, _ = self.file(category="no-such-thing", nonce="")
        self.assertContains(page, "กรุณาเลือกเรื่องจากตัวเลือกที่มีให้", status_code=400)
        self.assertContains(page, "กรุณาเปิดหน้าแจ้งเรื่องใหม่อีกครั้ง", status_code=400)
        for words in DJANGO_WORDS:
            self.assertNotContains(page, words, status_code=400)

    def test_a_blank_follow_up_says_what_to_do(self):
        page = self.client.post(reverse("complaints:follow-up", args=[self.org_a.slug]), {})
        self.assertContains(page, "กรุณากรอกเลขรับเรื่อง", status_code=page.status_code)
        for words in DJANGO_WORDS:
            self.assertNotContains(page, words, status_code=page.status_code)
