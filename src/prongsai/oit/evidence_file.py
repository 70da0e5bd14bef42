"""A plain list of OIT evidence URLs (`item,url` rows, CSV or XLSX) for a check without an account.

Every row is checked before anything is fetched; all problems are reported at once, in Thai,
naming the row and column (the header is row 1, as a spreadsheet shows it).
"""

from __future__ import annotations

from pathlib import Path

from prongsai.oit.checker import is_http_url
from prongsai.scoring.criteria import Criteria
from prongsai.scoring.errors import ProblemList
from prongsai.scoring.inputs import check_year, read_table, require_columns

COLUMNS = ("item", "url")


def read_evidence(path: Path | str, criteria: Criteria) -> list[tuple[int, str, str]]:
    """(row, item, url) for each row; ScoringInputError lists every problem found.

    An item may have several rows (a structure chart and an authority page for o1). An
    optional `year` column must agree with the criteria's year.
    """
    header, records = read_table(Path(path))
    require_columns(header, COLUMNS)
    problems = ProblemList()
    rows: list[tuple[int, str, str]] = []
    for row, record in records:
        check_year(record, criteria, problems, row)
        code = record.get("item", "").strip().lower()
        url = record.get("url", "").strip()
        if not code:
            problems.add("ไม่ได้ระบุข้อ OIT", "no item code", row, "item")
        elif criteria.oit_item(code) is None:
            problems.add(
                f"ไม่มีข้อ OIT '{code}' ในเกณฑ์ปี {criteria.year}",
                f"no OIT item '{code}' in {criteria.year}",
                row,
                "item",
            )
        if not url:
            problems.add("ไม่ได้ระบุลิงก์", "no URL", row, "url")
        elif not is_http_url(url) or any(ch.isspace() for ch in url):
            problems.add(
                f"ลิงก์ '{url}' ไม่ใช่ที่อยู่เว็บ ต้องขึ้นต้นด้วย http:// หรือ https://",
                f"'{url}' is not an http/https URL",
                row,
                "url",
            )
        rows.append((row, code, url))
    if not rows and not problems:
        problems.add("ไฟล์ไม่มีข้อมูล", "the file has no data rows")
    problems.raise_if_any()
    return rows
