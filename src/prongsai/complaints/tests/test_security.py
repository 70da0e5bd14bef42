"""The security promises of the complaint channel."""

from __future__ import annotations

import itertools
import os
import re
from collections import Counter
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.complaints.models import Attachment, AuditEvent, Complaint, Exclusion
from prongsai.complaints.receipts import new_receipt
from prongsai.complaints.tests.base import ComplaintTestCase
from prongsai.surveys.tests.test_anonymity import dump_database


class ReachTests(ComplaintTestCase):
    def test_a_complaint_is_unreachable_for_other_organisations_and_non_handlers(self):
        self.file()
        complaint = Complaint.objects.get()
        attachment_url = reverse(
            "complaints:attachment", args=[self.org_a.slug, complaint.pk, complaint.pk]
        )
        urls = [
            reverse("complaints:board", args=[self.org_a.slug]),
            reverse("complaints:detail", args=[self.org_a.slug, complaint.pk]),
            attachment_url,
        ]
        posts = [
            reverse(f"complaints:{n}", args=[self.org_a.slug, complaint.pk])
            for n in ("move", "reply", "disclose")
        ]
        for user in (
            self.officer_b,
            self.handler_b,
            self.officer_a,
            self.auditor_a,
            self.province_a,
        ):
            self.login(user)
            for url in urls:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
            for url in posts:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(
                        self.client.post(
                            url, {"text": "x", "reason": "x" * 20, "status": "acknowledged"}
                        ).status_code,
                        404,
                    )
        # Org B's handler through org B's URL prefix, with org A's complaint id:
        self.login(self.handler_b)
        self.assertEqual(
            self.client.get(
                reverse("complaints:detail", args=[self.org_b.slug, complaint.pk])
            ).status_code,
            404,
        )
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, "received")
        self.assertFalse(complaint.messages.exists())

    def test_a_complaint_naming_a_handler_is_routed_away_from_them(self):
        self.file(who_text="นายสมชาย ใจดีมาก หัวหน้างาน")
        complaint = Complaint.objects.get()
        self.assertEqual(
            list(Exclusion.objects.values_list("user__username", flat=True)), ["handler-a"]
        )
        self.login(self.handler)
        self.assertEqual(
            self.client.get(
                reverse("complaints:detail", args=[self.org_a.slug, complaint.pk])
            ).status_code,
            404,
        )
        self.login(self.handler2)
        self.assertEqual(
            self.client.get(
                reverse("complaints:detail", args=[self.org_a.slug, complaint.pk])
            ).status_code,
            200,
        )
        self.login(self.custodian)
        self.assertEqual(
            self.client.get(
                reverse("complaints:detail", args=[self.org_a.slug, complaint.pk])
            ).status_code,
            200,
        )


class ReceiptTests(ComplaintTestCase):
    def test_receipts_are_sixteen_random_digits(self):
        receipts = [new_receipt() for _ in range(3000)]
        self.assertTrue(all(re.fullmatch(r"\d{16}", r) for r in receipts))
        self.assertEqual(len(set(receipts)), len(receipts))
        # Not from time or sequence: consecutive receipts share no long prefix, and digits are even.
        shared = [len(os.path.commonprefix([a, b])) for a, b in itertools.pairwise(receipts)]
        self.assertLess(max(shared), 8)
        digits = Counter("".join(receipts))
        self.assertLess(max(digits.values()) / min(digits.values()), 1.15)

    def test_the_receipt_is_shown_once_and_stored_only_as_a_hash(self):
        response, receipt = self.file()
        self.assertEqual(response.status_code, 201)
        self.assertContains(response, "data-receipt", status_code=201)
        self.assertEqual(len(receipt), 16)
        self.assertNotIn(receipt, dump_database())

    def test_wrong_receipts_are_rate_limited(self):
        self.file()
        url = reverse("complaints:follow-up", args=[self.org_a.slug])
        codes = [
            self.client.post(url, {"receipt": f"{n:016d}"}, REMOTE_ADDR="192.0.2.9").status_code
            for n in range(12)
        ]
        self.assertEqual(codes[:10], [404] * 10)
        self.assertEqual(codes[10:], [429, 429])
        self.assertContains(
            self.client.post(url, {"receipt": "1" * 16}, REMOTE_ADDR="192.0.2.9"),
            "มากเกินไป",
            status_code=429,
        )


class StorageTests(ComplaintTestCase):
    def test_the_database_holds_no_address_agent_or_time_after_a_batch(self):
        for n in range(5):
            self.file(
                what=f"เรื่องที่ {n}",
                anonymous="0" if n % 2 else "1",
                name="นางสาวผู้ร้อง ตัวอย่าง",
                contact="089-123-4567",
            )
        self.assertEqual(Complaint.objects.count(), 5)
        dump = dump_database()
        self.assertNotIn("198.51.100.23", dump)
        self.assertNotIn("PhoneUA", dump)
        self.assertNotIn("นางสาวผู้ร้อง", dump)  # encrypted at rest
        self.assertNotIn("089-123-4567", dump)
        complaint_rows = "\n".join(
            line for line in dump.splitlines() if line.startswith("complaints_complaint")
        )
        self.assertIsNone(re.search(r"\d{2}:\d{2}:\d{2}", complaint_rows))

    def test_identity_is_shown_only_with_a_reason_which_is_logged(self):
        self.file(anonymous="0", name="นายผู้แจ้ง ลับมาก", contact="02-000-0000")
        complaint = Complaint.objects.get()
        self.login(self.handler)
        page = self.client.get(reverse("complaints:detail", args=[self.org_a.slug, complaint.pk]))
        self.assertNotContains(page, "นายผู้แจ้ง")
        url = reverse("complaints:disclose", args=[self.org_a.slug, complaint.pk])
        refused = self.client.post(url, {"reason": "ดู"})
        self.assertEqual(refused.status_code, 400)
        self.assertNotContains(refused, "นายผู้แจ้ง", status_code=400)
        self.assertFalse(AuditEvent.objects.filter(action="identity-disclosed").exists())
        shown = self.client.post(url, {"reason": "ต้องติดต่อกลับเพื่อขอหลักฐานเพิ่มเติม"})
        self.assertContains(shown, "นายผู้แจ้ง ลับมาก")
        event = AuditEvent.objects.get(action="identity-disclosed")
        self.assertEqual((event.actor, event.detail), (self.handler, "ต้องติดต่อกลับเพื่อขอหลักฐานเพิ่มเติม"))

    def test_the_audit_log_cannot_be_edited(self):
        self.file()
        complaint = Complaint.objects.get()
        self.login(self.handler)
        self.client.get(reverse("complaints:detail", args=[self.org_a.slug, complaint.pk]))
        event = AuditEvent.objects.get(action="viewed")
        from django.core.exceptions import PermissionDenied

        event.detail = "แก้ไข"
        with self.assertRaises(PermissionDenied):
            event.save()
        with self.assertRaises(PermissionDenied):
            event.delete()
        with self.assertRaises(PermissionDenied):
            AuditEvent.objects.all().delete()
        with self.assertRaises(PermissionDenied):
            AuditEvent.objects.update(detail="x")
        self.assertEqual(AuditEvent.objects.get().detail, "")


class AttachmentTests(ComplaintTestCase):
    def jpeg_with_exif(self) -> bytes:
        from PIL import Image

        image = Image.new("RGB", (8, 8), "red")
        exif = Image.Exif()
        exif[0x013B] = "Artist Secret Name"  # Artist
        out = BytesIO()
        image.save(out, format="JPEG", exif=exif.tobytes())
        return out.getvalue()

    def test_photo_metadata_is_stripped(self):
        data = self.jpeg_with_exif()
        self.assertIn(b"Artist Secret Name", data)
        response, _ = self.file(
            files=[SimpleUploadedFile("me.jpg", data, content_type="image/jpeg")]
        )
        self.assertEqual(response.status_code, 201)
        stored = Attachment.objects.get()
        content = stored.file.read()
        self.assertTrue(content.startswith(b"\xff\xd8\xff"))
        self.assertNotIn(b"Artist Secret Name", content)
        self.assertNotIn("me.jpg", stored.file.name)

    def test_disguised_and_oversized_files_are_refused_in_thai(self):
        disguised = SimpleUploadedFile(
            "photo.jpg", b"MZ\x90\x00 this is an exe", content_type="image/jpeg"
        )
        response, _ = self.file(files=[disguised])
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "ไม่ใช่ไฟล์ภาพ JPEG หรือ PNG หรือเอกสาร PDF", status_code=400)
        big = SimpleUploadedFile(
            "big.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1), content_type="application/pdf"
        )
        response, _ = self.file(files=[big])
        self.assertContains(response, "ใหญ่เกิน 5 MB", status_code=400)
        self.assertFalse(Complaint.objects.exists())
