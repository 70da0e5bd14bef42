"""The security promises of the complaint channel."""

from __future__ import annotations

import base64
import itertools
import os
import re
import zlib
from collections import Counter
from io import BytesIO
from unittest import mock

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse
from django.urls.converters import UUIDConverter
from PIL import Image, ImageFile

from prongsai.complaints import urls as complaint_urls
from prongsai.complaints.models import (
    Attachment,
    AuditEvent,
    Complaint,
    Exclusion,
    IdentityRequest,
    Message,
)
from prongsai.complaints.receipts import new_receipt
from prongsai.complaints.tests.base import ComplaintTestCase
from prongsai.pictures import MAX_PIXELS
from prongsai.surveys.tests.test_anonymity import dump_database


class ReachTests(ComplaintTestCase):
    def test_a_complaint_is_unreachable_for_other_organisations_and_non_handlers(self):
        self.file()
        complaint = Complaint.objects.get()
        attachment_url = reverse(
            "complaints:attachment", args=[self.org_a.slug, complaint.pk, complaint.pk]
        )
        board = reverse("complaints:board", args=[self.org_a.slug])
        urls = [
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
            page = self.client.get(board)
            with self.subTest(user=user.username, url=board):
                # A's own people learn who handles complaints; nobody else learns anything.
                self.assertIn(page.status_code, (200, 404))
                self.assertNotContains(page, complaint.what, status_code=page.status_code)
                self.assertNotContains(page, complaint.case, status_code=page.status_code)
                if user in (self.officer_b, self.handler_b):
                    self.assertEqual(page.status_code, 404)
                else:
                    self.assertContains(page, "ผู้รับผิดชอบเรื่องร้องเรียน")
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

    def test_the_public_pages_write_no_session(self):
        # A session row has an expiry time to the second: written beside a filing it would date
        # it (and its transaction id would sit next to the filing's on PostgreSQL).
        _response, receipt = self.file()
        self.client.post(
            reverse("complaints:follow-up", args=[self.org_a.slug]),
            {"receipt": receipt, "text": "ข้อมูลเพิ่มเติม"},
        )
        self.assertEqual(Message.objects.count(), 1)
        self.assertFalse(Session.objects.exists())

    def test_the_encrypted_identity_does_not_date_the_filing(self):
        # A Fernet token carries its encryption time in clear (bytes 1-8, big-endian seconds):
        # left as is, it would date a named complaint's filing to the second.
        self.file(anonymous="0", name="นางสาวผู้ร้อง ตัวอย่าง", contact="089-123-4567")
        complaint = Complaint.objects.get()
        for token in (complaint.name_enc, complaint.contact_enc):
            raw = base64.urlsafe_b64decode(bytes(token))
            self.assertEqual(raw[0], 0x80)  # a Fernet token
            self.assertEqual(int.from_bytes(raw[1:9], "big"), 0)
        self.assertEqual(complaint.identity(), ("นางสาวผู้ร้อง ตัวอย่าง", "089-123-4567"))

    def test_no_sequential_id_orders_complaints_in_any_url_or_page(self):
        for pattern in complaint_urls.urlpatterns:
            assert isinstance(pattern, URLPattern)
            for name, converter in pattern.pattern.converters.items():
                if name not in ("org_slug", "fmt"):
                    with self.subTest(route=str(pattern.pattern), name=name):
                        self.assertIsInstance(converter, UUIDConverter)
        for model in (Complaint, Message, Attachment, IdentityRequest):
            self.assertEqual(model._meta.pk.get_internal_type(), "UUIDField", model)
        pdf = SimpleUploadedFile("e.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
        _response, receipt = self.file(anonymous="0", name="นายหนึ่ง", contact="1", files=[pdf])
        complaint = Complaint.objects.get()
        self.login(self.handler)
        self.client.post(
            reverse("complaints:request-identity", args=[self.org_a.slug, complaint.pk]),
            {"reason": "ต้องติดต่อกลับเพื่อขอหลักฐาน"},
        )
        self.client.post(
            reverse("complaints:reply", args=[self.org_a.slug, complaint.pk]), {"text": "ตอบ"}
        )
        pages = []
        for user in (self.handler, self.custodian):
            self.login(user)
            pages.append(self.client.get(reverse("complaints:board", args=[self.org_a.slug])))
            pages.append(
                self.client.get(reverse("complaints:detail", args=[self.org_a.slug, complaint.pk]))
            )
        self.client.logout()
        pages.append(
            self.client.post(
                reverse("complaints:follow-up", args=[self.org_a.slug]), {"receipt": receipt}
            )
        )
        sequential = {str(pk) for pk in AuditEvent.objects.values_list("pk", flat=True)}
        for page in pages:
            html = page.content.decode()
            for link in re.findall(r'(?:href|action)="([^"]+)"', html):
                for segment in link.split("?")[0].strip("/").split("/"):
                    with self.subTest(link=link):
                        self.assertFalse(segment.isdigit())
            for value in re.findall(r'(?:value|data-[a-z-]+)="([^"]*)"', html):
                self.assertNotIn(value, sequential)

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


def png_bomb(width=12000, height=12000) -> bytes:
    """A picture that declares 144 million pixels in a few hundred kilobytes."""
    out = BytesIO()
    Image.new("1", (width, height)).save(out, format="PNG")
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """The PNG signature, an IHDR chunk declaring the size (8-bit grey), a tiny IDAT, IEND."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body).to_bytes(4, "big")
        return len(body).to_bytes(4, "big") + kind + body + crc

    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + chunk(b"IEND", b"")
    )


def stored_files() -> list[str]:
    root = os.path.join(settings.MEDIA_ROOT, "complaints")
    return [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files]


class PixelBudgetTests(ComplaintTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bomb = png_bomb()

    def spy_on_decoding(self):
        """Every way Pillow decodes pixels: a refusal from the header calls none of them."""
        calls = []

        def spy(original):
            def wrapped(image, *args, **kwargs):
                calls.append(original.__qualname__)
                return original(image, *args, **kwargs)

            return wrapped

        patches = [
            mock.patch.object(ImageFile.ImageFile, "load", spy(ImageFile.ImageFile.load)),
            mock.patch.object(Image.Image, "load", spy(Image.Image.load)),
            mock.patch.object(Image.Image, "tobytes", spy(Image.Image.tobytes)),
        ]
        for patch in patches:
            patch.start()
            self.addCleanup(patch.stop)
        return calls

    def test_the_bomb_is_small_and_declares_too_many_pixels(self):
        self.assertLess(len(self.bomb), 1024 * 1024)
        with Image.open(BytesIO(self.bomb)) as image:
            self.assertGreater(image.width * image.height, MAX_PIXELS)

    def test_a_pixel_bomb_on_the_form_is_refused_from_its_header(self):
        before = stored_files()
        calls = self.spy_on_decoding()
        upload = SimpleUploadedFile("ภาพหลักฐาน.png", self.bomb, content_type="image/png")
        response, _ = self.file(files=[upload], what="เรื่องที่แนบภาพใหญ่")
        self.assertEqual(calls, [])  # refused before any decoding
        self.assertContains(response, "ภาพหลักฐาน.png", status_code=400)
        self.assertContains(response, "ใหญ่เกินไป", status_code=400)
        self.assertContains(response, "40 ล้านพิกเซล", status_code=400)
        self.assertContains(response, "เรื่องที่แนบภาพใหญ่", status_code=400)  # input kept
        self.assertFalse(Complaint.objects.exists())
        self.assertFalse(Attachment.objects.exists())
        self.assertEqual(stored_files(), before)

    def test_a_pixel_bomb_in_a_follow_up_message_is_refused_from_its_header(self):
        _response, receipt = self.file()
        before = stored_files()
        calls = self.spy_on_decoding()
        upload = SimpleUploadedFile("เพิ่มเติม.png", self.bomb, content_type="image/png")
        response = self.client.post(
            reverse("complaints:follow-up", args=[self.org_a.slug]),
            {"receipt": receipt, "text": "ส่งภาพเพิ่ม", "files": [upload]},
        )
        self.assertEqual(calls, [])
        self.assertContains(response, "เพิ่มเติม.png", status_code=400)
        self.assertContains(response, "ใหญ่เกินไป", status_code=400)
        self.assertFalse(Message.objects.exists())
        self.assertFalse(Attachment.objects.exists())
        self.assertEqual(stored_files(), before)

    def test_beyond_pillows_own_limit_the_same_message(self):
        # Above twice Image.MAX_IMAGE_PIXELS Pillow refuses in Image.open itself. A bomb need not
        # be a valid picture: a header declaring 50000×50000 and a few bytes of data.
        self.assertGreater(50000 * 50000, 2 * Image.MAX_IMAGE_PIXELS)
        with self.assertRaises(Image.DecompressionBombError):
            Image.open(BytesIO(png_header(50000, 50000)))
        upload = SimpleUploadedFile("huge.png", png_header(50000, 50000), content_type="image/png")
        response, _ = self.file(files=[upload])
        self.assertContains(response, "huge.png", status_code=400)
        self.assertContains(response, "ใหญ่เกินไป", status_code=400)
        self.assertFalse(Complaint.objects.exists())

    def test_a_palette_picture_keeps_its_colours(self):
        out = BytesIO()
        red = Image.new("RGB", (8, 8), (200, 30, 30)).convert("P", palette=Image.Palette.ADAPTIVE)
        red.save(out, format="PNG")
        upload = SimpleUploadedFile("screenshot.png", out.getvalue(), content_type="image/png")
        self.assertEqual(self.file(files=[upload])[0].status_code, 201)
        with Image.open(Attachment.objects.get().file.path) as stored:
            self.assertEqual(stored.convert("RGB").getpixel((0, 0)), (200, 30, 30))

    def test_a_picture_within_the_budget_is_kept(self):
        out = BytesIO()
        Image.new("RGB", (4032, 3024), "blue").save(out, format="JPEG")
        upload = SimpleUploadedFile("phone.jpg", out.getvalue(), content_type="image/jpeg")
        response, _ = self.file(files=[upload])
        self.assertEqual(response.status_code, 201)
        with Image.open(Attachment.objects.get().file.path) as stored:
            self.assertEqual(stored.size, (4032, 3024))
