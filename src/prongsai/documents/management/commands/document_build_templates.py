from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from prongsai.documents.docx_templates import TEMPLATE_DIR, build_all


class Command(BaseCommand):
    help = (
        "Rebuild the Word (DOCX) document templates shipped with Prongsai from "
        "documents/docx_templates.py; unchanged files are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="only report which templates would change",
        )
        parser.add_argument(
            "--dir",
            type=Path,
            default=TEMPLATE_DIR,
            help="where to write the templates (default: the package's own folder)",
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        changed = build_all(options["dir"], write=not dry_run)
        for path, is_changed in changed.items():
            if is_changed:
                verb = "จะสร้างใหม่ (would rebuild)" if dry_run else "สร้างใหม่แล้ว (rebuilt)"
                self.stdout.write(f"{verb}: {path}")
            elif options["verbosity"] >= 2:
                self.stdout.write(f"ไม่เปลี่ยน (unchanged): {path}")
