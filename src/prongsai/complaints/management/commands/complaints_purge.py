from __future__ import annotations

from django.core.management.base import BaseCommand

from prongsai.complaints.retention import expired, purge, settle


class Command(BaseCommand):
    help = (
        "The nightly job (cron): delete the identities and files of complaints concluded longer "
        "ago than the retention period (their audit events stay), and rewrite the files of "
        "earlier days, and their rows, so that no file time or transaction id dates a filing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        if options["dry_run"]:
            self.stdout.write(f"would purge {expired().count()} complaints")
            return
        self.stdout.write(f"purged {purge()} complaints")
        files, rows = settle()
        self.stdout.write(f"settled {files} files and {rows} rows")
