"""A project's indicators and targets as plain lines, the same on the project page and the sheet.

One indicator a line: ``ผลผลิต: ร้อยละของผู้เข้าร่วมที่ผ่านการทดสอบ | 80 | ร้อยละ`` — the kind
(ผลผลิต/ผลลัพธ์, or output/outcome; ผลผลิต when left out), the indicator, then optionally the
target value and its unit after bars.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from prongsai.plans.models import Project, ProjectIndicator

KIND_WORDS = {
    "ผลผลิต": ProjectIndicator.Kind.OUTPUT,
    "ผลลัพธ์": ProjectIndicator.Kind.OUTCOME,
    "output": ProjectIndicator.Kind.OUTPUT,
    "outcome": ProjectIndicator.Kind.OUTCOME,
}
LABELS = {ProjectIndicator.Kind.OUTPUT: "ผลผลิต", ProjectIndicator.Kind.OUTCOME: "ผลลัพธ์"}
MAX_TARGET = Decimal(10**10)  # ProjectIndicator.target holds 12 digits, 2 after the point


class IndicatorError(ValueError):
    """A line that cannot be read, with a Thai message naming the line."""


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def format_lines(project: Project) -> str:
    """The project's indicators as lines (empty for a project not saved yet)."""
    if not project.pk:
        return ""
    lines = []
    for i in project.indicators.all():
        parts = [f"{LABELS[i.kind]}: {i.text}"]
        if i.target is not None or i.unit:
            parts.append(_number(i.target) if i.target is not None else "")
        if i.unit:
            parts.append(i.unit)
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def parse_lines(text: str) -> list[ProjectIndicator]:
    """Unsaved indicators from lines; IndicatorError on the first line that cannot be read."""
    out = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        kind = ProjectIndicator.Kind.OUTPUT
        head, sep, rest = line.partition(":")
        if sep and head.strip().lower() in KIND_WORDS:
            kind, line = KIND_WORDS[head.strip().lower()], rest.strip()
        parts = [p.strip() for p in line.split("|")]
        if len(parts) > 3:
            raise IndicatorError(
                f"ตัวชี้วัดบรรทัดที่ {number}: ใช้ | คั่นได้ไม่เกินสามส่วน (ตัวชี้วัด | ค่าเป้าหมาย | หน่วย)"
            )
        name, target, unit = (parts + ["", ""])[:3]
        if not name:
            raise IndicatorError(f"ตัวชี้วัดบรรทัดที่ {number}: ต้องมีชื่อตัวชี้วัด")
        value = None
        if target:
            try:
                value = Decimal(target.replace(",", ""))
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite() or abs(value) >= MAX_TARGET:
                raise IndicatorError(f"ตัวชี้วัดบรรทัดที่ {number}: ค่าเป้าหมาย '{target}' ไม่ใช่ตัวเลข")
            value = value.quantize(Decimal("0.01"))
        if len(name) > 500 or len(unit) > 50:
            raise IndicatorError(f"ตัวชี้วัดบรรทัดที่ {number}: ข้อความยาวเกินไป")
        out.append(ProjectIndicator(kind=kind, text=name, target=value, unit=unit))
    return out


def replace(project: Project, indicators: list[ProjectIndicator]) -> None:
    """Make the project's indicators exactly these (one row each, so the audit trail sees them)."""
    wanted = sorted((i.kind, i.text, i.target or 0, i.unit) for i in indicators)
    have = sorted((i.kind, i.text, i.target or 0, i.unit) for i in project.indicators.all())
    if wanted == have:
        return
    for old in project.indicators.all():
        old.delete()
    for i in indicators:
        i.project = project
        i.save()
