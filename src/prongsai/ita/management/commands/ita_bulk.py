from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from prongsai.frameworks.library import FrameworkError, criteria_of
from prongsai.frameworks.models import Framework
from prongsai.frameworks.store import find_document
from prongsai.ita import tasks
from prongsai.ita.bulk_load import load_bulk_results
from prongsai.scoring.bulk import BulkScorer
from prongsai.scoring.errors import ScoringInputError


class Command(BaseCommand):
    help = (
        "Score every organisation of a national response file (Parquet or CSV, long format) at "
        "once, in DuckDB; writes org,ind1..ind10,iit,eit,oit,total,pass as CSV or Parquet and, "
        "with --summaries, stores each organisation's figures for the province and national pages "
        "(no responses are stored)."
    )

    def add_arguments(self, parser):
        parser.add_argument("responses", type=Path, help="org,tool,part,respondent,question,answer")
        parser.add_argument("--year", type=int, required=True, help="fiscal year in B.E.")
        parser.add_argument("--framework", help="URN of a custom criteria document")
        parser.add_argument("--out", type=Path, required=True, help="results .csv or .parquet")
        parser.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
        parser.add_argument(
            "--summaries",
            action="store_true",
            help="also store each organisation's indicator and OIT item figures and its summary "
            "(the province and national pages), for organisations of the register",
        )
        parser.add_argument(
            "--skip-unknown",
            action="store_true",
            help="with --summaries: leave out organisations the register does not know "
            "(default: refuse, store nothing)",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="run it as a background job on a worker (the paths must be on a disk it shares)",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["out"].suffix.lower() not in (".csv", ".parquet"):
            raise CommandError(
                "--out ต้องเป็น .csv หรือ .parquet (use .csv or .parquet)", returncode=2
            )
        if options["queue"]:
            if not options["responses"].is_file():
                raise CommandError(f"ไม่พบไฟล์ {options['responses']} (no such file)", returncode=2)
            with transaction.atomic():
                job = tasks.start_bulk(
                    options["responses"], year=options["year"], out=options["out"],
                    framework=options["framework"], summaries=options["summaries"],
                    skip_unknown=options["skip_unknown"],
                )  # fmt: skip
            self.stdout.write(f"job {job.pk}")
            return
        loaded = None
        try:
            document = find_document(year=options["year"], urn=options["framework"])
            criteria = criteria_of(document)
            scorer = BulkScorer(criteria, threads=options["threads"])
            scorer.score(options["responses"])
            if options["summaries"]:
                framework = Framework.objects.get(urn=document["urn"], version=document["version"])
                loaded = load_bulk_results(
                    scorer, options["year"], framework, skip_unknown=options["skip_unknown"]
                )
        except (ScoringInputError, FrameworkError) as exc:
            raise CommandError("\n".join(exc.lines()), returncode=2) from exc
        scorer.write(options["out"])
        count = scorer.con.execute("SELECT count(*) FROM result").fetchone()[0]
        if options["verbosity"] > 0:
            self.stderr.write(
                f"{count} หน่วยงาน → {options['out']} ({time.perf_counter() - started:.2f} s; "
                f"{scorer.exact_rescored} rescored exactly near a rounding boundary)"
            )
            if loaded is not None:
                skipped = (
                    f", ข้าม {len(loaded.skipped)} หน่วยงานที่ไม่อยู่ในทะเบียน" if loaded.skipped else ""
                )
                self.stderr.write(
                    f"บันทึกผลและสรุปของ {loaded.written} หน่วยงาน (ใหม่ {loaded.created}){skipped} "
                    f"(stored {loaded.written} organisations' figures and summaries)"
                )
