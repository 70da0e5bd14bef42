"""`prongsai ita bulk`: a national file in, one row per organisation out."""

from __future__ import annotations

import csv
import io
from unittest import mock

import duckdb
import pytest
from django.core.management import CommandError, call_command

from prongsai.frameworks.library import builtin_document, criteria_of
from prongsai.ita import tasks
from prongsai.jobs.models import Job
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


@pytest.mark.django_db(transaction=True)
def test_queued_it_runs_as_a_job_with_progress_and_the_same_file(national, tmp_path):
    out, direct = tmp_path / "queued.csv", tmp_path / "direct.csv"
    call_command(
        "ita_bulk", str(national), "--year", "2568", "--out", str(direct), stderr=io.StringIO()
    )
    with mock.patch.object(tasks.bulk_score, "delay") as send:
        said = io.StringIO()
        call_command(
            "ita_bulk", str(national), "--year", "2568", "--out", str(out), "--queue", stdout=said
        )
    job = Job.objects.get()
    assert said.getvalue().strip() == f"job {job.pk}"
    send.assert_called_once_with(job.pk)
    assert (job.kind, job.state, job.total) == ("ita_bulk", "queued", 3)
    assert tasks.bulk_score.apply(args=[job.pk]).get() == "done"
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == ("done", 3, 3)
    assert job.message.startswith("คิดคะแนน 25 หน่วยงาน")
    assert job.message_en.startswith("Scored 25 organisations")
    assert out.read_bytes() == direct.read_bytes()
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
    # delivered again: done already, the file is not written twice
    assert tasks.bulk_score.apply(args=[job.pk]).get() == "skipped"


@pytest.mark.django_db(transaction=True)
def test_queued_bad_input_fails_the_job_row_by_row_and_writes_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "org,tool,part,respondent,question,answer\na,iit,,r1,i1,often\n", encoding="utf-8"
    )
    with mock.patch.object(tasks.bulk_score, "delay"):
        call_command("ita_bulk", str(path), "--year", "2568", "--out", str(tmp_path / "o.csv"), "--queue",
                     stdout=io.StringIO())  # fmt: skip
    job = Job.objects.get()
    assert tasks.bulk_score.apply(args=[job.pk]).get() == "failed"
    job.refresh_from_db()
    assert job.state == "failed" and "ไม่ได้บันทึกผล" in job.message
    assert any("คำตอบ 'often'" in e for e in job.errors)
    assert not (tmp_path / "o.csv").exists()
    with pytest.raises(CommandError, match="ไม่พบไฟล์"):
        call_command("ita_bulk", str(tmp_path / "none.csv"), "--year", "2568", "--out",
                     str(tmp_path / "o.csv"), "--queue")  # fmt: skip
