"""The pages of jobs that belong to no organisation: a province's (for its readers, as the
province's comparison page) and the nation's (national readers and superusers, as the national
comparison page). Another province's job under one's own province is a 404 on every page."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from prongsai.ita.tests.test_comparison import national_reader
from prongsai.jobs.models import Job
from prongsai.language import page_date
from prongsai.test import PASSWORD, BaseTestCase

PAGES = ("detail", "cancel", "result")


class ScopedJobTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        users = get_user_model().objects
        cls.chonburi_admin = cls.province_admin("cb-admin", "ชลบุรี")
        cls.khonkaen_admin = cls.province_admin("kk-admin", "ขอนแก่น")
        cls.nation = national_reader()
        cls.root = users.create_superuser("root", password=PASSWORD)

    def assert_closed(self, urls, users) -> None:
        """Each user gets 404 on every URL and method; someone not logged in is sent to log in."""
        for user in users:
            self.login(user)
            for url in urls:
                for method in ("get", "post"):
                    with self.subTest(user=user.username, url=url, method=method):
                        self.assertEqual(getattr(self.client, method)(url).status_code, 404)
        self.client.logout()
        for url in urls:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertIn(reverse("login"), response["Location"])

    def setUp(self):
        self.chonburi = Job.objects.create(
            kind=Job.Kind.ITA_FOLLOW, province="ชลบุรี", state="running", done=40, total=120,
            params={"framework": 1},
        )  # fmt: skip
        self.khonkaen = Job.objects.create(
            kind=Job.Kind.ITA_REPORT, province="ขอนแก่น", state="done", done=9, total=9,
            params={"year": 2568, "fmt": "pdf"}, started_by=self.khonkaen_admin,
        )  # fmt: skip
        self.khonkaen.result.save("province-report-full-2568.pdf", ContentFile(b"%PDF-1.7 kk"))
        self.national = Job.objects.create(
            kind=Job.Kind.ITA_REPORT, state="running", done=100, total=8000,
            params={"year": 2568, "fmt": "pdf"}, started_by=self.nation,
        )  # fmt: skip

    def province_url(self, page: str, name: str, job: Job) -> str:
        return reverse(f"jobs:province-{page}", args=[name, job.pk])

    def national_url(self, page: str, job: Job) -> str:
        return reverse(f"jobs:national-{page}", args=[job.pk])


class ProvinceJobPageTests(ScopedJobTestCase):
    def test_the_province_s_reader_follows_the_job_in_thai_on_a_phone_friendly_page(self):
        self.login(self.province_a)
        url = self.province_url("detail", "ชลบุรี", self.chonburi)
        page = self.client.get(url)
        self.assertContains(page, "คิดผลสรุป ITA ใหม่ตามเกณฑ์ที่ประกาศใช้")
        self.assertContains(page, '<progress max="120" value="40">33%</progress>', html=False)
        self.assertContains(page, "40 จาก 120")
        self.assertContains(page, f'hx-get="{url}"')
        self.assertContains(page, "จังหวัดชลบุรี")  # the way back: the province's page
        self.assertContains(page, reverse("ita:province", args=["ชลบุรี"]))
        self.assertContains(page, page_date(self.chonburi.created))
        self.assertContains(page, 'name="viewport" content="width=device-width')
        self.assertNotContains(page, "ยกเลิกงาน")  # a reader does not cancel
        partial = self.client.get(url, headers={"HX-Request": "true"})
        self.assertTrue(partial.content.decode().lstrip().startswith('<div id="job-progress"'))
        listing = self.client.get(reverse("jobs:province-list", args=["ชลบุรี"]))
        self.assertContains(listing, f'data-job="{self.chonburi.pk}"')
        self.assertNotContains(listing, f'data-job="{self.khonkaen.pk}"')
        self.assertNotContains(listing, f'data-job="{self.national.pk}"')
        self.assertContains(listing, '<div class="scroll">')

    def test_the_english_page_is_english(self):
        self.login(self.province_a)
        page = self.client.get("/en" + self.province_url("detail", "ชลบุรี", self.chonburi))
        for text in ("ITA summaries made again", "Running", "40 of 120", "Background jobs"):
            self.assertContains(page, text)

    def test_the_province_s_administrator_cancels_a_reader_may_not(self):
        cancel = self.province_url("cancel", "ชลบุรี", self.chonburi)
        self.login(self.province_a)
        self.assertEqual(self.client.post(cancel).status_code, 403)
        self.chonburi.refresh_from_db()
        self.assertEqual(self.chonburi.state, "running")
        self.login(self.chonburi_admin)
        detail = self.province_url("detail", "ชลบุรี", self.chonburi)
        self.assertContains(self.client.get(detail), "ยกเลิกงาน")
        self.assertRedirects(self.client.post(cancel), detail)
        self.chonburi.refresh_from_db()
        self.assertEqual(self.chonburi.state, "cancelled")

    def test_the_result_is_downloaded_from_the_province_s_page(self):
        self.login(self.khonkaen_admin)
        url = self.province_url("result", "ขอนแก่น", self.khonkaen)
        response = self.client.get(url)
        self.assertEqual(b"".join(response.streaming_content), b"%PDF-1.7 kk")
        self.assertIn("province-report-full-2568.pdf", response["Content-Disposition"])
        page = self.client.get(self.province_url("detail", "ขอนแก่น", self.khonkaen))
        self.assertContains(page, f'href="{url}"')
        # a job not yet done has nothing to download
        running = self.province_url("result", "ชลบุรี", self.chonburi)
        self.login(self.chonburi_admin)
        self.assertEqual(self.client.get(running).status_code, 404)

    def test_another_province_s_job_under_one_s_own_province_is_a_404_on_every_page(self):
        self.login(self.chonburi_admin)
        for job in (self.khonkaen, self.national):
            for page in PAGES:
                url = self.province_url(page, "ชลบุรี", job)
                for method in ("get", "post"):
                    with self.subTest(job=job.pk, page=page, method=method):
                        self.assertEqual(getattr(self.client, method)(url).status_code, 404)
        # an organisation's job is not the province's either
        org_job = Job.objects.create(org=self.org_a, kind=Job.Kind.OIT_CHECK, state="done")
        for page in PAGES:
            url = self.province_url(page, "ชลบุรี", org_job)
            self.assertEqual(self.client.get(url).status_code, 404)
            self.assertEqual(self.client.post(url).status_code, 404)
        self.khonkaen.refresh_from_db()
        self.assertEqual(self.khonkaen.state, "done")

    def test_outsiders_get_404_and_strangers_are_sent_to_log_in(self):
        urls = [self.province_url(p, "ชลบุรี", self.chonburi) for p in PAGES]
        urls.append(reverse("jobs:province-list", args=["ชลบุรี"]))
        self.assert_closed(
            urls, (self.khonkaen_admin, self.officer_a, self.auditor_a, self.officer_b)
        )
        self.chonburi.refresh_from_db()
        self.assertEqual(self.chonburi.state, "running")

    def test_national_readers_read_every_province_s_jobs(self):
        self.login(self.nation)
        url = self.province_url("detail", "ขอนแก่น", self.khonkaen)
        self.assertEqual(self.client.get(url).status_code, 200)
        # but cancel only what they started
        self.assertEqual(
            self.client.post(self.province_url("cancel", "ชลบุรี", self.chonburi)).status_code, 403
        )

    def test_wrong_methods_are_405(self):
        self.login(self.chonburi_admin)
        self.assertEqual(
            self.client.get(self.province_url("cancel", "ชลบุรี", self.chonburi)).status_code, 405
        )
        self.assertEqual(
            self.client.post(self.province_url("detail", "ชลบุรี", self.chonburi)).status_code,
            405,
        )


class NationalJobPageTests(ScopedJobTestCase):
    def test_national_readers_follow_the_nation_s_jobs(self):
        self.login(self.nation)
        url = self.national_url("detail", self.national)
        page = self.client.get(url)
        self.assertContains(page, "100 จาก 8000")
        self.assertContains(page, "หน่วยงานทั้งหมด")
        self.assertContains(page, reverse("ita:national"))
        self.assertContains(page, "ยกเลิกงาน")  # they started it
        listing = self.client.get(reverse("jobs:national-list"))
        self.assertContains(listing, f'data-job="{self.national.pk}"')
        self.assertNotContains(listing, f'data-job="{self.chonburi.pk}"')
        self.assertRedirects(self.client.post(self.national_url("cancel", self.national)), url)
        self.national.refresh_from_db()
        self.assertEqual(self.national.state, "cancelled")

    def test_a_national_reader_cancels_only_their_own_a_superuser_any(self):
        other = Job.objects.create(kind=Job.Kind.ITA_FOLLOW, state="running", total=5000)
        self.login(self.nation)
        self.assertNotContains(self.client.get(self.national_url("detail", other)), "ยกเลิกงาน")
        self.assertEqual(self.client.post(self.national_url("cancel", other)).status_code, 403)
        self.login(self.root)
        self.client.post(self.national_url("cancel", other))
        other.refresh_from_db()
        self.assertEqual(other.state, "cancelled")

    def test_a_province_s_job_is_not_found_under_the_nation(self):
        self.login(self.root)
        for job in (self.chonburi, self.khonkaen):
            for page in PAGES:
                url = self.national_url(page, job)
                for method in ("get", "post"):
                    with self.subTest(job=job.pk, page=page, method=method):
                        self.assertEqual(getattr(self.client, method)(url).status_code, 404)

    def test_only_national_readers_and_superusers_see_the_nation_s_jobs(self):
        urls = [self.national_url(p, self.national) for p in PAGES]
        urls.append(reverse("jobs:national-list"))
        self.assert_closed(urls, (self.province_a, self.chonburi_admin, self.officer_a))
        self.national.refresh_from_db()
        self.assertEqual(self.national.state, "running")
