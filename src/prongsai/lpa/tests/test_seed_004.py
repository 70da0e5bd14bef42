"""Seed 004's LPA table of เชียงราย 2566 (48 of its 144 rows, shipped as a fixture): every
printed per cent and rank comes out of the figures, and the import refuses a table whose printed
figures the arithmetic does not give."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from prongsai.lpa.calc import percent, total_percent
from prongsai.lpa.importer import read_lpa_table, save_lpa_table
from prongsai.lpa.models import LpaPointsBand, LpaResult, points_for
from prongsai.orgs.models import Organisation
from prongsai.thai import to_thai_digits

SEED = Path(__file__).resolve().parent / "data" / "seed004_lpa_2566_chiangrai.csv"
D = Decimal


def seed_rows() -> list[dict]:
    with SEED.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


class ArithmeticTests(TestCase):
    def test_every_printed_per_cent_of_the_48_rows(self):
        rows = seed_rows()
        self.assertEqual(len(rows), 48)
        for r in rows:
            fulls = [D(r[f"d{n}_full"]) for n in range(1, 6)]
            gots = [D(r[f"d{n}_got"]) for n in range(1, 6)]
            for n in range(1, 6):
                self.assertEqual(percent(gots[n - 1], fulls[n - 1]), D(r[f"d{n}_pct"]), r["name"])
            self.assertEqual(total_percent(fulls, gots), D(r["total_pct"]), r["name"])

    def test_the_total_is_the_ratio_of_sums_not_the_mean(self):
        first = seed_rows()[0]
        self.assertEqual(first["total_pct"], "95.96")
        mean = sum(D(first[f"d{n}_pct"]) for n in range(1, 6)) / 5
        self.assertNotEqual(mean.quantize(D("0.01")), D("95.96"))


class ImportTests(TestCase):
    def import_seed(self, path=SEED, **kwargs):
        out = io.StringIO()
        call_command(
            "lpa_import", str(path), "--province", "เชียงราย", "--year", "2566", stdout=out, **kwargs
        )
        return out.getvalue()

    def test_the_seed_imports_with_every_printed_rank_and_per_cent(self):
        existing = Organisation.objects.create(
            slug="mae-sai-mittraphap", name_th="เทศบาลตำบลแม่สายมิตรภาพ", kind="subdistrict_municipality",
            province="เชียงราย", district="แม่สาย",
        )  # fmt: skip
        self.assertIn("48 results, 47 organisations created", self.import_seed())
        self.assertEqual(LpaResult.objects.count(), 48)
        for r in seed_rows():
            stored = LpaResult.objects.get(org__name_th=r["name"], org__district=r["district"])
            with self.subTest(name=r["name"]):
                self.assertEqual(stored.total_percent, D(r["total_pct"]))
                self.assertEqual(stored.rank, int(r["seq"]))
                self.assertEqual(
                    [a["percent"] for a in stored.areas()], [D(r[f"d{n}_pct"]) for n in range(1, 6)]
                )
        self.assertEqual(LpaResult.objects.get(org=existing).rank, 124)
        # the two อบต.เวียง of different districts are two organisations
        self.assertEqual(Organisation.objects.filter(name_th="อบต.เวียง").count(), 2)
        self.assertEqual(Organisation.objects.get(name_th="อบจ.เชียงราย").kind, "pao")
        self.import_seed()  # again: nothing new
        self.assertEqual(Organisation.objects.filter(province="เชียงราย").count(), 48)

    def test_without_printed_ranks_the_order_is_the_printed_order(self):
        rows = seed_rows()
        path = Path(self.enterContext(_tmpdir())) / "noseq.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, [k for k in rows[0] if k != "seq"])
            writer.writeheader()
            for r in reversed(rows):  # the table's order must not matter, except for ties
                writer.writerow({k: v for k, v in r.items() if k != "seq"})
        self.import_seed(path)
        by_rank = LpaResult.objects.order_by("rank").values_list("org__name_th", "org__district")
        printed = [(r["name"], r["district"]) for r in sorted(rows, key=lambda r: int(r["seq"]))]
        # ties (90.33: ranks 12/13; 75.33: 138/139) have no published tie-break: compare as sets
        self.assertEqual(len(by_rank), 48)
        tied = {12, 13, 138, 139}
        for (name, district), r in zip(
            by_rank, sorted(rows, key=lambda r: int(r["seq"])), strict=True
        ):
            if int(r["seq"]) not in tied:
                self.assertEqual((name, district), (r["name"], r["district"]))
        self.assertEqual(set(by_rank), set(printed))
        self.assertEqual(
            list(LpaResult.objects.values_list("rank", flat=True).order_by("rank")),
            list(range(1, 49)),
        )

    def test_thai_digits_are_read(self):
        rows = seed_rows()[:3]
        path = Path(self.enterContext(_tmpdir())) / "thai.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, list(rows[0]))
            writer.writeheader()
            for r in rows:
                writer.writerow({k: to_thai_digits(v) for k, v in r.items()})
        self.import_seed(path)
        self.assertEqual(
            LpaResult.objects.get(org__name_th="เทศบาลตำบลสันทราย").total_percent, D("95.96")
        )

    def test_a_wrong_printed_figure_or_rank_is_refused_and_nothing_written(self):
        rows = seed_rows()[:4]
        rows[1]["d3_pct"] = "89.01"
        rows[2]["total_pct"] = "92.95"
        rows[3]["seq"] = "1"
        rows[0]["d4_got"] = "999"
        path = Path(self.enterContext(_tmpdir())) / "bad.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        with self.assertRaises(CommandError) as raised:
            self.import_seed(path)
        message = str(raised.exception)
        self.assertIn("แถว 2 คอลัมน์ d4_got", message)
        self.assertIn("แถว 3 คอลัมน์ d3_pct: พิมพ์ไว้ 89.01 แต่คำนวณได้ 89.00", message)
        self.assertIn("แถว 4 คอลัมน์ total_pct", message)
        self.assertIn("คอลัมน์ seq", message)
        self.assertFalse(LpaResult.objects.exists())
        self.assertFalse(Organisation.objects.exists())

    def test_without_create_an_unknown_organisation_is_refused(self):
        table = read_lpa_table(SEED, "เชียงราย", 2566)
        with self.assertRaises(ValueError):
            save_lpa_table(table, create=False)
        self.assertFalse(LpaResult.objects.exists())

    def test_results_as_json(self):
        self.import_seed()
        out = io.StringIO()
        call_command("lpa_results", "--province", "เชียงราย", "--year", "2566", "--json", stdout=out)
        rows = json.loads(out.getvalue())
        self.assertEqual(len(rows), 48)
        first = rows[0]
        self.assertEqual(
            (first["rank"], first["organisation"], first["total_percent"]),
            (1, "เทศบาลตำบลสันทราย", "95.96"),
        )
        self.assertEqual(
            [a["percent"] for a in first["areas"]], ["93.33", "100.00", "95.79", "95.45", "100.00"]
        )
        self.assertEqual((first["total_full"], first["total_score"]), ("445", "427"))
        self.assertEqual(first["points"], "10")
        self.assertEqual(first["areas"][0]["full"], "60")
        mine = next(r for r in rows if r["organisation"] == "เทศบาลตำบลแม่สายมิตรภาพ")
        self.assertEqual((mine["rank"], mine["total_percent"], mine["points"]), (124, "79.34", "8"))
        last = rows[-1]
        self.assertEqual((last["rank"], last["points"], last["points_known"]), (144, None, False))


class PointsTests(TestCase):
    def test_the_known_bands_and_the_unknown_rest(self):
        # seed 004 §A10: every LPA per cent of the reward table and its points
        for pct, points in (("95.96", 10), ("80.00", 10), ("79.57", 8), ("77.14", 8), ("79.34", 8)):
            band = points_for(D(pct))
            self.assertEqual(band.points, points, pct)
            self.assertTrue(band.known)
        unknown = points_for(D("61.14"))
        self.assertIsNone(unknown.points)
        self.assertFalse(unknown.known)

    def test_the_rule_is_data(self):
        LpaPointsBand.objects.filter(points=None).update(points=5, known=True)
        self.assertEqual(points_for(D("61.14")).points, 5)


def _tmpdir():
    return tempfile.TemporaryDirectory()
