"""Shared by `prongsai ethics gifts-report` and `prongsai ethics ngp-announcement`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prongsai.documents.rendering import DocumentTemplateError
from prongsai.orgs.models import Organisation

MIN_YEAR, MAX_YEAR = 2500, 2700


class EthicsDocumentCommand(BaseCommand):
    kind = ""  # a document kind of the documents app

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--year", type=int, required=True, help="fiscal year (B.E.), e.g. 2568")
        parser.add_argument("--format", choices=["docx", "pdf"], required=True)
        parser.add_argument("--out", type=Path, required=True, help="the file to write")

    def kind_for(self, options) -> str:
        return self.kind

    def handle(self, *args, **options):
        try:
            data = self.build(options)
        except DocumentTemplateError as exc:  # the organisation's own template is broken
            raise CommandError(str(exc), returncode=2) from exc
        try:
            options["out"].write_bytes(data)
        except OSError as exc:
            raise CommandError(
                f"เขียนไฟล์ '{options['out']}' ไม่ได้ (cannot write the file): {exc.strerror}",
                returncode=2,
            ) from exc
        if options["verbosity"] > 0:
            self.stdout.write(f"เขียนแล้ว (written): {options['out']} ({len(data):,} bytes)")

    def build(self, options) -> bytes:
        """Check the input (exit status 2 on bad input) and render the document."""
        from prongsai.ethics import documents

        org = Organisation.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(
                f"ไม่พบหน่วยงาน '{options['org']}' (no such organisation)", returncode=2
            )
        year = options["year"]
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(
                f"ปีงบประมาณ {year} ไม่ใช่ปี พ.ศ. (a Buddhist-era fiscal year such as 2568 is "
                "expected)",
                returncode=2,
            )
        kind = self.kind_for(options)
        if options["format"] not in documents.document_formats(kind):
            raise CommandError(
                f"เอกสารนี้ทำได้เฉพาะ {', '.join(documents.document_formats(kind))} "
                f"(this document is made as {', '.join(documents.document_formats(kind))} only)",
                returncode=2,
            )
        if not options["out"].parent.is_dir():
            raise CommandError(
                f"ไม่พบโฟลเดอร์ '{options['out'].parent}' (no such folder)", returncode=2
            )
        return documents.render(kind, org, options["format"], year)
