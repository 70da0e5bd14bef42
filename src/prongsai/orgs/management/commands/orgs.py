from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from prongsai.orgs.models import Organisation


class Command(BaseCommand):
    help = (
        "List organisations (slug, code, Thai name, type, province, district) for operators and "
        "scripts. 'prongsai orgs import FILE' (the orgs_import command) brings in a register."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--province", help="only this province")

    def handle(self, *args, **options):
        orgs = Organisation.objects.all()
        if options["province"]:
            orgs = orgs.filter(province=options["province"])
        rows = [
            {
                "slug": o.slug,
                "code": o.code or "",
                "name": o.name_th,
                "type": o.kind,
                "type_label": o.get_kind_display(),
                "province": o.province,
                "district": o.district,
            }
            for o in orgs
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for r in rows:
            self.stdout.write(
                f"{r['slug']:<24} {r['code']:<10} {r['province']:<16} {r['type']:<26} {r['name']}"
            )
