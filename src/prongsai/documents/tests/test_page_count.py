"""The plan book keeps the page count a real office gets.

Where TH SarabunPSK is not installed, a substitute drawn at its own full size made the demo's
52-page book 137 pages. LibreOffice must draw "Prongsai Sarabun" (Laksaman scaled to TH
SarabunPSK's metrics) or the real font, and the book keeps its length.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.test import TestCase

from prongsai.demo.site import load_demo
from prongsai.documents import layout, registry
from prongsai.documents.fonts import FAMILY
from prongsai.documents.registry import DocumentRequest
from prongsai.plans.models import ActionPlan

# The demo's book as a real office lays it out (TH SarabunPSK 16 pt): 45 pages. The band allows
# a line more or less per part; a substitute at full size lands far above it.
PAGES = range(42, 49)


def pdf_info(data: bytes, tool: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.pdf"
        path.write_bytes(data)
        return subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout


@pytest.mark.slow
class PlanBookPageCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo, _password = load_demo("a-long-demo-password")

    def test_the_demo_plan_book_keeps_its_length_and_font(self):
        plan = ActionPlan.objects.filter(org=self.demo.main).first()
        request = DocumentRequest(registry.get("action_plan"), self.demo.main, {"plan": plan.pk})
        pdf = layout.make(request, "pdf")
        pages = int(re.search(r"^Pages:\s+(\d+)", pdf_info(pdf, "pdfinfo"), re.M).group(1))
        self.assertIn(pages, PAGES)
        fonts = pdf_info(pdf, "pdffonts")
        self.assertTrue(
            FAMILY.replace(" ", "") in fonts.replace(" ", "") or "SarabunPSK" in fonts, fonts
        )
