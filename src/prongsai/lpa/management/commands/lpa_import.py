from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prongsai.lpa.importer import read_lpa_table, save_lpa_table
from prongsai.params import BadParameter, parse_year
from prongsai.scoring.errors import ScoringInputError


class Command(BaseCommand):
    help = (
        "Import a province's LPA table (CSV or XLSX, Thai digits accepted); organisations the "
        "register lacks are created from the table's names. Bad input exits with status 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--province", required=True)
        parser.add_argument("--year", required=True, help="year in B.E., e.g. 2566")
        parser.add_argument(
            "--no-create", action="store_true", help="refuse organisations the register lacks"
        )

    def handle(self, *args, **options):
        try:
            year = parse_year(str(options["year"]))
        except BadParameter as exc:
            raise CommandError(exc.message, returncode=2) from exc
        try:
            table = read_lpa_table(options["file"], options["province"], year)
            written, created = save_lpa_table(table, create=not options["no_create"])
        except ScoringInputError as exc:
            raise CommandError("\n".join(exc.lines()), returncode=2) from exc
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(
            f"นำเข้าผล LPA {written} หน่วยงาน สร้างหน่วยงานใหม่ {created} แห่ง "
            f"({written} results, {created} organisations created)"
        )
