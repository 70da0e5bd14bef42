"""Bulk scoring's files: Thai-Windows input is read, binary is refused, output cells stay text."""

from __future__ import annotations

import csv

import pytest

from prongsai.scoring.errors import ScoringInputError
from prongsai.scoring.tests.test_bulk import HEADER, scored
from prongsai.scoring.tests.test_tally import full_org
from prongsai.tests import hostile_files


def lines_for(org: str) -> str:
    return "".join(
        ",".join(line.replace("a ", f"{org} ", 1).split()).replace(",-,", ",,") + "\n"
        for line in full_org()
    )


def test_an_org_code_like_a_formula_is_text_in_the_results_csv(tmp_path):
    source = tmp_path / "national.csv"
    source.write_text(HEADER + lines_for("=1+1"), encoding="utf-8")
    out = tmp_path / "results.csv"

    scored(source).write(out)

    [header, row] = list(csv.reader(out.open(encoding="utf-8")))
    assert (header[0], row[0]) == ("org", "'=1+1")
    assert row[-1] in ("true", "false")


def test_a_national_file_saved_as_windows_874_is_scored(tmp_path):
    source = tmp_path / "national.csv"
    source.write_bytes((HEADER + lines_for("อบต.บ้านสวน")).encode("cp874"))

    [row] = scored(source).rows()

    assert row.org == "อบต.บ้านสวน"


def test_a_binary_file_is_refused_in_thai(tmp_path):
    source = tmp_path / "national.csv"
    source.write_bytes(hostile_files.BINARY)

    with pytest.raises(ScoringInputError, match="ไฟล์ 'national.csv' ไม่ใช่ไฟล์ข้อความ"):
        scored(source)


def test_duckdb_writes_a_tidy_results_csv_as_the_safe_writer_would(tmp_path):
    """Without formula-like codes DuckDB's COPY writes the CSV; it must be byte for byte what
    the shared safe writer writes (same spellings of numbers, booleans and empties)."""
    from prongsai.scoring.bulk import _csv_spelling
    from prongsai.spreadsheets import csv_writer

    source = tmp_path / "national.csv"
    source.write_text(
        HEADER + lines_for("a") + lines_for("b-2") + lines_for("'quoted") + lines_for("ก.ข"),
        encoding="utf-8",
    )
    scorer = scored(source)
    fast = tmp_path / "fast.csv"
    scorer.write(fast)
    cursor = scorer.con.execute("SELECT * FROM result ORDER BY org")
    safe = tmp_path / "safe.csv"
    with safe.open("w", encoding="utf-8", newline="") as handle:
        writer = csv_writer(handle, lineterminator="\n")
        writer.writerow([column for column, *_ in cursor.description])
        writer.writerows([_csv_spelling(v) for v in row] for row in cursor.fetchall())
    assert fast.read_text(encoding="utf-8") == safe.read_text(encoding="utf-8")
