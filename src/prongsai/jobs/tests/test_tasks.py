"""The task bodies, run in this process (`.apply()`, Celery's eager path: unit tests only).
The real worker, its queue and a killed worker are in test_worker.py."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from unittest import mock

import docx
from celery.exceptions import SoftTimeLimitExceeded
from django.test import override_settings
from django.utils import timezone

from prongsai.complaints import tasks as complaint_tasks
from prongsai.documents import layout, registry
from prongsai.jobs import runner
from prongsai.jobs.models import Job
from prongsai.jobs.tasks import document_batch, start_document_batch
from prongsai.jobs.tests.said import assert_said_in_both
from prongsai.oit import tasks as oit_tasks
from prongsai.oit.models import Evidence, LinkCheck
from prongsai.oit.tests.site import EvidenceSite
from prongsai.orgs.models import Organisation
from prongsai.test import BaseTestCase


class DocumentBatchTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A second organisation of A's province, without ITA results for 2568.
        cls.org_c = Organisation.objects.create(
            slug="org-c", name_th="เทศบาลตำบลซี", kind="subdistrict_municipality", province="ชลบุรี"
        )

    def batch(self) -> Job:
        ids = [self.org_a.pk, self.org_c.pk]
        return start_document_batch(
            org_ids=ids, kind="ita_analysis", year=2568, fmt="docx", user=self.officer_a, org=self.org_a
        )  # fmt: skip

    def test_the_zip_holds_each_organisations_document_and_names_the_one_without(self):
        job = self.batch()
        self.assertEqual(document_batch.apply(args=[job.pk]).get(), "done")
        job.refresh_from_db()
        self.assertEqual((job.state, job.done, job.total, job.attempts), ("done", 2, 2, 1))
        title = registry.get("ita_analysis").title_th
        self.assertEqual(job.message, f"ทำเอกสาร {title} ได้ 1 จาก 2 หน่วยงาน")
        title_en = registry.get("ita_analysis").title_en
        self.assertEqual(job.message_en, f"{title_en}: made for 1 of 2 organisations")
        self.assertEqual(len(job.errors), 1)
        self.assertTrue(job.errors[0].startswith("เทศบาลตำบลซี: ยังไม่มีผลการประเมิน ITA"))
        with job.result.open("rb") as f, zipfile.ZipFile(f) as archive:
            self.assertEqual(archive.namelist(), ["ita-analysis-org-a-2568.docx"])
            word = docx.Document(io.BytesIO(archive.read("ita-analysis-org-a-2568.docx")))
        text = "\n".join(p.text for p in word.paragraphs)
        self.assertIn(self.org_a.name_th, text)

    def test_a_batch_that_made_nothing_offers_nothing_to_download(self):
        job = start_document_batch(
            org_ids=[self.org_c.pk], kind="ita_analysis", year=2568, fmt="docx",
            user=self.officer_a, org=self.org_a,
        )  # fmt: skip
        self.assertEqual(document_batch.apply(args=[job.pk]).get(), "done")
        job.refresh_from_db()
        self.assertEqual((job.state, job.done, job.total), ("done", 1, 1))
        self.assertFalse(job.result)
        self.assertEqual(len(job.errors), 1)
        self.login(self.officer_a)
        page = self.client.get(job.links["detail"])
        self.assertContains(page, "ได้ 0 จาก 1 หน่วยงาน")
        self.assertNotContains(page, "data-result")
        self.assertEqual(self.client.get(job.links["result"]).status_code, 404)

    def test_a_job_run_twice_does_no_harm(self):
        job = self.batch()
        document_batch.apply(args=[job.pk])
        job.refresh_from_db()
        first = job.result.name
        # The same message delivered again (the worker died before acknowledging it).
        self.assertEqual(document_batch.apply(args=[job.pk]).get(), "skipped")
        job.refresh_from_db()
        self.assertEqual((job.state, job.attempts, job.result.name), ("done", 1, first))

    def test_a_job_left_running_by_a_lost_worker_is_begun_afresh(self):
        job = self.batch()
        Job.objects.filter(pk=job.pk).update(state="running", done=1, attempts=1)
        self.assertEqual(document_batch.apply(args=[job.pk]).get(), "done")
        job.refresh_from_db()
        self.assertEqual((job.state, job.done, job.attempts), ("done", 2, 2))

    def test_cancelled_mid_way_the_job_stops_and_keeps_no_file(self):
        job = self.batch()
        real = layout.make

        def make_then_cancel(request, fmt):
            runner.cancel(job)  # the user presses the button while the first document is made
            return real(request, fmt)

        with mock.patch.object(layout, "make", make_then_cancel):
            self.assertEqual(document_batch.apply(args=[job.pk]).get(), "cancelled")
        job.refresh_from_db()
        self.assertEqual(job.state, "cancelled")
        self.assertEqual(job.done, 0)
        self.assertFalse(job.result)

    def test_a_job_past_its_time_limit_ends_with_a_thai_message(self):
        job = self.batch()
        with mock.patch.object(layout, "make", side_effect=SoftTimeLimitExceeded()):
            document_batch.apply(args=[job.pk])
        job.refresh_from_db()
        self.assertEqual(job.state, "failed")
        self.assertIn("ใช้เวลานานเกินกำหนด", job.message)
        self.login(self.officer_a)
        assert_said_in_both(self, job, "ใช้เวลานานเกินกำหนด", "took longer than allowed")

    def test_an_unexpected_error_fails_the_job_with_a_thai_message(self):
        job = self.batch()
        with mock.patch.object(layout, "make", side_effect=ValueError("พัง")):
            document_batch.apply(args=[job.pk])
        job.refresh_from_db()
        self.assertEqual(job.state, "failed")
        self.assertEqual(job.message, "งานไม่สำเร็จ: พัง")
        self.assertEqual(job.message_en, "The job failed: พัง")

    def test_a_queue_that_cannot_be_reached_fails_the_job(self):
        with (
            mock.patch.object(document_batch, "delay", side_effect=ConnectionRefusedError()),
            self.captureOnCommitCallbacks(execute=True),
        ):
            job = self.batch()
        job.refresh_from_db()
        self.assertEqual(job.state, "failed")
        self.assertIn("ส่งงานเข้าคิวไม่ได้", job.message)
        self.assertIn("could not be sent to the queue", job.message_en)
        self.assertIn("(ConnectionRefusedError)", job.message_en)


@override_settings(OIT_ALLOW_PRIVATE=True)
class PeriodicTaskTests(BaseTestCase):
    def night(self, site, *orgs) -> list[int]:
        """Evidence for each organisation on the site; the ids of the children the scheduler's
        message fanned out to (sent once the fan-out committed)."""
        for org in orgs:
            org.website = site.main_site
            org.save()
            Evidence.objects.create(org=org, year=2568, item="o1", urls=site.url("/o1.html"))
        return self.fan_out()

    def fan_out(self, job_id=None) -> list[int]:
        sent = []
        with (
            mock.patch.object(oit_tasks.thai, "fiscal_year", return_value=2568),
            mock.patch.object(oit_tasks.check_org, "delay", side_effect=sent.append),
            self.captureOnCommitCallbacks(execute=True),
        ):
            args = [job_id] if job_id else []
            self.assertIn(oit_tasks.recheck_all.apply(args=args).get(), ("fanned out", "skipped"))
        return sent

    def test_the_night_is_one_job_per_organisation_and_ends_with_the_last(self):
        with EvidenceSite() as site:
            sent = self.night(site, self.org_a, self.org_b)
            self.assertEqual(len(sent), 2)
            parent = Job.objects.get(kind=Job.Kind.OIT_RECHECK)
            children = Job.objects.filter(params__parent=parent.pk).order_by("org__slug")
            self.assertEqual(sorted(sent), sorted(c.pk for c in children))
            self.assertEqual([c.org for c in children], [self.org_a, self.org_b])
            self.assertEqual((parent.state, parent.done, parent.total), ("running", 0, 2))
            self.assertEqual(oit_tasks.check_org.apply(args=[sent[0]]).get(), "done")
            parent.refresh_from_db()
            self.assertEqual((parent.state, parent.done), ("running", 1))
            # The scheduler's message came twice: no second night, no second set of children.
            self.assertEqual(self.fan_out(), [sent[1]])  # only the one nobody has taken
            self.assertEqual(oit_tasks.check_org.apply(args=[sent[1]]).get(), "done")
        parent.refresh_from_db()
        self.assertEqual((parent.state, parent.done, parent.total), ("done", 2, 2))
        self.assertEqual(Job.objects.filter(kind=Job.Kind.OIT_RECHECK).count(), 1)
        self.assertEqual(Job.objects.filter(params__parent=parent.pk).count(), 2)
        self.assertEqual(LinkCheck.objects.filter(status="ok").count(), 2)
        # A night that has ended is not begun again.
        self.assertEqual(self.fan_out(), [])

    def test_a_child_run_twice_checks_once_and_counts_once(self):
        with EvidenceSite() as site:
            (child,) = self.night(site, self.org_a)
            oit_tasks.check_org.apply(args=[child])
            self.assertEqual(oit_tasks.check_org.apply(args=[child]).get(), "skipped")
        parent = Job.objects.get(kind=Job.Kind.OIT_RECHECK)
        self.assertEqual((parent.state, parent.done), ("done", 1))
        self.assertEqual(LinkCheck.objects.count(), 1)

    def test_a_failed_child_counts_and_the_parent_names_regressions(self):
        with EvidenceSite() as site:
            first, second = self.night(site, self.org_a, self.org_b)
            oit_tasks.check_org.apply(args=[first])
            oit_tasks.check_org.apply(args=[second])
            # The next night org A's page is gone and org B's check breaks.
            Job.objects.filter(kind=Job.Kind.OIT_RECHECK).update(
                created=timezone.now() - timedelta(days=1)
            )
            site.pages["/o1.html"] = (404, {}, b"")
            first, second = self.fan_out()
            oit_tasks.check_org.apply(args=[first])
            with mock.patch.object(oit_tasks, "_check", side_effect=ValueError("พัง")):
                oit_tasks.check_org.apply(args=[second])
        parent = Job.objects.filter(kind=Job.Kind.OIT_RECHECK).latest("created")
        self.assertEqual((parent.state, parent.done, parent.total), ("done", 2, 2))
        self.assertEqual(
            parent.errors,
            [f"{self.org_a.name_th} ข้อ o1: {site.url('/o1.html')}", "งานไม่สำเร็จ: พัง"],
        )

    def test_cancelling_the_night_cancels_the_checks_not_yet_done(self):
        with EvidenceSite() as site:
            first, second = self.night(site, self.org_a, self.org_b)
            oit_tasks.check_org.apply(args=[first])
            parent = Job.objects.get(kind=Job.Kind.OIT_RECHECK)
            self.assertTrue(runner.cancel(parent))
            self.assertEqual(oit_tasks.check_org.apply(args=[second]).get(), "skipped")
        self.assertEqual(Job.objects.get(pk=first).state, "done")
        self.assertEqual(Job.objects.get(pk=second).state, "cancelled")
        self.assertEqual(LinkCheck.objects.count(), 1)

    def test_the_retention_purge_runs_as_a_job(self):
        self.assertEqual(complaint_tasks.purge.apply().get(), "done")
        job = Job.objects.get(kind=Job.Kind.COMPLAINT_PURGE)
        self.assertEqual(job.state, "done")
        self.assertIn("0 เรื่อง", job.message)
        self.assertEqual(complaint_tasks.purge.apply().get(), "skipped")
