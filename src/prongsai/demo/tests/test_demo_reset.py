"""`prongsai demo --reset`: the demo is deleted and built again; nothing else is touched."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase

from prongsai.complaints.demo import load_complaints_demo
from prongsai.complaints.models import AuditEvent, Complaint, IdentityRequest
from prongsai.demo.tests import test_demo
from prongsai.orgs.models import Organisation, Unit
from prongsai.plans.models import Project


def row_counts() -> dict[str, int]:
    """Every table's row count but the survey form receipts: by design a receipt holds a nonce's
    hash only and cannot be traced to its campaign, so the demo's stay behind (harmless: they
    only refuse that nonce again)."""
    counts = test_demo.row_counts()
    del counts["surveys.SubmissionReceipt"]
    return counts


class DemoResetTests(TestCase):
    def test_reset_undoes_changes_and_leaves_what_a_fresh_demo_leaves(self):
        call_command("demo", "--password", "demo-password-1", stdout=io.StringIO())
        fresh = row_counts()
        main = Organisation.objects.get(slug="ban-suan")
        main.name_th = "เปลี่ยนชื่อแล้ว"
        main.save()
        Project.objects.filter(plan__org=main).first().delete()
        officer = get_user_model().objects.get(username="officer-bansuan")
        complaint = Complaint.objects.filter(org=main).first()
        # Rows that PROTECT the complaint and the account: the reset must delete them first.
        AuditEvent.objects.create(complaint=complaint, actor=officer, action="viewed")
        IdentityRequest.objects.create(
            complaint=complaint,
            handler=officer,
            reason="ตรวจสอบ",
            requested_on=complaint.received_on,
        )
        self.assertNotEqual(row_counts(), fresh)

        out = io.StringIO()
        call_command("demo", "--reset", "--password", "demo-password-2", stdout=out)

        self.assertEqual(row_counts(), fresh)
        self.assertEqual(
            Organisation.objects.get(slug="ban-suan").name_th,
            "องค์การบริหารส่วนตำบลบ้านสวน (สาธิต)",
        )
        self.assertFalse(AuditEvent.objects.exists())
        self.assertIn("demo-password-2", out.getvalue())

    def test_reset_keeps_other_organisations_and_their_data(self):
        call_command("demo", "--password", "demo-password-1", stdout=io.StringIO())
        other = Organisation.objects.create(
            slug="real-org", name_th="องค์การบริหารส่วนตำบลจริง", province="ชลบุรี"
        )
        Unit.objects.create(org=other, name="สำนักปลัด")
        clerk = get_user_model().objects.create(username="real-clerk")
        load_complaints_demo(other, "real-clerk", "real-clerk")
        complaint = Complaint.objects.filter(org=other).first()
        AuditEvent.objects.create(complaint=complaint, actor=clerk, action="viewed")

        call_command("demo", "--reset", stdout=io.StringIO())

        self.assertTrue(Organisation.objects.filter(slug="real-org").exists())
        self.assertEqual(Unit.objects.filter(org=other).count(), 1)
        self.assertEqual(Complaint.objects.filter(org=other).count(), 3)
        self.assertEqual(AuditEvent.objects.filter(complaint=complaint).count(), 1)
        self.assertTrue(get_user_model().objects.filter(username="real-clerk").exists())
        self.assertEqual(Organisation.objects.count(), 7)
