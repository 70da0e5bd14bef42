from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from prongsai.orgs.models import Organisation
from prongsai.spreadsheets import csv_writer
from prongsai.surveys.forms import questionnaire_problem
from prongsai.surveys.intake import generate_codes
from prongsai.surveys.models import Campaign
from prongsai.surveys.sampling import default_minimum
from prongsai.thai import fiscal_year_bounds


class Command(BaseCommand):
    help = "Open (or reopen) a survey campaign; print its public URL and, for IIT, write one-time codes."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--tool", choices=[t.value for t in Campaign.Tool], required=True)
        parser.add_argument(
            "--days", type=int, default=60, help="how long it stays open (default 60)"
        )
        parser.add_argument("--codes", type=int, help="IIT: how many one-time codes to make")
        parser.add_argument("--out", type=Path, help="IIT: CSV file for the codes and their URLs")

    def handle(self, *args, **options):
        org = Organisation.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(
                f"ไม่พบหน่วยงาน '{options['org']}' (no such organisation)", returncode=2
            )
        if options["codes"] and options["tool"] != "iit":
            raise CommandError("รหัสใช้ครั้งเดียวใช้กับ IIT เท่านั้น (codes are for IIT only)", returncode=2)
        if options["codes"] and not options["out"]:
            raise CommandError("ต้องระบุ --out สำหรับไฟล์รหัส (give --out for the codes)", returncode=2)
        try:
            fiscal_year_bounds(options["year"])
        except ValueError as exc:
            raise CommandError(f"ปีงบประมาณไม่ถูกต้อง (bad fiscal year): {exc}", returncode=2) from exc
        problem = questionnaire_problem(options["year"], options["tool"], org)
        if problem:
            raise CommandError(problem, returncode=2)
        today = timezone.localdate()
        campaign, created = Campaign.objects.get_or_create(
            org=org,
            year=options["year"],
            tool=options["tool"],
            defaults={
                "opens": today,
                "closes": today + timedelta(days=options["days"]),
                "minimum_sample": default_minimum(org, options["year"], options["tool"]),
            },
        )
        if not created and campaign.closed:
            raise CommandError("แบบสำรวจนี้ปิดแล้ว ผลถูกตรึงไว้ (this survey is closed)", returncode=2)
        url = settings.BASE_URL + reverse("surveys:survey", args=[campaign.token])
        self.stdout.write(url)
        if options["codes"]:
            codes = generate_codes(campaign, options["codes"])
            with options["out"].open("w", newline="", encoding="utf-8") as handle:
                writer = csv_writer(handle)
                writer.writerow(["code", "url"])
                for code in codes:
                    writer.writerow([code, f"{url}?c={code.replace('-', '')}"])
            self.stderr.write(
                f"{len(codes)} รหัส → {options['out']} (แจกแล้วทำลายไฟล์ได้: codes are kept only as hashes)"
            )
