"""Reading the project sheets of an existing plan book (รายละเอียดโครงการ/กิจกรรม/มาตรการ).

A plan book prints one sheet per project with nine numbered fields: ๑. ชื่อโครงการ, ๒. หลักการและ
เหตุผล … ๙. ผลผลิต/ผลลัพธ์. Books that went through OCR garble the labels and renumber the fields,
so a sheet is found by its name line (``๑. <short label> :``) and each field by the keywords of its
label, in the standard order, never by its number. Headers between the sheets give the dimension
(มิติที่ n) and the sub-section code (n.m.k).

Pure Python: no Django, so it can be tested and reused anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from prongsai import incoming
from prongsai.thai import to_arabic_digits

# The fields a sheet can have, in report order, with the Thai name used in reports.
FIELD_NAMES_TH = {
    "name": "ชื่อโครงการ",
    "rationale": "หลักการและเหตุผล",
    "objectives": "วัตถุประสงค์",
    "target_group": "กลุ่มเป้าหมาย",
    "method": "วิธีดำเนินการ",
    "period": "ระยะเวลา",
    "budget": "งบประมาณ",
    "responsible": "ผู้รับผิดชอบ",
    "outputs": "ผลผลิต",
    "outcomes": "ผลลัพธ์",
}

# Fields ๒–๙ in their standard order, each recognised by how its label starts. OCR variants seen in
# real books are covered: กสุ่ม/กิจกรรมเป้าหมาย, วิธีการดำเนินการ, ขอบเขตดำเนินการ (for งบประมาณ),
# ผู้รับผลของการ (for ผู้รับผิดชอบ), ผลกระทบ/ผู้ผลิต (for ผลผลิต/ผลลัพธ์).
FIELD_LABELS: tuple[tuple[str, str], ...] = (
    ("rationale", r"หลักการ|ความเป็นมา|ที่มา"),
    ("objectives", r"วัตถุประสงค์"),
    ("target_group", r"\S{0,7}เป้าหมาย"),
    ("method", r"วิธี"),
    ("period", r"ระยะเวลา"),
    ("budget", r"งบประมาณ|ขอบเขต"),
    ("responsible", r"ผู้รับผิดชอบ|ผู้รับผล"),
    ("results", r"ผลผลิต|ผลลัพธ์|ผลกระทบ|ผู้ผลิต"),
)
_FIELD_ORDER = [name for name, _ in FIELD_LABELS]
_LABEL_RES = [(name, re.compile(rf"(?:{pattern})")) for name, pattern in FIELD_LABELS]

_DIGIT = r"[0-9๐-๙]"
# The name line anchors a sheet: "๑. ชื่อโครงการ : …", also with a garbled short label
# ("๑. ข้อโครงการ :", "๑. จิตสำนักการ :") or with no colon after a ชื่อ… label.
_NAME_LINE = re.compile(r"^[1๑]\s*\.\s*(?P<label>[^\s:]{0,30}\s*:|ชื่อ[^\s:]*)\s*(?P<rest>.*)$")
# Any other numbered heading: a number and a dot not followed by another digit (not "๒.๑.๓").
_HEADING = re.compile(rf"^{_DIGIT}{{1,2}}\s*\.(?!\s*{_DIGIT})\s*(?P<text>\S.*)$")
_DIMENSION = re.compile(rf"^มิ?ติที่\s*(?P<number>{_DIGIT})(?!{_DIGIT})")  # OCR: "มติที่ ๒"
# "๑.๒ …" (mission) or "๑.๒.๓ …" (sub-section) and a title; not a list item ("๒.๑.๑) …") nor
# an amount ("2.5 ล้านบาท").
_SECTION = re.compile(rf"^(?P<code>{_DIGIT}\.{_DIGIT}(?:\.{_DIGIT})?)\s+(?=\S{{2}}.{{8}})[^\d๐-๙]")
# The printed sequence label above a name line: "ลำดับที่ ๑", or garbled ("สำคัญที่ ๕",
# "คำตัดบัญชี ๑๘", "สำนักงานฯ ๓๖", "สำนักงานบุคคล").
_PRINTED_LABEL = re.compile(r"^(?!ผล)[^\s0-9๐-๙()\-–:]{2,15}\s*ฯ?\s*[0-9๐-๙]{0,3}$")
_SUBHEADING = re.compile(
    r"^(?:[-•]\s*)?(?P<word>ผลผลิต|ผลลัพธ์|ผลกระทบ|ผู้ผลิต)\s*(?::\s*|\s+|$)(?P<rest>.*)$"
)
_KINDS = (("โครงการ", "project"), ("กิจกรรม", "activity"), ("มาตรการ", "measure"))
_YEAR_RANGE = re.compile(r"(?<!\d)(2[45]\d\d)\s*(?:[-–—~]|ถึง)\s*(?:พ\.ศ\.\s*)?(2[45]\d\d)(?!\d)")
_YEAR = re.compile(r"(?<!\d)(2[45]\d\d)(?!\d)")
_AMOUNT = re.compile(r"(?<![\d,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?(?:\.-)?\s*บาท")
# Markdown and layout residue around a line: "**๗. งบประมาณ", "# ๑. …", "> …".
_EDGE_NOISE = re.compile(r"^[\s*#>]+|[\s*]+$")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"), None) | {0xA0: " "}


@dataclass
class Sheet:
    """One project sheet as read from the book; text fields are "" when not found."""

    index: int
    line: int
    printed_label: str | None = None
    dimension: int | None = None
    subsection: str | None = None
    kind: str | None = None
    name: str = ""
    rationale: str = ""
    objectives: str = ""
    target_group: str = ""
    method: str = ""
    period: str = ""
    start_year: int | None = None
    end_year: int | None = None
    budget_text: str = ""
    no_budget: bool = False
    budget_amount: Decimal | None = None
    responsible: str = ""
    outputs: str = ""
    outcomes: str = ""
    missing: list[str] = field(default_factory=list)

    def value(self, name: str) -> str:
        return self.budget_text if name == "budget" else getattr(self, name)


@dataclass
class ParseResult:
    sheets: list[Sheet] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def field_counts(self) -> dict[str, int]:
        """For each field, the number of sheets where it was found."""
        return {
            name: sum(1 for s in self.sheets if name not in s.missing) for name in FIELD_NAMES_TH
        }


# --- reading files ------------------------------------------------------------------


def read_text(path: str | Path) -> str:
    """The text of a plain-text (.txt: UTF-8 or Thai Windows-874) or Word (.docx) plan book.

    Raises ValueError (FileRefused among them) with a Thai message for a file it will not read.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return incoming.read_text(path)
    if suffix == ".docx":
        return text_of_docx(path)
    raise ValueError(
        f"อ่านได้เฉพาะไฟล์ .txt หรือ .docx ไม่ใช่ '{path.suffix or path.name}' "
        "(only .txt and .docx files can be read)"
    )


def text_of_docx(path: str | Path) -> str:
    """Paragraphs and table cells of a DOCX in document order, one per line.

    The package is judged from its ZIP directory first: a small file that unpacks to gigabytes
    is refused (FileRefused) before python-docx holds any of it in memory.
    """
    from docx import Document  # python-docx comes with docxtpl; only this function needs it

    path = Path(path)
    incoming.check_zip(path, path.name, incoming.DOCX_BUDGET)
    return "\n".join(_docx_lines(Document(str(path)).element.body))


def _docx_lines(parent) -> Iterator[str]:
    from docx.oxml.ns import qn

    breaks = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}
    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            yield "".join(
                (el.text or "") if el.tag == qn("w:t") else breaks.get(el.tag, "")
                for el in child.iter()
            )
        elif child.tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                for cell in row.iterchildren(qn("w:tc")):
                    yield from _docx_lines(cell)
        elif child.tag == qn("w:sdt"):  # content controls wrap ordinary paragraphs and tables
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _docx_lines(content)


# --- parsing ------------------------------------------------------------------------


def parse_sheets(text: str) -> ParseResult:
    """Find the project sheets of a plan book and read their fields."""
    result = ParseResult()
    dimension: int | None = None
    subsection: str | None = None
    sheet: Sheet | None = None
    parts: dict[str, list[str]] = {}
    current = ""  # the field whose text is being collected
    loose: list[str] = []  # lines outside any field, to find the printed label in

    def finish() -> None:
        if sheet is not None:
            _fill(sheet, parts, result.warnings)
            result.sheets.append(sheet)

    for number, raw in enumerate(text.splitlines(), start=1):
        line = _clean(raw)
        if not line:
            continue
        buffer = parts.setdefault(current, []) if sheet is not None and current else loose
        printed = buffer[-1] if buffer and _PRINTED_LABEL.match(buffer[-1]) else None
        if (m := _NAME_LINE.match(line)) and _starts_sheet(m, printed, current):
            label = buffer.pop() if printed else None  # it belongs to this sheet, not the last
            finish()
            sheet = Sheet(
                index=len(result.sheets) + 1,
                line=number,
                printed_label=label,
                dimension=dimension,
                subsection=subsection,
            )
            parts, current, loose = {}, "name", []
            parts["name"] = [m["rest"]] if m["rest"] else []
        elif m := _DIMENSION.match(line):
            dimension, subsection = int(to_arabic_digits(m["number"])), None
            current, loose = "", []
        elif (m := _SECTION.match(line)) and _starts_in(m["code"], dimension):
            code = to_arabic_digits(m["code"])
            subsection = code if code.count(".") == 2 else None
            current, loose = "", []
        elif sheet is not None and (m := _HEADING.match(line)) and (name := _field_of(m, current)):
            current, rest = name
            parts.setdefault(current, []).extend([rest] if rest else [])
        else:
            buffer.append(line)
    finish()
    return result


def _clean(line: str) -> str:
    line = line.translate(_INVISIBLE).replace("\u0e4d\u0e32", "\u0e33")  # นิคหิต + า → ำ
    return _EDGE_NOISE.sub("", line)


def _starts_sheet(name_line: re.Match, printed_label: str | None, current: str) -> bool:
    """Whether a "๑. … :" line is a sheet's name line rather than a step numbered 1 in a field.

    A label in the ชื่อโครงการ family is enough; a garbled one ("จิตสำนักการ :") needs the sheet
    context: outside a sheet, after a printed label, or a name starting โครงการ/กิจกรรม/มาตรการ.
    """
    label = name_line["label"]
    return (
        "ชื่อ" in label
        or "โครงการ" in label
        or not current
        or printed_label is not None
        or _kind(name_line["rest"]) is not None
    )


def _starts_in(code: str, dimension: int | None) -> bool:
    """A section header of this dimension or a later one; anything else is a nested list item."""
    return dimension is None or int(to_arabic_digits(code[0])) >= dimension


def _field_of(heading: re.Match, current: str) -> tuple[str, str] | None:
    """The field a numbered heading opens, and the text on the same line, if any.

    Only fields after the current one are accepted, so a numbered step inside a field is not taken
    for the next heading.
    """
    text = heading["text"]
    label, colon, rest = text.partition(":")
    if not colon:
        label, _, rest = text.partition(" ")
    after = _FIELD_ORDER.index(current) + 1 if current in _FIELD_ORDER else 0
    for name, pattern in _LABEL_RES[after:]:
        if pattern.match(label):
            rest = rest.strip()
            if not colon and not re.search(r"[ก-๏A-Za-z]", rest):
                rest = ""  # a stray page or annotation number beside the label ("๗.๑-๙", "๑๔")
            return name, rest
    return None


def _fill(sheet: Sheet, parts: dict[str, list[str]], warnings: list[str]) -> None:
    text = {name: "\n".join(lines).strip() for name, lines in parts.items()}
    sheet.name = " ".join(text.get("name", "").split())
    sheet.kind = _kind(sheet.name)
    for name in ("rationale", "objectives", "target_group", "method", "period", "responsible"):
        setattr(sheet, name, text.get(name, ""))
    sheet.budget_text = text.get("budget", "")
    sheet.start_year, sheet.end_year = _years(sheet.period)
    sheet.budget_amount, sheet.no_budget = _budget(sheet, warnings)
    sheet.outputs, sheet.outcomes = _results(parts.get("results", []), "results" in parts)
    sheet.missing = [name for name in FIELD_NAMES_TH if not sheet.value(name)]
    if sheet.start_year and sheet.end_year and sheet.end_year < sheet.start_year:
        warnings.append(
            f"แผ่นที่ {sheet.index}: ปีสิ้นสุดมาก่อนปีเริ่ม ({sheet.period!r}) "
            f"(sheet {sheet.index}: the period ends before it starts)"
        )


def _kind(name: str) -> str | None:
    bare = name.lstrip("\"'“”‘’ ")
    return next((kind for prefix, kind in _KINDS if bare.startswith(prefix)), None)


def _years(period: str) -> tuple[int | None, int | None]:
    digits = to_arabic_digits(period)
    if m := _YEAR_RANGE.search(digits):
        return int(m[1]), int(m[2])
    if m := _YEAR.search(digits):
        return int(m[1]), int(m[1])
    return None, None


def _budget(sheet: Sheet, warnings: list[str]) -> tuple[Decimal | None, bool]:
    """The amount in baht, and whether the sheet says it uses no budget (ไม่ใช้งบประมาณ).

    OCR garbles the no-budget phrase in many ways (ไม่ใช้ปีงบประมาณ, ไม่ได้ระบุประมาณ, ไม่ใช่ภูมิป่า),
    but it always starts with ไม่.
    """
    digits = to_arabic_digits(sheet.budget_text)
    amounts = [Decimal(m[1].replace(",", "") + (m[2] or "")) for m in _AMOUNT.finditer(digits)]
    if not any(amounts):  # "0 บาท" is no budget too
        bare = sheet.budget_text.lstrip("-–•*\"'“ ")
        dash_only = bool(sheet.budget_text) and not bare
        return None, bare.startswith("ไม่") or dash_only or bool(amounts)
    if len(amounts) == 1:
        return amounts[0], False
    total = re.search(r"รวม\D{0,20}?" + _AMOUNT.pattern, digits)
    amount = Decimal(total[1].replace(",", "") + (total[2] or "")) if total else sum(amounts)
    warnings.append(
        f"แผ่นที่ {sheet.index}: งบประมาณมีหลายจำนวน ใช้ยอด {amount} บาท "
        f"(sheet {sheet.index}: several amounts, took {amount} baht)"
    )
    return amount, False


def _results(lines: list[str], found: bool) -> tuple[str, str]:
    """Split field ๙ into outputs (ผลผลิต) and outcomes (ผลลัพธ์) at its sub-headings.

    The sub-headings themselves are unreliable (both printed ผลลัพธ์, or ผลผลิต left out), so
    the last one starts the outcomes and what comes before it is the outputs.
    """
    if not found:
        return "", ""
    heads = [i for i, line in enumerate(lines) if _SUBHEADING.match(line)]
    body = [
        (_SUBHEADING.match(line)["rest"] if i in heads else line) for i, line in enumerate(lines)
    ]

    def join(chunk: list[str]) -> str:
        return "\n".join(line for line in chunk if line).strip()

    if not heads:
        return join(body), ""
    last = heads[-1]
    if len(heads) == 1 and _SUBHEADING.match(lines[last])["word"] in ("ผลผลิต", "ผู้ผลิต"):
        return join(body), ""
    return join(body[:last]), join(body[last:])
