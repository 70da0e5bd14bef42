"""`prongsai document build-templates`: rebuilds the shipped Word templates, safely twice."""

from __future__ import annotations

import io

from django.core.management import call_command

from prongsai.cli import resolve_argv
from prongsai.documents.docx_templates import TEMPLATE_DIR


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("document_build_templates", *args, stdout=out)
    return out.getvalue()


def test_it_is_reachable_as_document_build_templates():
    known = {"document_build_templates"}
    assert resolve_argv(["document", "build-templates"], known) == ["document_build_templates"]


def test_it_writes_the_templates_and_a_second_run_changes_nothing(tmp_path):
    assert "ita_analysis.docx" in run("--dir", str(tmp_path))
    written = (tmp_path / "ita_analysis.docx").read_bytes()
    assert written == (TEMPLATE_DIR / "ita_analysis.docx").read_bytes()
    assert run("--dir", str(tmp_path)) == ""
    assert "ไม่เปลี่ยน (unchanged)" in run("--dir", str(tmp_path), "--verbosity", "2")
    assert (tmp_path / "ita_analysis.docx").read_bytes() == written


def test_dry_run_writes_nothing(tmp_path):
    assert "would rebuild" in run("--dir", str(tmp_path), "--dry-run")
    assert list(tmp_path.iterdir()) == []
