"""`prongsai document ita-analysis`: the analysis document of an organisation-year, read back."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata

import docx
from django.core.management import CommandError, call_command

from prongsai.test import BaseTestCase


def flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


class AnalysisDocumentTests(BaseTestCase):
    def write(self, fmt: str, tmp) -> str:
        path = f"{tmp}/analysis.{fmt}"
        call_command(
            "document_ita_analysis",
            "--org",
            "org-a",
            "--year",
            "2568",
            "--format",
            fmt,
            "--out",
            path,
            stdout=io.StringIO(),
        )
        return path

    def test_the_pdf_has_the_scores_lowest_questions_and_measures(self):
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            path = self.write("pdf", tmp)
            text = subprocess.run(
                ["pdftotext", path, "-"], capture_output=True, text=True, check=True
            ).stdout
        page = flat(text)
        for phrase in (
            "องค์การบริหารส่วนตำบลเอ",
            "สาเหตุเกิดจาก",
            "แนวทางการยกระดับ",
            "มาตรการเอ",
            "๙๙.๓๘",
            "ผู้รับรองข้อมูล",
            "นายเอผู้บริหาร",
        ):
            self.assertIn(flat(phrase), page, phrase)

    def test_the_docx_carries_the_chart_and_the_question_texts(self):
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            document = docx.Document(self.write("docx", tmp))
        self.assertEqual(len(document.inline_shapes), 1)
        body = "\n".join(p.text for p in document.paragraphs)
        cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
        self.assertIn("การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส", body)
        self.assertIn("ในหน่วยงานของท่าน มีเจ้าหน้าที่ที่ปฏิบัติงาน", cells)

    def test_an_organisation_year_without_results_exits_2(self):
        with self.assertRaises(CommandError) as caught:
            call_command(
                "document_ita_analysis",
                "--org",
                "org-a",
                "--year",
                "2566",
                "--format",
                "pdf",
                "--out",
                "/tmp/x.pdf",
            )
        self.assertEqual(caught.exception.returncode, 2)
