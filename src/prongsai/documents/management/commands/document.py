"""`prongsai document kinds [--json]` and `prongsai document KIND --org SLUG … --format F --out FILE`:
every kind of document from the one registry (batch use by a province, scripts, checks)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from prongsai.documents import layout, registry
from prongsai.documents.layout import DocumentTemplateError
from prongsai.documents.libreoffice import ConversionError
from prongsai.documents.registry import DocumentRequest, NothingToReport
from prongsai.orgs.models import Organisation

# Names the commands had before there was one registry: `prongsai document plan-report-6m …`.
ALIASES = {
    "plan_report_6m": ("plan_report", {"round": "6m"}),
    "plan_report_annual": ("plan_report", {"round": "annual"}),
}


class Command(BaseCommand):
    help = "Write any document Prongsai makes (DOCX or PDF), or list the kinds with `kinds`."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="a document kind (`prongsai document kinds` lists them)")
        parser.add_argument("--json", action="store_true", help="with `kinds`: as JSON")
        parser.add_argument("--org", help="organisation slug")
        for name, text in registry.PARAMS.items():
            parser.add_argument(f"--{name}", help=text)
        parser.add_argument("--format", choices=registry.FORMATS, default="pdf")
        parser.add_argument("--out", help="the file to write")

    def handle(self, *args, **options):
        if options["kind"] == "kinds":
            return self.list_kinds(options["json"])
        key, preset = ALIASES.get(options["kind"].replace("-", "_"), (options["kind"], {}))
        try:
            kind = registry.get(key)
        except LookupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if not options["org"] or not options["out"]:
            raise CommandError(
                "ต้องระบุ --org และ --out (--org and --out are required)", returncode=2
            )
        org = Organisation.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(f"ไม่พบหน่วยงาน {options['org']} (no such organisation)", returncode=2)
        fmt = options["format"]
        if fmt not in kind.formats:
            raise CommandError(
                f"{kind.key} ทำได้เป็น {', '.join(kind.formats)} เท่านั้น (made as {kind.formats})",
                returncode=2,
            )
        raw = {name: options.get(name) for name in registry.PARAMS} | preset
        try:
            doc = DocumentRequest(kind=kind, org=org, params=registry.parse_params(kind, raw))
            content = layout.make(doc, fmt)
        except (ValueError, NothingToReport, DocumentTemplateError, ConversionError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except Http404 as exc:  # a plan or campaign that is not the organisation's
            raise CommandError(
                "ไม่พบแผนหรือแบบวัดนี้ในหน่วยงาน (no such plan or campaign in the organisation)",
                returncode=2,
            ) from exc
        Path(options["out"]).write_bytes(content)
        self.stdout.write(f"{options['out']}: {kind.title_th} ({len(content):,} bytes)")

    def list_kinds(self, as_json: bool) -> None:
        rows = [
            {"key": k.key, "title_th": k.title_th, "title_en": k.title_en,
             "params": list(k.params), "formats": list(k.formats), "public": k.public}
            for k in registry.kinds()
        ]  # fmt: skip
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            params = " ".join(f"--{p}" for p in row["params"])
            formats = "|".join(row["formats"])
            self.stdout.write(f"{row['key']:<24} {formats:<9} {params:<26} {row['title_th']}")
