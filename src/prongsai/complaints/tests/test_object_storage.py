"""Complaint files on a storage that is not a file system (S3 through django-storages in
production): filing, a follow-up, the handler's download, the nightly rewrite and the retention
purge, all through the storage API. The test storage refuses to give a local path."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from prongsai.complaints import retention
from prongsai.complaints.models import Attachment, Complaint
from prongsai.complaints.tests.base import ComplaintTestCase
from prongsai.complaints.tests.test_files_and_audit import PDF, pdf


class NoPathStorage(Storage):
    """Like an object store: named files kept in memory, and no path on this machine (Django's
    InMemoryStorage computes paths internally, so it cannot refuse them)."""

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def _open(self, name, mode="rb"):
        return ContentFile(self.files[name], name=name)

    def _save(self, name, content):
        self.files[name] = b"".join(content.chunks())
        return name

    def delete(self, name):
        self.files.pop(name, None)

    def exists(self, name):
        return name in self.files

    def size(self, name):
        return len(self.files[name])

    def url(self, name):
        raise AssertionError("complaint files are served through a view, never by URL")

    def path(self, name):
        raise AssertionError(f"a local path was asked for {name}: object storage has none")


@override_settings(
    STORAGES={
        **settings.STORAGES,
        "default": {"BACKEND": f"{NoPathStorage.__module__}.NoPathStorage"},
    }
)
class ObjectStorageTests(ComplaintTestCase):
    def stored(self) -> Attachment:
        return Attachment.objects.select_related("complaint").get()

    def read(self, name: str) -> bytes:
        with default_storage.open(name, "rb") as f:
            return f.read()

    def download(self, attachment: Attachment) -> bytes:
        self.login(self.handler)
        url = reverse(
            "complaints:attachment", args=[self.org_a.slug, attachment.complaint_id, attachment.pk]
        )
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return b"".join(response.streaming_content)

    def test_the_storage_in_use_has_no_local_paths(self):
        default_storage.exists("x")  # the lazy object resolves the storage configured
        self.assertIsInstance(default_storage._wrapped, NoPathStorage)
        with self.assertRaises(AssertionError):
            default_storage.path("x")

    def test_a_complaint_with_a_file_is_filed_kept_and_opened(self):
        response, receipt = self.file(files=[pdf()])
        self.assertEqual(response.status_code, 201, response.content.decode()[:500])
        self.assertTrue(receipt)
        stored = self.stored()
        self.assertIsInstance(stored.file.storage, NoPathStorage)
        self.assertRegex(
            stored.file.name, rf"^complaints/{self.org_a.pk}/incoming/[0-9a-f]{{32}}\.pdf$"
        )
        self.assertEqual(self.read(stored.file.name), PDF)
        self.assertEqual(self.download(stored), PDF)

    def test_a_follow_up_file_is_kept_too(self):
        _response, receipt = self.file()
        response = self.client.post(
            reverse("complaints:follow-up", args=[self.org_a.slug]),
            {"receipt": receipt, "text": "หลักฐานเพิ่ม", "files": [pdf()]},
        )
        self.assertLess(response.status_code, 400)
        stored = self.stored()
        self.assertIsNotNone(stored.message_id)
        self.assertEqual(self.read(stored.file.name), PDF)

    def test_the_nightly_rewrite_and_the_purge_work_on_it(self):
        self.file(files=[pdf()])
        yesterday = timezone.localdate() - timedelta(days=1)
        Complaint.objects.update(received_on=yesterday)
        old = self.stored().file.name
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(retention.settle_files(), 1)
        stored = self.stored()
        self.assertRegex(stored.file.name, rf"^complaints/{self.org_a.pk}/[0-9a-f]{{32}}\.pdf$")
        self.assertFalse(default_storage.exists(old))
        self.assertEqual(self.read(stored.file.name), PDF)
        self.assertEqual(self.download(stored), PDF)
        # Concluded long ago: the retention purge deletes the file from the storage.
        long_ago = timezone.localdate() - timedelta(days=settings.COMPLAINT_RETENTION_DAYS + 2)
        Complaint.objects.update(status=Complaint.Status.CONCLUDED, concluded_on=long_ago)
        self.assertEqual(retention.purge(), 1)
        self.assertFalse(default_storage.exists(stored.file.name))
        self.assertFalse(Attachment.objects.exists())
