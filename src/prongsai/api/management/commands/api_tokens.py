"""`prongsai api tokens [--org SLUG | --province NAME] [--json]`: the tokens (never the token
itself: its first characters, scope, rights, dates)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from prongsai.api.models import ApiToken


class Command(BaseCommand):
    help = "List API tokens: prefix, name, scope, rights, created, last used, revoked."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="only this organisation's (slug)")
        parser.add_argument("--province", help="only this province's")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        tokens = ApiToken.objects.select_related("org")
        if options["org"]:
            tokens = tokens.filter(org__slug=options["org"])
        if options["province"]:
            tokens = tokens.filter(province=options["province"])
        rows = [
            {
                "prefix": t.prefix,
                "name": t.name,
                "org": t.org.slug if t.org_id else None,
                "province": t.province or None,
                "write": t.write,
                "created": t.created.isoformat(),
                "last_used": t.last_used.isoformat() if t.last_used else None,
                "revoked": t.revoked.isoformat() if t.revoked else None,
            }
            for t in tokens
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for r in rows:
            scope = r["org"] or f"จังหวัด {r['province']}"
            rights = "อ่าน/เขียน" if r["write"] else "อ่าน"
            state = f"ยกเลิก {r['revoked'][:10]}" if r["revoked"] else "ใช้ได้"
            self.stdout.write(f"{r['prefix']}…  {scope:<24} {rights:<10} {state:<16} {r['name']}")
