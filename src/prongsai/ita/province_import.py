"""The results NACC publishes per agency, for many organisations of a province in one file.

Two shapes, CSV or XLSX, Thai or Arabic digits:

- long, one figure a row: `org,code,score[,part][,year]` (as the single-organisation file, with
  the organisation first);
- wide, one organisation a row: `org` then one column per code (`1`…`10` indicators, `i1`/`e4`
  questions, `o12` OIT items pass/fail), an optional `year`.

The organisation is named by its official code (column `org_code`, or `org` holding a code) when
organisations have one, else by its short name (slug) or its Thai name within the province.
Every row is checked first; a problem names its row and column in Thai and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction

from prongsai.ita.models import ItaResult, Score
from prongsai.ita.results import (
    ParsedResults,
    column_code,
    parse_result_records,
    save_results,
)
from prongsai.orgs.models import Organisation
from prongsai.scoring.criteria import Criteria
from prongsai.scoring.errors import ProblemList, ScoringInputError
from prongsai.scoring.inputs import read_table
from prongsai.thai import to_arabic_digits

ORG_COLUMNS = ("org_code", "org", "organisation", "name_th")
NOT_CODES = {"year", "name", "province", "district", "kind", "size", "total", "rating"}


def has_org_code() -> bool:
    """Organisations carry their official code (the register's `code`) on this installation."""
    try:
        Organisation._meta.get_field("code")
    except FieldDoesNotExist:
        return False
    return True


class OrgIndex:
    """The province's organisations by code, short name and Thai name (one query)."""

    def __init__(self, province: str):
        self.province = province
        self.by_key: dict[str, Organisation] = {}
        with_code = has_org_code()
        for org in Organisation.objects.filter(province=province):
            keys = [org.slug, " ".join(org.name_th.split())]
            if with_code and getattr(org, "code", ""):
                keys.insert(0, str(org.code))
            for key in keys:
                self.by_key.setdefault(key.strip().lower(), org)

    def find(self, text: str) -> Organisation | None:
        return self.by_key.get(" ".join(to_arabic_digits(text).split()).lower())


@dataclass
class ProvinceFile:
    results: dict[int, ParsedResults] = field(default_factory=dict)  # org pk → figures
    orgs: dict[int, Organisation] = field(default_factory=dict)

    def rows(self) -> dict[str, list]:
        """What waits in the session between the preview and the confirmation."""
        return {
            str(pk): [[lv, c, p, str(v)] for lv, c, p, v in parsed.rows()]
            for pk, parsed in self.results.items()
        }


def read_province_file(
    path: Path, criteria: Criteria, province: str, name: str | None = None
) -> ProvinceFile:
    """Rows → each organisation's figures, checked by `results.parse_result_records` (the
    single-organisation import's rules) organisation by organisation; every problem of the file
    is reported at once."""
    raw_header, records = read_table(path, name)
    header = [column_code(h) for h in raw_header]
    problems = ProblemList()
    org_column = next((c for c in ORG_COLUMNS if c in header), None)
    if org_column is None:
        problems.add("ไม่มีคอลัมน์หน่วยงาน (org_code หรือ org)", "missing column org_code or org", 1)
        problems.raise_if_any()
    long = "code" in header and "score" in header
    if not long:
        unknown = [
            h for h in header
            if h and h not in ORG_COLUMNS and h not in NOT_CODES and not _known_code(criteria, h)
        ]  # fmt: skip
        for h in unknown:
            problems.add(
                f"ไม่พบรหัส '{h}' ในเกณฑ์ปี {criteria.year}",
                f"unknown code '{h}' for {criteria.year}",
                1,
                h,
            )
        problems.raise_if_any()
    index = OrgIndex(province)
    out = ProvinceFile()
    figures: dict[int, list[tuple[int, dict[str, str]]]] = {}
    unknown_keys: list[tuple[int, str]] = []
    for row, raw in records:
        record = {column_code(k): to_arabic_digits(v) for k, v in raw.items()}
        key = record.get(org_column, "")
        org = index.find(key) if key else None
        if org is None:
            if key:
                unknown_keys.append((row, key))
            else:
                problems.add("ไม่ได้ระบุหน่วยงาน", "no organisation given", row, org_column)
            continue
        out.orgs[org.pk] = org
        figures.setdefault(org.pk, []).extend(_figures(record, long, row))
    _unknown_organisations(unknown_keys, province, org_column, problems)
    for pk, rows in figures.items():
        try:
            out.results[pk] = parse_result_records(rows, criteria)
        except ScoringInputError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
    if not out.results and not problems:
        problems.add("ไฟล์ไม่มีข้อมูล", "the file has no data rows")
    problems.sort(key=lambda p: p.row or 0)
    problems.raise_if_any()
    return out


def _figures(record: dict[str, str], long: bool, row: int):
    """A row's figures as the records of a single-organisation file: the row itself (long), or
    one record per filled code column naming that column (wide; the year checked once)."""
    if long:
        if record.get("score", "").strip():
            yield row, record
        return
    year = record.get("year", "")
    for column, text in record.items():
        if column in ORG_COLUMNS or column in NOT_CODES or not text.strip():
            continue
        yield row, {"code": column, "score": text, "year": year, "column": column}
        year = ""


def _unknown_organisations(keys, province: str, column: str, problems: ProblemList) -> None:
    """Names not in the province; a code that is another province's organisation says so (one
    query), without naming that organisation."""
    codes = [key for _row, key in keys if key.isdecimal()]
    elsewhere = set(
        Organisation.objects.filter(code__in=codes).exclude(province=province).values_list(
            "code", flat=True
        )
    ) if codes and has_org_code() else set()  # fmt: skip
    for row, key in keys:
        if key in elsewhere:
            problems.add(
                f"รหัสหน่วยงาน '{key}' เป็นหน่วยงานนอกจังหวัด{province} "
                f"นำเข้าได้เฉพาะหน่วยงานของจังหวัด{province}",
                f"organisation code '{key}' is not an organisation of {province}",
                row,
                column,
            )
        else:
            problems.add(
                f"ไม่พบหน่วยงาน '{key}' ในจังหวัด{province}",
                f"no organisation '{key}' in {province}",
                row,
                column,
            )


def _known_code(criteria: Criteria, code: str) -> bool:
    return (
        (code.isdecimal() and criteria.indicator(int(code)) is not None)
        or criteria.oit_item(code) is not None
        or criteria.question(code) is not None
    )


@dataclass
class OrgPreview:
    org: Organisation
    figures: int
    replaces: bool
    changed: int


def preview_province(year: int, data: ProvinceFile) -> list[OrgPreview]:
    """Per organisation: figures in the file, and whether (and how much) it replaces stored ones."""
    stored: dict[int, dict] = {}
    for org_id, level, code, part, score in Score.objects.filter(
        result__org_id__in=list(data.results), result__year=year
    ).values_list("result__org_id", "level", "code", "part", "score"):
        stored.setdefault(org_id, {})[(level, code, part)] = score
    existing = set(
        ItaResult.objects.filter(org_id__in=list(data.results), year=year).values_list(
            "org_id", flat=True
        )
    )
    out = []
    for pk, parsed in data.results.items():
        incoming = {(lv, c, p): v for lv, c, p, v in parsed.rows()}
        mine = stored.get(pk, {})
        changed = sum(1 for k in set(incoming) | set(mine) if incoming.get(k) != mine.get(k))
        out.append(OrgPreview(data.orgs[pk], len(incoming), pk in existing, changed))
    return sorted(out, key=lambda p: p.org.name_th)


@transaction.atomic
def save_province(year: int, province: str, rows: dict[str, list], source: str) -> int:
    """Every organisation's figures, all or nothing; the organisations must still be the
    province's. Returns how many organisations were written."""
    orgs = Organisation.objects.in_bulk([int(pk) for pk in rows])
    for pk, figures in rows.items():
        org = orgs.get(int(pk))
        if org is None or org.province != province:
            raise Organisation.DoesNotExist(pk)
        save_results(org, year, ParsedResults.from_rows(figures), source)
    return len(rows)
