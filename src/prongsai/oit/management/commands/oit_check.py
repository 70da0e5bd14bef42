from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from prongsai.frameworks.library import builtin_document, criteria_of
from prongsai.oit import checklist, history
from prongsai.oit.checker import (
    PRECEDENCE,
    STATUS_TH,
    Finding,
    Target,
    check_sync,
    is_http_url,
    targets_for,
)
from prongsai.oit.evidence_file import read_evidence
from prongsai.orgs.models import Organisation
from prongsai.scoring.errors import ScoringInputError


def bad_input(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = (
        "Check OIT evidence URLs: reachable, on the organisation's main website, of the fiscal "
        "year, showing each component. Either --org SLUG (the organisation's checklist) or "
        "--main-site URL --evidence FILE (item,url rows, CSV or XLSX). Bad input exits with "
        "status 2 and nothing is fetched; failing items are output, not errors. Private and "
        "loopback addresses are refused (status private_address) unless --allow-private."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, required=True, help="fiscal year in B.E., e.g. 2568"
        )
        parser.add_argument("--org", help="organisation slug: check its OIT checklist")
        parser.add_argument("--main-site", help="the organisation's main website URL")
        parser.add_argument("--evidence", type=Path, help="CSV or XLSX file with item,url rows")
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
        parser.add_argument("--timeout", type=float, default=10, help="seconds per wait (10)")
        parser.add_argument("--per-host", type=int, default=4, help="requests at once per host")
        parser.add_argument("--retries", type=int, default=2, help="retries after errors and 5xx")
        parser.add_argument(
            "--allow-private",
            action="store_true",
            help="also check private and loopback addresses (a test website on this machine)",
        )

    def handle(self, *args, **options):
        if options["timeout"] <= 0 or options["per_host"] < 1 or options["retries"] < 0:
            raise bad_input(
                "--timeout ต้องมากกว่า 0, --per-host อย่างน้อย 1 และ --retries ไม่ติดลบ"
                " (--timeout > 0, --per-host ≥ 1, --retries ≥ 0)"
            )
        org = None
        if options["org"]:
            if options["main_site"] or options["evidence"]:
                raise bad_input(
                    "ใช้ --org หรือ --main-site กับ --evidence อย่างใดอย่างหนึ่ง"
                    " (use either --org or --main-site with --evidence)"
                )
            org, main_site, targets, record = self.org_targets(options["org"], options["year"])
        else:
            main_site, targets = self.plain_targets(options)
        findings = self.run_check(targets, main_site, options)
        if org is not None:
            record(org, options["year"], findings)
        if options["json"]:
            data = {"year": options["year"], "main_site": main_site}
            if org is not None:
                data["org"] = org.slug
            data["items"] = [f.to_dict() for f in findings]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
        else:
            self.stdout.write(self.table(findings, options["year"], main_site))

    def plain_targets(self, options) -> tuple[str, list[Target]]:
        """Plain mode: the built-in criteria of the year and a file; no database."""
        main_site, path = options["main_site"], options["evidence"]
        if not (main_site and path):
            raise bad_input(
                "ต้องระบุ --org หรือทั้ง --main-site และ --evidence"
                " (give --org, or both --main-site and --evidence)"
            )
        if not is_http_url(main_site):
            raise bad_input(
                f"เว็บไซต์หลัก '{main_site}' ต้องขึ้นต้นด้วย http:// หรือ https://"
                " (--main-site must be an http/https URL)"
            )
        doc = builtin_document(options["year"])
        if doc is None:
            raise bad_input(f"ไม่มีเกณฑ์ ITA ของปี {options['year']} (no criteria for that year)")
        try:
            rows = read_evidence(path, criteria_of(doc))
        except ScoringInputError as exc:
            raise bad_input("\n".join(exc.lines())) from exc
        return main_site, targets_for(doc, [(item, url) for _, item, url in rows])

    def org_targets(self, slug: str, year: int):
        """Org mode: the organisation's checklist (oit/checklist.py) gives site and targets."""
        org = Organisation.objects.filter(slug=slug).first()
        if org is None:
            raise bad_input(f"ไม่พบหน่วยงาน '{slug}' (no such organisation)")
        main_site, targets = checklist.check_targets(org, year)
        if not main_site or not is_http_url(main_site):
            raise bad_input(
                f"หน่วยงาน '{slug}' ยังไม่ได้ระบุเว็บไซต์หลัก (http/https)"
                " (the organisation has no main website URL)"
            )
        return org, main_site, targets, history.record

    def run_check(self, targets: list[Target], main_site: str, options) -> list[Finding]:
        return check_sync(
            targets,
            main_site=main_site,
            year=options["year"],
            timeout=options["timeout"],
            per_host=options["per_host"],
            retries=options["retries"],
            guard=checklist.checker_guard(options["allow_private"]),
            user_agent=checklist.checker_user_agent(),
            retry_after_max=settings.OIT_RETRY_AFTER_MAX,
        )

    @staticmethod
    def table(findings: list[Finding], year: int, main_site: str) -> str:
        lines = [f"ผลตรวจลิงก์หลักฐาน OIT ปี {year} — เว็บไซต์หลัก {main_site}", ""]
        if not findings:
            lines.append("ยังไม่มีลิงก์หลักฐานให้ตรวจ")
        for f in findings:
            http = f"HTTP {f.http}" if f.http else "—"
            lines.append(f"{f.item}  {STATUS_TH[f.status]} ({f.status})  {http}  {f.url}")
            if f.redirects:
                lines.append(f"    เปลี่ยนทาง: {' → '.join(f.redirects)}")
            lines.append(f"    ผล: {f.finding_th}")
            if f.fix_th:
                lines.append(f"    วิธีแก้: {f.fix_th}")
        counts = Counter(f.status for f in findings)
        summary = ", ".join(
            f"{STATUS_TH[s]} {counts[s]}" for s in reversed(PRECEDENCE) if counts[s]
        )
        lines += ["", f"สรุป {len(findings)} ลิงก์: {summary or '—'}"]
        return "\n".join(lines)
