"""Where the progress of results following new criteria is seen when the job belongs to no
organisation: a province's criteria on the province's job page (its administrator is sent there
after publishing), official criteria on the nation's."""

from __future__ import annotations

from unittest import mock

from django.contrib.auth import get_user_model
from django.urls import reverse

from prongsai.frameworks import drafts
from prongsai.frameworks.models import Framework
from prongsai.frameworks.store import sync_builtin_frameworks
from prongsai.ita import follow
from prongsai.ita.models import ItaResult
from prongsai.ita.results import save_results
from prongsai.ita.tests.test_comparison import national_reader
from prongsai.ita.tests.test_summaries_follow import YEAR, draft_year_results
from prongsai.jobs.models import Job
from prongsai.orgs.models import Organisation
from prongsai.test import PASSWORD, BaseTestCase


class FollowJobPageTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        users = get_user_model().objects
        cls.chonburi_admin = cls.province_admin("cb-admin", "ชลบุรี")
        cls.khonkaen_admin = cls.province_admin("kk-admin", "ขอนแก่น")
        cls.root = users.create_superuser("root", password=PASSWORD)
        cls.org_c = Organisation.objects.create(
            slug="org-c", name_th="เทศบาลตำบลซี", kind="subdistrict_municipality", province="ชลบุรี"
        )

    def publish_as(self, user, row: Framework, *, at_once: int = 0):
        self.login(user)
        url = reverse("delegation:province-publish", args=[row.province, row.pk])
        with (
            mock.patch.object(follow, "FOLLOW_AT_ONCE", at_once),
            mock.patch.object(follow.follow_task, "delay") as delay,
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post(url)
        return response, delay

    def province_results(self) -> Framework:
        """A and C hold results of YEAR made while they were ขอนแก่น's (under ขอนแก่น's criteria)
        and are now ชลบุรี's: ชลบุรี's criteria, once published, take them over."""
        khonkaen = drafts.publish(drafts.start_province_draft("ขอนแก่น", "40", YEAR))
        moved = Organisation.objects.filter(pk__in=[self.org_a.pk, self.org_c.pk])
        moved.update(province="ขอนแก่น")
        for org in moved:
            save_results(org, YEAR, draft_year_results(), ItaResult.Source.MANUAL)
        moved.update(province="ชลบุรี")
        return khonkaen

    def test_the_province_administrator_is_sent_to_the_province_s_job_page(self):
        self.province_results()
        row = drafts.start_province_draft("ชลบุรี", "20", YEAR)
        response, delay = self.publish_as(self.chonburi_admin, row)
        job = Job.objects.get(kind=Job.Kind.ITA_FOLLOW)
        delay.assert_called_once_with(job.pk)
        self.assertEqual((job.org, job.province, job.total), (None, "ชลบุรี", 2))
        page_url = reverse("jobs:province-detail", args=["ชลบุรี", job.pk])
        self.assertRedirects(response, page_url, fetch_redirect_response=False)
        page = self.client.get(page_url)
        self.assertContains(
            page,
            f"ประกาศใช้เกณฑ์ปี {YEAR} แล้ว ระบบกำลังปรับผลการประเมินของ 2 หน่วยงานตามเกณฑ์นี้"
            "เป็นงานเบื้องหลัง หน้านี้แสดงความคืบหน้า",
        )
        self.assertContains(page, "0 จาก 2")
        self.assertContains(page, "ยกเลิกงาน")  # the province's administrator may stop it
        self.assertEqual(follow.follow_task.apply(args=[job.pk]).get(), "done")
        page = self.client.get(page_url)
        self.assertContains(page, "2 จาก 2")
        self.assertContains(page, f"คิดผลสรุปใหม่ตามเกณฑ์ปี {YEAR} แล้ว 2 หน่วยงาน")
        english = self.client.get("/en" + page_url)
        self.assertContains(
            english, f"Summaries of 2 organisations made again by the {YEAR} criteria"
        )
        self.assertEqual(ItaResult.objects.get(org=self.org_c, year=YEAR).framework, row)
        listing = self.client.get(reverse("jobs:province-list", args=["ชลบุรี"]))
        self.assertContains(listing, f'data-job="{job.pk}"')
        # the province's administration page leads to its jobs
        admin_page = self.client.get(reverse("delegation:province", args=["ชลบุรี"]))
        self.assertContains(admin_page, reverse("jobs:province-list", args=["ชลบุรี"]))
        # nobody outside the province finds it, under either province's address
        for user in (self.khonkaen_admin, self.officer_a, self.officer_b):
            self.login(user)
            for name in ("ชลบุรี", "ขอนแก่น"):
                url = reverse("jobs:province-detail", args=[name, job.pk])
                with self.subTest(user=user.username, name=name):
                    self.assertEqual(self.client.get(url).status_code, 404)
        # nor under the nation's
        self.login(self.root)
        url = reverse("jobs:national-detail", args=[job.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get(page_url).status_code, 200)

    def test_a_few_results_follow_at_once_and_the_administrator_stays_on_the_page(self):
        self.province_results()
        row = drafts.start_province_draft("ชลบุรี", "20", YEAR)
        response, delay = self.publish_as(self.chonburi_admin, row, at_once=50)
        self.assertRedirects(response, reverse("delegation:province", args=["ชลบุรี"]))
        self.assertFalse(Job.objects.exists())
        delay.assert_not_called()
        self.assertEqual(ItaResult.objects.get(org=self.org_a, year=YEAR).framework, row)

    def test_official_criteria_s_job_is_followed_on_the_nation_s_job_page(self):
        khonkaen = self.province_results()
        doc = {**khonkaen.document, "urn": f"urn:prongsai:ita:{YEAR}", "version": 1}
        # the next release ships the year's official criteria: `migrate` adds them
        with (
            mock.patch("prongsai.frameworks.store.builtin_documents", return_value=[doc]),
            mock.patch.object(follow, "FOLLOW_AT_ONCE", 0),
            mock.patch.object(follow.follow_task, "delay"),
            self.assertLogs("prongsai.ita.follow", "INFO") as logged,
            self.captureOnCommitCallbacks(execute=True),
        ):
            sync_builtin_frameworks()
        job = Job.objects.get(kind=Job.Kind.ITA_FOLLOW)
        self.assertEqual((job.org, job.province, job.total), (None, "", 2))
        url = reverse("jobs:national-detail", args=[job.pk])
        self.assertIn(url, logged.output[0])  # the operator who ran `migrate` is told where
        for user in (self.root, national_reader()):
            self.login(user)
            listing = self.client.get(reverse("jobs:national-list"))
            self.assertContains(listing, f'data-job="{job.pk}"')
            self.assertContains(listing, "คิดผลสรุป ITA ใหม่ตามเกณฑ์ที่ประกาศใช้")
            self.assertContains(self.client.get(url), "0 จาก 2")
        # not a province's job, and not for a province's people
        self.assertEqual(
            self.client.get(reverse("jobs:province-detail", args=["ชลบุรี", job.pk])).status_code,
            404,
        )
        self.login(self.chonburi_admin)
        self.assertEqual(self.client.get(url).status_code, 404)
