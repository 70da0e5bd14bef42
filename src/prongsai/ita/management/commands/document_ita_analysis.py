from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prongsai.documents.rendering import DocumentTemplateError
from prongsai.ita.document import analysis_document_bytes
from prongsai.ita.models import ItaResult


class Command(BaseCommand):
    help = (
        "Write an organisation's ITA analysis document (DOCX or PDF), e.g. for a province's batch."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--year", type=int, required=True, help="fiscal year in B.E.")
        parser.add_argument("--format", choices=["docx", "pdf"], required=True)
        parser.add_argument("--out", type=Path, required=True, help="file to write")

    def handle(self, *args, **options):
        result = (
            ItaResult.objects.select_related("org", "framework")
            .filter(org__slug=options["org"], year=options["year"])
            .first()
        )
        if result is None:
            raise CommandError(
                f"ไม่พบผลการประเมินปี {options['year']} ของหน่วยงาน '{options['org']}' "
                "(no results for that organisation and year)",
                returncode=2,
            )
        try:
            data = analysis_document_bytes(result, options["format"])
        except DocumentTemplateError as exc:  # the organisation's own template is broken
            raise CommandError(str(exc), returncode=2) from exc
        options["out"].write_bytes(data)
        if options["verbosity"] > 0:
            self.stdout.write(f"เขียนแล้ว (written): {options['out']} ({len(data):,} bytes)")
