"""Results of many organisations of a province in one file: checked first, previewed per
organisation, written all together on confirmation or not at all."""

from __future__ import annotations

import io
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from prongsai.ita.models import ItaResult, OrgYearSummary, Score
from prongsai.orgs.models import Organisation
from prongsai.test import BaseTestCase

INDICATORS = "95.01 84.45 88.62 83.07 86.04 85.07 84.54 82.73 100 100".split()


class ProvinceImportTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.org_c = Organisation.objects.create(
            slug="org-c", name_th="เทศบาลตำบลซี", kind="subdistrict_municipality", province="ชลบุรี"
        )
        cls.province_a.user_permissions.add(
            Permission.objects.get(codename="import_province_results")
        )
        cls.url = reverse("ita:province-import", args=["ชลบุรี", 2566])

    def post(self, name: str, content: bytes, confirm: bool = True):
        self.login(self.province_a)
        response = self.client.post(self.url, {"file": SimpleUploadedFile(name, content)})
        if confirm and response.status_code == 200:
            response = self.client.post(self.url, {"confirm": response.context["token"]})
        return response

    def test_a_long_file_for_two_organisations_is_previewed_then_written(self):
        rows = ["org,code,score,year"]
        rows += [f"org-a,{n},{v},2566" for n, v in enumerate(INDICATORS, 1)]
        rows += [f"เทศบาลตำบลซี,{n},{v},๒๕๖๖" for n, v in enumerate(INDICATORS, 1)]
        response = self.post("p.csv", "\n".join(rows).encode(), confirm=False)
        self.assertEqual(response.status_code, 200)
        self.assertEqual({p.org for p in response.context["orgs"]}, {self.org_c, self.org_a})
        self.assertEqual({p.figures for p in response.context["orgs"]}, {10})
        self.assertFalse(ItaResult.objects.filter(year=2566).exists())  # nothing yet
        response = self.client.post(self.url, {"confirm": response.context["token"]})
        self.assertEqual(response.status_code, 302)
        for org in (self.org_a, self.org_c):
            result = ItaResult.objects.get(org=org, year=2566)
            self.assertEqual(result.scores.count(), 10)
            self.assertEqual(result.source, ItaResult.Source.IMPORT)
        self.assertEqual(OrgYearSummary.objects.filter(year=2566).count(), 2)

    def test_a_wide_workbook_with_thai_digits(self):
        book = Workbook()
        sheet = book.active
        sheet.append(["org", *[str(n) for n in range(1, 11)]])
        sheet.append(["เทศบาลตำบลซี", *["๙๐.๕" for _ in range(10)]])
        out = io.BytesIO()
        book.save(out)
        self.assertEqual(self.post("p.xlsx", out.getvalue()).status_code, 302)
        self.assertEqual(Score.objects.get(result__org=self.org_c, code="3").score, Decimal("90.5"))

    def test_bad_rows_are_named_in_thai_and_nothing_is_written(self):
        content = (
            "org,code,score\n"
            "org-a,1,95\n"
            "org-b,1,90\n"  # another province's organisation
            "ไม่มีชื่อนี้,1,90\n"
            "org-c,2,abc\n"
            "org-c,11,50\n"
            ",1,50\n"
        ).encode()
        response = self.post("p.csv", content)
        self.assertEqual(response.status_code, 400)
        for text in (
            "แถว 3 คอลัมน์ org: ไม่พบหน่วยงาน 'org-b' ในจังหวัดชลบุรี",
            "แถว 4 คอลัมน์ org: ไม่พบหน่วยงาน 'ไม่มีชื่อนี้'",
            "แถว 5 คอลัมน์ score",
            "แถว 6 คอลัมน์ code",
            "แถว 7 คอลัมน์ org: ไม่ได้ระบุหน่วยงาน",
        ):
            self.assertTrue(any(p.startswith(text) for p in response.context["problems"]), text)
        self.assertFalse(ItaResult.objects.filter(year=2566).exists())

    def test_a_wide_file_names_the_bad_column(self):
        response = self.post("p.csv", b"org,1,2,x9\norg-a,90,91,1\n")
        self.assertContains(response, "แถว 1 คอลัมน์ x9", status_code=400)
        response = self.post("p.csv", b"org,1,2\norg-a,90,abc\n")
        self.assertContains(response, "แถว 2 คอลัมน์ 2", status_code=400)
        self.assertFalse(ItaResult.objects.filter(year=2566).exists())

    def test_a_stale_confirmation_writes_nothing(self):
        self.login(self.province_a)
        response = self.client.post(self.url, {"confirm": "not-the-token"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ItaResult.objects.filter(year=2566).exists())

    def test_only_importers_of_that_province(self):
        for user in (self.officer_a, self.officer_b):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.province_a)
        other = reverse("ita:province-import", args=["ขอนแก่น", 2566])
        self.assertEqual(self.client.get(other).status_code, 404)
        self.assertEqual(self.client.get(self.url).status_code, 200)
