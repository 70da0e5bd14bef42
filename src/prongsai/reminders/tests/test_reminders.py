"""The daily digest: the right people get the right items, once a day, unless they opted out; a
complaint handler learns a count, never a complaint."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from prongsai.complaints.models import Complaint, ComplaintRole
from prongsai.orgs.models import Membership
from prongsai.reminders.digest import items_for, round_due
from prongsai.reminders.models import ReminderSetting
from prongsai.reminders.sending import send_digests
from prongsai.reminders.tasks import send
from prongsai.surveys.models import Campaign
from prongsai.test import PASSWORD, BaseTestCase

# Three days before the 6-month round of fiscal year 2569 is due (30 April 2026).
DAY = date(2026, 4, 27)
SECRET = "นายลับ เรียกรับเงินค่าใบอนุญาตก่อสร้าง"


def inbox(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class DigestTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        users = get_user_model().objects
        for user in (cls.officer_a, cls.auditor_a, cls.officer_b):
            user.email = f"{user.username}@example.org"
            user.save()
        cls.handler = users.create_user(
            "handler-a", password=PASSWORD, email="handler-a@example.org"
        )
        ComplaintRole.objects.create(org=cls.org_a, user=cls.handler, role="handler")
        Membership.objects.create(user=cls.handler, org=cls.org_a, role="auditor")
        cls.survey = Campaign.objects.create(
            org=cls.org_a, year=2569, tool="eit", opens=date(2026, 3, 1), closes=date(2026, 4, 29)
        )
        cls.late = Complaint.objects.create(
            org=cls.org_a, receipt_hash="a" * 64, category="corruption", what=SECRET,
            who_text="นายลับ", received_on=DAY - timedelta(days=20),
        )  # fmt: skip

    def test_the_round_dates_are_data(self):
        self.assertEqual(round_due(2569, "h1"), date(2026, 4, 30))
        self.assertEqual(round_due(2569, "annual"), date(2026, 10, 31))

    def test_each_role_gets_its_own_items(self):
        officer = [i.text for i in items_for(self.officer_a, DAY)]
        self.assertEqual(len(officer), 2, officer)
        self.assertIn("รายงานผลมาตรการส่งเสริมคุณธรรมและความโปร่งใส รอบ ๖ เดือน", officer[1])
        self.assertIn("ยังไม่รายงาน ๑ มาตรการ", officer[1])
        self.assertIn("แบบสำรวจ", officer[0])  # closes on the 29th, before the round's 30th
        self.assertFalse(any("ร้องเรียน" in t for t in officer))
        # Org B's officer: org B's measure only, nothing of org A.
        other = items_for(self.officer_b, DAY)
        self.assertEqual([i.org for i in other], [self.org_b])
        # An auditor edits nothing: no reminders.
        self.assertEqual(items_for(self.auditor_a, DAY), [])
        # The handler: the complaint count, nothing of the plans.
        handler = [i.text for i in items_for(self.handler, DAY)]
        self.assertEqual(handler, ["เรื่องร้องเรียน ๑ เรื่องเลยกำหนด"])

    def test_on_english_pages_the_items_are_english_with_arabic_digits(self):
        with translation.override("en"):
            officer = [(i.text, i.when) for i in items_for(self.officer_a, DAY)]
            handler = [i.text for i in items_for(self.handler, DAY)]
        self.assertEqual(
            officer[1],
            (
                "Results of integrity measures, 6-month round, fiscal year 2569: measures not"
                " reported yet: 1",
                "30 April 2569",
            ),
        )
        self.assertTrue(officer[0][0].startswith("Survey EIT"), officer)
        self.assertEqual(handler, ["Complaints past their deadline: 1"])

    def test_the_oit_calendar_is_announced_a_week_ahead(self):
        # The 2568 calendar: evidence published by 28 February 2025.
        texts = [(i.text, i.when) for i in items_for(self.officer_a, date(2025, 2, 25))]
        self.assertIn(
            ("OIT พ.ศ.\u00a0๒๕๖๘: เผยแพร่ข้อมูลบนเว็บไซต์หลักและส่ง URL ในระบบ ITAS", "๒๘ กุมภาพันธ์ ๒๕๖๘"),
            texts,
        )
        later = [i.text for i in items_for(self.officer_a, date(2025, 3, 1))]
        self.assertFalse(any("OIT" in t for t in later), later)

    def test_reporting_the_round_clears_the_item(self):
        self.measure_a.round_results.create(fiscal_year=2569, round="h1", result="ทำแล้ว")
        texts = [i.text for i in items_for(self.officer_a, DAY)]
        self.assertFalse(any("มาตรการ" in t for t in texts), texts)

    def test_one_thai_email_each_buddhist_era_dates_and_none_for_nothing(self):
        sent = send_digests(DAY)
        self.assertEqual(
            sorted(u.username for u, _ in sent), ["handler-a", "officer-a", "officer-b"]
        )
        self.assertEqual(len(mail.outbox), 3)
        self.assertEqual(inbox(self.auditor_a), [])
        [message] = inbox(self.officer_a)
        self.assertIn("๒๗ เมษายน ๒๕๖๙", message.subject)
        self.assertIn("(กำหนด ๓๐ เมษายน ๒๕๖๙)", message.body)
        self.assertIn("(กำหนด ๒๙ เมษายน ๒๕๖๙)", message.body)
        self.assertIn(reverse("plans:measures", args=[self.org_a.slug, 2569]), message.body)
        self.assertIn(reverse("reminders:settings"), message.body)
        self.assertNotIn("2026", message.body + message.subject)

    def test_a_handler_learns_a_count_never_the_complaint(self):
        send_digests(DAY)
        [message] = inbox(self.handler)
        self.assertIn("เรื่องร้องเรียน ๑ เรื่องเลยกำหนด", message.body)
        self.assertIn(reverse("complaints:board", args=[self.org_a.slug]), message.body)
        for secret in (SECRET, "นายลับ", str(self.late.pk), "ใบอนุญาต"):
            self.assertNotIn(secret, message.body)
            self.assertNotIn(secret, message.subject)

    def test_a_concluded_complaint_is_not_reminded(self):
        Complaint.objects.filter(pk=self.late.pk).update(status="concluded")
        self.assertEqual(items_for(self.handler, DAY), [])

    def test_opt_out_is_respected(self):
        ReminderSetting.objects.create(user=self.officer_a, email_off=True)
        send_digests(DAY)
        self.assertEqual(inbox(self.officer_a), [])
        self.assertEqual(len(inbox(self.officer_b)), 1)

    def test_nothing_is_sent_twice_a_day(self):
        send_digests(DAY)
        self.assertEqual(send_digests(DAY), [])
        self.assertEqual(len(mail.outbox), 3)
        self.assertEqual(ReminderSetting.of(self.officer_a).last_sent, DAY)
        send_digests(DAY + timedelta(days=1))
        self.assertEqual(len(mail.outbox), 6)

    def test_the_command_dry_run_sends_nothing(self):
        out = StringIO()
        call_command("reminders", "send", "--dry-run", stdout=out)
        self.assertEqual(mail.outbox, [])
        self.assertIn("จะส่ง", out.getvalue())
        self.assertFalse(ReminderSetting.objects.filter(last_sent__isnull=False).exists())

    def test_the_command_sends_today(self):
        today = timezone.localdate()
        Campaign.objects.create(
            org=self.org_b, year=2570, tool="iit", opens=today, closes=today + timedelta(days=2)
        )
        call_command("reminders", "send", stdout=StringIO())
        self.assertEqual(len(inbox(self.officer_b)), 1)
        call_command("reminders", "send", stdout=StringIO())
        self.assertEqual(len(inbox(self.officer_b)), 1)

    def test_the_daily_job_is_scheduled_and_sends_once(self):
        schedule = settings.CELERY_BEAT_SCHEDULE["daily-reminders"]
        self.assertEqual(schedule["task"], send.name)
        today = timezone.localdate()
        Campaign.objects.create(
            org=self.org_b, year=2570, tool="iit", opens=today, closes=today + timedelta(days=2)
        )
        self.assertEqual(send.apply().get(), f"ส่งอีเมลแจ้งเตือน {len(mail.outbox)} ฉบับ")
        self.assertEqual(len(inbox(self.officer_b)), 1)
        self.assertEqual(send.apply().get(), "ส่งอีเมลแจ้งเตือน 0 ฉบับ")
        self.assertEqual(len(inbox(self.officer_b)), 1)


class PagesTests(BaseTestCase):
    def test_the_user_turns_the_email_off_and_on(self):
        self.login(self.officer_a)
        url = reverse("reminders:settings")
        self.assertContains(self.client.get(url), 'name="email" checked')
        self.client.post(url, {})
        self.assertTrue(ReminderSetting.of(self.officer_a).email_off)
        self.assertNotContains(self.client.get(url), 'name="email" checked')
        self.client.post(url, {"email": "on"})
        self.assertFalse(ReminderSetting.of(self.officer_a).email_off)

    def test_the_page_needs_a_login(self):
        response = self.client.get(reverse("reminders:settings"))
        self.assertEqual(response.status_code, 302)

    def test_the_dashboard_lists_the_users_reminders_for_that_org(self):
        today = timezone.localdate()
        campaign = Campaign.objects.create(
            org=self.org_a, year=2570, tool="iit", opens=today, closes=today + timedelta(days=3)
        )
        url = reverse("ita:dashboard", args=[self.org_a.slug, 2568])
        self.login(self.officer_a)
        response = self.client.get(url)
        self.assertContains(response, "งานที่ครบกำหนดหรือเลยกำหนด")
        self.assertContains(
            response, reverse("surveys:campaign", args=[self.org_a.slug, campaign.pk])
        )
        self.login(self.auditor_a)
        self.assertNotContains(self.client.get(url), "งานที่ครบกำหนดหรือเลยกำหนด")
