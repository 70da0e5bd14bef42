"""The plan book, its reports, the risk assessment and the measures documents from the demo data."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from pathlib import Path

import docx
from django.core.management import CommandError, call_command
from django.urls import reverse

from prongsai.documents.tests.conftest import pdf_text, squash
from prongsai.plans.demo import load_plan_demo
from prongsai.plans.models import ActionPlan
from prongsai.test import BaseTestCase


def flat(text: str) -> str:
    return squash(text)


def pdf_bytes_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return pdf_text(Path(f.name), "-raw")


class PlanDocumentTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from prongsai.orgs.models import Unit

        for name in ("กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม", "หน่วยตรวจสอบภายใน"):
            Unit.objects.get_or_create(org=cls.org_a, name=name)
        cls.plan = load_plan_demo(cls.org_a)

    def test_the_plan_book_has_every_project_and_the_totals_in_words(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "plan.pdf"
            call_command(
                "document_action_plan",
                "--org",
                "org-a",
                "--year",
                "2568",
                "--format",
                "pdf",
                "--out",
                str(out),
                stdout=io.StringIO(),
            )
            text = subprocess.run(
                ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
            ).stdout
            pages = int(
                re.search(
                    r"Pages:\s+(\d+)",
                    subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout,
                ).group(1)
            )
        page = flat(text)
        self.assertGreaterEqual(pages, 36)
        self.assertIn(flat("๒๐,๐๐๐"), page)
        self.assertIn(flat("สองหมื่นบาทถ้วน"), page)
        for project in self.plan.projects.all()[:36:7]:
            self.assertIn(flat(project.name)[:30], page)

    def test_the_plan_book_in_word_has_one_summary_row_per_project(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "plan.docx"
            call_command(
                "document_action_plan",
                "--org",
                "org-a",
                "--plan",
                str(self.plan.pk),
                "--format",
                "docx",
                "--out",
                str(out),
                stdout=io.StringIO(),
            )
            document = docx.Document(str(out))
        cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
        for project in self.plan.projects.all():
            self.assertIn(project.name[:20], cells)

    def test_the_reports_carry_the_progress(self):
        for command, words in (
            ("document_plan_report_6m", "รอบ ๖ เดือน"),
            ("document_plan_report_annual", "ประจำปี"),
        ):
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "r.pdf"
                call_command(
                    command,
                    "--org",
                    "org-a",
                    "--year",
                    "2568",
                    "--format",
                    "pdf",
                    "--out",
                    str(out),
                    stdout=io.StringIO(),
                )
                text = flat(
                    subprocess.run(
                        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
                    ).stdout
                )
            self.assertIn(flat(words), text)
            done = self.plan.projects.filter(
                progress__fiscal_year=2568, progress__round="h1", progress__status="done"
            ).first()
            self.assertIn(flat(done.name)[:25], text)
        with self.assertRaises(CommandError) as caught:
            call_command(
                "document_plan_report_6m",
                "--org",
                "org-b",
                "--year",
                "2568",
                "--format",
                "pdf",
                "--out",
                "/tmp/x.pdf",
            )
        self.assertEqual(caught.exception.returncode, 2)

    def test_plan_pages_for_the_demo(self):
        self.login(self.officer_a)
        page = self.client.get(reverse("plans:plan", args=["org-a", self.plan.pk]) + "?year=2568")
        self.assertEqual([d.count for d in page.context["summary"].dimensions], [6, 21, 4, 5])
        risks = self.client.get(reverse("plans:risks", args=["org-a", 2568]))
        self.assertEqual(len(risks.context["items"]), 4)
        board = self.client.get(reverse("plans:measures", args=["org-a", 2568]))
        self.assertEqual(sum(len(ms) for _s, ms in board.context["columns"]), 19)
        self.assertEqual(ActionPlan.objects.filter(org=self.org_a).count(), 1)
