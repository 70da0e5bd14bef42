from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prongsai.ops.backup import make_backup
from prongsai.ops.errors import Failed, Refused


class Command(BaseCommand):
    help = (
        "Write a consistent backup (database snapshot, media files, manifest with checksums) "
        "to a .tar.gz; the keys only with --include-keys."
    )
    # A database that does not answer must give a message, not the checks' traceback.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("out", help="the archive to write (OUT.tar.gz); never overwritten")
        parser.add_argument(
            "--include-keys",
            action="store_true",
            help="also store the key files of the data directory (keep such a backup safe)",
        )
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, **options):
        try:
            report = make_backup(
                Path(options["out"]),
                include_keys=options["include_keys"],
                using=options["database"],
            )
        except Refused as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except Failed as exc:
            raise CommandError(str(exc), returncode=1) from exc
        for warning in report.warnings:
            self.stderr.write(warning)
        self.stdout.write(
            f"เขียนไฟล์สำรอง {report.path} แล้ว: {report.tables} ตาราง {report.rows} แถว "
            f"{report.files} ไฟล์ (backup written: {report.tables} tables, {report.rows} rows, "
            f"{report.files} files)"
        )
