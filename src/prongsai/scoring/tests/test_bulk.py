"""Bulk scoring's handling of untidy and bad files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from prongsai.scoring.bulk import BulkScorer
from prongsai.scoring.errors import ScoringInputError
from prongsai.scoring.tests.factories import tiny_criteria
from prongsai.scoring.tests.test_tally import full_org

HEADER = "org,tool,part,respondent,question,answer\n"


def write(path: Path, lines: list[str]) -> Path:
    path.write_text(
        HEADER + "".join(",".join(line.split()).replace(",-,", ",,") + "\n" for line in lines)
    )
    return path


def scored(path: Path):
    scorer = BulkScorer(tiny_criteria(), threads=1)
    scorer.score(path)
    return scorer


def test_untidy_but_valid_values_score_like_tidy_ones(tmp_path):
    tidy = scored(write(tmp_path / "tidy.csv", full_org())).rows()
    messy_lines = [line.replace(" iit ", " IIT ").replace(" pass", " PASS") for line in full_org()]
    messy = scored(write(tmp_path / "messy.csv", messy_lines)).rows()
    assert messy == tidy
    assert tidy[0].tools["oit"] == Decimal("75.00")


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("a iit - r9 i9 most", "ไม่พบข้อคำถาม 'i9'"),
        ("a iit - r9 i1 sometimes", "ไม่ใช่ตัวเลือกของข้อ i1"),
        ("a eit 7 r9 e1 yes", "ส่วนที่ '7'"),
        ("a zz - r9 i1 most", "เครื่องมือ 'zz'"),
        ("a oit - - o1 fail", "ข้อ o1 ของหน่วยงาน a ซ้ำ"),
        ("a iit - r9 i2 yes", "ข้อ i2 มีข้อย่อย"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_scored(tmp_path, line, words):
    path = write(tmp_path / "bad.csv", [*full_org(), line])
    with pytest.raises(ScoringInputError) as err:
        scored(path)
    assert words in str(err.value)


def test_missing_columns_and_empty_files_are_refused(tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("org,tool,question,answer\na,iit,i1,most\n")
    with pytest.raises(ScoringInputError, match="ไม่มีคอลัมน์ part, respondent"):
        scored(path)
    empty = tmp_path / "empty.csv"
    empty.write_text(HEADER)
    with pytest.raises(ScoringInputError, match="ไม่มีข้อมูล"):
        scored(empty)
    with pytest.raises(ScoringInputError, match="ไม่พบไฟล์"):
        scored(tmp_path / "absent.parquet")
