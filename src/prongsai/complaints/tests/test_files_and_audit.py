"""What outlives what: stored files keep no time of day (read back with os.stat), and a complaint's
audit events outlive deletion attempts and the retention purge."""

from __future__ import annotations

import io
import os
import re
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import ProtectedError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from prongsai.complaints.attachments import day_stamp
from prongsai.complaints.models import Attachment, AuditEvent, Complaint, IdentityRequest
from prongsai.complaints.tests.base import ComplaintTestCase

PDF = b"%PDF-1.4\n% evidence\n%%EOF"


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def purge_command() -> str:
    out = io.StringIO()
    call_command("complaints_purge", stdout=out)
    return out.getvalue()


class FileTimeTests(ComplaintTestCase):
    def assertDateOnly(self, path, day):
        midnight = day_stamp(day)
        info = os.stat(path)
        self.assertEqual((info.st_mtime, info.st_atime), (midnight, midnight), path)
        folder = os.stat(os.path.dirname(path))
        self.assertEqual(folder.st_mtime, midnight)  # a folder's mtime: when a file was added

    def test_stored_files_keep_the_date_and_no_time_of_day(self):
        self.file(files=[pdf("ชื่อผู้ร้อง.pdf")])
        complaint = Complaint.objects.get()
        stored = Attachment.objects.get()
        self.assertRegex(
            stored.file.name, rf"^complaints/{self.org_a.pk}/incoming/[0-9a-f]{{32}}\.pdf$"
        )
        self.assertDateOnly(stored.file.path, complaint.received_on)
        self.assertEqual(open(stored.file.path, "rb").read(), PDF)
        # nothing in the row holds a time either
        row = Attachment.objects.filter(pk=stored.pk).values().get()
        self.assertIsNone(re.search(r"\d{2}:\d{2}", " ".join(str(v) for v in row.values())))

    def test_a_follow_up_file_keeps_the_date_of_its_message(self):
        _response, receipt = self.file()
        self.client.post(
            reverse("complaints:follow-up", args=[self.org_a.slug]),
            {"receipt": receipt, "text": "หลักฐานเพิ่ม", "files": [pdf()]},
        )
        stored = Attachment.objects.get()
        self.assertDateOnly(stored.file.path, stored.message.sent_on)

    def test_the_nightly_job_rewrites_earlier_files_on_a_new_inode(self):
        self.file(files=[pdf()])
        stored = Attachment.objects.get()
        self.assertIn("settled 0 files", purge_command())  # filed today: tomorrow night
        yesterday = timezone.localdate() - timedelta(days=1)
        Complaint.objects.update(received_on=yesterday)
        old_path, old_inode = stored.file.path, os.stat(stored.file.path).st_ino
        with self.captureOnCommitCallbacks(execute=True):  # the old file goes after commit
            self.assertIn("settled 1 files", purge_command())
        stored.refresh_from_db()
        self.assertRegex(stored.file.name, rf"^complaints/{self.org_a.pk}/[0-9a-f]{{32}}\.pdf$")
        self.assertFalse(os.path.exists(old_path))
        self.assertNotEqual(os.stat(stored.file.path).st_ino, old_inode)
        self.assertDateOnly(stored.file.path, yesterday)  # before reading it moves the atime
        self.assertEqual(open(stored.file.path, "rb").read(), PDF)
        self.assertIn("settled 0 files", purge_command())  # once only
        self.login(self.handler)  # and the handler still opens it
        response = self.client.get(
            reverse("complaints:attachment", args=[self.org_a.slug, stored.complaint_id, stored.pk])
        )
        self.assertEqual(b"".join(response.streaming_content), PDF)


class AuditSurvivalTests(ComplaintTestCase):
    def setUp(self):
        self.file(anonymous="0", name="นายผู้แจ้ง ลับมาก", contact="02-000-0000", files=[pdf()])
        self.complaint = Complaint.objects.get()
        self.login(self.handler)
        self.client.get(reverse("complaints:detail", args=[self.org_a.slug, self.complaint.pk]))
        self.client.post(
            reverse("complaints:request-identity", args=[self.org_a.slug, self.complaint.pk]),
            {"reason": "ต้องติดต่อกลับเพื่อขอหลักฐาน"},
        )
        self.login(self.custodian)
        self.client.post(
            reverse("complaints:disclose", args=[self.org_a.slug, self.complaint.pk]),
            {"reason": "ตรวจสอบว่าผู้ร้องเป็นผู้เสียหายโดยตรง"},
        )
        self.events = list(AuditEvent.objects.values_list("pk", "action", "actor", "detail"))
        self.assertEqual(
            [e[1] for e in self.events], ["viewed", "identity-requested", "identity-disclosed"]
        )

    def test_deleting_a_complaint_keeps_its_audit_events(self):
        with self.assertRaises(ProtectedError):
            self.complaint.delete()
        with self.assertRaises(ProtectedError):
            Complaint.objects.filter(pk=self.complaint.pk).delete()
        with self.assertRaises(ProtectedError):
            self.org_a.delete()  # nor through its organisation
        self.assertTrue(Complaint.objects.filter(pk=self.complaint.pk).exists())
        self.assertEqual(
            list(AuditEvent.objects.values_list("pk", "action", "actor", "detail")), self.events
        )
        self.assertEqual(IdentityRequest.objects.count(), 1)

    @override_settings(COMPLAINT_RETENTION_DAYS=30)
    def test_the_retention_purge_keeps_the_events_and_no_identity(self):
        Complaint.objects.update(
            status="concluded",
            outcome="founded",
            concluded_on=timezone.localdate() - timedelta(days=31),
        )
        self.assertIn("purged 1 complaints", purge_command())
        self.complaint.refresh_from_db()
        self.assertTrue(self.complaint.identity_purged)
        self.assertFalse(Attachment.objects.exists())
        kept = list(AuditEvent.objects.values_list("pk", "action", "actor", "detail"))
        self.assertEqual(kept[:3], self.events)
        self.assertEqual([e[1] for e in kept[3:]], ["retention-purge"])
        self.assertEqual(IdentityRequest.objects.count(), 1)
        # the identity-free minimum: who did what and why, never the complainant
        for _pk, _action, _actor, detail in kept:
            self.assertNotIn("ผู้แจ้ง", detail)
            self.assertNotIn("02-000-0000", detail)
        # after the purge the custodian has nothing to disclose, and says so
        response = self.client.post(
            reverse("complaints:disclose", args=[self.org_a.slug, self.complaint.pk]),
            {"reason": "ตรวจสอบอีกครั้งหลังปิดเรื่อง"},
        )
        self.assertContains(response, "ไม่มีข้อมูลตัวตน", status_code=400)
        self.assertEqual(AuditEvent.objects.filter(action="identity-disclosed").count(), 1)
