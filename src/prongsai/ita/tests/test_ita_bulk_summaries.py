"""`prongsai ita bulk … --summaries`: a national response file scored in bulk becomes the figures
of the province and national pages, with no response stored in the web database."""

from __future__ import annotations

import csv
import io
import tempfile
from decimal import Decimal
from pathlib import Path
from unittest import mock

import duckdb
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prongsai.audit.models import AuditEntry
from prongsai.frameworks.library import builtin_document, criteria_of
from prongsai.ita import tasks
from prongsai.ita.models import ItaResult, OrgYearSummary, Score, WeakPoint
from prongsai.ita.results import assessment_of
from prongsai.jobs.models import Job
from prongsai.orgs.models import Organisation
from prongsai.scoring.results import round2
from prongsai.scoring.synthetic import generate
from prongsai.surveys.models import Response
from prongsai.test import PASSWORD

CRITERIA = criteria_of(builtin_document(2568))
BY_SLUG = 2  # the last organisations of a file are named by their short name, not a code


def national_file(path: Path, orgs: int, *, seed: float = 0.42, first: int = 0) -> Path:
    """A synthetic year whose organisations (numbered from `first`) are named by a register code
    (50000000…), the last BY_SLUG by their short name (org00008…)."""
    raw = path.with_suffix(".raw.parquet")
    generate(CRITERIA, raw, orgs=orgs, iit=(5, 15), eit=(5, 20), seed=seed)
    con = duckdb.connect()
    con.execute(
        f"""COPY (SELECT CASE WHEN n < {orgs - BY_SLUG} THEN '5' || lpad((n + {first})::VARCHAR, 7, '0')
                             ELSE 'org' || lpad((n + {first})::VARCHAR, 5, '0') END AS org,
                        tool, part, respondent, question, answer
                  FROM (SELECT substr(org, 4)::INT AS n, * FROM read_parquet('{raw}')))
            TO '{path}' (FORMAT parquet)"""
    )
    return path


def register(orgs: int, *, leave_out=(), first: int = 0) -> None:
    for n in range(orgs):
        if n in leave_out:
            continue
        named_by_slug = n >= orgs - BY_SLUG
        i = n + first
        Organisation.objects.get_or_create(
            slug=f"org{i:05d}",
            defaults={
                "code": None if named_by_slug else f"5{i:07d}",
                "name_th": f"อบต.ทดสอบ {i}",
                "kind": "sao",
                "province": "ชลบุรี" if i % 2 else "ขอนแก่น",
            },
        )


def bulk(*args, out: Path) -> str:
    said = io.StringIO()
    call_command("ita_bulk", *map(str, args), "--year", "2568", "--out", str(out), stderr=said)
    return said.getvalue()


class BulkSummaryTests(TestCase):
    def setUp(self):
        scratch = tempfile.TemporaryDirectory()
        self.addCleanup(scratch.cleanup)
        self.dir = Path(scratch.name)
        self.data = national_file(self.dir / "national.parquet", 10)
        self.out = self.dir / "results.csv"
        self.reader = get_user_model().objects.create_user("nation", password=PASSWORD)
        self.reader.user_permissions.add(Permission.objects.get(codename="view_national"))

    def test_the_national_page_shows_the_bulk_run_without_any_response_stored(self):
        register(10)
        said = bulk(self.data, "--summaries", out=self.out)

        self.assertIn("บันทึกผลและสรุปของ 10 หน่วยงาน", said)
        self.assertEqual(Response.objects.count(), 0)
        self.assertEqual(ItaResult.objects.filter(year=2568, source="import").count(), 10)
        by_code = {row["org"]: row for row in csv.DictReader(self.out.open(encoding="utf-8"))}
        self.client.force_login(self.reader)
        page = self.client.get(reverse("ita:national"), {"year": 2568})
        self.assertEqual(page.status_code, 200)
        rows = page.context["c"].rows
        self.assertEqual(len(rows), 10)
        for row in rows:
            org, summary = row["org"], row["summary"]
            line = by_code[org.code or org.slug]
            # the indicators are the bulk run's, to the hundredth
            self.assertEqual(
                summary.indicators, {str(n): line[f"ind{n}"] for n in range(1, 11)}, org.slug
            )
            # tools and total are scored from the stored figures, as on the dashboard
            self.assertEqual(round2(assessment_of(summary.result).total), summary.total)
            self.assertLessEqual(abs(summary.total - Decimal(line["total"])), Decimal("0.01"))
            self.assertIn(f"{summary.total:.2f}", page.content.decode())
        totals = [r["summary"].total for r in rows]
        self.assertEqual(totals, sorted(totals, reverse=True))
        self.assertEqual(rows[0]["rank"], 1)
        # the organisation's own dashboard opens on the same figures
        first = rows[0]["org"]
        dashboard = self.client.get(reverse("ita:dashboard", args=[first.slug, 2568]))
        self.assertEqual(dashboard.status_code, 200)
        # every failed OIT item of the file is a weak point the page counts
        fails = (
            duckdb.connect()
            .execute(f"SELECT count(*) FROM '{self.data}' WHERE tool = 'oit' AND answer = 'fail'")
            .fetchone()[0]
        )
        self.assertEqual(WeakPoint.objects.filter(level="item").count(), fails)
        self.assertEqual(Score.objects.filter(level="item", score=0).count(), fails)
        # a province page shows its own organisations only
        self.reader.is_superuser = True
        self.reader.save()
        province = self.client.get(reverse("ita:province", args=["ชลบุรี"]), {"year": 2568})
        self.assertEqual({r["org"].province for r in province.context["c"].rows}, {"ชลบุรี"})
        self.assertEqual(len(province.context["c"].rows), 5)

    def test_running_it_again_changes_nothing_and_new_responses_replace_the_figures(self):
        register(10)
        registered = AuditEntry.objects.count()
        bulk(self.data, "--summaries", out=self.out)
        before = list(OrgYearSummary.objects.order_by("org").values_list("org", "total"))
        entries = AuditEntry.objects.count()
        self.assertEqual(entries - registered, 10)  # one per result created

        bulk(self.data, "--summaries", out=self.out)
        self.assertEqual(
            list(OrgYearSummary.objects.order_by("org").values_list("org", "total")), before
        )
        self.assertEqual(ItaResult.objects.count(), 10)
        self.assertEqual(Score.objects.count(), 10 * (10 + 26))
        self.assertEqual(AuditEntry.objects.count(), entries)  # nothing changed, nothing said

        other = national_file(self.dir / "next.parquet", 10, seed=0.77)
        bulk(other, "--summaries", out=self.out)
        after = dict(OrgYearSummary.objects.values_list("org", "total"))
        self.assertNotEqual(sorted(after.items()), before)
        self.assertEqual(ItaResult.objects.count(), 10)
        self.assertGreater(AuditEntry.objects.count(), entries)

    def test_an_organisation_the_register_does_not_know_stops_the_load(self):
        register(10, leave_out={9})  # the file's last organisation (org00009) is unknown
        with self.assertRaises(CommandError) as err:
            bulk(self.data, "--summaries", out=self.out)
        self.assertEqual(err.exception.returncode, 2)
        self.assertIn("ไม่พบหน่วยงานรหัส org00009 ในทะเบียนหน่วยงาน", str(err.exception))
        self.assertEqual(ItaResult.objects.count(), 0)
        self.assertFalse(self.out.exists())

        said = bulk(self.data, "--summaries", "--skip-unknown", out=self.out)
        self.assertIn("ข้าม 1 หน่วยงาน", said)
        self.assertEqual(OrgYearSummary.objects.count(), 9)
        self.assertEqual(len(list(csv.DictReader(self.out.open(encoding="utf-8")))), 10)

    def test_the_load_takes_the_same_queries_for_more_organisations(self):
        """Bulk inserts, not a query per organisation: only the number of insert batches (the
        database's limit on parameters a statement) grows with the file."""

        def queries(orgs: int, first: int) -> tuple[int, int]:
            data = national_file(self.dir / f"n{orgs}.parquet", orgs, first=first)
            register(orgs, first=first)
            counts = []
            for _ in ("new", "replacing"):
                with CaptureQueriesContext(connection) as captured:
                    bulk(data, "--summaries", out=self.dir / f"n{orgs}.csv")
                inserts = [q for q in captured if q["sql"].startswith("INSERT")]
                self.assertLessEqual(len(inserts), 12)
                counts.append(len(captured) - len(inserts))
            return tuple(counts)

        self.assertEqual(queries(6, first=0), queries(14, first=100))


@pytest.mark.django_db(transaction=True)
def test_queued_with_summaries_the_worker_stores_the_pages_figures(tmp_path):
    data = national_file(tmp_path / "national.parquet", 4)
    register(4)
    with mock.patch.object(tasks.bulk_score, "delay"):
        call_command("ita_bulk", str(data), "--year", "2568", "--out", str(tmp_path / "o.csv"),
                     "--queue", "--summaries", stdout=io.StringIO())  # fmt: skip
    job = Job.objects.get()
    assert job.params["summaries"] is True
    assert tasks.bulk_score.apply(args=[job.pk]).get() == "done"
    assert OrgYearSummary.objects.filter(year=2568).count() == 4
    assert Response.objects.count() == 0
    assert (tmp_path / "o.csv").exists()
