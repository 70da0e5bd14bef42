"""`prongsai document build-templates`: rebuilds the shipped Word templates, safely twice."""

from __future__ import annotations

import io

from django.core.management import call_command

from prongsai.cli import resolve_argv
from prongsai.documents.docx_templates import BUILDERS, TEMPLATE_DIR


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("document_build_templates", *args, stdout=out)
    return out.getvalue()


def test_it_is_reachable_as_document_build_templates():
    known = {"document_build_templates"}
    assert resolve_argv(["document", "build-templates"], known) == ["document_build_templates"]


def test_it_writes_the_templates_and_a_second_run_changes_nothing(tmp_path):
    output = run("--dir", str(tmp_path))
    names = sorted(f"{kind}.docx" for kind in BUILDERS)
    assert "ita_analysis.docx" in names and "action_plan.docx" in names
    assert all(name in output for name in names)
    assert sorted(p.name for p in tmp_path.iterdir()) == names  # no Word file for printed sheets
    written = {name: (tmp_path / name).read_bytes() for name in names}
    assert all(data == (TEMPLATE_DIR / name).read_bytes() for name, data in written.items())
    assert run("--dir", str(tmp_path)) == ""
    assert "ไม่เปลี่ยน (unchanged)" in run("--dir", str(tmp_path), "--verbosity", "2")
    assert {name: (tmp_path / name).read_bytes() for name in names} == written


def test_dry_run_writes_nothing(tmp_path):
    assert "would rebuild" in run("--dir", str(tmp_path), "--dry-run")
    assert list(tmp_path.iterdir()) == []
