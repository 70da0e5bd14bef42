from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from prongsai.ita.follow import follow_criteria
from prongsai.ita.models import ItaResult
from prongsai.ita.summary import rebuild_summaries


class Command(BaseCommand):
    help = (
        "Score every stored ITA result again into the summaries the province and national pages "
        "read, each first moved onto the criteria now in force for its year (as publishing "
        "criteria does)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", help="only this province's organisations")
        parser.add_argument("--year", type=int, help="only this fiscal year (B.E.)")

    def handle(self, *args, **options):
        results = ItaResult.objects.all()
        if options["province"]:
            results = results.filter(org__province=options["province"])
        if options["year"]:
            results = results.filter(year=options["year"])
        started = time.perf_counter()
        moved, problems = follow_criteria(results)
        for line in problems:
            self.stderr.write(line)
        done = rebuild_summaries(results)
        self.stdout.write(
            f"สรุปผล {done} รายการ ใน {time.perf_counter() - started:.1f} วินาที "
            f"ย้ายไปใช้เกณฑ์ที่ประกาศใช้ {moved} รายการ "
            f"({done} results summarised, {moved} moved onto the criteria in force)"
        )
