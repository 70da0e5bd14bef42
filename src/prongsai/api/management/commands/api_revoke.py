"""`prongsai api revoke PREFIX`: revoke the token that starts so (as listed by `api tokens`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from prongsai.api.models import ApiToken


class Command(BaseCommand):
    help = "Revoke an API token by the first characters shown in lists (prs_…)."

    def add_arguments(self, parser):
        parser.add_argument("prefix", help="the token's first characters, e.g. prs_Ab12Cd34")

    def handle(self, *args, **options):
        prefix = options["prefix"].rstrip("…").rstrip(".")
        found = list(ApiToken.objects.active().filter(prefix=prefix))
        if not found:
            raise CommandError(f"ไม่พบโทเค็นที่ใช้งานอยู่ '{prefix}' (no active token '{prefix}')")
        if len(found) > 1:
            raise CommandError(
                f"มีโทเค็น '{prefix}' มากกว่าหนึ่งรายการ ยกเลิกที่หน้าผู้ดูแล "
                f"(more than one token '{prefix}': revoke in the admin)"
            )
        found[0].revoke()
        self.stdout.write(f"ยกเลิกโทเค็น {prefix}… แล้ว (revoked)")
