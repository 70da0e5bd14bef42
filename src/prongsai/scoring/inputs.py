"""Reading score and response files (CSV or XLSX) into engine inputs, with row-level messages."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

from prongsai.scoring.criteria import Criteria
from prongsai.scoring.engine import HUNDRED, ZERO, require_level
from prongsai.scoring.errors import Problem, ProblemList, ScoringInputError
from prongsai.scoring.tally import OIT_FAIL, OIT_PASS, RESPONSE_COLUMNS, ResponseRow


def read_table(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """Header and (row number, record) pairs of a CSV (UTF-8, with or without BOM) or XLSX file."""
    problems = ProblemList()
    if not path.exists():
        problems.add(f"ไม่พบไฟล์ {path}", f"file not found: {path}")
        problems.raise_if_any()
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix == ".xlsx":
        rows = _xlsx_rows(path)
    else:
        problems.add("ใช้ได้เฉพาะไฟล์ .csv หรือ .xlsx", "use a .csv or .xlsx file")
        problems.raise_if_any()
    header = [h.strip().lower() for h in next(rows, [])]
    if not any(header):
        problems.add("ไฟล์ว่าง ไม่มีหัวตาราง", "the file is empty", 1)
        problems.raise_if_any()

    def records() -> Iterator[tuple[int, dict[str, str]]]:
        for row_no, row in enumerate(rows, start=2):
            values = [("" if v is None else str(v)).strip() for v in row]
            if not any(values):
                continue
            yield row_no, dict(zip(header, values, strict=False))

    return header, records()


def _csv_rows(path: Path) -> Iterator[list]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.reader(handle)


def _xlsx_rows(path: Path) -> Iterator[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a broken or disguised file: openpyxl raises many types
        problem = Problem(f"เปิดไฟล์ Excel ไม่ได้: {exc}", f"cannot open workbook: {exc}")
        raise ScoringInputError([problem]) from exc
    for row in book.worksheets[0].iter_rows(values_only=True):
        yield [_xlsx_value(v) for v in row]


def _xlsx_value(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def require_columns(header: list[str], needed: tuple[str, ...]) -> None:
    missing = [c for c in needed if c not in header]
    if missing:
        problems = ProblemList()
        names = ", ".join(missing)
        problems.add(f"ไม่มีคอลัมน์ {names}", f"missing column(s): {names}", 1)
        problems.raise_if_any()


def parse_score(
    text: str, problems: ProblemList, row: int, column: str = "score"
) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        problems.add(f"'{text}' ไม่ใช่ตัวเลข", f"'{text}' is not a number", row, column)
        return None
    if not ZERO <= value <= HUNDRED:
        problems.add(
            f"คะแนน {text} ต้องอยู่ระหว่าง 0 ถึง 100", f"score {text} must be 0–100", row, column
        )
        return None
    return value


def check_year(record: dict[str, str], criteria: Criteria, problems: ProblemList, row: int) -> None:
    """An optional `year` column must agree with the criteria the file is scored against."""
    year = record.get("year", "")
    if year and year != str(criteria.year):
        problems.add(
            f"ปี {year} ไม่ตรงกับเกณฑ์ปี {criteria.year}",
            f"year {year} does not match the {criteria.year} criteria",
            row,
            "year",
        )


def read_indicator_scores(path: Path, criteria: Criteria) -> dict[int, Decimal]:
    """`indicator,score` rows (indicator = 1…10)."""
    header, records = read_table(path)
    require_columns(header, ("indicator", "score"))
    problems = ProblemList()
    scores: dict[int, Decimal] = {}
    for row, record in records:
        check_year(record, criteria, problems, row)
        number_text = record.get("indicator", "")
        number = int(number_text) if number_text.isdigit() else None
        if number is None or criteria.indicator(number) is None:
            problems.add(
                f"ไม่มีตัวชี้วัด '{number_text}' ในปี {criteria.year}",
                f"no indicator '{number_text}' in {criteria.year}",
                row,
                "indicator",
            )
            continue
        if number in scores:
            problems.add(f"ตัวชี้วัด {number} ซ้ำ", f"indicator {number} given twice", row, "indicator")
            continue
        score = parse_score(record.get("score", ""), problems, row)
        if score is not None:
            scores[number] = score
    if not scores and not problems:
        problems.add("ไฟล์ไม่มีข้อมูล", "the file has no data rows")
    problems.raise_if_any()
    return scores


def read_question_scores(
    path: Path, criteria: Criteria
) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """`code,score` rows: IIT/EIT question scores, and OIT items as 100/0 or pass/fail."""
    header, records = read_table(path)
    require_columns(header, ("code", "score"))
    problems = ProblemList()
    questions: dict[str, Decimal] = {}
    items: dict[str, Decimal] = {}
    for row, record in records:
        check_year(record, criteria, problems, row)
        code = record.get("code", "").lower()
        text = record.get("score", "")
        if code in questions or code in items:
            problems.add(f"ข้อ {code} ซ้ำ", f"{code} given twice", row, "code")
        elif criteria.oit_item(code) is not None:
            result = text.strip().lower()
            if result in OIT_PASS:
                items[code] = HUNDRED
            elif result in OIT_FAIL:
                items[code] = ZERO
            else:
                problems.add(
                    f"ผลข้อ {code} '{text}' ต้องเป็น 100/0 หรือ pass/fail",
                    f"OIT result '{text}' must be 100/0 or pass/fail",
                    row,
                    "score",
                )
        elif criteria.question(code) is not None:
            score = parse_score(text, problems, row)
            if score is not None:
                questions[code] = score
        else:
            problems.add(
                f"ไม่พบข้อ '{code}' ในเกณฑ์ปี {criteria.year}",
                f"unknown code '{code}' for {criteria.year}",
                row,
                "code",
            )
    if not questions and not items and not problems:
        problems.add("ไฟล์ไม่มีข้อมูล", "the file has no data rows")
    if questions:
        require_level(criteria, questions=True)
    if items:
        require_level(criteria, items=True)
    problems.raise_if_any()
    return questions, items


def read_response_rows(path: Path) -> Iterator[ResponseRow]:
    """Long-format responses: org,tool,part,respondent,question,answer."""
    header, records = read_table(path)
    require_columns(header, RESPONSE_COLUMNS)
    for row, r in records:
        yield ResponseRow(
            org=r.get("org", ""),
            tool=r.get("tool", "").lower(),
            part=r.get("part", ""),
            respondent=r.get("respondent", ""),
            question=r.get("question", "").lower(),
            answer=r.get("answer", ""),
            row=row,
        )
