from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from prongsai.complaints.stats import statistics
from prongsai.orgs.models import Organisation


class Command(BaseCommand):
    help = "Complaint statistics of an organisation for a fiscal year: counts and times, no case detail."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        org = Organisation.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(
                f"ไม่พบหน่วยงาน '{options['org']}' (no such organisation)", returncode=2
            )
        try:
            data = statistics(org, options["year"])
        except ValueError as exc:
            raise CommandError(f"ปีงบประมาณไม่ถูกต้อง (bad fiscal year): {exc}", returncode=2) from exc
        data = {
            **data,
            "by_category": dict(data["by_category"]),
            "by_status": dict(data["by_status"]),
            "by_outcome": dict(data["by_outcome"]),
        }
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str))
        else:
            total = data["total"]
            self.stdout.write(
                f"{org.name_th} {options['year']}: รับ {total['received']} ยุติ {total['concluded']} เกินกำหนด {total['overdue']}"
            )
