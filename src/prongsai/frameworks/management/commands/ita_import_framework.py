from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prongsai.frameworks.importer import read_framework_file
from prongsai.frameworks.library import FrameworkError
from prongsai.frameworks.models import Framework
from prongsai.frameworks.store import import_custom


class Command(BaseCommand):
    help = "Import an organisation's own ITA criteria from a YAML file or an Excel workbook."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=".yaml or .xlsx (see the README template)")
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--dry-run", action="store_true", help="validate only, write nothing")

    def handle(self, *args, **options):
        # The organisation model by the criteria's own relation: frameworks sits below orgs.
        organisations = Framework._meta.get_field("org").related_model.objects
        org = organisations.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(
                f"ไม่พบหน่วยงาน '{options['org']}' (no such organisation)", returncode=2
            )
        try:
            doc = read_framework_file(options["file"])
            row, created = import_custom(doc, org, options["file"].name, dry_run=options["dry_run"])
        except FrameworkError as exc:
            raise CommandError("\n".join(exc.lines()), returncode=2) from exc
        if options["dry_run"]:
            self.stdout.write(f"ไฟล์ถูกต้อง (valid): {row.urn} version {row.version}")
        elif created:
            self.stdout.write(f"นำเข้าแล้ว (imported): {row.urn} version {row.version}")
        else:
            self.stdout.write(
                f"มีอยู่แล้ว ไม่เปลี่ยนแปลง (already there): {row.urn} version {row.version}"
            )
