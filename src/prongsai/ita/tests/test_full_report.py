"""The full province and national report as a background job: every organisation's row, laid
out in parts, kept on the job and downloaded from the province's or the nation's job page; read
back as a reader would."""

from __future__ import annotations

import io
import itertools
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from prongsai import thai
from prongsai.documents import parts
from prongsai.documents.tests.readback import docx_text, pdf_text
from prongsai.frameworks.models import Framework
from prongsai.ita import full_report, province_report
from prongsai.ita.models import ItaResult, OrgYearSummary
from prongsai.ita.tests.test_comparison import national_reader
from prongsai.jobs import runner
from prongsai.jobs.models import Job
from prongsai.language import page_date
from prongsai.orgs.models import Organisation
from prongsai.test import BaseTestCase

YEAR = 2567  # the base test's own results are of 2568: these 600 are the year's only ones
LETTERS = "กขคงจฉชซญดตถทธนบปผพฟภมยรลวศสหอฮ"
PROVINCES = ("ชลบุรี", "ขอนแก่น", "ระยอง")


def many_organisations(n: int) -> list[Organisation]:
    """n organisations with a summary each for YEAR, ranked in the order made (the first has
    the highest total), named in Thai letters only (a name reads the same in either digits)."""
    names = ["อบต." + "".join(t) for t in itertools.product(LETTERS, repeat=3)][:n]
    orgs = Organisation.objects.bulk_create(
        Organisation(slug=f"many-{i}", name_th=name, kind="sao", province=PROVINCES[i % 3])
        for i, name in enumerate(names)
    )
    framework = Framework.objects.filter(year=YEAR, builtin=True).order_by("-version").first()
    results = ItaResult.objects.bulk_create(
        ItaResult(org=o, year=YEAR, framework=framework, source=ItaResult.Source.MANUAL)
        for o in orgs
    )
    OrgYearSummary.objects.bulk_create(
        OrgYearSummary(
            result=r, org=r.org, year=YEAR, iit=Decimal("90"), eit=Decimal("90"),
            oit=Decimal("90"), total=Decimal("99.90") - Decimal("0.05") * i, passed=True,
            rating_code="A", rating_th="ผ่าน",
        )
        for i, r in enumerate(results)
    )  # fmt: skip
    return orgs


class FullReportTestCase(BaseTestCase):
    ORGS = 600

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.many = many_organisations(cls.ORGS)
        cls.names = [o.name_th for o in cls.many]
        cls.nation = national_reader()
        cls.chonburi_admin = cls.province_admin("cb-admin", "ชลบุรี")

    def start(self, url: str, **data) -> tuple[object, Job | None]:
        """POST the page's button; the job's message is held, as the queue would hold it."""
        with (
            mock.patch.object(full_report.full_report, "delay") as delay,
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post(url, {"year": YEAR, **data})
        job = Job.objects.filter(kind=Job.Kind.ITA_REPORT).order_by("-pk").first()
        if delay.called:
            delay.assert_called_once_with(job.pk)
        return response, job

    def run_job(self, job: Job) -> Job:
        self.assertEqual(full_report.full_report.apply(args=[job.pk]).get(), "done")
        job.refresh_from_db()
        return job


class FullReportJobTests(FullReportTestCase):
    def test_the_national_page_offers_the_full_report_of_its_filters_over_the_cap(self):
        self.login(self.nation)
        page = self.client.get(reverse("ita:national"), {"year": YEAR})
        self.assertContains(page, "รายงานข้างต้นพิมพ์เฉพาะ 500 หน่วยงานแรก")
        self.assertContains(page, "รายงานฉบับเต็ม (ครบทั้ง 600 หน่วยงาน) เป็น PDF จัดทำเป็นงานเบื้องหลัง")
        self.assertContains(page, "รายงานฉบับเต็ม (ครบทั้ง 600 หน่วยงาน) เป็น Word")
        self.assertContains(page, f'action="{reverse("ita:national-report-full")}"')
        self.assertContains(page, reverse("jobs:national-list"))
        # a province's 200 fit in the report itself: no button
        page = self.client.get(reverse("ita:province", args=["ชลบุรี"]), {"year": YEAR})
        self.assertNotContains(page, "รายงานฉบับเต็ม")
        self.assertContains(page, reverse("jobs:province-list", args=["ชลบุรี"]))
        # a filter that leaves few (one province) offers none either
        page = self.client.get(reverse("ita:national"), {"year": YEAR, "province": "ระยอง"})
        self.assertNotContains(page, "รายงานฉบับเต็ม")

    def test_a_600_organisation_national_word_report_job_has_every_row(self):
        self.login(self.nation)
        response, job = self.start(reverse("ita:national-report-full"), fmt="docx")
        self.assertRedirects(
            response,
            reverse("jobs:national-detail", args=[job.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual((job.org, job.province, job.state, job.total), (None, "", "queued", 600))
        self.assertEqual(job.started_by, self.nation)
        page = self.client.get(response["Location"])
        self.assertContains(page, "กำลังจัดทำรายงานฉบับเต็ม หน้านี้แสดงความคืบหน้า")
        self.assertContains(page, "รายงานผลการประเมิน ITA ฉบับเต็มของทุกหน่วยงาน")
        self.assertContains(page, "0 จาก 600")
        self.assertContains(page, page_date(job.created))  # a Buddhist-era date
        job = self.run_job(job)
        self.assertEqual((job.state, job.done, job.total), ("done", 600, 600))
        self.assertEqual(job.message, "ทำรายงานฉบับเต็มครบทั้ง ๖๐๐ หน่วยงานแล้ว")
        self.assertEqual(job.message_en, "The full report of all 600 organisations is ready")
        page = self.client.get(reverse("jobs:national-detail", args=[job.pk]))
        result = reverse("jobs:national-result", args=[job.pk])
        self.assertContains(page, f'href="{result}"')
        download = self.client.get(result)
        self.assertEqual(download.status_code, 200)
        self.assertIn("national-report-full-2567.docx", download["Content-Disposition"])
        data = b"".join(download.streaming_content)
        text = docx_text(data)
        self.assertIn("ทั่วประเทศ", text)
        self.assertNotIn("อันดับแรกจาก", text)  # nothing cut
        ranking = Document(io.BytesIO(data)).tables[0]
        self.assertEqual(len(ranking.rows), 1 + 600)
        listed = [row.cells[1].text.split("\n")[0] for row in ranking.rows[1:]]
        self.assertEqual(listed, self.names)  # all of them, ranked
        self.assertEqual(ranking.rows[600].cells[0].text, "๖๐๐")

    def test_the_report_asked_again_while_it_is_made_is_the_same_job(self):
        self.login(self.nation)
        _response, first = self.start(reverse("ita:national-report-full"), fmt="pdf")
        response, again = self.start(reverse("ita:national-report-full"), fmt="pdf")
        self.assertEqual(again.pk, first.pk)
        self.assertRedirects(response, reverse("jobs:national-detail", args=[first.pk]))
        _response, word = self.start(reverse("ita:national-report-full"), fmt="docx")
        self.assertNotEqual(word.pk, first.pk)
        self.assertEqual(Job.objects.filter(kind=Job.Kind.ITA_REPORT).count(), 2)

    def test_a_province_report_over_the_cap_is_the_province_s_job(self):
        self.login(self.chonburi_admin)
        url = reverse("ita:province", args=["ชลบุรี"])
        with mock.patch.object(province_report, "REPORT_ROWS", 150):
            page = self.client.get(url, {"year": YEAR})
            self.assertContains(page, "รายงานฉบับเต็ม (ครบทั้ง 200 หน่วยงาน) เป็น Word")
            full = reverse("ita:province-report-full", args=["ชลบุรี"])
            response, job = self.start(full, fmt="docx")
            self.assertRedirects(response, reverse("jobs:province-detail", args=["ชลบุรี", job.pk]))
            self.assertEqual((job.org, job.province, job.total), (None, "ชลบุรี", 200))
            job = self.run_job(job)
        data = b"".join(
            self.client.get(
                reverse("jobs:province-result", args=["ชลบุรี", job.pk])
            ).streaming_content
        )
        ranking = Document(io.BytesIO(data)).tables[0]
        self.assertEqual(len(ranking.rows), 1 + 200)
        self.assertEqual(
            [row.cells[1].text for row in ranking.rows[1:]], self.names[0::3]
        )  # ชลบุรี's, every third
        self.assertIn("จังหวัดชลบุรี", docx_text(data))
        # the national list does not hold the province's job
        self.login(self.nation)
        listing = self.client.get(reverse("jobs:national-list"))
        self.assertNotContains(listing, f'data-job="{job.pk}"')
        listing = self.client.get(reverse("jobs:province-list", args=["ชลบุรี"]))
        self.assertContains(listing, f'data-job="{job.pk}"')

    def test_bad_asks_are_refused_and_start_nothing(self):
        self.login(self.nation)
        url = reverse("ita:national-report-full")
        self.assertEqual(self.start(url, fmt="odt")[0].status_code, 404)
        response, _job = self.start(url, fmt="pdf", year="x")
        self.assertEqual(response.status_code, 400)
        response, _job = self.start(url, fmt="pdf", year=2560)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "ยังไม่มีหน่วยงานใดที่นี่มีผลการประเมินปี 2560", status_code=409)
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertFalse(Job.objects.filter(kind=Job.Kind.ITA_REPORT).exists())

    def test_only_the_pages_readers_may_start_it(self):
        for user, url in (
            (self.officer_a, reverse("ita:national-report-full")),
            (self.province_a, reverse("ita:national-report-full")),  # reads ชลบุรี only
            (self.officer_a, reverse("ita:province-report-full", args=["ชลบุรี"])),
            (self.chonburi_admin, reverse("ita:province-report-full", args=["ขอนแก่น"])),
        ):
            self.login(user)
            with self.subTest(user=user.username, url=url):
                self.assertEqual(self.start(url, fmt="docx")[0].status_code, 404)
        self.client.logout()
        response, _job = self.start(reverse("ita:national-report-full"), fmt="docx")
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])
        self.assertFalse(Job.objects.filter(kind=Job.Kind.ITA_REPORT).exists())

    def test_a_job_cancelled_while_it_is_made_keeps_no_file(self):
        self.login(self.nation)
        _response, job = self.start(reverse("ita:national-report-full"), fmt="docx")
        real = runner.step

        def cancel_then_step(j, done, total=None):
            if done == 600:
                runner.cancel(j)
            return real(j, done, total)

        with mock.patch.object(runner, "step", side_effect=cancel_then_step):
            self.assertEqual(full_report.full_report.apply(args=[job.pk]).get(), "cancelled")
        job.refresh_from_db()
        self.assertEqual((job.state, job.result.name), ("cancelled", ""))


@pytest.mark.slow
class FullReportPdfTests(FullReportTestCase):
    def test_a_600_organisation_national_pdf_is_laid_out_in_parts_and_reads_back_whole(self):
        self.login(self.nation)
        _response, job = self.start(reverse("ita:national-report-full"), fmt="pdf")
        progress = []
        real = runner.step

        def recorded(j, done, total=None):
            progress.append(done)
            return real(j, done, total)

        with (
            mock.patch.object(parts, "ROWS_PER_PART", 250),
            mock.patch.object(runner, "step", side_effect=recorded),
        ):
            job = self.run_job(job)
        # rows done after each part: 250, 500, then the rest with the later tables
        self.assertEqual(progress, [0, 250, 500, 600, 600])
        self.assertEqual((job.state, job.done), ("done", 600))
        url = reverse("jobs:national-result", args=[job.pk])
        data = b"".join(self.client.get(url).streaming_content)
        self.assertTrue(data.startswith(b"%PDF"))
        text = pdf_text(data)
        found = re.findall(r"^\S+ (อบต\.\S+)\nจ\.", text, re.M)
        self.assertEqual(found, self.names)  # 600 rows, in rank order, none twice
        self.assertIn("ปีงบประมาณ พ.ศ. ๒๕๖๗", text)
        # the pages are numbered on across the parts: the last page bears its own number
        pages = len(PdfReader(io.BytesIO(data)).pages)
        self.assertGreater(pages, 20)
        numbers = [page.split("\n")[0] for page in text.split("\f")[1:pages]]
        expected = [f"- {thai.to_thai_digits(n)} -" for n in range(2, pages + 1)]
        self.assertEqual(numbers, expected, text)


@pytest.mark.slow
class ThousandthRankTests(FullReportTestCase):
    """Past the thousandth organisation the rank has four digits and a comma: the layout's rank
    column holds "๑,๐๐๐" on one line, as the page image shows it."""

    ORGS = 1001

    def test_a_four_digit_rank_reads_on_one_line(self):
        self.login(self.nation)
        _response, job = self.start(reverse("ita:national-report-full"), fmt="pdf")
        job = self.run_job(job)
        data = b"".join(
            self.client.get(reverse("jobs:national-result", args=[job.pk])).streaming_content
        )
        rows = re.findall(r"^(\S+) (อบต\.\S+)\nจ\.", pdf_text(data), re.M)
        self.assertEqual([name for _rank, name in rows], self.names)
        self.assertEqual((rows[998][0], rows[999][0], rows[1000][0]), ("๙๙๙", "๑,๐๐๐", "๑,๐๐๑"))
