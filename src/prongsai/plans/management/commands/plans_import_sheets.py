from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from prongsai.orgs.models import Organisation
from prongsai.plans.models import ActionPlan
from prongsai.plans.sheet_import import ImportReport, SheetImportError, import_sheets
from prongsai.plans.sheets import FIELD_NAMES_TH, ParseResult, Sheet, parse_sheets, read_text
from prongsai.plans.templates_data import create_plan

KIND_TH = {"project": "โครงการ", "activity": "กิจกรรม", "measure": "มาตรการ", None: "-"}


class Command(BaseCommand):
    help = (
        "Import the project sheets of an existing plan book (.txt or .docx) into an organisation's "
        "plan, and report the sheets and fields that could not be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the plan book, .txt (UTF-8) or .docx")
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument(
            "--plan",
            type=int,
            help="id of the organisation's plan to import into (default: its latest plan, "
            "or a new plan from the NACC template named after the file)",
        )
        parser.add_argument("--dry-run", action="store_true", help="read and report, write nothing")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, **options):
        result = self.parse(options["file"])
        org = Organisation.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(
                f"ไม่พบหน่วยงาน '{options['org']}' (no such organisation)", returncode=2
            )
        dry_run = options["dry_run"]
        with transaction.atomic():
            plan, new_plan = self.target_plan(org, options["plan"], options["file"])
            try:
                report = import_sheets(plan, result, dry_run=dry_run)
            except SheetImportError as exc:
                raise CommandError(str(exc), returncode=2) from exc
            if dry_run:
                transaction.set_rollback(True)
        data = self.summary(options["file"], org, plan, new_plan, result, report)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self.text(data, result, options["verbosity"]))

    def parse(self, path: Path) -> ParseResult:
        if not path.is_file():
            raise CommandError(f"ไม่พบไฟล์ '{path}' (no such file)", returncode=2)
        try:
            text = read_text(path)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except Exception as exc:  # a corrupt .docx: python-docx raises many kinds
            raise CommandError(
                f"อ่านไฟล์ '{path.name}' ไม่ได้ (cannot read the file): {exc}", returncode=2
            ) from exc
        result = parse_sheets(text)
        if not result.sheets:
            raise CommandError(
                f"ไม่พบแผ่นโครงการในไฟล์ '{path.name}': ไม่มีบรรทัด '๑. ชื่อโครงการ :' "
                "(no project sheet found)",
                returncode=2,
            )
        return result

    def target_plan(self, org, plan_id: int | None, path: Path) -> tuple[ActionPlan, bool]:
        """The plan to import into, and whether it was created for this import."""
        if plan_id is not None:
            plan = org.plans.filter(pk=plan_id).first()
            if plan is None:
                raise CommandError(
                    f"หน่วยงาน '{org.slug}' ไม่มีแผนหมายเลข {plan_id} "
                    "(no such plan in this organisation)",
                    returncode=2,
                )
            return plan, False
        plan = org.plans.order_by("-first_year", "-pk").first()
        if plan is not None:
            return plan, False
        return create_plan(org, title=path.stem), True

    def summary(self, path, org, plan, new_plan, result: ParseResult, report: ImportReport):
        total = len(result.sheets)
        return {
            "file": str(path),
            "org": org.slug,
            "plan": {
                # A plan created by a dry run was rolled back and has no id.
                "id": None if new_plan and report.dry_run else plan.pk,
                "title": plan.title,
                "first_year": plan.first_year,
                "last_year": plan.last_year,
                "created": new_plan,
            },
            "dry_run": report.dry_run,
            "sheets_found": total,
            "sheets": [sheet_row(s) for s in result.sheets],
            "field_counts": result.field_counts(),
            "incomplete": [
                {"index": s.index, "name": s.name, "missing": s.missing}
                for s in result.sheets
                if s.missing
            ],
            "warnings": result.warnings,
            "import": report.to_dict(),
        }

    def text(self, data: dict, result: ParseResult, verbosity: int) -> str:
        total = data["sheets_found"]
        plan = data["plan"]
        lines = [
            f"พบ {total} แผ่นโครงการ ({total} sheets found) ใน {data['file']}",
            f"แผน (plan): {plan['title']} {plan['first_year']}–{plan['last_year']}"
            + (" [สร้างใหม่ (new)]" if plan["created"] else f" [#{plan['id']}]"),
        ]
        if verbosity >= 1:
            lines.append("")
            lines.extend(sheet_line(s) for s in result.sheets)
        counts = ", ".join(
            f"{FIELD_NAMES_TH[name]} {count}/{total}"
            for name, count in data["field_counts"].items()
        )
        lines += ["", f"อ่านได้ต่อหัวข้อ (fields read): {counts}"]
        if data["incomplete"]:
            lines.append("แผ่นที่อ่านไม่ครบ (sheets with missing fields):")
            for row in data["incomplete"]:
                missing = ", ".join(FIELD_NAMES_TH[name] for name in row["missing"])
                lines.append(f"  {row['index']}. {row['name'][:60]}: {missing}")
        report = data["import"]

        def notes(key: str) -> list[str]:
            return [f"{n['sheet']}. {n['message']}" for n in report[key]]

        sections = (
            ("คำเตือน (warnings)", data["warnings"]),
            ("ปรับแก้ (corrections)", notes("corrections")),
            ("ใช้ภารกิจอื่นแทน (sub-section fallbacks)", notes("fallbacks")),
            ("หมายเหตุ (notes)", notes("notes")),
            ("ข้าม (skipped)", notes("skipped")),
        )
        for title, items in sections:
            if items:
                lines.append(f"{title}:")
                lines.extend(f"  {item}" for item in items)
        if data["dry_run"]:
            lines.append(
                f"ทดลองเท่านั้น ไม่ได้บันทึก: จะนำเข้า {report['created']} โครงการ "
                f"(dry run, nothing written: {report['created']} projects would be imported)"
            )
        else:
            lines.append(
                f"นำเข้าแล้ว {report['created']} โครงการ ({report['created']} projects imported)"
            )
        return "\n".join(lines)


def sheet_row(sheet: Sheet) -> dict:
    return {
        "index": sheet.index,
        "line": sheet.line,
        "printed_label": sheet.printed_label,
        "dimension": sheet.dimension,
        "subsection": sheet.subsection,
        "kind": sheet.kind,
        "name": sheet.name,
        "start_year": sheet.start_year,
        "end_year": sheet.end_year,
        "no_budget": sheet.no_budget,
        "budget_amount": None if sheet.budget_amount is None else str(sheet.budget_amount),
        "missing": sheet.missing,
    }


def sheet_line(sheet: Sheet) -> str:
    years = f"{sheet.start_year}–{sheet.end_year}" if sheet.start_year else "ปี ? (no years)"
    if sheet.budget_amount is not None:
        budget = f"{sheet.budget_amount:,} บาท"
    elif sheet.no_budget:
        budget = "ไม่ใช้งบประมาณ"
    else:
        budget = "งบประมาณ ? (no budget read)"
    return (
        f"  {sheet.index:>2}. [{sheet.subsection or '-'}] {KIND_TH[sheet.kind]}: "
        f"{sheet.name[:80]} | {years} | {budget}"
    )
