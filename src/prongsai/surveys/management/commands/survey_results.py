from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from prongsai.surveys import results
from prongsai.surveys.models import Campaign


class Command(BaseCommand):
    help = "Print a survey's results: the engine's JSON for IIT/EIT, satisfaction shares otherwise."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--tool", choices=[t.value for t in Campaign.Tool], required=True)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        campaign = find_campaign(options)
        n, shares = results.question_results(campaign)
        if campaign.tool == Campaign.Tool.SATISFACTION:
            data = {
                "responses": n,
                "satisfied": None if shares is None else float(round(results.overall_satisfied(shares) or 0, 2)),
                "questions": None if shares is None else [
                    {"code": s.code, "satisfied": float(round(s.satisfied_pct, 2))} for s in shares
                ],
            }  # fmt: skip
        else:
            assessment = results.engine_scores(campaign) if n >= results.K_ANONYMITY else None
            data = assessment.to_dict() if assessment else {"year": campaign.year, "responses": n}
            data["responses"] = n
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
        else:
            self.stdout.write(f"{campaign}: {n} คำตอบ (responses)")
            if n < results.K_ANONYMITY:
                self.stdout.write(f"ผลรายข้อแสดงเมื่อมีอย่างน้อย {results.K_ANONYMITY} คำตอบ")


def find_campaign(options) -> Campaign:
    campaign = (
        Campaign.objects.select_related("org")
        .filter(org__slug=options["org"], year=options["year"], tool=options["tool"])
        .first()
    )
    if campaign is None:
        raise CommandError("ไม่พบแบบสำรวจนี้ (no such survey)", returncode=2)
    return campaign
