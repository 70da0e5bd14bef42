"""`prongsai api token --org SLUG [--write] [--name TEXT]` or `--province NAME`: make an API
token and print it once (only its SHA-256 is kept)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from prongsai.api.models import ApiToken
from prongsai.orgs.models import Organisation


class Command(BaseCommand):
    help = "Make an API token for an organisation or a province; prints it once."

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--org", help="the organisation's short name (slug)")
        scope.add_argument("--province", help="a province: reads all of its organisations")
        parser.add_argument("--write", action="store_true", help="may also write")
        parser.add_argument("--name", default="", help="what the token is for")

    def handle(self, *args, **options):
        org = None
        province = (options["province"] or "").strip()
        if options["org"]:
            org = Organisation.objects.filter(slug=options["org"]).first()
            if org is None:
                raise CommandError(
                    f"ไม่พบหน่วยงาน '{options['org']}' (no organisation '{options['org']}')"
                )
        elif not Organisation.objects.filter(province=province).exists():
            raise CommandError(
                f"ไม่มีหน่วยงานในจังหวัด '{province}' (no organisation in province '{province}')"
            )
        name = options["name"] or f"cli {'write' if options['write'] else 'read'}"
        row, token = ApiToken.objects.issue(
            name=name[:100],
            org=org,
            province=province if org is None else "",
            write=options["write"],
        )
        self.stderr.write(
            f"โทเค็น {row.prefix}… ของ {row.scope} ({'อ่านและเขียน' if row.write else 'อ่านอย่างเดียว'}) "
            "แสดงครั้งเดียว เก็บไว้ให้ดี (shown once: keep it safe)"
        )
        self.stdout.write(token)
