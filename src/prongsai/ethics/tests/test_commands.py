"""`prongsai ethics gifts-report` and `prongsai ethics ngp-announcement`."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command

from prongsai.documents.rendering import formats_for
from prongsai.ethics.demo import load_ethics_demo
from prongsai.test import BaseTestCase


def kind_available(kind: str) -> bool:
    try:
        formats_for(kind)
    except ValueError:
        return False
    return True


class CommandTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_ethics_demo(cls.org_a)

    def run_command(self, name: str, *args: str) -> str:
        out = io.StringIO()
        call_command(name, *args, stdout=out)
        return out.getvalue()

    def test_the_gifts_report_is_written(self):
        if not kind_available("ngp_report"):
            self.skipTest("ngp_report is not in the documents app yet")
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "gifts.docx"
            printed = self.run_command(
                "ethics_gifts_report",
                "--org",
                "org-a",
                "--year",
                "2568",
                "--format",
                "docx",
                "--out",
                str(out),
            )
            self.assertTrue(out.read_bytes().startswith(b"PK"))
        self.assertIn("gifts.docx", printed)

    def test_the_announcement_and_the_poster_are_written(self):
        if not kind_available("ngp_poster"):
            self.skipTest("ngp kinds are not in the documents app yet")
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "ngp.pdf"
            self.run_command(
                "ethics_ngp_announcement",
                "--org",
                "org-a",
                "--year",
                "2568",
                "--format",
                "pdf",
                "--out",
                str(out),
            )
            self.assertTrue(out.read_bytes().startswith(b"%PDF"))
            poster = Path(tmp) / "poster.pdf"
            self.run_command(
                "ethics_ngp_announcement", "--org", "org-a", "--year", "2568", "--format", "pdf",
                "--out", str(poster), "--poster",
            )  # fmt: skip
            self.assertTrue(poster.read_bytes().startswith(b"%PDF"))

    def test_bad_input_is_exit_status_2_with_a_message(self):
        with tempfile.TemporaryDirectory() as tmp:
            cases = [
                ("ethics_gifts_report", ["--org", "nowhere", "--year", "2568"], "nowhere"),
                ("ethics_gifts_report", ["--org", "org-a", "--year", "2025"], "2025"),
                ("ethics_ngp_announcement", ["--org", "nowhere", "--year", "2568"], "nowhere"),
            ]
            for name, args, shown in cases:
                with self.subTest(name=name, args=args):
                    with self.assertRaises(CommandError) as raised:
                        call_command(
                            name, *args, "--format", "pdf", "--out", str(Path(tmp) / "x.pdf")
                        )
                    self.assertEqual(raised.exception.returncode, 2)
                    self.assertIn(shown, str(raised.exception))
            with self.assertRaises(CommandError) as raised:
                call_command(
                    "ethics_gifts_report", "--org", "org-a", "--year", "2568", "--format", "pdf",
                    "--out", str(Path(tmp) / "missing" / "x.pdf"),
                )  # fmt: skip
            self.assertEqual(raised.exception.returncode, 2)
            self.assertFalse(list(Path(tmp).iterdir()))
            if kind_available("ngp_poster") and "docx" not in formats_for("ngp_poster"):
                with self.assertRaises(CommandError) as raised:
                    call_command(
                        "ethics_ngp_announcement", "--org", "org-a", "--year", "2568", "--format", "docx",
                        "--out", str(Path(tmp) / "p.docx"), "--poster",
                    )  # fmt: skip
                self.assertEqual(raised.exception.returncode, 2)


def test_the_console_script_exits_with_2_and_no_traceback_on_a_bad_format(tmp_path):
    env = {**os.environ, "PRONGSAI_DEBUG": "1", "PRONGSAI_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "prongsai.cli", "ethics", "gifts-report", "--org", "org-a", "--year", "2568",
         "--format", "odt", "--out", str(tmp_path / "x.odt")],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "odt" in done.stderr
