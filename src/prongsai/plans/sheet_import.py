"""Writing the project sheets read from a plan book (see ``sheets``) into a plan.

OCR'd books give impossible years, sub-section codes the plan does not have and budgets with no
split by year. Nothing is guessed silently: every correction and fallback is reported, sheet by
sheet, so a person can check them against the paper book.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from prongsai.plans.models import ActionPlan, Budget, Project, SubSection
from prongsai.plans.sheets import ParseResult, Sheet


class SheetImportError(Exception):
    """A sheet that cannot be written; the message is in Thai with English in brackets."""


@dataclass
class ImportNote:
    sheet: int
    field: str
    message: str


@dataclass
class ImportReport:
    plan_id: int
    dry_run: bool
    created: int = 0
    skipped: list[ImportNote] = field(default_factory=list)
    corrections: list[ImportNote] = field(default_factory=list)
    fallbacks: list[ImportNote] = field(default_factory=list)
    notes: list[ImportNote] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def import_sheets(plan: ActionPlan, result: ParseResult, *, dry_run: bool = False) -> ImportReport:
    """Create a Project (with its Budget rows) in ``plan`` for every parsed sheet.

    Writes to the database in one transaction: on any error, and always on a dry run, nothing is
    kept. A sheet whose name the plan already has is skipped, so importing twice is safe.
    """
    report = ImportReport(plan_id=plan.pk, dry_run=dry_run)
    subsections = list(
        SubSection.objects.filter(dimension__plan=plan)
        .select_related("dimension")
        .order_by("dimension__number", "code")
    )
    if not subsections:
        raise SheetImportError(
            f"แผน '{plan.title}' ยังไม่มีมิติและภารกิจ จึงวางโครงการไม่ได้ "
            "(the plan has no sub-sections to put projects in)"
        )
    existing = set(plan.projects.values_list("name", flat=True))
    previous = None
    with transaction.atomic():
        for sheet in result.sheets:
            name = _name(sheet, report)
            if name in existing:
                report.skipped.append(
                    ImportNote(sheet.index, "name", "มีโครงการชื่อนี้ในแผนแล้ว (already in the plan)")
                )
                continue
            existing.add(name)
            previous = _subsection(sheet, subsections, previous, report)
            _create(plan, sheet, name, previous, report)
            report.created += 1
        if dry_run:
            transaction.set_rollback(True)
    return report


def _create(plan, sheet: Sheet, name: str, subsection, report: ImportReport) -> None:
    start, end = _years(sheet, plan, report)
    kind = sheet.kind or Project.Kind.PROJECT
    if sheet.kind is None:
        report.corrections.append(
            ImportNote(
                sheet.index,
                "kind",
                "ชื่อไม่ขึ้นต้นด้วยโครงการ/กิจกรรม/มาตรการ บันทึกเป็นโครงการ "
                "(no kind in the name; saved as a project)",
            )
        )
    project = Project(
        plan=plan,
        subsection=subsection,
        order=sheet.index,
        kind=kind,
        name=name,
        rationale=sheet.rationale,
        objectives=sheet.objectives,
        target_group=sheet.target_group,
        method=sheet.method,
        start_year=start,
        end_year=end,
        responsible_text=_fit(sheet, "responsible", sheet.responsible, 300, report),
        outputs=sheet.outputs,
        outcomes=sheet.outcomes,
    )
    _validate(project, sheet)
    project.save()
    if sheet.budget_amount is not None:
        budget = Budget(project=project, fiscal_year=start, amount=sheet.budget_amount)
        _validate(budget, sheet, exclude=["project"])
        budget.save()
        report.notes.append(
            ImportNote(
                sheet.index,
                "budget",
                f"งบประมาณ {sheet.budget_amount:,} บาท ไม่ได้แยกรายปี ใส่ไว้ในปี {start} "
                f"(no split by year; the whole amount is put in {start})",
            )
        )


def _name(sheet: Sheet, report: ImportReport) -> str:
    if not sheet.name:
        raise SheetImportError(
            f"แผ่นที่ {sheet.index} (บรรทัด {sheet.line}): ไม่มีชื่อโครงการ "
            f"(sheet {sheet.index}, line {sheet.line}: no project name)"
        )
    return _fit(sheet, "name", sheet.name, 500, report)


def _fit(sheet: Sheet, field_name: str, text: str, limit: int, report: ImportReport) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    report.corrections.append(
        ImportNote(
            sheet.index,
            field_name,
            f"ยาวเกิน {limit} ตัวอักษร ตัดท้ายออก (longer than {limit} characters; cut)",
        )
    )
    return text[: limit - 1] + "…"


def _subsection(
    sheet: Sheet, subsections: list[SubSection], previous: SubSection | None, report: ImportReport
) -> SubSection:
    """The sub-section with the parsed code, else the nearest one the plan has (reported).

    OCR garbles the middle digit of a header ("๒.๑.๓" printed after "๒.๒.๒" for ๒.๒.๓), so the
    first guess keeps the last digit under the previous sheet's mission.
    """
    code = sheet.subsection
    by_code = {s.code: s for s in subsections}
    if code in by_code:
        return by_code[code]
    dimension = sheet.dimension or (int(code.split(".")[0]) if code else None)
    mission = code.rsplit(".", 1)[0] + "." if code else None
    in_sequence = None
    if code and previous and previous.code.split(".")[0] == code.split(".")[0]:
        in_sequence = by_code.get(previous.code.rsplit(".", 1)[0] + "." + code.rsplit(".", 1)[1])
    choices = (
        ("ต่อจากภารกิจของแผ่นก่อนหน้า (follows the previous sheet's)", [in_sequence] if in_sequence else []),
        ("ภารกิจเดียวกัน (same mission)", [s for s in subsections if mission and s.code.startswith(mission)]),
        ("มิติเดียวกัน (same dimension)", [s for s in subsections if s.dimension.number == dimension]),
        ("ภารกิจแรกของแผน (the plan's first)", subsections),
    )  # fmt: skip
    why, chosen = next((why, found[0]) for why, found in choices if found)
    printed = code or "-"
    report.fallbacks.append(
        ImportNote(
            sheet.index,
            "subsection",
            f"แผนไม่มีภารกิจ {printed} ใช้ {chosen.code} แทน: {why} "
            f"(no sub-section {printed} in the plan; used {chosen.code})",
        )
    )
    return chosen


def _years(sheet: Sheet, plan: ActionPlan, report: ImportReport) -> tuple[int, int]:
    """The sheet's years, moved into the plan's years only where they fall outside them."""
    first, last = plan.first_year, plan.last_year
    if sheet.start_year is None or sheet.end_year is None:
        report.corrections.append(
            ImportNote(
                sheet.index,
                "period",
                f"ไม่พบปีดำเนินการ ใช้ปีของแผน {first}–{last} "
                f"(no period read; used the plan's years {first}–{last})",
            )
        )
        return first, last
    start, end = sorted((sheet.start_year, sheet.end_year))
    fixed = min(max(start, first), last), min(max(end, first), last)
    if fixed != (sheet.start_year, sheet.end_year):
        why = []
        if start != sheet.start_year:
            why.append(("ปีกลับด้าน", "reversed"))
        if fixed != (start, end):
            why.append((f"อยู่นอกปีของแผน {first}–{last}", f"outside the plan's {first}–{last}"))
        report.corrections.append(
            ImportNote(
                sheet.index,
                "period",
                f"ปี {sheet.start_year}–{sheet.end_year} {' และ'.join(th for th, _ in why)} "
                f"ปรับเป็น {fixed[0]}–{fixed[1]} "
                f"(years {' and '.join(en for _, en in why)}; changed to {fixed[0]}–{fixed[1]})",
            )
        )
    return fixed


def _validate(row, sheet: Sheet, exclude: list[str] | None = None) -> None:
    try:
        row.full_clean(exclude=exclude)
    except ValidationError as exc:
        problems = "; ".join(
            f"{name}: {' '.join(map(str, messages))}" for name, messages in exc.message_dict.items()
        )
        raise SheetImportError(
            f"แผ่นที่ {sheet.index} (บรรทัด {sheet.line}): บันทึกไม่ได้ (cannot be saved): {problems}"
        ) from exc
