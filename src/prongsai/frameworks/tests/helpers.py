"""Building the files an organisation would import: workbooks and custom YAML documents."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

CUSTOM_URN = "urn:prongsai:custom:ban-rai:2568"

OIT_COLUMNS = [
    "code",
    "indicator",
    "sub_indicator",
    "name_th",
    "name_en",
    "components",
    "keywords",
    "source",
    "confidence",
    "field_confidence",
    "note",
]


def framework_rows(urn: str = CUSTOM_URN, **overrides) -> list[list]:
    """The key/value rows of the `framework` sheet, as the README template has them."""
    values = {
        "urn": urn,
        "version": 1,
        "year": 2568,
        "name_th": "เกณฑ์ ITA 2568 ฉบับแก้ไขของ อบต.บ้านไร่",
        "name_en": "ITA 2568, Ban Rai's corrected edition",
        "base": 2568,
        "source": "คู่มือการประเมิน ITA 2568 หน้า 12",
        "confidence": "confirmed",
    }
    values.update(overrides)
    return [["key", "value"], *([k, v] for k, v in values.items() if v is not None)]


def oit_row(code: str, indicator, name_th: str, **extra) -> list:
    row = {
        "code": code,
        "indicator": indicator,
        "sub_indicator": None,
        "name_th": name_th,
        "name_en": None,
        "components": None,
        "keywords": None,
        "source": "คู่มือการประเมิน ITA 2568 หน้า 30",
        "confidence": "confirmed",
        "field_confidence": None,
        "note": None,
    }
    row.update(extra)
    return [row[c] for c in OIT_COLUMNS]


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """An .xlsx with one sheet per entry, rows written in order."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def custom_yaml(oit_name: str = "โครงสร้างและอำนาจหน้าที่ (ฉบับหน่วยงาน)") -> str:
    """A small custom YAML document over 2568 that replaces the OIT items with two of its own."""
    return f"""\
base: 2568
urn: {CUSTOM_URN}
year: 2568
version: 1
name: {{th: เกณฑ์ ITA 2568 ฉบับ อบต.บ้านไร่}}
oit_items:
  - code: o1
    indicator: 9
    name: {{th: {oit_name}}}
    source: คู่มือการประเมิน ITA 2568 หน้า 30
    confidence: confirmed
  - code: o2
    indicator: 10
    name: {{th: มาตรการป้องกันการทุจริต}}
    source: คู่มือการประเมิน ITA 2568 หน้า 41
    confidence: confirmed
"""


def line_number(text: str, prefix: str, *, after: int = 0) -> int:
    """1-based number of the first line after line `after` that starts (once indented) so."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number > after and line.lstrip(" -").startswith(prefix):
            return number
    raise AssertionError(f"no line starting with {prefix!r} after line {after}")


def replace_line(text: str, number: int, new: str | None) -> str:
    """The text with line `number` (1-based) replaced, or removed when `new` is None."""
    lines = text.splitlines(keepends=True)
    lines[number - 1 : number] = [] if new is None else [new + "\n"]
    return "".join(lines)
