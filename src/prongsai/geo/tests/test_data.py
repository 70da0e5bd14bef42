"""The shipped geography: complete after migrate, loaded again without change, source stated."""

from __future__ import annotations

from django.test import TestCase

from prongsai.geo.data_load import DATA, load_geography, shipped_rows
from prongsai.geo.models import District, Province, Subdistrict


class GeographyTests(TestCase):
    def test_every_shipped_row_is_in_the_database_once(self):
        rows = shipped_rows()
        self.assertEqual(Subdistrict.objects.count(), len(rows))
        self.assertEqual(Province.objects.count(), 77)
        self.assertEqual(
            District.objects.count(), len({(r["province"], r["district"]) for r in rows})
        )
        self.assertEqual(Province.objects.get(code="10").name_th, "กรุงเทพมหานคร")
        self.assertEqual(Province.objects.get(code="40").name_th, "ขอนแก่น")

    def test_loading_again_changes_nothing_and_fills_what_is_missing(self):
        before = Subdistrict.objects.count()
        load_geography()
        self.assertEqual(Subdistrict.objects.count(), before)
        Subdistrict.objects.filter(name_th="หนองรี", district__name_th="เมืองชลบุรี").delete()
        load_geography()
        self.assertEqual(Subdistrict.objects.count(), before)
        self.assertTrue(Subdistrict.objects.filter(name_th="หนองรี", postcode="20000").exists())

    def test_the_source_and_licence_are_stated(self):
        source = (DATA.parent / "SOURCE.md").read_text(encoding="utf-8")
        self.assertIn("thai-address-database", source)
        self.assertIn("ISC", source)
