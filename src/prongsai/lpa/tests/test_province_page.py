"""The province administrator's LPA upload page: seed 004's table (CSV with Thai digits, or
XLSX) is checked, previewed with the printed ranks and per cents, written only on confirmation;
a bad table is named by row and column in Thai and nothing is written."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook

from prongsai.lpa.models import LpaResult
from prongsai.lpa.tests.test_seed_004 import seed_rows
from prongsai.orgs.models import Organisation
from prongsai.test import BaseTestCase
from prongsai.thai import to_thai_digits

URL = reverse("lpa:province-import", args=["เชียงราย"])


def csv_bytes(rows: list[dict], thai: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]))
    writer.writeheader()
    for r in rows:
        writer.writerow({k: to_thai_digits(v) if thai else v for k, v in r.items()})
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[dict]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for r in rows:
        sheet.append(list(r.values()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class LpaUploadPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = BaseTestCase.province_admin("chiangrai-admin", "เชียงราย")
        cls.other_admin = BaseTestCase.province_admin("chonburi-admin", "ชลบุรี")
        cls.existing = Organisation.objects.create(
            slug="mae-sai-mittraphap", name_th="เทศบาลตำบลแม่สายมิตรภาพ", kind="subdistrict_municipality",
            province="เชียงราย", district="แม่สาย",
        )  # fmt: skip

    def upload(self, name: str, content: bytes, year: str = "2566"):
        self.client.force_login(self.admin)
        return self.client.post(URL, {"year": year, "file": SimpleUploadedFile(name, content)})

    def test_the_seed_with_thai_digits_is_previewed_then_written_with_every_printed_rank(self):
        rows = seed_rows()
        response = self.upload("lpa.csv", csv_bytes(rows, thai=True), year="๒๕๖๖")
        self.assertEqual(response.status_code, 200)
        preview = response.context["rows"]
        self.assertEqual(len(preview), 48)
        self.assertEqual(response.context["new"], 47)  # แม่สายมิตรภาพ is known already
        self.assertEqual(preview[0]["rank"], 1)
        self.assertEqual(
            (preview[0]["name"], preview[0]["total"]), ("เทศบาลตำบลสันทราย", Decimal("95.96"))
        )
        self.assertContains(response, "95.96")
        self.assertFalse(LpaResult.objects.exists())  # nothing until confirmed
        self.assertEqual(Organisation.objects.count(), 1)
        response = self.client.post(URL, {"confirm": response.context["token"]})
        self.assertRedirects(
            response, reverse("ita:province", args=["เชียงราย"]), fetch_redirect_response=False
        )
        self.assertEqual(LpaResult.objects.filter(year=2566).count(), 48)
        for r in rows:
            stored = LpaResult.objects.get(org__name_th=r["name"], org__district=r["district"])
            self.assertEqual(
                (stored.rank, stored.total_percent), (int(r["seq"]), Decimal(r["total_pct"]))
            )
        self.assertEqual(LpaResult.objects.get(org=self.existing).rank, 124)
        self.assertEqual(Organisation.objects.filter(province="เชียงราย").count(), 48)

    def test_an_xlsx_table_imports_the_same(self):
        response = self.upload("lpa.xlsx", xlsx_bytes(seed_rows()))
        self.assertEqual(len(response.context["rows"]), 48)
        self.client.post(URL, {"confirm": response.context["token"]})
        self.assertEqual(
            LpaResult.objects.get(org__name_th="เทศบาลตำบลสันทราย").total_percent, Decimal("95.96")
        )

    def test_a_bad_table_names_row_and_column_keeps_the_input_and_writes_nothing(self):
        rows = seed_rows()[:4]
        rows[1]["d3_pct"] = "89.01"
        rows[0]["d4_got"] = "๙๙๙"
        rows[2]["d1_full"] = "abc"
        response = self.upload("bad.csv", csv_bytes(rows))
        self.assertEqual(response.status_code, 400)
        problems = response.context["problems"]
        for text in (
            "แถว 2 คอลัมน์ d4_got: คะแนนที่ได้ 999 เกินคะแนนเต็ม 220",
            "แถว 3 คอลัมน์ d3_pct: พิมพ์ไว้ 89.01 แต่คำนวณได้ 89.00",
            "แถว 4 คอลัมน์ d1_full: 'abc' ไม่ใช่ตัวเลข",
        ):
            self.assertTrue(any(p.startswith(text) for p in problems), (text, problems))
        self.assertContains(response, 'value="2566"', status_code=400)  # the year stays
        self.assertFalse(LpaResult.objects.exists())
        self.assertEqual(Organisation.objects.count(), 1)

    def test_a_wrong_year_or_file_type_is_a_form_error(self):
        response = self.upload("lpa.csv", csv_bytes(seed_rows()[:2]), year="2023")
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].errors["year"])
        response = self.upload("lpa.txt", b"name\n")
        self.assertTrue(response.context["form"].errors["file"])
        self.assertFalse(LpaResult.objects.exists())

    def test_cancel_and_a_stale_confirmation_write_nothing(self):
        response = self.upload("lpa.csv", csv_bytes(seed_rows()))
        token = response.context["token"]
        self.assertEqual(self.client.post(URL, {"cancel": token}).status_code, 302)
        self.assertEqual(self.client.post(URL, {"confirm": token}).status_code, 400)
        self.assertFalse(LpaResult.objects.exists())
        self.assertEqual(Organisation.objects.count(), 1)

    def test_another_provinces_administrator_and_a_stranger_get_404_on_every_method(self):
        for user in (self.other_admin, get_user_model().objects.create_user("nobody")):
            self.client.force_login(user)
            for method in ("get", "post", "put", "patch", "delete"):
                with self.subTest(user=user.username, method=method):
                    self.assertEqual(getattr(self.client, method)(URL).status_code, 404)
        self.assertFalse(LpaResult.objects.exists())
