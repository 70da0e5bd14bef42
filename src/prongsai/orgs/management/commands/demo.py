from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from prongsai.orgs.models import Organisation

DEMO_ORGS = [
    ("ban-suan", "องค์การบริหารส่วนตำบลบ้านสวน (สาธิต)", Organisation.Kind.SAO, "ชลบุรี"),
    (
        "mueang-khok",
        "เทศบาลตำบลเมืองโคก (สาธิต)",
        Organisation.Kind.SUBDISTRICT_MUNICIPALITY,
        "ขอนแก่น",
    ),
]


class Command(BaseCommand):
    help = "Load a fictional demo dataset (organisations and an admin account); safe to repeat."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", help="password for the demo accounts (default: generated)"
        )

    @transaction.atomic
    def handle(self, *args, **options):
        for slug, name, kind, province in DEMO_ORGS:
            Organisation.objects.update_or_create(
                slug=slug, defaults={"name_th": name, "kind": kind, "province": province}
            )
        user_model = get_user_model()
        admin, created = user_model.objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True}
        )
        if created or options["password"]:
            password = options["password"] or secrets.token_urlsafe(9)
            admin.set_password(password)
            admin.save()
            self.stdout.write(f"ผู้ดูแลระบบ (admin): admin / {password}")
        else:
            self.stdout.write("บัญชี admin มีอยู่แล้ว รหัสผ่านเดิม (admin exists; password unchanged)")
        self.stdout.write(f"หน่วยงานสาธิต (demo organisations): {Organisation.objects.count()}")
