"""A job's page, its progress partial, cancel and result; the list; the health endpoints."""

from __future__ import annotations

import json
from unittest import mock

from django.core.files.base import ContentFile
from django.urls import reverse

from prongsai.jobs.models import Job
from prongsai.jobs.queue import app
from prongsai.test import BaseTestCase


class JobPageTests(BaseTestCase):
    def setUp(self):
        self.job = Job.objects.create(
            org=self.org_a, kind=Job.Kind.OIT_CHECK, state="running", done=7, total=30,
            params={"year": 2568}, started_by=self.officer_a,
        )  # fmt: skip
        self.url = reverse("jobs:detail", args=[self.org_a.slug, self.job.pk])

    def test_the_page_shows_the_bar_polls_every_second_and_refreshes_without_javascript(self):
        self.login(self.auditor_a)
        page = self.client.get(self.url)
        self.assertContains(page, '<progress max="30" value="7">23%</progress>', html=False)
        self.assertContains(page, "7 จาก 30")
        self.assertContains(page, 'hx-trigger="every 1s"')
        self.assertContains(page, f'hx-get="{self.url}"')
        self.assertContains(page, '<noscript><meta http-equiv="refresh" content="2"></noscript>')
        self.assertNotContains(page, "ยกเลิกงาน")  # the auditor reads only

    def test_the_english_page_is_english_and_the_thai_page_thai(self):
        self.login(self.officer_a)
        english = self.client.get("/en" + self.url)
        for text in (
            "OIT website check",
            "Running",
            "7 of 30",
            "Cancel the job",
            "Background jobs",
        ):
            self.assertContains(english, text)
        self.assertNotContains(english, "กำลังทำงาน")
        thai = self.client.get(self.url)
        for text in ("ตรวจเว็บไซต์ OIT", "กำลังทำงาน", "7 จาก 30", "ยกเลิกงาน", "งานเบื้องหลัง"):
            self.assertContains(thai, text)
        listing = self.client.get("/en" + reverse("jobs:list", args=[self.org_a.slug]))
        self.assertContains(listing, "Documents of every organisation in")

    def test_htmx_gets_the_partial_alone_and_polling_stops_when_done(self):
        self.login(self.officer_a)
        partial = self.client.get(self.url, headers={"HX-Request": "true"})
        self.assertTrue(partial.content.decode().lstrip().startswith('<div id="job-progress"'))
        self.assertNotContains(partial, "<html")
        Job.objects.filter(pk=self.job.pk).update(state="done", done=30, message="ตรวจแล้ว 30 ลิงก์")
        done = self.client.get(self.url, headers={"HX-Request": "true"})
        self.assertNotContains(done, "hx-trigger")
        self.assertContains(done, '<progress max="30" value="30">100%</progress>')
        self.assertContains(done, "ตรวจแล้ว 30 ลิงก์")
        self.assertNotContains(self.client.get(self.url), "http-equiv")

    def test_cancel_stops_the_job_and_a_reader_may_not(self):
        cancel = reverse("jobs:cancel", args=[self.org_a.slug, self.job.pk])
        self.login(self.auditor_a)
        self.assertEqual(self.client.post(cancel).status_code, 403)
        self.login(self.officer_a)
        self.assertRedirects(self.client.post(cancel), self.url)
        self.job.refresh_from_db()
        self.assertEqual((self.job.state, self.job.message), ("cancelled", "ผู้ใช้ยกเลิกงานนี้"))
        self.assertContains(self.client.get(self.url), "ยกเลิกแล้ว")

    def test_another_organisations_job_under_ones_own_slug_is_a_404(self):
        self.login(self.officer_b)
        for name in ("jobs:detail", "jobs:result"):
            url = reverse(name, args=[self.org_b.slug, self.job.pk])
            self.assertEqual(self.client.get(url).status_code, 404, name)
        cancel = reverse("jobs:cancel", args=[self.org_b.slug, self.job.pk])
        self.assertEqual(self.client.post(cancel).status_code, 404)
        self.job.refresh_from_db()
        self.assertEqual(self.job.state, "running")

    def test_the_result_is_served_once_done(self):
        result = reverse("jobs:result", args=[self.org_a.slug, self.job.pk])
        self.job.result.save("x.zip", ContentFile(b"PK-zip"), save=True)
        self.login(self.auditor_a)
        self.assertEqual(self.client.get(result).status_code, 404)  # not done yet
        Job.objects.filter(pk=self.job.pk).update(state="done")
        response = self.client.get(result)
        self.assertEqual(b"".join(response.streaming_content), b"PK-zip")
        self.assertIn('filename="x.zip"', response["Content-Disposition"])

    def test_the_list_shows_the_organisations_jobs_only(self):
        Job.objects.create(org=self.org_b, kind=Job.Kind.OIT_CHECK)
        self.login(self.officer_a)
        page = self.client.get(reverse("jobs:list", args=[self.org_a.slug]))
        self.assertContains(page, 'data-job="', count=1)
        self.assertContains(page, "7 จาก 30")
        detail = self.client.get(reverse("orgs:detail", args=[self.org_a.slug]))
        self.assertContains(detail, f'href="{reverse("jobs:list", args=[self.org_a.slug])}"')

    def test_a_document_batch_covers_the_province_the_user_may_read(self):
        self.login(self.officer_a)
        url = reverse("jobs:document_batch", args=[self.org_a.slug])
        response = self.client.post(url, {"kind": "ita_analysis", "year": "2568", "fmt": "pdf"})
        job = Job.objects.get(kind=Job.Kind.DOCUMENT_BATCH)
        self.assertRedirects(response, reverse("jobs:detail", args=[self.org_a.slug, job.pk]))
        self.assertEqual(job.params, {"orgs": [self.org_a.pk], "kind": "ita_analysis", "year": 2568, "fmt": "pdf"})  # fmt: skip
        self.assertEqual((job.state, job.total, job.started_by), ("queued", 1, self.officer_a))
        bad = self.client.post(url, {"kind": "no_such_kind", "year": "2568"})
        self.assertEqual(bad.status_code, 404)


class HealthTests(BaseTestCase):
    def test_healthz_answers_without_the_database(self):
        with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor") as cursor:
            response = self.client.get("/healthz")
        self.assertEqual((response.status_code, response.json()), (200, {"status": "ok"}))
        cursor.assert_not_called()

    def test_readyz_checks_database_cache_and_broker(self):
        response = self.client.get("/readyz")
        body = json.loads(response.content)
        self.assertEqual(response.status_code, 200, body)
        self.assertEqual(set(body["checks"]), {"database", "cache", "broker"})
        self.assertTrue(all(c["ok"] for c in body["checks"].values()))

    def test_readyz_is_503_when_the_broker_is_down(self):
        real = app.connection_for_write
        nowhere = "redis://127.0.0.1:1/0"  # a port nothing listens on
        with mock.patch.object(app, "connection_for_write", lambda **kw: real(nowhere, **kw)):
            response = self.client.get("/readyz")
        body = json.loads(response.content)
        self.assertEqual(response.status_code, 503)
        self.assertEqual(body["status"], "unavailable")
        self.assertFalse(body["checks"]["broker"]["ok"])
        self.assertTrue(body["checks"]["database"]["ok"])


class ProvinceCheckTests(BaseTestCase):
    def test_the_button_starts_one_fan_out_over_the_organisations_the_user_reads(self):
        url = reverse("oit:province_check", args=[self.org_a.slug])
        self.login(self.auditor_a)
        self.assertEqual(self.client.post(url, {"year": "2568"}).status_code, 403)
        self.login(self.officer_b)  # not a member of org A
        self.assertEqual(self.client.post(url, {"year": "2568"}).status_code, 404)
        self.login(self.officer_a)
        bad = self.client.post(url, {"year": "สองห้า"})
        self.assertEqual(bad.status_code, 400)
        self.assertFalse(Job.objects.exists())
        page = self.client.get(reverse("jobs:list", args=[self.org_a.slug]))
        self.assertContains(page, "ตรวจเว็บไซต์ OIT ของทุกหน่วยงานในจังหวัดชลบุรี")
        with self.captureOnCommitCallbacks() as sent:
            answer = self.client.post(url, {"year": "๒๕๖๘"})
        job = Job.objects.get()
        self.assertRedirects(answer, reverse("jobs:detail", args=[self.org_a.slug, job.pk]))
        self.assertEqual(
            (job.kind, job.org, job.started_by), ("oit_recheck", self.org_a, self.officer_a)
        )
        self.assertEqual(job.params, {"year": 2568, "orgs": [self.org_a.pk]})
        self.assertEqual(len(sent), 1)  # the fan-out's message, once the job is committed
