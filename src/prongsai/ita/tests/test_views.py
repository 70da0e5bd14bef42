"""The workbench pages of an organisation-year, as the legal officer uses them."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.ita.models import IndicatorAnalysis, ItaResult, Score
from prongsai.plans.models import IntegrityMeasure
from prongsai.test import BaseTestCase


class DashboardTests(BaseTestCase):
    def test_it_shows_total_rating_and_indicators(self):
        self.login(self.officer_a)
        page = self.client.get(reverse("ita:dashboard", args=[self.org_a.slug, 2568]))
        self.assertContains(page, "การปฏิบัติหน้าที่")
        self.assertContains(page, "<svg", html=False)  # the chart, drawn on the server
        assessment_total = page.context["analysis"].assessment.total
        self.assertIsNotNone(assessment_total)

    def test_a_year_without_results_invites_an_import(self):
        self.login(self.officer_a)
        page = self.client.get(reverse("ita:dashboard", args=[self.org_a.slug, 2567]))
        self.assertContains(page, reverse("ita:results-import", args=[self.org_a.slug, 2567]))


class ImportTests(BaseTestCase):
    url_year = 2566

    def post_file(self, name: str, content: bytes):
        self.login(self.officer_a)
        url = reverse("ita:results-import", args=[self.org_a.slug, self.url_year])
        response = self.client.post(url, {"file": SimpleUploadedFile(name, content)})
        if response.status_code == 200:  # the preview: confirm it
            response = self.client.post(url, {"confirm": response.context["token"]})
        return response

    def test_a_good_file_is_imported(self):
        rows = "code,score\n" + "\n".join(
            f"{n},{v}"
            for n, v in enumerate(
                "95.01 84.45 88.62 83.07 86.04 85.07 84.54 82.73 100 100".split(), 1
            )
        )
        response = self.post_file("r.csv", rows.encode())
        self.assertRedirects(response, reverse("ita:dashboard", args=[self.org_a.slug, 2566]))
        result = ItaResult.objects.get(org=self.org_a, year=2566)
        self.assertEqual(result.scores.count(), 10)
        self.assertEqual(result.source, ItaResult.Source.IMPORT)

    def test_a_bad_file_writes_nothing_and_names_the_rows_in_thai(self):
        response = self.post_file("r.csv", b"code,score\n1,95\n11,90\n2,abc\n")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "แถว 3 คอลัมน์ code", status_code=400)
        self.assertContains(response, "แถว 4 คอลัมน์ score", status_code=400)
        self.assertFalse(ItaResult.objects.filter(org=self.org_a, year=2566).exists())

    def test_a_file_that_is_not_csv_or_excel_is_refused(self):
        response = self.post_file("r.pdf", b"%PDF-1.4")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ItaResult.objects.filter(org=self.org_a, year=2566).exists())

    def test_reimport_replaces_the_figures(self):
        url = reverse("ita:results-import", args=[self.org_a.slug, 2568])
        self.login(self.officer_a)
        preview = self.client.post(
            url, {"file": SimpleUploadedFile("r.csv", b"code,score,part\ne1,80,1\ne1,90,2\n9,95\n")}
        )
        self.client.post(url, {"confirm": preview.context["token"]})
        scores = Score.objects.filter(result=self.result_a)
        self.assertEqual(scores.count(), 3)
        self.assertEqual(set(scores.values_list("part", flat=True)), {0, 1, 2})


class AnalysisTests(BaseTestCase):
    def test_it_marks_the_lowest_questions_and_prefills_guidance(self):
        self.login(self.officer_a)
        page = self.client.get(reverse("ita:analysis", args=[self.org_a.slug, 2568]))
        views = {v.result.number: v for v in page.context["analysis"].indicators}
        self.assertEqual([c for c, _ in views[4].weak], ["i10", "i11"])
        self.assertEqual([c for c, _ in views[9].weak], ["o12"])
        self.assertTrue(views[1].cause)  # the catalogue's suggestion for i2
        self.assertFalse(views[1].saved)
        self.assertContains(page, "ในหน่วยงานของท่าน มีเจ้าหน้าที่ที่ปฏิบัติงาน")
        self.assertContains(page, "ต.ค. 2568 – ก.ย. 2569")  # the measure's period, Buddhist era

    def test_an_edit_is_kept_for_the_organisation_year(self):
        self.login(self.officer_a)
        url = reverse("ita:analysis-edit", args=[self.org_a.slug, 2568, 1])
        response = self.client.post(
            url, {"cause": "สาเหตุของเรา", "guideline": "แนวทางของเรา"}, HTTP_HX_REQUEST="true"
        )
        self.assertContains(response, "saved")
        saved = IndicatorAnalysis.objects.get(result=self.result_a, indicator=1)
        self.assertEqual(saved.guideline, "แนวทางของเรา")
        page = self.client.get(reverse("ita:analysis", args=[self.org_a.slug, 2568]))
        self.assertContains(page, "แนวทางของเรา")
        self.assertFalse(IndicatorAnalysis.objects.filter(result=self.result_b).exists())

    def test_a_measure_is_added_with_the_next_fiscal_year_by_default(self):
        self.login(self.officer_a)
        page = self.client.get(reverse("ita:analysis", args=[self.org_a.slug, 2568]))
        initial = page.context["sections"][1]["measure_form"].initial
        self.assertEqual(
            (initial["period_start"].isoformat(), initial["period_end"].isoformat()),
            ("2025-10-01", "2026-09-30"),
        )
        url = reverse("ita:measure-add", args=[self.org_a.slug, 2568, 2])
        data = {
            "m2-name": "มาตรการใหม่",
            "m2-period_start": "2025-10-01",
            "m2-period_end": "2026-09-30",
            "m2-responsible": self.unit_a.pk,
        }
        self.client.post(url, data)
        measure = IntegrityMeasure.objects.get(name="มาตรการใหม่")
        self.assertEqual(
            (measure.org, measure.indicator, measure.fiscal_year), (self.org_a, 2, 2569)
        )

    def test_a_measure_cannot_name_another_organisations_unit(self):
        self.login(self.officer_a)
        url = reverse("ita:measure-add", args=[self.org_a.slug, 2568, 2])
        data = {
            "m2-name": "แอบใช้หน่วยงานอื่น",
            "m2-period_start": "2025-10-01",
            "m2-period_end": "2026-09-30",
            "m2-responsible": self.unit_b.pk,
        }
        self.client.post(url, data)
        self.assertFalse(IntegrityMeasure.objects.filter(name="แอบใช้หน่วยงานอื่น").exists())

    def test_a_period_that_ends_before_it_starts_is_refused(self):
        self.login(self.officer_a)
        url = reverse("ita:measure-add", args=[self.org_a.slug, 2568, 2])
        data = {
            "m2-name": "ย้อนเวลา",
            "m2-period_start": "2026-10-01",
            "m2-period_end": "2025-09-30",
        }
        self.client.post(url, data)
        self.assertFalse(IntegrityMeasure.objects.filter(name="ย้อนเวลา").exists())

    def test_the_officer_removes_a_measure(self):
        self.login(self.officer_a)
        self.client.post(reverse("ita:measure-delete", args=[self.org_a.slug, self.measure_a.pk]))
        self.assertFalse(IntegrityMeasure.objects.filter(pk=self.measure_a.pk).exists())


class EntryTests(BaseTestCase):
    def test_typed_results_are_saved_and_shown_again(self):
        self.login(self.officer_a)
        url = reverse("ita:results-entry", args=[self.org_a.slug, 2567])
        data = {f"ind_{n}": "90" for n in range(1, 11)} | {"o_o1": "100"}
        response = self.client.post(url, data)
        self.assertRedirects(response, reverse("ita:dashboard", args=[self.org_a.slug, 2567]))
        result = ItaResult.objects.get(org=self.org_a, year=2567)
        self.assertEqual(result.scores.filter(level="indicator").count(), 10)
        form = self.client.get(url).context["form"]
        self.assertEqual(str(form.initial["ind_1"]), "90.0000")

    def test_a_score_above_100_is_refused(self):
        self.login(self.officer_a)
        url = reverse("ita:results-entry", args=[self.org_a.slug, 2567])
        response = self.client.post(url, {"ind_1": "101"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ItaResult.objects.filter(org=self.org_a, year=2567).exists())


class DownloadTests(BaseTestCase):
    def test_the_analysis_downloads_through_the_documents_view(self):
        self.login(self.auditor_a)  # reading is enough
        url = reverse("documents:download", args=[self.org_a.slug, "ita_analysis", "docx"])
        response = self.client.get(url, {"year": "2568"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"))
        page = self.client.get(reverse("ita:analysis", args=[self.org_a.slug, 2568]))
        self.assertContains(page, f"{url}?year=2568")

    def test_the_template_workbook_lists_every_code(self):
        from io import BytesIO

        from openpyxl import load_workbook

        self.login(self.officer_a)
        response = self.client.get(reverse("ita:template", args=[2568]))
        sheet = load_workbook(BytesIO(response.content)).active
        codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(len(codes), 10 + 24 + 26)
        self.assertIn("o26", codes)
