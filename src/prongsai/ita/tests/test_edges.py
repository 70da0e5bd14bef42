"""The workbench without sharp edges (issue 12 §3): template round trips, the import preview,
forms that say what is wrong, question texts, jump lists, year links and English names."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from prongsai.frameworks.library import criteria_years
from prongsai.ita.models import ItaResult, Score
from prongsai.ita.results import criteria_for_year
from prongsai.orgs.models import Membership
from prongsai.plans.models import IntegrityMeasure
from prongsai.test import BaseTestCase
from prongsai.thai import fiscal_year

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def fill(book_bytes: bytes, value_of) -> bytes:
    """The downloaded template with column C set to value_of(code) where that is not None."""
    book = load_workbook(BytesIO(book_bytes))
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        code = str(row[0].value or "")
        value = value_of(code)
        if value is not None:
            row[2].value = value
    out = BytesIO()
    book.save(out)
    return out.getvalue()


class TemplateRoundTripTests(BaseTestCase):
    def setUp(self):
        self.login(self.officer_a)

    def template(self, year: int) -> bytes:
        response = self.client.get(reverse("ita:template", args=[year]))
        self.assertEqual(response["Content-Type"], XLSX)
        return response.content

    def upload(self, year: int, content: bytes):
        url = reverse("ita:results-import", args=[self.org_a.slug, year])
        return self.client.post(url, {"file": SimpleUploadedFile(f"ita-{year}.xlsx", content)})

    def confirm(self, year: int, response):
        url = reverse("ita:results-import", args=[self.org_a.slug, year])
        return self.client.post(url, {"confirm": response.context["token"]})

    def test_every_shipped_year_imports_its_own_template_filled_in(self):
        self.assertTrue({2566, 2567, 2568, 2569} <= set(criteria_years()))
        for year in (2566, 2567, 2568, 2569):
            with self.subTest(year=year):
                ItaResult.objects.filter(org=self.org_a, year=year).delete()

                def value(code):
                    if code.isdecimal():
                        return 90 + int(code) / 10
                    if code.startswith("o"):
                        return 0 if code == "o1" else 100
                    return 88.5 if code else None

                content = fill(self.template(year), value)
                preview = self.upload(year, content)
                self.assertEqual(preview.status_code, 200, preview.content.decode()[:3000])
                self.assertFalse(ItaResult.objects.filter(org=self.org_a, year=year).exists())
                response = self.confirm(year, preview)
                self.assertRedirects(
                    response, reverse("ita:dashboard", args=[self.org_a.slug, year])
                )
                result = ItaResult.objects.get(org=self.org_a, year=year)
                codes = set(result.scores.values_list("code", flat=True))
                self.assertIn("1", codes)
                if criteria_for_year(year)[0].oit_items:  # 2566 lists no OIT item
                    self.assertIn("o1", codes)  # the items of a partial list are kept as items
                page = self.client.get(reverse("ita:dashboard", args=[self.org_a.slug, year]))
                self.assertIsNotNone(page.context["analysis"].assessment.total)

    def test_blank_rows_of_the_template_are_skipped(self):
        # 2567: only the indicator scores typed in; its o-rows left blank as downloaded.
        content = fill(self.template(2567), lambda c: 91 if c.isdecimal() else None)
        preview = self.upload(2567, content)
        self.assertEqual(preview.status_code, 200)
        self.confirm(2567, preview)
        result = ItaResult.objects.get(org=self.org_a, year=2567)
        self.assertEqual(result.scores.count(), 10)

    def test_a_template_as_downloaded_says_it_has_no_figures(self):
        response = self.upload(2568, self.template(2568))
        self.assertContains(response, "ไฟล์ไม่มีข้อมูล", status_code=400)
        self.assertNotContains(response, "ไม่ใช่ตัวเลข", status_code=400)

    def test_partial_item_list_scores_from_the_indicators_not_the_few_items(self):
        # 2567 lists only some OIT items: all of them passing must not make indicator 9 = 100.
        content = fill(
            self.template(2567),
            lambda c: {"9": 80}.get(c, 90) if c.isdecimal() else (100 if c else None),
        )
        self.confirm(2567, self.upload(2567, content))
        page = self.client.get(reverse("ita:dashboard", args=[self.org_a.slug, 2567]))
        self.assertEqual(page.context["analysis"].assessment.indicator(9).score, Decimal(80))

    def test_headers_are_thai_with_their_codes_and_a_sheet_explains_the_eit_parts(self):
        book = load_workbook(BytesIO(self.template(2568)))
        header = [c.value for c in book.worksheets[0][1]]
        self.assertEqual(header[:3], ["รหัส (code)", "ส่วนที่ (part)", "คะแนน (score)"])
        self.assertGreaterEqual(len(book.worksheets), 2)
        text = " ".join(
            str(c.value) for row in book.worksheets[1].iter_rows() for c in row if c.value
        )
        self.assertIn("EIT", text)
        self.assertIn("ส่วนที่ 1", text)
        self.assertIn("ส่วนที่ 2", text)
        self.assertIn("ผู้ประเมินจัดเก็บข้อมูล", text)  # the year's own part 2 name


class ImportPreviewTests(BaseTestCase):
    url_year = 2568

    def setUp(self):
        self.login(self.officer_a)
        self.url = reverse("ita:results-import", args=[self.org_a.slug, 2568])
        self.before = list(
            Score.objects.filter(result=self.result_a).values_list("code", "part", "score")
        )

    def test_the_preview_lists_new_changed_unchanged_and_removed_and_writes_nothing(self):
        # o9 changes (100 → 0), o12 stays (0), e1 part 1 is new; every question goes.
        rows = "code,score,part\no9,0,\no12,0,\ne1,77,1\n"
        page = self.client.post(self.url, {"file": SimpleUploadedFile("r.csv", rows.encode())})
        self.assertEqual(page.status_code, 200)
        preview = page.context["preview"]
        self.assertEqual([r.code for r in preview.new], ["e1"])
        self.assertEqual(
            [(r.code, r.before, r.after) for r in preview.changed],
            [("o9", Decimal(100), Decimal(0))],
        )
        self.assertEqual([r.code for r in preview.unchanged], ["o12"])
        self.assertIn("i1", [r.code for r in preview.removed])
        self.assertContains(page, "ยืนยัน")
        after = list(
            Score.objects.filter(result=self.result_a).values_list("code", "part", "score")
        )
        self.assertEqual(after, self.before)

    def test_cancelling_writes_nothing_and_a_later_confirm_is_refused(self):
        page = self.client.post(
            self.url, {"file": SimpleUploadedFile("r.csv", b"code,score\no9,0\n")}
        )
        token = page.context["token"]
        response = self.client.post(self.url, {"cancel": token})
        self.assertRedirects(response, reverse("ita:dashboard", args=[self.org_a.slug, 2568]))
        response = self.client.post(self.url, {"confirm": token})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "ไม่ได้นำเข้า", status_code=400)
        after = list(
            Score.objects.filter(result=self.result_a).values_list("code", "part", "score")
        )
        self.assertEqual(after, self.before)

    def test_confirming_writes_the_previewed_figures(self):
        page = self.client.post(
            self.url, {"file": SimpleUploadedFile("r.csv", b"code,score\no9,0\n")}
        )
        response = self.client.post(self.url, {"confirm": page.context["token"]})
        self.assertRedirects(response, reverse("ita:dashboard", args=[self.org_a.slug, 2568]))
        self.assertEqual(
            list(Score.objects.filter(result=self.result_a).values_list("code", "score")),
            [("o9", Decimal(0))],
        )


class FormErrorTests(BaseTestCase):
    def test_a_measure_ending_before_it_starts_shows_the_error_with_the_input_kept(self):
        self.login(self.officer_a)
        url = reverse("ita:measure-add", args=[self.org_a.slug, 2568, 2])
        data = {
            "m2-name": "ย้อนเวลา",
            "m2-period_start": "2026-10-01",
            "m2-period_end": "2025-09-30",
        }
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 400)
        html = response.content.decode()
        summary = html.index('id="form-problems"')
        self.assertLess(summary, html.index('id="indicator-1"'))  # said at the top of the page
        self.assertIn("วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น", html[summary : html.index('id="indicator-1"')])
        self.assertIn('href="#measure-2"', html)
        self.assertIn('value="ย้อนเวลา"', html)
        self.assertIn('value="2026-10-01"', html)
        self.assertIn('action="/o/org-a/ita/2568/analysis/2/measures/#measure-2"', html)
        self.assertFalse(IntegrityMeasure.objects.filter(name="ย้อนเวลา").exists())

    def test_a_refused_analysis_text_is_summarised_at_the_top(self):
        self.login(self.officer_a)
        url = reverse("ita:analysis-edit", args=[self.org_a.slug, 2568, 3])
        response = self.client.post(url, {"cause": "x" * 20001, "guideline": "แนวทางที่พิมพ์ไว้"})
        self.assertEqual(response.status_code, 400)
        html = response.content.decode()
        self.assertIn('id="form-problems"', html)
        self.assertIn("แนวทางที่พิมพ์ไว้", html)

    def test_the_results_entry_form_lists_its_errors_at_the_top(self):
        self.login(self.officer_a)
        url = reverse("ita:results-entry", args=[self.org_a.slug, 2568])
        response = self.client.post(url, {"ind_1": "120", "ind_2": "77"})
        self.assertEqual(response.status_code, 400)
        html = response.content.decode()
        self.assertIn('id="form-problems"', html)
        self.assertIn('href="#id_ind_1"', html)
        self.assertIn('value="77"', html)


class PointersTests(BaseTestCase):
    def test_the_dashboards_weakest_points_give_the_question_text(self):
        self.login(self.officer_a)
        page = self.client.get(reverse("ita:dashboard", args=[self.org_a.slug, 2568]))
        html = page.content.decode()
        weak = html[html.index("จุดที่ควรพัฒนา") :]
        # i10 is among indicator 4's lowest; o12 failed in indicator 9
        self.assertIn("i10", weak)
        self.assertIn("รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ", weak)

    def test_the_analysis_page_has_a_jump_list_of_indicators(self):
        self.login(self.officer_a)
        page = self.client.get(reverse("ita:analysis", args=[self.org_a.slug, 2568]))
        html = page.content.decode()
        nav = html[html.index('id="jump"') : html.index("</nav>", html.index('id="jump"'))]
        for n in range(1, 11):
            self.assertIn(f'href="#indicator-{n}"', nav)
        self.assertIn("การปฏิบัติหน้าที่", nav)

    def test_the_organisation_page_links_the_current_year_and_years_with_data(self):
        self.login(self.auditor_a)  # a reader, not only the officer
        page = self.client.get(reverse("orgs:detail", args=[self.org_a.slug]))
        current = fiscal_year(timezone.localdate())
        html = page.content.decode()
        nav = html[html.index('id="ita-years"') :]
        nav = nav[: nav.index("</nav>")]
        self.assertIn(reverse("ita:dashboard", args=[self.org_a.slug, current]), nav)
        self.assertIn(reverse("ita:dashboard", args=[self.org_a.slug, 2568]), nav)
        self.assertNotIn(reverse("ita:dashboard", args=[self.org_a.slug, 2566]), nav)


class EnglishTests(BaseTestCase):
    def get(self, name):
        self.login(self.officer_a)
        # The request activates English in this thread: the override puts Thai back after it.
        with translation.override("en"):
            url = reverse(name, args=[self.org_a.slug, 2568])
            self.assertTrue(url.startswith("/en/"))
            return self.client.get(url)

    def test_the_dashboard_names_indicators_ratings_and_findings_in_english(self):
        page = self.get("ita:dashboard")
        self.assertContains(page, "Performance of duty")
        self.assertNotContains(page, "การปฏิบัติหน้าที่")
        rating = page.context["analysis"].assessment.rating_code
        labels = {"excellent": "Excellent pass", "good": "Good pass", "pass": "Pass",
                  "improve": "Needs improvement", "urgent": "Needs urgent improvement"}  # fmt: skip
        self.assertContains(page, labels[rating])
        self.assertContains(page, "Procurement list and progress")  # the failed item o12

    def test_the_analysis_page_names_indicators_in_english(self):
        page = self.get("ita:analysis")
        self.assertContains(page, "Information disclosure")
        self.assertContains(page, "Procurement list and progress")
        self.assertNotContains(page, "การเปิดเผยข้อมูล<")

    def test_the_organisation_and_province_pages_give_the_rating_in_english(self):
        rating = self.get("ita:dashboard").context["analysis"].assessment.rating_code
        english = {"excellent": "Excellent pass", "good": "Good pass", "pass": "Pass",
                   "improve": "Needs improvement", "urgent": "Needs urgent improvement"}[rating]  # fmt: skip
        self.login(self.province_a)
        with translation.override("en"):
            for url in (
                reverse("orgs:detail", args=[self.org_a.slug]),
                reverse("ita:province", args=["ชลบุรี"]),
            ):
                with self.subTest(url=url):
                    self.assertContains(self.client.get(url), f">{english}<")


class YearWithoutCriteriaTests(BaseTestCase):
    """A year nobody has published criteria for: the dashboard says so instead of offering an
    entry that would be a 404, and points the administrator at starting them."""

    def test_the_officer_is_told_and_offered_no_entry(self):
        self.login(self.officer_a)
        page = self.client.get(reverse("ita:dashboard", args=[self.org_a.slug, 2571]))
        self.assertContains(page, "ป.ป.ช. ยังไม่ประกาศเกณฑ์การประเมิน ITA ปี 2571")
        self.assertNotContains(page, reverse("ita:results-import", args=[self.org_a.slug, 2571]))
        self.assertNotContains(page, reverse("ita:criteria", args=[self.org_a.slug]))

    def test_the_administrator_is_pointed_at_starting_them(self):
        admin = get_user_model().objects.create_user("admin-a", password="a-long-password-1")
        Membership.objects.create(user=admin, org=self.org_a, role="admin")
        self.client.force_login(admin)
        page = self.client.get(reverse("ita:dashboard", args=[self.org_a.slug, 2571]))
        self.assertContains(page, reverse("ita:criteria", args=[self.org_a.slug]))
        self.assertContains(page, "เริ่มเกณฑ์ปี 2571 จากเกณฑ์ปี 2570")

    def test_a_year_with_criteria_still_offers_the_entry(self):
        self.login(self.officer_a)
        page = self.client.get(reverse("ita:dashboard", args=[self.org_a.slug, 2569]))
        self.assertContains(page, reverse("ita:results-import", args=[self.org_a.slug, 2569]))
