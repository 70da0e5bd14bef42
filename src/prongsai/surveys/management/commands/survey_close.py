from __future__ import annotations

from django.core.management.base import BaseCommand

from prongsai.surveys.management.commands.survey_results import find_campaign
from prongsai.surveys.models import Campaign


class Command(BaseCommand):
    help = "Close a survey campaign: it takes no more responses and its results are frozen."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--tool", choices=[t.value for t in Campaign.Tool], required=True)

    def handle(self, *args, **options):
        campaign = find_campaign(options)
        campaign.closed = True
        campaign.save(update_fields=["closed"])
        self.stdout.write(f"ปิดแล้ว (closed): {campaign}")
