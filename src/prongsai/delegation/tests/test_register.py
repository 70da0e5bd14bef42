"""The organisation register: `prongsai orgs import FILE` and its checks, read back from the DB."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from tempfile import TemporaryDirectory

import openpyxl
import pytest
from auditlog.models import AbstractLogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from prongsai.audit.models import AuditEntry
from prongsai.delegation.registry import import_file
from prongsai.geo.models import District, Province, Subdistrict
from prongsai.orgs.models import Organisation
from prongsai.orgs.register import COLUMNS, RegisterError

GOOD = [
    ["๖๒๐๐๑๐๑", "องค์การบริหารส่วนตำบลหนองรี", "อบต.", "เล็ก", "จังหวัดชลบุรี", "อำเภอเมืองชลบุรี",
     "ตำบลหนองรี", "www.nongree.example", "038-111-111", "หมู่ 1"],
    ["6200102", "เทศบาลเมืองบ้านสวน", "เทศบาลเมือง", "L", "ชลบุรี", "เมืองชลบุรี", "บ้านสวน",
     "https://bansuan-town.example", "", ""],
    ["4000001", "องค์การบริหารส่วนจังหวัดขอนแก่น", "pao", "ใหญ่", "ขอนแก่น", "", "", "", "", ""],
]  # fmt: skip


def csv_bytes(rows, header=COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


class RegisterImportTests(TestCase):
    def run_command(self, data: bytes, name: str = "register.csv", *args) -> str:
        with TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(data)
            out = io.StringIO()
            call_command("orgs_import", str(path), *args, stdout=out)
            return out.getvalue()

    def test_prongsai_orgs_import_is_this_command(self):
        from django.core.management import get_commands

        from prongsai.cli import resolve_argv

        argv = resolve_argv(["orgs", "import", "x.csv"], set(get_commands()))
        self.assertEqual(argv, ["orgs_import", "x.csv"])
        self.assertEqual(resolve_argv(["orgs", "--json"], set(get_commands())), ["orgs", "--json"])

    def test_the_geography_is_there(self):
        self.assertEqual(Province.objects.count(), 77)
        self.assertGreater(District.objects.count(), 900)
        self.assertGreater(Subdistrict.objects.count(), 7000)
        self.assertTrue(
            Subdistrict.objects.filter(
                name_th="หนองรี", district__name_th="เมืองชลบุรี", district__province__code="20"
            ).exists()
        )

    def test_good_rows_create_organisations_linked_to_the_geography(self):
        output = self.run_command(csv_bytes(GOOD))
        self.assertIn("3 created, 0 updated", output)
        org = Organisation.objects.get(code="6200101")
        self.assertEqual(org.name_th, "องค์การบริหารส่วนตำบลหนองรี")
        self.assertEqual(org.kind, Organisation.Kind.SAO)
        self.assertEqual(org.size, Organisation.Size.S)
        self.assertEqual((org.province, org.district), ("ชลบุรี", "เมืองชลบุรี"))
        self.assertEqual(org.subdistrict.name_th, "หนองรี")
        self.assertEqual(org.geo_district.name_th, "เมืองชลบุรี")
        self.assertEqual(org.geo_province.name_th, "ชลบุรี")
        self.assertEqual(org.website, "https://www.nongree.example")
        pao = Organisation.objects.get(code="4000001")
        self.assertEqual((pao.kind, pao.size, pao.district), ("pao", "L", ""))
        self.assertIsNone(pao.subdistrict)
        entries = AuditEntry.objects.filter(action=AbstractLogEntry.Action.CREATE)
        self.assertEqual(
            set(entries.values_list("organisation_id", flat=True)),
            set(Organisation.objects.values_list("pk", flat=True)),
        )
        self.assertEqual(entries.get(organisation_id=org.pk).changes["code"], ["None", "6200101"])

    def test_a_dry_run_counts_and_writes_nothing(self):
        output = self.run_command(csv_bytes(GOOD), "register.csv", "--dry-run")
        self.assertIn("3 created, 0 updated", output)
        self.assertIn("dry run", output)
        self.assertFalse(Organisation.objects.exists())

    def test_the_same_file_twice_changes_nothing(self):
        data = csv_bytes(GOOD)
        self.run_command(data)
        entries = AuditEntry.objects.count()
        before = list(Organisation.objects.order_by("pk").values())
        output = self.run_command(data)
        self.assertIn("0 created, 0 updated, 3 unchanged", output)
        self.assertEqual(list(Organisation.objects.order_by("pk").values()), before)
        self.assertEqual(AuditEntry.objects.count(), entries)

    def test_a_changed_row_updates_only_that_organisation_and_is_recorded(self):
        self.run_command(csv_bytes(GOOD))
        changed = [list(r) for r in GOOD]
        changed[1][8] = "038-222-222"
        changed[1][5], changed[1][6] = "บ้านบึง", "หนองชาก"
        output = self.run_command(csv_bytes(changed))
        self.assertIn("0 created, 1 updated, 2 unchanged", output)
        org = Organisation.objects.get(code="6200102")
        self.assertEqual((org.phone, org.district, org.subdistrict.name_th),
                         ("038-222-222", "บ้านบึง", "หนองชาก"))  # fmt: skip
        entry = AuditEntry.objects.get(
            organisation_id=org.pk, action=AbstractLogEntry.Action.UPDATE
        )
        self.assertEqual(entry.changes["phone"], ["", "038-222-222"])
        self.assertEqual(entry.changes["district"], ["เมืองชลบุรี", "บ้านบึง"])

    def test_an_existing_organisation_without_a_code_gets_it(self):
        existing = Organisation.objects.create(
            slug="khon-kaen", name_th="องค์การบริหารส่วนจังหวัดขอนแก่น", kind="pao", province="ขอนแก่น"
        )
        self.run_command(csv_bytes(GOOD))
        existing.refresh_from_db()
        self.assertEqual(existing.code, "4000001")
        self.assertEqual(Organisation.objects.filter(province="ขอนแก่น").count(), 1)

    def test_a_blank_size_keeps_the_size(self):
        self.run_command(csv_bytes(GOOD))
        rows = [[*r[:3], "", *r[4:]] for r in GOOD] + [
            ["6200555", "อบต.ไม่ระบุขนาด", "อบต.", "", "ชลบุรี", "", "", "", "", ""]
        ]
        output = self.run_command(csv_bytes(rows))
        self.assertIn("1 created, 0 updated, 3 unchanged", output)
        self.assertEqual(Organisation.objects.get(code="4000001").size, "L")
        self.assertEqual(Organisation.objects.get(code="6200555").size, "M")

    def test_an_xlsx_register_is_read_too(self):
        wb = openpyxl.Workbook()
        wb.active.append(list(COLUMNS))
        for row in GOOD:
            wb.active.append(row)
        out = io.BytesIO()
        wb.save(out)
        output = self.run_command(out.getvalue(), "register.xlsx")
        self.assertIn("3 created", output)
        self.assertEqual(Organisation.objects.get(code="6200102").kind, "town")

    def test_every_bad_row_is_named_and_nothing_is_written(self):
        bad = [
            *GOOD,
            ["6200201", "อบต.ก", "อบต.", "S", "จังหวัดสมมุติ", "", "", "", "", ""],
            ["6200202", "อบต.ข", "อบต.", "S", "ชลบุรี", "โนนศิลา", "", "", "", ""],
            ["6200203", "อบต.ค", "อบต.", "S", "ชลบุรี", "บ้านบึง", "หนองรี", "", "", ""],
            ["6200204", "อบต.ง", "สหกรณ์", "S", "ชลบุรี", "", "", "", "", ""],
            ["6200205", "อบต.จ", "อบต.", "XL", "ชลบุรี", "", "", "", "", ""],
            ["6200101", "อบต.ฉ", "อบต.", "S", "ชลบุรี", "", "", "", "", ""],
            ["6200207", "อบต.ช", "อบต.", "S", "ชลบุรี", "", "", "http://not a url", "", ""],
            ["12", "", "อบต.", "S", "ชลบุรี", "", "", "", "", ""],
        ]
        with self.assertRaises(CommandError) as caught:
            self.run_command(csv_bytes(bad))
        message = str(caught.exception)
        for expected in (
            "แถว 5 คอลัมน์ province: ไม่รู้จักจังหวัด 'สมมุติ'",
            "แถว 6 คอลัมน์ district: ไม่มีอำเภอ 'โนนศิลา' ในจังหวัดชลบุรี",
            "แถว 7 คอลัมน์ subdistrict: ไม่มีตำบล 'หนองรี' ในอำเภอบ้านบึง",
            "แถว 8 คอลัมน์ kind: ไม่รู้จักประเภท 'สหกรณ์'",
            "แถว 9 คอลัมน์ size: ขนาด 'XL'",
            "แถว 10 คอลัมน์ code: รหัส 6200101 ซ้ำกับแถว 2",
            "แถว 11 คอลัมน์ website: 'http://not a url' ไม่ใช่ที่อยู่เว็บไซต์",
            "แถว 12 คอลัมน์ code: '12' ไม่ใช่รหัส อปท.",
            "แถว 12 คอลัมน์ name_th: ต้องมีชื่อหน่วยงาน",
        ):
            self.assertIn(expected, message)
        self.assertFalse(Organisation.objects.exists())
        self.assertFalse(AuditEntry.objects.exists())

    def test_a_wrong_header_is_refused(self):
        with self.assertRaises(RegisterError) as caught:
            import_file(csv_bytes(GOOD, header=["code", "name", *COLUMNS[2:]]), "x.csv")
        self.assertIn("ไม่มีคอลัมน์ name_th", caught.exception.problems[0])
        self.assertIn("ไม่รู้จักคอลัมน์ name", caught.exception.problems[1])

    def test_a_province_limit_refuses_other_provinces(self):
        with self.assertRaises(RegisterError) as caught:
            import_file(csv_bytes(GOOD), "x.csv", province="ชลบุรี")
        self.assertEqual(len(caught.exception.problems), 1)
        self.assertIn("แถว 4 คอลัมน์ province", caught.exception.problems[0])
        self.assertFalse(Organisation.objects.exists())


def generated_register(n: int) -> bytes:
    """n organisations spread over the real subdistricts, as a province office would send."""
    places = list(
        Subdistrict.objects.values_list(
            "name_th", "district__name_th", "district__province__name_th"
        ).order_by("pk")
    )
    kinds = ["อบต.", "เทศบาลตำบล", "เทศบาลเมือง", "เทศบาลนคร", "อบจ."]
    rows = []
    for i in range(n):
        sub, district, province = places[i % len(places)]
        rows.append(
            [f"{1000000 + i}", f"อปท. ทดสอบ {i}", kinds[i % 5], "SML"[i % 3], province, district,
             sub, f"https://o{i}.example", f"0{i:08d}", f"{i} หมู่ 1"]
        )  # fmt: skip
    return csv_bytes(rows)


class LargeRegisterTests(TestCase):
    # 5.8–7.5 s on 2 shared cores at load 6, mostly Django building the 16,000 inserted rows
    # (organisations and their audit entries): over the suite's 2 s mark for slow tests.
    @pytest.mark.slow
    def test_eight_thousand_rows_in_seconds_and_again_with_no_change(self):
        data = generated_register(8000)
        started = time.perf_counter()
        plan = import_file(data, "national.csv")
        first = time.perf_counter() - started
        self.assertEqual(len(plan.creates), 8000)
        self.assertEqual(Organisation.objects.count(), 8000)
        self.assertEqual(AuditEntry.objects.count(), 8000)
        started = time.perf_counter()
        again = import_file(data, "national.csv")
        second = time.perf_counter() - started
        self.assertEqual((len(again.creates), len(again.updates), again.unchanged), (0, 0, 8000))
        org = Organisation.objects.get(code="1000042")
        self.assertEqual(org.province, org.geo_province.name_th)
        self.assertLess(first, 20)
        self.assertLess(second, 20)
        print(f"\nregister import: 8,000 rows {first:.2f} s, again {second:.2f} s")
