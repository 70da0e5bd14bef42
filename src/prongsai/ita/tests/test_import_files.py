"""Results files as Thai offices really send them, and files meant to hurt: read or refused in Thai."""

from __future__ import annotations

import codecs
import time
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.ita.models import Score
from prongsai.test import BaseTestCase
from prongsai.tests import hostile_files


class ResultsFileTests(BaseTestCase):
    year = 2568  # org A has figures for 2568 already: a refused file must leave them as they are

    def post_file(self, name: str, content: bytes):
        self.login(self.officer_a)
        url = reverse("ita:results-import", args=[self.org_a.slug, self.year])
        response = self.client.post(url, {"file": SimpleUploadedFile(name, content)})
        if response.status_code == 200:  # the preview: confirm it
            response = self.client.post(url, {"confirm": response.context["token"]})
        return response

    def scores(self) -> list[tuple]:
        return list(Score.objects.filter(result=self.result_a).values_list("code", "part", "score"))

    def assert_refused(self, response, *words: str) -> None:
        self.assertEqual(response.status_code, 400)
        for word in words:
            self.assertContains(response, word, status_code=400)

    def test_a_windows_874_csv_from_thai_excel_is_read_as_thai(self):
        content = "code,score,หมายเหตุ\no1,ผ่าน,มีครบ\no2,ไม่ผ่าน,ยังไม่เผยแพร่\n".encode("cp874")

        response = self.post_file("ผลITA.csv", content)

        self.assertRedirects(response, reverse("ita:dashboard", args=[self.org_a.slug, self.year]))
        items = dict(Score.objects.filter(result__org=self.org_a).values_list("code", "score"))
        self.assertEqual(items, {"o1": Decimal(100), "o2": Decimal(0)})

    def test_utf8_with_a_byte_order_mark_is_read(self):
        content = codecs.BOM_UTF8 + "code,score\no1,ผ่าน\n".encode()

        response = self.post_file("r.csv", content)

        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.scores(), [("o1", 0, Decimal(100))])

    def test_a_binary_file_named_csv_is_refused_in_thai_and_writes_nothing(self):
        before = self.scores()

        response = self.post_file("รูป.csv", hostile_files.BINARY)

        self.assert_refused(response, "ไฟล์ &#x27;รูป.csv&#x27; ไม่ใช่ไฟล์ข้อความ")
        self.assertEqual(self.scores(), before)

    def test_utf16_text_is_refused_with_how_to_save_it(self):
        response = self.post_file("r.csv", "code,score\no1,ผ่าน\n".encode("utf-16"))

        self.assert_refused(response, "UTF-16", "CSV UTF-8")

    def test_a_workbook_of_millions_of_rows_is_refused_in_seconds(self):
        bomb = hostile_files.rows_bomb(["code", "score"], 3_000_000)
        self.assertLess(len(bomb), 500_000)  # the review's was 433 KB
        before = self.scores()

        started = time.perf_counter()
        response = self.post_file("bomb.xlsx", bomb)

        self.assertLess(time.perf_counter() - started, 5)
        self.assert_refused(response, "bomb.xlsx", "เกินขีดจำกัด")
        self.assertEqual(self.scores(), before)

    def test_rows_under_the_size_limit_are_counted_before_parsing(self):
        # 100,000 rows unpack to 2.6 MB, well inside the ZIP budget: the row count stops it.
        response = self.post_file("rows.xlsx", hostile_files.rows_bomb(["code", "score"], 100_000))

        self.assert_refused(response, "มากกว่า 20,000 แถว")

    def test_one_row_of_millions_of_cells_is_refused(self):
        response = self.post_file("wide.xlsx", hostile_files.wide_bomb(1_000_000))

        self.assert_refused(response, "wide.xlsx", "แถวที่ยาวกว่า 200 คอลัมน์")

    def test_a_declared_sheet_size_past_the_budget_is_refused(self):
        bomb = hostile_files.declared_bomb(["code", "score"], dimension="A1:XFD3")

        response = self.post_file("wide.xlsx", bomb)

        self.assert_refused(response, "16,384 คอลัมน์ตามที่ไฟล์ระบุ")
