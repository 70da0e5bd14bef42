"""The criteria commands, as an officer or another tool runs them.

Most tests call the management commands in-process; two run the real `prongsai` console script
to prove the exit codes and the stderr a shell sees.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from prongsai.frameworks.library import DATA_DIR
from prongsai.frameworks.models import Framework
from prongsai.frameworks.tests.helpers import (
    CUSTOM_URN,
    custom_yaml,
    framework_rows,
    line_number,
    replace_line,
    write_workbook,
)

PRONGSAI = Path(sys.executable).with_name("prongsai")


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args) -> CommandError:
    with pytest.raises(CommandError) as caught:
        run(*args)
    return caught.value


@pytest.fixture
def custom_file(tmp_path) -> Path:
    path = tmp_path / "ban-rai-2568.yaml"
    path.write_text(custom_yaml(), encoding="utf-8")
    return path


# ---------------------------------------------------------------- ita_frameworks


@pytest.mark.django_db
def test_the_list_shows_the_shipped_years():
    out, _ = run("ita_frameworks")

    lines = out.splitlines()
    assert lines[0].split() == ["ปี", "รุ่น", "แบบวัด", "OIT", "ของ", "URN"]
    assert [line.split()[0] for line in lines[1:]] == ["2566", "2567", "2568", "2569"]
    assert lines[2].split()[:4] == ["2567", "4", "unknown", "partial"]
    assert lines[3].endswith("urn:prongsai:ita:2568")
    assert lines[4].split()[:4] == ["2569", "3", "provisional", "provisional"]
    assert all("ในตัว (built-in)" in line for line in lines[1:])


@pytest.mark.django_db
def test_the_list_as_json_has_every_year_and_each_organisations_own(org, custom_file):
    run("ita_import_framework", str(custom_file), "--org", "ban-rai")

    out, _ = run("ita_frameworks", "--json")

    listed = json.loads(out)
    assert len(listed) == 5
    assert [(f["year"], f["builtin"], f["owner"]) for f in listed] == [
        (2566, True, ""),
        (2567, True, ""),
        (2568, True, ""),
        (2568, False, "ban-rai"),
        (2569, True, ""),
    ]
    assert listed[2]["question_count"] == 24
    assert listed[3]["urn"] == CUSTOM_URN
    assert listed[3]["oit_item_count"] == 2


# ---------------------------------------------------------------- ita_framework


@pytest.mark.django_db
def test_one_year_as_json_has_every_question_with_urn_scores_and_provenance():
    out, _ = run("ita_framework", "2568", "--json")

    doc = json.loads(out)
    assert doc["urn"] == "urn:prongsai:ita:2568"
    assert len(doc["questions"]) == 24
    for q in doc["questions"]:
        assert q["urn"] == f"urn:prongsai:ita:2568:{q['tool']}:{q['code']}"
        assert q["source"] and q["confidence"]
        assert q["options"] and all(isinstance(o["score"], float) for o in q["options"])
    i5 = next(q for q in doc["questions"] if q["code"] == "i5")
    assert [o["score"] for o in i5["options"]] == [0.0, 33.33, 66.67, 100.0]
    assert len(doc["oit_items"]) == 26


@pytest.mark.django_db
def test_one_year_as_text_lists_indicators_with_their_questions_and_items():
    out, _ = run("ita_framework", "2568")

    lines = out.splitlines()
    assert lines[0].endswith("(version 4, urn:prongsai:ita:2568)")
    assert "ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ [IIT]" in lines
    assert "ตัวชี้วัดที่ 10 การป้องกันการทุจริต [OIT]" in lines
    assert any(line.startswith("  i1 ") and line.endswith("[secondary]") for line in lines)
    assert any(line.startswith("  o26 ") and line.endswith("[inferred]") for line in lines)
    assert "  o5  [unknown]" in lines  # no name known: the code alone


@pytest.mark.django_db
def test_an_unknown_year_is_refused_with_exit_code_2():
    error = refused("ita_framework", "2570")

    assert error.returncode == 2
    assert str(error) == (
        "2570: ไม่มีเกณฑ์ ITA ของปี 2570 (no criteria for that year; known: 2566, 2567, 2568, 2569)"
    )


@pytest.mark.django_db
def test_an_organisations_criteria_are_shown_by_urn(org, custom_file):
    run("ita_import_framework", str(custom_file), "--org", "ban-rai")

    out, _ = run("ita_framework", "2568", "--framework", CUSTOM_URN, "--json")

    doc = json.loads(out)
    assert doc["urn"] == CUSTOM_URN
    assert [item["urn"] for item in doc["oit_items"]] == [
        f"{CUSTOM_URN}:oit:o1",
        f"{CUSTOM_URN}:oit:o2",
    ]


@pytest.mark.django_db
def test_an_organisations_criteria_asked_for_under_another_year_are_refused(org, custom_file):
    run("ita_import_framework", str(custom_file), "--org", "ban-rai")

    error = refused("ita_framework", "2567", "--framework", CUSTOM_URN)

    assert error.returncode == 2
    assert "เกณฑ์นี้เป็นของปี 2568 ไม่ใช่ 2567" in str(error)


# ---------------------------------------------------------------- ita_framework_template


def test_the_template_command_writes_a_workbook_of_the_years_items(tmp_path):
    path = tmp_path / "template-2568.xlsx"

    out, _ = run("ita_framework_template", "2568", "--out", str(path))

    assert str(path) in out
    rows = list(load_workbook(path)["oit_items"].iter_rows(values_only=True))
    assert len(rows) == 1 + 26


def test_the_template_command_refuses_an_unknown_year(tmp_path):
    error = refused("ita_framework_template", "2570", "--out", str(tmp_path / "t.xlsx"))

    assert error.returncode == 2
    assert not (tmp_path / "t.xlsx").exists()


# ---------------------------------------------------------------- ita_import_framework


@pytest.mark.django_db
def test_importing_a_file_stores_it_for_the_organisation(org, custom_file):
    out, _ = run("ita_import_framework", str(custom_file), "--org", "ban-rai")

    assert out.strip() == f"นำเข้าแล้ว (imported): {CUSTOM_URN} version 1"
    assert Framework.objects.get(urn=CUSTOM_URN).org == org


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(org, custom_file):
    run("ita_import_framework", str(custom_file), "--org", "ban-rai")

    out, _ = run("ita_import_framework", str(custom_file), "--org", "ban-rai")

    assert out.strip() == f"มีอยู่แล้ว ไม่เปลี่ยนแปลง (already there): {CUSTOM_URN} version 1"
    assert Framework.objects.filter(urn=CUSTOM_URN).count() == 1


@pytest.mark.django_db
def test_a_dry_run_checks_the_file_and_writes_nothing(org, custom_file):
    out, _ = run("ita_import_framework", str(custom_file), "--org", "ban-rai", "--dry-run")

    assert out.strip() == f"ไฟล์ถูกต้อง (valid): {CUSTOM_URN} version 1"
    assert not Framework.objects.filter(urn=CUSTOM_URN).exists()
    assert Framework.objects.count() == 4


@pytest.mark.django_db
def test_importing_a_workbook_stores_it_for_the_organisation(org, tmp_path):
    oit = [
        ["code", "indicator", "name_th", "source", "confidence"],
        ["o1", 9, "โครงสร้าง", "คู่มือ", "confirmed"],
        ["o2", 10, "แผนป้องกันการทุจริต", "คู่มือ", "confirmed"],
    ]
    path = write_workbook(
        tmp_path / "ban-rai.xlsx", {"framework": framework_rows(), "oit_items": oit}
    )

    out, _ = run("ita_import_framework", str(path), "--org", "ban-rai")

    assert out.startswith("นำเข้าแล้ว (imported)")
    stored = Framework.objects.get(urn=CUSTOM_URN)
    assert [item["code"] for item in stored.document["oit_items"]] == ["o1", "o2"]


@pytest.mark.django_db
def test_a_bad_file_is_refused_with_exit_code_2_and_the_line_named(org, tmp_path):
    text = (DATA_DIR / "ita-2568.yaml").read_text(encoding="utf-8")
    text = text.replace("urn:prongsai:ita:2568", CUSTOM_URN)
    e2 = line_number(text, "code: e2")
    confidence = line_number(text, "confidence:", after=e2)
    path = tmp_path / "broken.yaml"
    path.write_text(replace_line(text, confidence, "  confidence: maybe"), encoding="utf-8")

    error = refused("ita_import_framework", str(path), "--org", "ban-rai")

    assert error.returncode == 2
    assert str(error).startswith(f"broken.yaml: บรรทัด {confidence} questions[16].confidence:")
    assert not Framework.objects.filter(org=org).exists()


@pytest.mark.django_db
def test_a_bad_workbook_is_refused_with_sheet_row_and_column(org, tmp_path):
    oit = [
        ["code", "indicator", "name_th", "source", "confidence"],
        ["o1", "เก้า", "x", "s", "confirmed"],
    ]
    path = write_workbook(tmp_path / "bad.xlsx", {"framework": framework_rows(), "oit_items": oit})

    error = refused("ita_import_framework", str(path), "--org", "ban-rai")

    assert error.returncode == 2
    assert str(error) == (
        "bad.xlsx: ชีต oit_items แถว 2 คอลัมน์ indicator: 'เก้า' ไม่ใช่ตัวเลข (not a number)"
    )


@pytest.mark.django_db
def test_an_unknown_organisation_is_refused_with_exit_code_2(custom_file):
    error = refused("ita_import_framework", str(custom_file), "--org", "nowhere")

    assert error.returncode == 2
    assert str(error) == "ไม่พบหน่วยงาน 'nowhere' (no such organisation)"
    assert not Framework.objects.filter(urn=CUSTOM_URN).exists()


@pytest.mark.django_db
def test_importing_without_an_organisation_is_a_usage_error(custom_file):
    with pytest.raises(CommandError) as caught:
        run("ita_import_framework", str(custom_file))

    assert "--org" in str(caught.value)


# ---------------------------------------------------------------- the real console script


def _console_env(data_dir: Path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL")
    }
    env.update(PRONGSAI_DEBUG="1", PRONGSAI_DATA_DIR=str(data_dir))
    return env


def test_the_console_script_prints_a_years_criteria_as_json(tmp_path):
    done = subprocess.run(
        [str(PRONGSAI), "ita", "framework", "2568", "--json"],
        env=_console_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["urn"] == "urn:prongsai:ita:2568"
    assert len(doc["questions"]) == 24


def test_the_console_script_exits_2_with_a_thai_message_for_an_unknown_year(tmp_path):
    done = subprocess.run(
        [str(PRONGSAI), "ita", "framework", "2570"],
        env=_console_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 2
    assert done.stdout == ""
    assert "ไม่มีเกณฑ์ ITA ของปี 2570" in done.stderr
    assert "Traceback" not in done.stderr


def test_listing_on_an_unmigrated_database_asks_for_migrate(tmp_path):
    env = os.environ | {"PRONGSAI_DEBUG": "1", "PRONGSAI_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    script = Path(sys.executable).with_name("prongsai")
    done = subprocess.run(
        [str(script), "ita", "frameworks"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 2
    assert "prongsai migrate" in done.stderr and "Traceback" not in done.stderr
