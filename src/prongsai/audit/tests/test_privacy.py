"""Privacy first: survey answers and complaints never enter the audit trail, nor does any address.

Survey responses, answers, one-time codes and nonces, and everything about complaints (their own
append-only log is the only record of who looked at them) are not registered; a test files a
named complaint and submits survey answers and finds no entry and no trace of the complainant.
"""

from __future__ import annotations

import json
from datetime import timedelta

from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from prongsai.audit.models import AuditEntry
from prongsai.audit.tracked import TRACKED
from prongsai.complaints.models import Complaint
from prongsai.complaints.tests.base import ComplaintTestCase
from prongsai.surveys.models import Campaign, Response
from prongsai.surveys.tests.test_anonymity import CLIENT_IP, USER_AGENT, answers_for

COMPLAINANT = "นางสาวผู้ร้องเรียน ลับเฉพาะ"
CONTACT = "081-555-0199"


def everything_recorded() -> str:
    """Every audit entry as text, every column, as someone reading the table would see it."""
    rows = AuditEntry.objects.values()
    return json.dumps(list(rows), default=str, ensure_ascii=False)


class ExclusionTests(ComplaintTestCase):
    def setUp(self):
        today = timezone.localdate()
        self.eit = Campaign.objects.create(
            org=self.org_a, year=2568, tool="eit",
            opens=today - timedelta(days=1), closes=today + timedelta(days=30),
        )  # fmt: skip
        self.mark = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()

    def new_entries(self):
        return AuditEntry.objects.filter(id__gt=self.mark)

    def test_submitting_a_survey_response_writes_no_audit_entry(self):
        url = reverse("surveys:survey", args=[self.eit.token])
        page = self.client.get(url, REMOTE_ADDR=CLIENT_IP, HTTP_USER_AGENT=USER_AGENT)
        data = {"nonce": page.context["form"]["nonce"].value(), **answers_for(self.eit)}
        self.client.post(url, data, REMOTE_ADDR=CLIENT_IP, HTTP_USER_AGENT=USER_AGENT)
        self.assertEqual(Response.objects.filter(campaign=self.eit).count(), 1)
        self.assertFalse(self.new_entries().exists())

    def test_filing_and_handling_a_named_complaint_writes_no_audit_entry(self):
        response, _receipt = self.file(anonymous="0", name=COMPLAINANT, contact=CONTACT)
        self.assertEqual(response.status_code, 201)
        complaint = Complaint.objects.get(org=self.org_a)
        self.login(self.handler)
        self.client.post(
            reverse("complaints:move", args=[self.org_a.slug, complaint.pk]),
            {"status": "acknowledged"},
        )
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, "acknowledged")
        self.login(self.custodian)
        disclosed = self.client.post(
            reverse("complaints:disclose", args=[self.org_a.slug, complaint.pk]),
            {"reason": "ตรวจสอบข้อเท็จจริงตามระเบียบ"},
        )
        self.assertContains(disclosed, COMPLAINANT)
        self.assertFalse(self.new_entries().exists())
        recorded = everything_recorded()
        for secret in (COMPLAINANT, CONTACT, "198.51.100.23", "PhoneUA"):
            self.assertNotIn(secret, recorded)

    def test_no_entry_keeps_an_address_a_port_or_an_email(self):
        user = self.officer_a
        user.email = "officer@a.go.th"
        user.save()
        self.login(user)
        self.client.post(
            reverse("ita:analysis-edit", args=[self.org_a.slug, 2568, 1]),
            {"cause": "สาเหตุ", "guideline": "แนวทาง"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
            HTTP_X_FORWARDED_PORT="4433",
        )
        entry = self.new_entries().get()
        self.assertEqual(entry.actor, user)
        self.assertEqual(
            (entry.remote_addr, entry.remote_port, entry.actor_email), (None, None, None)
        )
        recorded = everything_recorded()
        for secret in ("203.0.113.9", "198.51.100.7", "officer@a.go.th"):
            self.assertNotIn(secret, recorded)
        # The port is looked for as a whole number: a timestamp's microseconds may hold 4433.
        self.assertNotRegex(recorded, r"(?<![\w.])4433(?![\w.])")

    def test_a_campaign_entry_keeps_neither_its_salt_nor_its_public_token(self):
        self.eit.closed = True
        self.eit.save()
        entries = AuditEntry.objects.filter(content_type__model="campaign")
        self.assertEqual(entries.count(), 2)  # opened, closed
        recorded = everything_recorded()
        self.assertNotIn(self.eit.code_salt, recorded)
        self.assertNotIn(self.eit.token, recorded)


class RegistryTests(ComplaintTestCase):
    def test_no_complaint_or_survey_answer_model_is_registered(self):
        never = [
            *apps.get_app_config("complaints").get_models(),
            *(
                apps.get_model("surveys", name)
                for name in ("Response", "Answer", "OneTimeCode", "SubmissionReceipt")
            ),
        ]
        for model in never:
            with self.subTest(model=model._meta.label):
                self.assertFalse(auditlog.contains(model))
        for label in TRACKED:
            self.assertTrue(auditlog.contains(apps.get_model(label)), label)

    def test_every_model_holding_an_organisations_data_is_tracked_or_excluded_on_purpose(self):
        """A new model of a domain app must be decided on: tracked, or named here with why."""
        excluded = {
            "ita.score": "bulk-replaced; one entry per save on the result lists every figure",
            "oit.linkcheck": "machine output of the website checker, its own history",
            "ita.orgyearsummary": "derived from the tracked results, rebuilt by `ita summarise`",
            "ita.weakpoint": "derived from the tracked results, rebuilt by `ita summarise`",
            "surveys.response": "anonymous answers", "surveys.answer": "anonymous answers",
            "surveys.onetimecode": "codes must not be linkable",
            "surveys.submissionreceipt": "anonymous intake",
            "surveys.spentcodes": "which codes are spent must not be linkable to a response",
        }  # fmt: skip
        domain = (
            "orgs", "frameworks", "ita", "plans", "surveys", "ethics", "oit", "documents", "api",
        )  # fmt: skip
        for app in domain:
            for model in apps.get_app_config(app).get_models():
                label = model._meta.label_lower
                with self.subTest(model=label):
                    self.assertTrue(label in TRACKED or label in excluded, label)

    def test_the_user_model_itself_is_not_tracked(self):
        self.assertFalse(auditlog.contains(get_user_model()))
