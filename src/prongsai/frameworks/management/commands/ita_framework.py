from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from prongsai.frameworks.library import FrameworkError, dump, item_name
from prongsai.frameworks.store import find_document


class Command(BaseCommand):
    help = "Show one year's ITA criteria in full; --json dumps the document other tools read."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="fiscal year in B.E., e.g. 2568")
        parser.add_argument("--framework", help="URN of a custom criteria document")
        parser.add_argument("--json", action="store_true", help="print the full JSON document")

    def handle(self, *args, **options):
        try:
            doc = find_document(year=options["year"], urn=options["framework"])
        except FrameworkError as exc:
            raise CommandError("\n".join(exc.lines()), returncode=2) from exc
        full = dump(doc)
        if options["json"]:
            self.stdout.write(json.dumps(full, ensure_ascii=False, indent=1))
            return
        self.stdout.write(f"{full['name']['th']} (version {full['version']}, {full['urn']})")
        for ind in full["indicators"]:
            self.stdout.write(
                f"\nตัวชี้วัดที่ {ind['number']} {ind['name']['th']} [{ind['tool'].upper()}]"
            )
            for q in full.get("questions", []):
                if q["indicator"] == ind["number"]:
                    self.stdout.write(f"  {q['code']:<5} {q['text']['th']}  [{q['confidence']}]")
            for item in full.get("oit_items", []):
                if item["indicator"] == ind["number"]:
                    self.stdout.write(
                        f"  {item['code']:<5} {item_name(item)}".rstrip()
                        + f"  [{item['confidence']}]"
                    )
