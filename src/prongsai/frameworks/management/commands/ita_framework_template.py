from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prongsai.frameworks.importer import write_template
from prongsai.frameworks.library import FrameworkError
from prongsai.frameworks.store import find_document


class Command(BaseCommand):
    help = (
        "Write an Excel template of a year's OIT items, to correct and import as custom criteria."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")

    def handle(self, *args, **options):
        try:
            doc = find_document(year=options["year"])
        except FrameworkError as exc:
            raise CommandError("\n".join(exc.lines()), returncode=2) from exc
        write_template(options["out"], doc)
        self.stdout.write(f"เขียนแม่แบบแล้ว (template written): {options['out']}")
