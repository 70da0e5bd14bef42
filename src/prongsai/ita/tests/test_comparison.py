"""The province and national pages: stored figures, ranking, filters, heat map, trends, the
weak points counted across organisations, the exports read back, and a query count that does
not grow with the number of organisations."""

from __future__ import annotations

import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from prongsai.ita.models import ItaResult, OrgYearSummary, WeakPoint
from prongsai.ita.results import ParsedResults, assessment_of, save_results
from prongsai.orgs.models import Organisation
from prongsai.scoring.results import round2
from prongsai.test import PASSWORD, BaseTestCase, results_2568

D = Decimal


def indicator_results(*scores) -> ParsedResults:
    parsed = ParsedResults()
    parsed.indicators = {n: D(v) for n, v in enumerate(scores, start=1)}
    return parsed


LOW = indicator_results(70, 71, 72, 73, 74, 75, 76, 77, 78, 79)  # total below 85
HIGH = indicator_results(*[96] * 10)


def low_org() -> Organisation:
    """A small subdistrict municipality of ชลบุรี (บางละมุง), for results under 85."""
    return Organisation.objects.create(
        slug="low", name_th="เทศบาลตำบลต่ำ", kind="subdistrict_municipality", size="S",
        province="ชลบุรี", district="บางละมุง",
    )  # fmt: skip


def national_reader():
    user = get_user_model().objects.create_user("nation", password=PASSWORD)
    user.user_permissions.add(Permission.objects.get(codename="view_national"))
    return user


class SummaryTests(BaseTestCase):
    def test_saving_results_stores_the_figures_the_engine_gives(self):
        summary = OrgYearSummary.objects.get(org=self.org_a, year=2568)
        a = assessment_of(self.result_a)
        self.assertEqual(summary.total, round2(a.total))
        self.assertEqual(summary.iit, round2(a.tools["iit"]))
        self.assertEqual(summary.indicator(9), round2(a.indicators[8].score))
        self.assertEqual(summary.rating_th, a.rating_th)
        failed = set(summary.weak_points.filter(level="item").values_list("code", flat=True))
        self.assertEqual(failed, {"o12"})
        self.assertTrue(summary.weak_points.filter(level="question").exists())

    def test_new_figures_replace_the_summary_and_the_rebuild_restores_it(self):
        save_results(self.org_a, 2568, results_2568(("o3", "o4")), ItaResult.Source.MANUAL)
        summary = OrgYearSummary.objects.get(org=self.org_a, year=2568)
        failed = set(summary.weak_points.filter(level="item").values_list("code", flat=True))
        self.assertEqual(failed, {"o3", "o4"})
        total = summary.total
        OrgYearSummary.objects.all().delete()
        out = io.StringIO()
        call_command("ita_summarise", stdout=out)
        self.assertIn("2 results", out.getvalue())
        self.assertEqual(OrgYearSummary.objects.get(org=self.org_a, year=2568).total, total)
        self.assertEqual(WeakPoint.objects.filter(summary__org=self.org_a, code="o3").count(), 1)


class ProvincePageTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.low = low_org()
        cls.high = Organisation.objects.create(
            slug="high", name_th="=HYPERLINK(1)", kind="sao", size="L", province="ชลบุรี",
            district="ศรีราชา",
        )  # fmt: skip
        for year in (2566, 2567):
            save_results(cls.low, year, LOW, ItaResult.Source.MANUAL)
        save_results(cls.high, 2567, HIGH, ItaResult.Source.MANUAL)
        save_results(cls.high, 2566, indicator_results(*[90] * 10), ItaResult.Source.MANUAL)

    def page(self, **query):
        self.login(self.province_a)
        return self.client.get(reverse("ita:province", args=["ชลบุรี"]), query)

    def test_the_latest_year_ranked_by_total_with_links_to_dashboards(self):
        page = self.page()
        c = page.context["c"]
        self.assertEqual(c.filters.year, 2568)
        self.assertEqual(c.years, [2568, 2567, 2566])
        self.assertEqual([r["org"] for r in c.rows], [self.org_a])  # only A has 2568
        self.assertEqual(c.missing, 2)
        self.assertContains(page, reverse("ita:dashboard", args=[self.org_a.slug, 2568]))
        # the provincial reader may open the dashboard the page links to (read-only)
        dashboard = self.client.get(reverse("ita:dashboard", args=[self.org_a.slug, 2568]))
        self.assertEqual(dashboard.status_code, 200)

    def test_ranking_highlight_trend_and_heat_map(self):
        page = self.page(year=2567)
        rows = page.context["c"].rows
        self.assertEqual([r["org"] for r in rows], [self.high, self.low])
        self.assertEqual([r["rank"] for r in rows], [1, 2])
        self.assertEqual([r["low"] for r in rows], [False, True])
        self.assertContains(page, '<tr class="below">', count=1)
        self.assertEqual(rows[1]["trend"], [(2566, D("75.80")), (2567, D("75.80"))])
        self.assertIn("<svg", rows[0]["sparkline"])
        self.assertContains(page, '<td class="num heat heat-a" title="95–100">96.00</td>')
        self.assertContains(page, '<td class="num heat heat-c" title="70–84.99">70.00</td>')

    def test_sorting_and_filters(self):
        rows = self.page(year=2567, sort="name", order="asc").context["c"].rows
        self.assertEqual(
            [r["org"] for r in rows], sorted([self.high, self.low], key=lambda o: o.name_th)
        )
        rows = self.page(year=2567, sort="total", order="asc").context["c"].rows
        self.assertEqual([r["org"] for r in rows], [self.low, self.high])
        for query, expected in (
            ({"kind": "sao"}, [self.high]),
            ({"size": "S"}, [self.low]),
            ({"district": "บางละมุง"}, [self.low]),
        ):
            with self.subTest(query=query):
                rows = self.page(year=2567, **query).context["c"].rows
                self.assertEqual([r["org"] for r in rows], expected)

    def test_an_unknown_year_or_filter_falls_back_and_never_fails(self):
        for query in (
            {"year": "abc"},
            {"year": "1999"},
            {"sort": "x"},
            {"page": "999"},
            {"kind": "?"},
        ):
            with self.subTest(query=query):
                self.assertEqual(self.page(**query).status_code, 200)

    def test_failed_items_and_lowest_questions_counted_across_the_province(self):
        other = Organisation.objects.create(slug="c2", name_th="อบต.ซี", kind="sao", province="ชลบุรี")
        save_results(other, 2568, results_2568(("o12", "o5")), ItaResult.Source.MANUAL)
        page = self.page()
        c = page.context["c"]
        # 2568's o5 has no name in the criteria: the page says so rather than leave it bare
        self.assertContains(
            page, '<strong>o5</strong> <span class="muted">(เกณฑ์ยังไม่ระบุชื่อข้อนี้)</span>', html=False
        )
        self.assertEqual(c.failed_items[0]["code"], "o12")
        self.assertEqual(c.failed_items[0]["orgs"], 2)
        self.assertEqual({r["code"]: r["orgs"] for r in c.failed_items}["o5"], 1)
        self.assertTrue(c.weak_questions)
        self.assertEqual(c.weak_questions[0]["orgs"], 2)  # both gave the same question scores
        self.assertTrue(c.weak_questions[0]["text"])

    def test_the_excel_export_reads_back_ranked_and_formula_safe(self):
        self.login(self.province_a)
        url = reverse("ita:province-export", args=["ชลบุรี"])
        response = self.client.get(url, {"year": 2567})
        self.assertEqual(response.status_code, 200)
        book = load_workbook(io.BytesIO(response.content))
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        self.assertEqual(rows[1][:2], (1, "=HYPERLINK(1)"))
        self.assertEqual(book.worksheets[0].cell(2, 2).data_type, "s")  # text, not a formula
        self.assertEqual(rows[2][1], "เทศบาลตำบลต่ำ")
        self.assertEqual(rows[2][10], 75.8)
        self.assertEqual(len(book.worksheets), 3)

    def test_the_province_report_reads_back(self):
        self.login(self.province_a)
        url = reverse("ita:province-report", args=["ชลบุรี", "docx"])
        response = self.client.get(url, {"year": 2567})
        self.assertEqual(response.status_code, 200)
        text = "\n".join(
            cell.text for t in Document(io.BytesIO(response.content)).tables
            for row in t.rows for cell in row.cells
        )  # fmt: skip
        self.assertIn("เทศบาลตำบลต่ำ", text)
        self.assertIn("๗๕.๘๐", text)  # Thai digits, as the organisation writes
        self.assertEqual(self.client.get(url, {"year": 2560}).status_code, 409)
        self.assertEqual(self.client.get(url, {"year": "x"}).status_code, 400)

    def test_other_provinces_and_the_national_page_are_404_for_a_provincial_reader(self):
        self.login(self.province_a)
        for name, args in (
            ("ita:province", ["ขอนแก่น"]),
            ("ita:province-export", ["ขอนแก่น"]),
            ("ita:province-report", ["ขอนแก่น", "pdf"]),
            ("ita:national", []),
            ("ita:national-export", []),
        ):
            with self.subTest(name=name):
                self.assertEqual(self.client.get(reverse(name, args=args)).status_code, 404)


class NationalPageTests(BaseTestCase):
    def test_a_national_reader_sees_every_province_and_reads_dashboards(self):
        self.login(national_reader())
        page = self.client.get(reverse("ita:national"))
        self.assertEqual(page.status_code, 200)
        self.assertEqual({r["org"] for r in page.context["c"].rows}, {self.org_a, self.org_b})
        rows = self.client.get(reverse("ita:national"), {"province": "ขอนแก่น"}).context["c"].rows
        self.assertEqual([r["org"] for r in rows], [self.org_b])
        self.assertEqual(
            self.client.get(reverse("ita:dashboard", args=[self.org_b.slug, 2568])).status_code, 200
        )
        # read-only: no writing for a national reader
        url = reverse("ita:results-entry", args=[self.org_b.slug, 2568])
        self.assertEqual(self.client.post(url).status_code, 403)

    def test_the_query_count_does_not_grow_with_the_organisations(self):
        self.login(national_reader())
        url = reverse("ita:national")

        def grow_to(n):
            for i in range(Organisation.objects.count(), n):
                org = Organisation.objects.create(
                    slug=f"n{i}", name_th=f"อบต.ที่ {i}", kind="sao", province="ชลบุรี",
                    district=f"อำเภอ {i % 7}",
                )  # fmt: skip
                save_results(org, 2568, results_2568(("o12", f"o{1 + i % 20}")), "manual")
                if i % 3 == 0:
                    save_results(org, 2566, LOW, "manual")

        grow_to(5)
        self.client.get(url)  # warm caches
        with CaptureQueriesContext(connection) as five:
            page = self.client.get(url)
        self.assertEqual(len(page.context["c"].rows), 5)
        grow_to(50)
        with CaptureQueriesContext(connection) as fifty:
            page = self.client.get(url)
        self.assertEqual(len(page.context["c"].rows), 50)
        self.assertEqual(len(fifty), len(five), [q["sql"] for q in fifty.captured_queries])
        grow_to(51)  # a second page of one organisation, at the same cost
        with CaptureQueriesContext(connection) as second:
            page = self.client.get(url, {"page": 2})
        self.assertEqual(page.context["c"].page.number, 2)
        self.assertEqual(len(page.context["c"].rows), 1)
        self.assertEqual(len(second), len(five))


class LpaBesideTests(BaseTestCase):
    def test_the_latest_lpa_up_to_the_year_is_shown_beside_the_ita(self):
        from prongsai.lpa.models import LpaResult

        figures = {
            f"area{n}_{k}": D(50 if k == "full" else 40)
            for n in range(1, 6)
            for k in ("full", "got")
        }
        LpaResult.objects.create(
            org=self.org_a, year=2566, total_percent=D("80.00"), rank=1, **figures
        )
        self.login(self.province_a)
        page = self.client.get(reverse("ita:province", args=["ชลบุรี"]))
        self.assertEqual(page.context["c"].lpa_year, 2566)
        self.assertEqual(page.context["c"].rows[0]["lpa"].total_percent, D("80.00"))
        self.assertContains(page, "LPA ปี 2566 (ร้อยละ)")
        self.assertContains(page, '80.00 <span class="muted">(#1)</span>', html=False)
        detail = self.client.get(reverse("orgs:detail", args=[self.org_a.slug]))
        self.assertContains(detail, "80.00")
        self.assertContains(detail, "LPA")


class NationalLandingTests(BaseTestCase):
    def test_a_national_reader_lands_on_the_national_page(self):
        self.login(national_reader())
        self.assertRedirects(
            self.client.get(reverse("home")), reverse("ita:national"), fetch_redirect_response=False
        )
