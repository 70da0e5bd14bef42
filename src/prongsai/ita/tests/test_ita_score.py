"""`prongsai ita score` at the three input levels, as files a legal officer would hand it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from prongsai.frameworks.library import builtin_document, criteria_of
from prongsai.scoring.tests.test_engine import SEED_002_QUESTIONS, SEED_004_INDICATORS

CRITERIA_2568 = criteria_of(builtin_document(2568))


def best_answer(question) -> str:
    return max(question.options, key=lambda o: o.score).key


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("ita_score", *args, stdout=out)
    return out.getvalue()


def fails(*args: str) -> str:
    with pytest.raises(CommandError) as err:
        run(*args)
    assert err.value.returncode == 2
    return str(err.value)


@pytest.fixture
def indicators_2566(tmp_path) -> Path:
    path = tmp_path / "ind.csv"
    lines = [f"{n},{v}" for n, v in enumerate(SEED_004_INDICATORS, start=1)]
    path.write_text("indicator,score\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def questions_2568_xlsx(tmp_path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "score"])
    for code, score in SEED_002_QUESTIONS.items():
        sheet.append([code, float(score)])
    for n in range(1, 27):
        sheet.append([f"o{n}", "fail" if n in (12, 23) else 100])
    path = tmp_path / "q.xlsx"
    book.save(path)
    return path


def test_indicator_scores_give_the_published_2566_total(indicators_2566):
    data = json.loads(run("--year", "2566", "--indicators", str(indicators_2566), "--json"))
    assert data["total"] == 91.47 and data["pass"] is True
    assert data["tools"] == {"iit": 87.44, "eit": 84.11, "oit": 100.0}
    assert data["indicators"][0]["questions"] is None


def test_the_table_is_thai(indicators_2566):
    text = run("--year", "2566", "--indicators", str(indicators_2566))
    assert "ผลการประเมิน ITA ปี 2566" in text
    assert "คะแนนรวม" in text and "91.47" in text and "การใช้อำนาจ" in text


def test_question_scores_from_excel_give_analysis_and_failed_items(questions_2568_xlsx):
    data = json.loads(run("--year", "2568", "--questions", str(questions_2568_xlsx), "--json"))
    by_number = {i["number"]: i for i in data["indicators"]}
    assert by_number[4]["lowest"] == ["i10", "i11"]
    assert by_number[5]["lowest"] == []
    assert by_number[9]["failed"] == ["o12"] and by_number[10]["failed"] == ["o23"]
    assert data["tools"]["oit"] == round((95 + 500 / 6) / 2, 2)
    assert data["total"] is not None and data["rating"]


def test_responses_for_several_orgs_give_one_object_each(tmp_path):
    path = tmp_path / "r.csv"
    lines = ["org,tool,part,respondent,question,answer"]
    for org in ("ban-suan", "mueang-khok"):
        # the best answer of each question: "least" where the question asks about wrongdoing
        lines += [
            f"{org},iit,,r1,{q.code},{best_answer(q)}"
            for q in CRITERIA_2568.questions
            if q.tool == "iit"
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = json.loads(run("--year", "2568", "--responses", str(path), "--json"))
    assert set(data["orgs"]) == {"ban-suan", "mueang-khok"}
    org = data["orgs"]["ban-suan"]
    assert org["tools"]["iit"] == 100.0 and org["tools"]["eit"] is None and org["total"] is None
    assert org["indicators"][0]["questions"][0] == {"code": "i1", "score": 100.0, "respondents": 1}


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("indicator,score\n1,95\n11,90\n", "แถว 3 คอลัมน์ indicator: ไม่มีตัวชี้วัด '11'"),
        ("indicator,score\n1,101\n", "แถว 2 คอลัมน์ score: คะแนน 101 ต้องอยู่ระหว่าง 0 ถึง 100"),
        ("indicator,score\n1,abc\n", "แถว 2 คอลัมน์ score: 'abc' ไม่ใช่ตัวเลข"),
        ("indicator,score\n1,90\n1,91\n", "แถว 3 คอลัมน์ indicator: ตัวชี้วัด 1 ซ้ำ"),
        ("number,value\n1,90\n", "แถว 1: ไม่มีคอลัมน์ indicator, score"),
        ("", "ไฟล์ว่าง"),
        ("indicator,score\n", "ไฟล์ไม่มีข้อมูล"),
        ("year,indicator,score\n2567,1,90\n", "แถว 2 คอลัมน์ year: ปี 2567 ไม่ตรงกับเกณฑ์ปี 2566"),
    ],
)
def test_bad_indicator_files_exit_2_naming_the_row(tmp_path, content, words):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    assert words in fails("--year", "2566", "--indicators", str(path))


def test_bad_question_files_exit_2(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("code,score\ni1,100\ni99,50\no12,maybe\n", encoding="utf-8")
    message = fails("--year", "2568", "--questions", str(path))
    assert "แถว 3 คอลัมน์ code: ไม่พบข้อ 'i99'" in message
    assert "แถว 4 คอลัมน์ score: ผลข้อ o12 'maybe'" in message


def test_unknown_year_and_unusable_level_exit_2(indicators_2566, tmp_path):
    assert "ไม่มีเกณฑ์ ITA ของปี 2570" in fails("--year", "2570", "--indicators", str(indicators_2566))
    path = tmp_path / "q.csv"
    path.write_text("code,score\no1,100\n", encoding="utf-8")
    assert "รายการข้อ OIT ไม่ครบ" in fails("--year", "2567", "--questions", str(path))


def test_the_console_script_exits_2_without_a_traceback(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("indicator,score\n1,150\n", encoding="utf-8")
    env = os.environ | {"PRONGSAI_DEBUG": "1", "PRONGSAI_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    script = Path(sys.executable).with_name("prongsai")
    done = subprocess.run(
        [str(script), "ita", "score", "--year", "2566", "--indicators", str(path)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "แถว 2 คอลัมน์ score" in done.stderr
    assert "Traceback" not in done.stderr
