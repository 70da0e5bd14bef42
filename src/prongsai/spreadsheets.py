"""Spreadsheet cells going out (XLSX, CSV) and workbooks coming in, safely.

Going out: a spreadsheet program runs text that starts with = + - @ (or a tab or carriage
return) as a formula ("CSV/formula injection": `=HYPERLINK(...)`, `=cmd|...`). Every exporter
writes its rows through `append_row` (XLSX) or `csv_writer` (CSV):
- XLSX cells are typed: text is written as a string cell (data_type "s", with Excel's
  quote-prefix flag on text that looks like a formula), so Excel shows it and never evaluates it,
  and the text reads back unchanged. Numbers stay numbers.
- CSV has no types: text that looks like a formula gets a leading apostrophe, and our CSV
  importers take it off again (`csv_text`), so export → import gives back the same text. Text
  that is a plain number ("-5", "-1,250.50") cannot be a formula and is written as it is; so are
  numbers. The escape is reversible for every text, including text that itself starts with
  apostrophes (one more is added, one is taken off).

Coming in: `open_workbook` judges the package (incoming.check_zip) and counts every sheet's rows
and cells in the raw XML before openpyxl parses anything, and `sheet_rows` streams a sheet in
read-only mode within a row/column budget, so a small workbook that unpacks to millions of rows
or cells is refused in seconds with bounded memory.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from prongsai.incoming import MB, XLSX_BUDGET, FileRefused, check_zip

# ---------------------------------------------------------------- cells going out

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def looks_like_formula(text: str) -> bool:
    """True for text a spreadsheet program could take as a formula."""
    return text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text)


def _needs_apostrophe(text: str) -> bool:
    # Text already starting with apostrophes before a formula gets one more, so that taking
    # one off on import always gives back exactly what was exported.
    return looks_like_formula(text.lstrip("'"))


def csv_value(value: Any) -> Any:
    """A value as a CSV cell: formula-like text behind an apostrophe, anything else as it is."""
    if isinstance(value, str) and _needs_apostrophe(value):
        return "'" + value
    return value


def csv_text(text: str) -> str:
    """An imported CSV cell without the apostrophe `csv_value` put before formula-like text."""
    if text.startswith("'") and _needs_apostrophe(text[1:]):
        return text[1:]
    return text


class SafeCsvWriter:
    """csv.writer whose rows go through `csv_value`."""

    def __init__(self, handle, **kwargs):
        self._writer = csv.writer(handle, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([csv_value(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle, **kwargs) -> SafeCsvWriter:
    return SafeCsvWriter(handle, **kwargs)


def xlsx_cells(sheet, values: Iterable[Any]) -> list:
    """Cells for `sheet.append`: every text a string cell, formula-like text quote-prefixed.

    Characters XML cannot hold (control characters other than tab, line feed and carriage
    return) are left out; openpyxl would refuse the whole workbook for one of them.
    """
    cells: list = []
    for value in values:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"
            if looks_like_formula(value):
                cell.quotePrefix = True
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def append_row(sheet, values: Iterable[Any]) -> None:
    """sheet.append for any worksheet (normal or write-only), text never written as a formula."""
    sheet.append(xlsx_cells(sheet, values))


# ---------------------------------------------------------------- workbooks coming in


@dataclass(frozen=True)
class SheetBudget:
    """Rows and cells over the whole workbook, columns in any one row."""

    rows: int = 20_000  # plans, results, evidence and criteria files are far smaller
    columns: int = 200
    cells: int = 200_000


SHEET_BUDGET = SheetBudget()
# Survey responses: one row per answer, so a large organisation's IIT is tens of thousands.
# Larger response files belong in CSV (which the survey export also offers) or Parquet.
RESPONSES_BUDGET = SheetBudget(rows=100_000, columns=200, cells=600_000)

# A row or cell element, whatever its namespace prefix. Matching text inside comments or
# attribute values can only count too much, never too little.
_ROW_OR_CELL = re.compile(rb"<(?:[^\s<>/:!?]+:)?(row|c)[\s/>]")
_SCAN_CHUNK = 1024 * 1024


def _too_many(name: str, where: tuple[str, str], count: tuple[str, str]) -> FileRefused:
    """(Thai, English) place and count: 'ไฟล์ 'x.xlsx' ชีต 'projects' มีเกิน 20,000 แถว …'."""
    return FileRefused(
        f"ไฟล์ '{name}' {where[0]} มี{count[0]} เกินขีดจำกัดของการนำเข้า",
        f"'{name}', {where[1]}: {count[1]}, over the import limit",
    )


def _rows(limit: int) -> tuple[str, str]:
    return f"มากกว่า {limit:,} แถว", f"more than {limit:,} rows"


def _columns(limit: int) -> tuple[str, str]:
    return f"แถวที่ยาวกว่า {limit:,} คอลัมน์", f"a row longer than {limit:,} columns"


class _SheetScan:
    """Counts rows, cells and tags over every XML part of a package, against one budget.

    Tags (every "<") bound the parse time of whatever else a part holds: openpyxl parses a
    sheet without a declared size twice, and shared strings and styles whole.
    """

    def __init__(self, name: str, budget: SheetBudget):
        self.name = name
        self.budget = budget
        self.rows = self.cells = self.tags = 0
        self.tag_limit = 8 * budget.cells + 4 * budget.rows + 10_000

    def refuse(self, member: str, count: tuple[str, str]) -> FileRefused:
        return _too_many(self.name, (f"ส่วน {member}", f"part {member}"), count)

    def part(self, archive: zipfile.ZipFile, member: str) -> None:
        budget = self.budget
        in_row = 0
        carry = b""
        with archive.open(member) as source:
            while True:
                chunk = source.read(_SCAN_CHUNK)
                self.tags += chunk.count(b"<")
                if self.tags > self.tag_limit:
                    tags = (f"แท็ก XML มากกว่า {self.tag_limit:,} แท็ก", "too many XML elements")
                    raise self.refuse(member, tags)
                buffer = carry + chunk
                # A tag never holds "<": every match that starts before the last "<" is whole.
                last_open = buffer.rfind(b"<")
                cut = len(buffer) if not chunk or last_open < 0 else last_open
                for match in _ROW_OR_CELL.finditer(buffer, 0, cut):
                    if match.group(1) == b"row":
                        self.rows += 1
                        in_row = 0
                        if self.rows > budget.rows:
                            raise self.refuse(member, _rows(budget.rows))
                        continue
                    in_row += 1
                    self.cells += 1
                    if in_row > budget.columns:
                        raise self.refuse(member, _columns(budget.columns))
                    if self.cells > budget.cells:
                        cells = (
                            f"มากกว่า {budget.cells:,} ช่อง",
                            f"more than {budget.cells:,} cells",
                        )
                        raise self.refuse(member, cells)
                if not chunk:
                    return
                carry = buffer[cut:]


def _scan_sheets(source, name: str, budget: SheetBudget) -> None:
    """Count rows, cells and tags in the raw XML before openpyxl parses the workbook."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return  # not a package: load_workbook says so in its own words
    scan = _SheetScan(name, budget)
    with archive:
        for member in archive.namelist():
            if not member.lower().endswith((".xml", ".rels")):
                continue
            try:
                scan.part(archive, member)
            except FileRefused:
                raise
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
                return  # a broken member: load_workbook reports the file as broken


def open_workbook(source: bytes | Path, name: str, budget: SheetBudget = SHEET_BUDGET):
    """A read-only, values-only openpyxl workbook of an imported file.

    FileRefused when the package or a sheet is over budget; any other exception means the file
    is not a readable workbook (openpyxl raises many kinds), for the caller to word.
    """
    if isinstance(source, Path):
        source = source.read_bytes()
    check_zip(source, name, XLSX_BUDGET)
    _scan_sheets(io.BytesIO(source), name, budget)
    return load_workbook(io.BytesIO(source), read_only=True, data_only=True)


def sheet_rows(sheet, name: str, budget: SheetBudget = SHEET_BUDGET) -> Iterator[tuple]:
    """The rows of a read-only sheet as values, from row 1; FileRefused past the budget.

    Rows missing in the file come as empty rows, as openpyxl gives them; they count.
    """
    where = (f"ชีต '{sheet.title}'", f"sheet '{sheet.title}'")
    declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
    if declared_rows > budget.rows:
        declared = (f" {declared_rows:,} แถวตามที่ไฟล์ระบุ", f"{declared_rows:,} rows declared")
        raise _too_many(name, where, declared)
    if declared_columns > budget.columns:
        declared = (
            f" {declared_columns:,} คอลัมน์ตามที่ไฟล์ระบุ",
            f"{declared_columns:,} columns declared",
        )
        raise _too_many(name, where, declared)
    rows = sheet.iter_rows(values_only=True, max_row=budget.rows + 1)
    for number, row in enumerate(rows, start=1):
        if number > budget.rows:
            raise _too_many(name, where, _rows(budget.rows))
        if len(row) > budget.columns:
            if any(v is not None for v in row[budget.columns :]):
                raise _too_many(name, where, _columns(budget.columns))
            row = row[: budget.columns]
        yield row


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    """An Excel workbook as a download named `filename`."""
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---------------------------------------------------------------- tables uploaded on pages

TABLE_UPLOAD_MAX = 5 * MB


class TableFileField(forms.FileField):
    """A CSV or XLSX table uploaded on a page (results, LPA tables), up to 5 MB."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            if not upload.name.lower().endswith((".csv", ".xlsx")):
                raise forms.ValidationError(_("Use a .csv or .xlsx file."))
            if upload.size > TABLE_UPLOAD_MAX:
                raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


@contextmanager
def uploaded_path(upload) -> Iterator[Path]:
    """An upload as a file on disk for the importers (which read paths), keeping its suffix
    (.csv/.xlsx decides how it is read); gone when the block ends."""
    with tempfile.NamedTemporaryFile(suffix=Path(upload.name).suffix.lower()) as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        yield Path(tmp.name)
