"""A finished job's result file is removed after its keeping period; the job's page says when."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from prongsai.jobs import retention, tasks
from prongsai.jobs.models import Job
from prongsai.test import BaseTestCase


class ResultRetentionTests(BaseTestCase):
    def job(self, *, days_ago: float, state: str = "done") -> Job:
        finished = timezone.now() - timedelta(days=days_ago) if state in Job.FINAL else None
        job = Job.objects.create(
            org=self.org_a, kind=Job.Kind.DOCUMENT_BATCH, state=state, done=3, total=3,
            finished=finished, started_by=self.officer_a,
        )  # fmt: skip
        job.result.save("documents.zip", ContentFile(b"PK-zip"), save=True)
        return job

    def test_a_file_past_its_days_is_removed_and_the_page_says_when(self):
        old = self.job(days_ago=settings.JOB_RESULT_DAYS + 1)
        young = self.job(days_ago=settings.JOB_RESULT_DAYS - 1)
        running = self.job(days_ago=0, state="running")
        old_name = old.result.name
        self.assertTrue(default_storage.exists(old_name))
        self.assertEqual(retention.expire_results(), 1)
        self.assertFalse(default_storage.exists(old_name))
        old.refresh_from_db()
        self.assertEqual(old.result.name, "")
        self.assertIsNotNone(old.result_removed)
        for kept in (young, running):
            kept.refresh_from_db()
            self.assertTrue(default_storage.exists(kept.result.name))
            self.assertIsNone(kept.result_removed)
        self.login(self.officer_a)
        page = self.client.get(reverse("jobs:detail", args=[self.org_a.slug, old.pk]))
        self.assertContains(page, f"ครบ {settings.JOB_RESULT_DAYS} วันหลังงานเสร็จ")
        self.assertContains(page, f"{timezone.localdate().year + 543}")  # a Buddhist-era date
        self.assertNotContains(page, "data-result")
        result = reverse("jobs:result", args=[self.org_a.slug, old.pk])
        self.assertEqual(self.client.get(result).status_code, 404)
        english = self.client.get("/en" + reverse("jobs:detail", args=[self.org_a.slug, old.pk]))
        self.assertContains(english, "The result file was removed on")
        # a second run finds nothing more to remove
        self.assertEqual(retention.expire_results(), 0)

    def test_the_scheduler_runs_it_daily_and_a_missing_file_is_no_error(self):
        entries = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
        self.assertIn(tasks.expire_results.name, entries)
        old = self.job(days_ago=settings.JOB_RESULT_DAYS + 5)
        default_storage.delete(old.result.name)  # already gone from the disk
        self.assertEqual(tasks.expire_results(), "ลบไฟล์ผลลัพธ์ที่เก็บครบกำหนดแล้ว 1 ไฟล์")
        old.refresh_from_db()
        self.assertIsNotNone(old.result_removed)
