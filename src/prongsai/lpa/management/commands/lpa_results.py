from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from prongsai.lpa.results import as_json, province_results
from prongsai.params import BadParameter, parse_year


class Command(BaseCommand):
    help = "A province's LPA results of a year: areas, total per cent and rank."

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True)
        parser.add_argument("--year", required=True, help="year in B.E., e.g. 2566")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        try:
            year = parse_year(str(options["year"]))
        except BadParameter as exc:
            raise CommandError(exc.message, returncode=2) from exc
        rows = as_json(province_results(options["province"], year))
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for r in rows:
            self.stdout.write(f"{r['rank']:>4}  {r['total_percent']:>6}  {r['organisation']}")
