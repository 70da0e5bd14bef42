from __future__ import annotations

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from prongsai.frameworks.store import all_frameworks


class Command(BaseCommand):
    help = "List the ITA criteria: the built-in years and every organisation's own."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        try:
            frameworks = all_frameworks()
        except DatabaseError as exc:
            raise CommandError(
                "ฐานข้อมูลยังไม่พร้อม ให้รัน prongsai migrate ก่อน (run `prongsai migrate` first)",
                returncode=2,
            ) from exc
        if options["json"]:
            self.stdout.write(
                json.dumps([asdict(f) for f in frameworks], ensure_ascii=False, indent=1)
            )
            return
        self.stdout.write(f"{'ปี':<6}{'รุ่น':<6}{'แบบวัด':<13}{'OIT':<13}{'ของ':<14}URN")
        for f in frameworks:
            owner = f.owner or "ในตัว (built-in)"
            self.stdout.write(
                f"{f.year:<6}{f.version:<6}{f.questionnaire_status:<13}{f.oit_items_status:<13}"
                f"{owner:<14}{f.urn}"
            )
