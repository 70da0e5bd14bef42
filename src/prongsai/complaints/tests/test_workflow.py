"""A complaint from filing to conclusion, the board's deadlines, statistics, retention, commands."""

from __future__ import annotations

import io
import json
import os
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from prongsai.complaints.models import Attachment, Complaint
from prongsai.complaints.retention import purge
from prongsai.complaints.tests.base import ComplaintTestCase
from prongsai.thai import fiscal_year


class WorkflowTests(ComplaintTestCase):
    def test_handler_acknowledges_and_replies_and_the_complainant_reads_it(self):
        _response, receipt = self.file()
        complaint = Complaint.objects.get()
        self.login(self.handler)
        self.client.post(
            reverse("complaints:move", args=[self.org_a.slug, complaint.pk]),
            {"status": "acknowledged"},
        )
        self.client.post(
            reverse("complaints:reply", args=[self.org_a.slug, complaint.pk]),
            {"text": "รับเรื่องแล้ว กำลังตรวจสอบ"},
        )
        self.client.logout()
        page = self.client.post(
            reverse("complaints:follow-up", args=[self.org_a.slug]), {"receipt": receipt}
        )
        self.assertContains(page, "รับเรื่องแล้ว กำลังตรวจสอบ")
        self.assertContains(page, "แจ้งรับเรื่องแก่ผู้ร้องแล้ว")  # status label
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, "acknowledged")
        self.assertEqual(
            list(complaint.audit.values_list("action", flat=True)),
            ["status:acknowledged", "replied"],
        )

    def test_a_blank_or_tampered_form_says_why_and_writes_nothing(self):
        self.file()
        complaint = Complaint.objects.get()
        self.login(self.handler)
        page = self.client.post(
            reverse("complaints:reply", args=[self.org_a.slug, complaint.pk]), {"text": "   "}
        )
        self.assertEqual(page.status_code, 400)
        self.assertContains(page, 'class="errors"', status_code=400)
        self.assertContains(page, "ฟิลด์นี้จำเป็น", status_code=400)  # Django's Thai "required"
        page = self.client.post(
            reverse("complaints:move", args=[self.org_a.slug, complaint.pk]),
            {"status": "no-such-status"},
        )
        self.assertContains(page, 'class="errors"', status_code=400)
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, "received")
        self.assertFalse(complaint.messages.exists())
        self.assertFalse(complaint.audit.filter(action="replied").exists())

    def test_a_conclusion_needs_an_outcome_and_steps_cannot_be_skipped(self):
        self.file()
        complaint = Complaint.objects.get()
        self.login(self.handler)
        url = reverse("complaints:move", args=[self.org_a.slug, complaint.pk])
        self.client.post(url, {"status": "concluded", "outcome": "founded"})  # not from "received"
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, "received")
        self.client.post(url, {"status": "acknowledged"})
        self.client.post(url, {"status": "concluded"})
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, "acknowledged")
        self.client.post(url, {"status": "concluded", "outcome": "unfounded"})
        complaint.refresh_from_db()
        self.assertEqual((complaint.status, complaint.outcome), ("concluded", "unfounded"))

    def test_each_complaint_gets_the_next_case_number_of_its_fiscal_year(self):
        for _ in range(3):
            self.file()
        year = fiscal_year(timezone.localdate())
        numbers = sorted(Complaint.objects.values_list("case_year", "case_number"))
        self.assertEqual(numbers, [(year, 1), (year, 2), (year, 3)])
        self.login(self.handler)
        board = self.client.get(reverse("complaints:board", args=[self.org_a.slug]))
        self.assertContains(board, f"3/{year}")
        # the subject: the start of what was reported
        self.assertContains(board, Complaint.objects.first().what[:20])

    def test_status_names_cannot_be_confused(self):
        labels = [str(label) for label in Complaint.Status.labels]
        self.assertEqual(len(set(labels)), len(labels))
        for a in labels:
            for b in labels:
                if a != b:
                    self.assertNotIn(a, b, "one status name inside another reads the same")

    def test_overdue_complaints_are_flagged_on_the_board(self):
        self.file()
        Complaint.objects.update(received_on=timezone.localdate() - timedelta(days=9))
        self.login(self.custodian)
        board = self.client.get(reverse("complaints:board", args=[self.org_a.slug]))
        self.assertContains(board, "data-overdue")

    def test_the_complainant_can_add_a_message_with_a_file(self):
        _response, receipt = self.file()
        url = reverse("complaints:follow-up", args=[self.org_a.slug])
        pdf = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
        self.client.post(url, {"receipt": receipt, "text": "ส่งหลักฐานเพิ่มเติม", "files": [pdf]})
        complaint = Complaint.objects.get()
        self.assertEqual(complaint.messages.get().text, "ส่งหลักฐานเพิ่มเติม")
        self.assertEqual(complaint.attachments.count(), 1)


class StatisticsAndRetentionTests(ComplaintTestCase):
    def test_statistics_count_without_details(self):
        self.file(category="corruption")
        self.file(category="unfair", what="บริการไม่เท่าเทียม รายละเอียดลับ")
        year = __import__("prongsai.thai", fromlist=["fiscal_year"]).fiscal_year(
            timezone.localdate()
        )
        page = self.client.get(reverse("complaints:public-stats", args=[self.org_a.slug]))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "รายละเอียดลับ")
        out = io.StringIO()
        call_command(
            "complaints_stats", "--org", "org-a", "--year", str(year), "--json", stdout=out
        )
        data = json.loads(out.getvalue())
        self.assertEqual(data["by_category"], {"corruption": 1, "unfair": 1})
        self.assertEqual(data["total"]["received"], 2)
        with self.assertRaises(CommandError) as caught:
            call_command("complaints_stats", "--org", "nobody", "--year", "2568")
        self.assertEqual(caught.exception.returncode, 2)

    @override_settings(COMPLAINT_RETENTION_DAYS=30)
    def test_identity_and_files_are_deleted_after_the_retention_period(self):
        pdf = SimpleUploadedFile("e.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
        self.file(anonymous="0", name="นายเก็บนาน", contact="0", files=[pdf])
        self.file()
        old, recent = Complaint.objects.order_by("anonymous")
        stored = Attachment.objects.get().file
        path = stored.path
        Complaint.objects.filter(pk=old.pk).update(
            status="concluded",
            outcome="founded",
            concluded_on=timezone.localdate() - timedelta(days=31),
        )
        Complaint.objects.filter(pk=recent.pk).update(
            status="concluded",
            outcome="founded",
            concluded_on=timezone.localdate() - timedelta(days=29),
        )
        self.assertEqual(purge(), 1)
        old.refresh_from_db()
        self.assertTrue(old.identity_purged)
        self.assertEqual(old.identity(), ("", ""))
        self.assertFalse(Attachment.objects.exists())
        self.assertFalse(os.path.exists(path))
        self.assertEqual(purge(), 0)  # again: nothing more

    def test_the_url_command(self):
        out = io.StringIO()
        call_command("complaints_url", "--org", "org-a", stdout=out)
        self.assertTrue(out.getvalue().strip().endswith("/c/org-a/"))


class DocumentTests(ComplaintTestCase):
    def test_statistics_document_and_poster(self):
        from prongsai.documents.tests.conftest import squash

        self.file(category="unfair", what="รายละเอียดลับมากของผู้ร้อง")
        self.login(
            self.officer_a
        )  # any member may publish the statistics: they hold no case detail
        pdf = self.client.get(
            reverse("documents:download", args=[self.org_a.slug, "complaint_statistics", "pdf"])
            + f"?year={fiscal_year(timezone.localdate())}"
        )
        import subprocess
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(pdf.content)
            f.flush()
            text = squash(
                subprocess.run(
                    ["pdftotext", "-raw", f.name, "-"], capture_output=True, text=True, check=True
                ).stdout
            )
        self.assertIn(squash("ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"), text)
        self.assertNotIn(squash("รายละเอียดลับมาก"), text)
        self.client.logout()  # the poster is public: anyone may print it for a notice board
        poster = self.client.get(
            reverse("documents:download", args=[self.org_a.slug, "complaints_poster", "pdf"])
        )
        self.assertTrue(poster.content.startswith(b"%PDF"))
        self.login(self.officer_a)
        docx = self.client.get(
            reverse("documents:download", args=[self.org_a.slug, "complaint_statistics", "docx"])
            + f"?year={fiscal_year(timezone.localdate())}"
        )
        self.assertTrue(docx.content.startswith(b"PK"))
