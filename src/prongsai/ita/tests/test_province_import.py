"""Results of many organisations of a province in one file: checked first, previewed per
organisation, written all together on confirmation or not at all."""

from __future__ import annotations

import io
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from prongsai.frameworks import drafts
from prongsai.frameworks.library import criteria_years
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


class ProvinceAdministratorImportTests(BaseTestCase):
    """A province administrator imports the province's results without any permission of their
    own; a row naming another province's organisation by its code is refused by row and code."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.org_a.code, cls.org_b.code = "6200101", "4000101"
        cls.org_a.save()
        cls.org_b.save()
        cls.chonburi_admin = cls.province_admin("chonburi-admin", "ชลบุรี")
        cls.url = reverse("ita:province-import", args=["ชลบุรี", 2566])

    def upload(self, content: str):
        self.login(self.chonburi_admin)
        return self.client.post(self.url, {"file": SimpleUploadedFile("p.csv", content.encode())})

    def test_the_provinces_organisations_by_code_are_previewed_then_written(self):
        rows = ["org_code,code,score"] + [f"๖๒๐๐๑๐๑,{n},{v}" for n, v in enumerate(INDICATORS, 1)]
        response = self.upload("\n".join(rows))
        self.assertEqual(response.status_code, 200)
        self.assertEqual([p.org for p in response.context["orgs"]], [self.org_a])
        self.assertFalse(ItaResult.objects.filter(year=2566).exists())
        response = self.client.post(self.url, {"confirm": response.context["token"]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(ItaResult.objects.get(org=self.org_a, year=2566).scores.count(), 10)

    def test_the_provinces_sheet_downloaded_filled_and_imported(self):
        self.login(self.chonburi_admin)
        url = reverse("ita:province-import", args=["ชลบุรี", 2568])  # a year with OIT items
        template = reverse("ita:province-import-template", args=["ชลบุรี", 2568])
        self.assertContains(self.client.get(url), f'href="{template}"')
        response = self.client.get(template)
        self.assertEqual(response.status_code, 200)
        book = load_workbook(io.BytesIO(response.content))
        sheet = book.worksheets[0]
        header = [c.value for c in sheet[1]]
        self.assertEqual(header[:12], ["org_code", "name", *[str(n) for n in range(1, 11)]])
        self.assertTrue(all(h.startswith("o") for h in header[12:]) and len(header) > 12)
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual([r[:2] for r in rows], [("6200101", self.org_a.name_th)])  # ชลบุรี only
        self.assertEqual(book.worksheets[1].title, "คำอธิบาย")
        # the officer fills the ten indicators and two OIT items, and uploads the same file
        for column, value in enumerate([*INDICATORS, "100", "0"], start=3):
            sheet.cell(row=2, column=column, value=value)
        out = io.BytesIO()
        book.save(out)
        response = self.client.post(url, {"file": SimpleUploadedFile("p.xlsx", out.getvalue())})
        self.assertEqual(response.status_code, 200, response.context.get("problems"))
        response = self.client.post(url, {"confirm": response.context["token"]})
        self.assertEqual(response.status_code, 302)
        scores = dict(
            ItaResult.objects.get(org=self.org_a, year=2568).scores.values_list("code", "score")
        )
        self.assertEqual(scores["1"], Decimal("95.01"))
        self.assertEqual((scores[header[12]], scores[header[13]]), (Decimal(100), Decimal(0)))
        # another province's administrator finds no sheet here
        other = self.province_admin("khonkaen-admin", "ขอนแก่น")
        self.login(other)
        self.assertEqual(self.client.get(template).status_code, 404)

    def test_a_row_of_another_provinces_organisation_is_refused_and_nothing_written(self):
        content = "org_code,code,score\n6200101,1,95\n4000101,1,90\n6200101,2,91\n9999999,1,80\n"
        response = self.upload(content)
        self.assertEqual(response.status_code, 400)
        problems = response.context["problems"]
        self.assertIn(
            "แถว 3 คอลัมน์ org_code: รหัสหน่วยงาน '4000101' เป็นหน่วยงานนอกจังหวัดชลบุรี "
            "นำเข้าได้เฉพาะหน่วยงานของจังหวัดชลบุรี "
            "(row 3 column org_code: organisation code '4000101' is not an organisation of ชลบุรี)",
            problems,
        )
        self.assertTrue(
            any(p.startswith("แถว 5 คอลัมน์ org_code: ไม่พบหน่วยงาน '9999999'") for p in problems)
        )
        self.assertEqual(len(problems), 2)  # the good rows are no problem
        self.assertNotContains(response, self.org_b.name_th, status_code=400)  # not named
        self.assertFalse(ItaResult.objects.filter(year=2566).exists())
        self.assertNotIn("ita-province-import:ชลบุรี:2566", self.client.session)

    def test_the_same_rules_as_the_single_organisation_import(self):
        """Duplicates, a wrong year and an impossible part are found by the shared checks."""
        content = (
            "org_code,code,score,part,year\n"
            "6200101,1,95,,2566\n"
            "6200101,1,96,,2566\n"
            "6200101,2,90,,2567\n"
            "6200101,3,abc,,\n"
        )
        problems = self.upload(content).context["problems"]
        for text in (
            "แถว 3 คอลัมน์ code: ตัวชี้วัด 1 ซ้ำ",
            "แถว 4 คอลัมน์ year: ปี 2567 ไม่ตรงกับเกณฑ์ปี 2566",
            "แถว 5 คอลัมน์ score",
        ):
            self.assertTrue(any(p.startswith(text) for p in problems), (text, problems))

    def test_another_provinces_administrator_gets_404_on_every_method(self):
        khonkaen_admin = self.province_admin("khonkaen-admin", "ขอนแก่น")
        self.login(khonkaen_admin)
        for method in ("get", "post", "put", "patch", "delete"):
            with self.subTest(method=method):
                self.assertEqual(getattr(self.client, method)(self.url).status_code, 404)
        self.login(self.chonburi_admin)  # and the other way round
        other = reverse("ita:province-import", args=["ขอนแก่น", 2566])
        self.assertEqual(self.client.post(other).status_code, 404)


class ProvinceImportOfAProvisionalYearTests(BaseTestCase):
    """A year with no shipped criteria (the one the user is in) is imported by the criteria the
    province's administrator published for it; a province without them is not offered the year."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.year = max(criteria_years()) + 1
        cls.org_a.code = "6200101"
        cls.org_a.save()
        cls.chonburi_admin = cls.province_admin("chonburi-admin", "ชลบุรี")
        cls.khonkaen_admin = cls.province_admin("khonkaen-admin", "ขอนแก่น")
        drafts.publish(drafts.start_province_draft("ชลบุรี", "20", cls.year))

    def test_the_year_is_offered_previewed_and_written_by_the_provinces_criteria(self):
        url = reverse("ita:province-import", args=["ชลบุรี", self.year])
        self.login(self.chonburi_admin)
        for page in ("delegation:province", "ita:province"):
            self.assertContains(self.client.get(reverse(page, args=["ชลบุรี"])), f'href="{url}"')
        # the next provisional criteria are offered for the year after, the province has these
        admin_page = self.client.get(reverse("delegation:province", args=["ชลบุรี"]))
        self.assertContains(admin_page, f'name="year" value="{self.year + 1}"')
        template = reverse("ita:province-import-template", args=["ชลบุรี", self.year])
        self.assertEqual(self.client.get(template).status_code, 200)
        rows = ["org_code,code,score"] + [f"6200101,{n},{v}" for n, v in enumerate(INDICATORS, 1)]
        response = self.client.post(
            url, {"file": SimpleUploadedFile("p.csv", "\n".join(rows).encode())}
        )
        self.assertEqual(response.status_code, 200, response.context.get("problems"))
        response = self.client.post(url, {"confirm": response.context["token"]})
        self.assertEqual(response.status_code, 302)
        result = ItaResult.objects.get(org=self.org_a, year=self.year)
        self.assertEqual(result.framework.province, "ชลบุรี")
        self.assertEqual(result.scores.count(), 10)

    def test_a_province_without_criteria_for_the_year_is_not_offered_it(self):
        self.login(self.khonkaen_admin)
        url = reverse("ita:province-import", args=["ขอนแก่น", self.year])
        for page in ("delegation:province", "ita:province"):
            self.assertNotContains(self.client.get(reverse(page, args=["ขอนแก่น"])), url)
        self.assertEqual(self.client.get(url).status_code, 404)
