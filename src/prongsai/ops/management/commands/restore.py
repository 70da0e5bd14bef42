from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prongsai.ops.errors import Failed, Refused
from prongsai.ops.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty data directory and an empty or freshly migrated "
        "database (--force replaces data that is there), then migrate."
    )
    # Runs on a fresh installation whose database does not exist yet.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the backup to restore (IN.tar.gz)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the database and media files even if they hold data",
        )
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, **options):
        try:
            report = restore_backup(
                Path(options["archive"]), force=options["force"], using=options["database"]
            )
        except Refused as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except Failed as exc:
            raise CommandError(str(exc), returncode=1) from exc
        for warning in report.warnings:
            self.stderr.write(warning)
        if report.migrations_applied:
            self.stdout.write(
                f"ปรับฐานข้อมูลเป็นรุ่นปัจจุบันแล้ว ({report.migrations_applied} migration) "
                f"(brought up to date: {report.migrations_applied} migrations applied)"
            )
        keys = f", กุญแจ (keys): {', '.join(report.keys)}" if report.keys else ""
        self.stdout.write(
            f"กู้คืนแล้ว: {report.tables} ตาราง {report.rows} แถว {report.files} ไฟล์{keys} "
            f"(restored: {report.tables} tables, {report.rows} rows, {report.files} files); "
            "เริ่มเซิร์ฟเวอร์ใหม่ (restart the server)"
        )
