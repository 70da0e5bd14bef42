"""`prongsai ita bulk`: a national file in, one row per organisation out."""

from __future__ import annotations

import csv
import io

import duckdb
import pytest
from django.core.management import CommandError, call_command

from prongsai.frameworks.library import builtin_document, criteria_of
from prongsai.scoring.synthetic import generate


@pytest.fixture
def national(tmp_path):
    path = tmp_path / "national.parquet"
    generate(criteria_of(builtin_document(2568)), path, orgs=25, iit=(5, 20), eit=(5, 30))
    return path


def test_it_writes_one_row_per_org_as_csv(national, tmp_path):
    out = tmp_path / "results.csv"
    call_command(
        "ita_bulk", str(national), "--year", "2568", "--out", str(out), stderr=io.StringIO()
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 25
    assert list(rows[0]) == [
        "org",
        *[f"ind{n}" for n in range(1, 11)],
        "iit",
        "eit",
        "oit",
        "total",
        "pass",
    ]
    first = rows[0]
    total = 0.3 * float(first["iit"]) + 0.3 * float(first["eit"]) + 0.4 * float(first["oit"])
    assert abs(total - float(first["total"])) < 0.02  # tools are rounded, the total is not
    assert first["pass"] == str(float(first["total"]) >= 85).lower()


def test_it_writes_parquet(national, tmp_path):
    out = tmp_path / "results.parquet"
    call_command(
        "ita_bulk", str(national), "--year", "2568", "--out", str(out), stderr=io.StringIO()
    )
    count, types = (
        duckdb.connect()
        .execute(f"SELECT count(*), any_value(typeof(total)) FROM read_parquet('{out}')")
        .fetchone()
    )
    assert count == 25 and types == "DECIMAL(5,2)"


def test_bad_input_exits_2(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "org,tool,part,respondent,question,answer\na,iit,,r1,i1,often\n", encoding="utf-8"
    )
    with pytest.raises(CommandError) as err:
        call_command("ita_bulk", str(path), "--year", "2568", "--out", str(tmp_path / "o.csv"))
    assert err.value.returncode == 2 and "คำตอบ 'often'" in str(err.value)
    assert not (tmp_path / "o.csv").exists()
    with pytest.raises(CommandError, match="ไม่มีข้อมูลข้อคำถาม"):
        call_command("ita_bulk", str(path), "--year", "2566", "--out", str(tmp_path / "o.csv"))
