"""The plan's projects as an Excel workbook: export, edit in Excel, import back.

Every row is checked before anything is written; problems name the row and the column in Thai.
Rows with an `id` update that project; rows without one add a project. Nothing is deleted.
The place and the indicators with their targets (one a line, as on the project page,
`plans.indicators`) are columns too; a workbook exported before they existed imports without them.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Font

from prongsai.incoming import FileRefused
from prongsai.orgs.models import Unit
from prongsai.plans import indicators
from prongsai.plans.models import ActionPlan, Budget, Project, SubSection
from prongsai.scoring.errors import ProblemList
from prongsai.spreadsheets import append_row, open_workbook, sheet_rows

MAX_BUDGET = 10**12  # Budget.amount holds 14 digits, 2 of them after the point
TEXT_COLUMNS = ["name", "rationale", "objectives", "target_group", "method", "outputs", "outcomes"]
KINDS = {k.value: k for k in Project.Kind} | {
    "โครงการ": "project",
    "กิจกรรม": "activity",
    "มาตรการ": "measure",
}


def columns(plan: ActionPlan) -> list[str]:
    return [
        "id", "order", "subsection", "kind", *TEXT_COLUMNS[:5], "start_year", "end_year",
        *[f"budget_{y}" for y in plan.years], "responsible", *TEXT_COLUMNS[5:], *OPTIONAL,
    ]  # fmt: skip


OPTIONAL = ["place", "indicators"]  # added later: older exports import without them


def export_plan(plan: ActionPlan) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "projects"
    header = columns(plan)
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    budgets: dict[tuple[int, int], Decimal] = {
        (b.project_id, b.fiscal_year): b.amount for b in Budget.objects.filter(project__plan=plan)
    }
    projects = (
        Project.objects.filter(plan=plan)
        .select_related("subsection", "responsible")
        .prefetch_related("indicators")
    )
    for p in projects:
        row = [p.pk, p.order, p.subsection.code, p.kind, *(getattr(p, c) for c in TEXT_COLUMNS[:5])]
        row += [p.start_year, p.end_year]
        row += [budgets.get((p.pk, y)) for y in plan.years]
        row += [p.responsible.name if p.responsible else p.responsible_text, p.outputs, p.outcomes]
        row += [p.place, indicators.format_lines(p)]
        append_row(sheet, [float(v) if isinstance(v, Decimal) else v for v in row])
    units = book.create_sheet("units")
    append_row(units, ["หน่วยงานที่ใช้ได้ในคอลัมน์ responsible"])
    for unit in Unit.objects.filter(org=plan.org):
        append_row(units, [unit.name])
    subsections = book.create_sheet("subsections")
    append_row(subsections, ["code", "name"])
    for s in SubSection.objects.filter(dimension__plan=plan):
        append_row(subsections, [s.code, s.name])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def import_plan(plan: ActionPlan, data: bytes, name: str = "plan.xlsx") -> dict:
    """Apply an edited workbook; raises ScoringInputError (row/column problems) and writes nothing.

    `name` is the uploaded file's name, for messages about the file as a whole.
    """
    problems = ProblemList()
    try:
        book = open_workbook(data, name)
        sheet = book["projects"]
    except FileRefused as exc:
        problems.add(exc.message_th, exc.message_en)
        problems.raise_if_any()
    except Exception:  # not a workbook, or no "projects" sheet: openpyxl raises many kinds
        problems.add(
            "ไม่ใช่ไฟล์ Excel ของแผน (ต้องมีชีต projects)", "not a plan workbook (sheet 'projects')"
        )
        problems.raise_if_any()
    try:
        rows = [[_text(v) for v in row] for row in sheet_rows(sheet, name)]
    except FileRefused as exc:
        problems.add(exc.message_th, exc.message_en)
        problems.raise_if_any()
    except Exception:  # the sheet's XML breaks while it streams
        problems.add(
            f"อ่านชีต projects ในไฟล์ '{name}' ไม่ได้ ไฟล์อาจเสียหาย",
            f"cannot read sheet 'projects' of '{name}'",
        )
        problems.raise_if_any()
    finally:
        book.close()
    return _apply(plan, rows, problems)


@transaction.atomic
def _apply(plan: ActionPlan, rows: list[list[str]], problems: ProblemList) -> dict:
    rows = iter(rows)
    header = next(rows, [])
    missing = [c for c in columns(plan) if c not in header and c not in ("id", *OPTIONAL)]
    if missing:
        problems.add(f"ไม่มีคอลัมน์ {', '.join(missing)}", f"missing columns: {', '.join(missing)}", 1)
        problems.raise_if_any()
    subsections = {s.code: s for s in SubSection.objects.filter(dimension__plan=plan)}
    units = {u.name: u for u in Unit.objects.filter(org=plan.org)}
    existing = {p.pk: p for p in Project.objects.filter(plan=plan)}
    pending = []
    for row_no, values in enumerate(rows, start=2):
        record = {h: v for h, v in zip(header, values, strict=False) if h}
        if not any(record.values()):
            continue
        project = _row_to_project(plan, record, row_no, subsections, units, existing, problems)
        budgets = _budgets(plan, record, row_no, problems)
        wanted = None
        if "indicators" in record:
            try:
                wanted = indicators.parse_lines(record["indicators"])
            except indicators.IndicatorError as exc:
                problems.add(str(exc), "bad indicator line", row_no, "indicators")
        if project is not None:
            try:
                project.full_clean(exclude=["plan"])
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    problems.add(" ".join(messages), " ".join(messages), row_no, field)
            pending.append((project, budgets, wanted))
    problems.raise_if_any()
    created = updated = 0
    for project, budgets, wanted in pending:
        created += project.pk is None
        updated += project.pk is not None
        project.save()
        project.set_budgets(budgets)
        if wanted is not None:
            indicators.replace(project, wanted)
    return {"created": created, "updated": updated}


def _row_to_project(plan, record, row_no, subsections, units, existing, problems) -> Project | None:
    project_id = record.get("id", "")
    if project_id:
        project = existing.get(int(project_id)) if project_id.isdecimal() else None
        if project is None:
            problems.add(
                f"ไม่มีโครงการรหัส {project_id} ในแผนนี้",
                f"no project {project_id} in this plan",
                row_no,
                "id",
            )
            return None
    else:
        project = Project(plan=plan)
    subsection = subsections.get(record.get("subsection", ""))
    if subsection is None:
        problems.add(
            f"ไม่มีภารกิจรหัส '{record.get('subsection', '')}' ในแผนนี้ (ดูชีต subsections)",
            "unknown sub-section code",
            row_no,
            "subsection",
        )
        return None
    kind = KINDS.get(record.get("kind", ""))
    if kind is None:
        problems.add(
            "ประเภทต้องเป็น project/activity/measure (โครงการ/กิจกรรม/มาตรการ)",
            "bad kind",
            row_no,
            "kind",
        )
        return None
    if not record.get("name"):
        problems.add("ต้องมีชื่อโครงการ", "name is empty", row_no, "name")
        return None
    years = {}
    for column in ("start_year", "end_year"):
        text = record.get(column, "")
        if not text.isdecimal():
            problems.add(f"'{text}' ไม่ใช่ปีงบประมาณ พ.ศ.", "not a fiscal year", row_no, column)
            return None
        years[column] = int(text)
    responsible_name = record.get("responsible", "")
    project.subsection = subsection
    project.kind = kind
    project.order = int(record["order"]) if record.get("order", "").isdecimal() else project.order
    for column in TEXT_COLUMNS:
        setattr(project, column, record.get(column, ""))
    project.start_year, project.end_year = years["start_year"], years["end_year"]
    project.responsible = units.get(responsible_name)
    project.responsible_text = "" if project.responsible else responsible_name
    if "place" in record:
        project.place = record["place"]
    return project


def _budgets(plan, record, row_no, problems) -> dict[int, Decimal]:
    out = {}
    for year in plan.years:
        text = record.get(f"budget_{year}", "").replace(",", "")
        if not text or text in ("-", "ไม่ใช้งบประมาณ"):
            continue
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            problems.add(
                f"งบประมาณ '{text}' ไม่ใช่ตัวเลข", "budget is not a number", row_no, f"budget_{year}"
            )
            continue
        if amount < 0:
            problems.add("งบประมาณติดลบไม่ได้", "budget cannot be negative", row_no, f"budget_{year}")
            continue
        if amount >= MAX_BUDGET:
            problems.add(
                f"งบประมาณต้องน้อยกว่า {MAX_BUDGET:,} บาท",
                "budget is too large",
                row_no,
                f"budget_{year}",
            )
            continue
        out[year] = amount.quantize(Decimal("0.01"))
    return out
