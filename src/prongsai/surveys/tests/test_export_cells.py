"""Survey exports never hand a spreadsheet a formula, and the CSV still scores as it is."""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from prongsai.nonces import new_nonce
from prongsai.orgs.models import Membership, Organisation
from prongsai.surveys.intake import submit
from prongsai.surveys.models import Campaign
from prongsai.surveys.tests.test_anonymity import answers_for
from prongsai.test import BaseTestCase

FORMULA_SLUG = "-1-2"  # a valid slug that Excel would otherwise compute as -3


class ExportCellTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.org = Organisation.objects.create(
            slug=FORMULA_SLUG, name_th="เทศบาลลบหนึ่ง", kind="sao", province="ชลบุรี"
        )
        Membership.objects.create(user=cls.officer_a, org=cls.org, role="officer")
        today = timezone.localdate()
        cls.campaign = Campaign.objects.create(
            org=cls.org, year=2568, tool="eit", opens=today, closes=today + timedelta(days=9)
        )
        for i in range(3):
            submit(cls.campaign, answers_for(cls.campaign, i), nonce=new_nonce(), part=1)

    def export(self, fmt: str) -> bytes:
        self.login(self.officer_a)
        url = reverse("surveys:export", args=[self.org.slug, self.campaign.pk, fmt])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content

    def test_the_csv_escapes_formula_like_text_and_scores_back_unchanged(self):
        content = self.export("csv")

        rows = list(csv.reader(io.StringIO(content.decode())))
        self.assertEqual({row[0] for row in rows[1:]}, {"'" + FORMULA_SLUG})
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "export.csv"
            path.write_bytes(content)
            out = io.StringIO()
            call_command(
                "ita_score", "--year", "2568", "--responses", str(path), "--json", stdout=out
            )
        self.assertEqual(json.loads(out.getvalue())["org"], FORMULA_SLUG)

    def test_the_workbook_writes_text_as_quote_prefixed_text(self):
        content = self.export("xlsx")

        sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
        self.assertNotIn(b"<f>", sheet_xml)
        sheet = load_workbook(io.BytesIO(content))["responses"]
        first = sheet["A2"]
        self.assertEqual(
            (first.value, first.data_type, first.quotePrefix), (FORMULA_SLUG, "s", True)
        )
