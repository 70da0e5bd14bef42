from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from prongsai.delegation.registry import import_file
from prongsai.orgs.register import RegisterError, check, read_rows


class Command(BaseCommand):
    help = (
        "Create or update organisations from a register file (CSV or XLSX; columns code, "
        "name_th, kind, size, province, district, subdistrict, website, phone, address; the "
        "code is the key). Every row is checked first; nothing is written when one is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--province", help="refuse rows of any other province")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count only; write nothing"
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"ไม่พบไฟล์ {path} (no such file)")
        try:
            if options["dry_run"]:
                rows = read_rows(path.read_bytes(), path.name)
                plan = check(rows, province=options["province"])
            else:
                with transaction.atomic():
                    plan = import_file(path.read_bytes(), path.name, province=options["province"])
        except RegisterError as exc:
            raise CommandError(
                "ไม่ได้บันทึกอะไร (nothing written):\n" + "\n".join(exc.problems)
            ) from exc
        self.stdout.write(
            f"สร้าง {len(plan.creates)} ปรับปรุง {len(plan.updates)} ไม่เปลี่ยน {plan.unchanged} "
            f"({len(plan.creates)} created, {len(plan.updates)} updated, "
            f"{plan.unchanged} unchanged)"
            + (" – ตรวจอย่างเดียว ไม่ได้บันทึก (dry run: nothing written)" if options["dry_run"] else "")
        )
