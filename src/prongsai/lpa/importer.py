"""A province's LPA table (CSV or XLSX, Thai or Arabic digits) into LpaResult rows.

Columns, by their codes or the seed's Thai headings: `seq` (ลำดับที่, the published rank, optional),
`district` (อำเภอ), `type` (ประเภทอปท.), `name` (ชื่อ อปท.), and per area n = 1…5 `dn_full`,
`dn_got`, optionally `dn_pct`; optionally `province`, `region`, `total_full`, `total_got`,
`total_pct`. A printed per cent or total that the figures do not give is an error: the import
reproduces the table or writes nothing. An organisation is found by its Thai name and district in
the province (two อบต.เวียง in different districts are two organisations); an unknown one is
created when asked (`create=True`), of the type the table gives.

Ranks: ordered by total per cent, highest first; ties keep the table's order. A table that
prints its ranks (`seq`) keeps them when they agree with that order (a partial table, such as the
seed's 48 rows of 144, has gaps); a printed rank that contradicts the order is an error.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from prongsai.lpa.calc import AREAS, percent, total_percent
from prongsai.lpa.models import LpaResult
from prongsai.orgs.models import Organisation
from prongsai.scoring.errors import ProblemList
from prongsai.scoring.inputs import read_table
from prongsai.thai import to_arabic_digits

ALIASES = {
    "ลำดับที่": "seq", "ลำดับ": "seq", "ภาค": "region", "จังหวัด": "province", "อำเภอ": "district",
    "ประเภทอปท.": "type", "ประเภท อปท.": "type", "ชื่อ อปท.": "name", "ชื่ออปท.": "name",
    "คิดเป็นร้อยละ": "total_pct",
}  # fmt: skip
KINDS = {
    "อบจ.": Organisation.Kind.PAO, "เทศบาลนคร": Organisation.Kind.CITY,
    "เทศบาลเมือง": Organisation.Kind.TOWN, "เทศบาลตำบล": Organisation.Kind.SUBDISTRICT_MUNICIPALITY,
    "อบต.": Organisation.Kind.SAO,
}  # fmt: skip


def _norm(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Row:
    line: int
    seq: int | None
    district: str
    kind: str
    name: str
    fulls: list[Decimal]
    gots: list[Decimal]
    total: Decimal
    org: Organisation | None = None


@dataclass
class LpaTable:
    province: str
    year: int
    rows: list[Row] = field(default_factory=list)

    @property
    def new_orgs(self) -> list[Row]:
        return [r for r in self.rows if r.org is None]


def _number(text: str, problems: ProblemList, line: int, column: str) -> Decimal | None:
    try:
        value = Decimal(to_arabic_digits(text).replace(",", "").strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value < 0:
        problems.add(f"'{text}' ไม่ใช่ตัวเลข", f"'{text}' is not a number", line, column)
        return None
    return value


def read_lpa_table(path: Path, province: str, year: int, name: str | None = None) -> LpaTable:
    raw_header, records = read_table(path, name)
    header = [ALIASES.get(h, h) for h in raw_header]
    problems = ProblemList()
    needed = ["name", *[f"d{n}_{k}" for n in AREAS for k in ("full", "got")]]
    missing = [c for c in needed if c not in header]
    if missing:
        names = ", ".join(missing)
        problems.add(f"ไม่มีคอลัมน์ {names}", f"missing column(s): {names}", 1)
        problems.raise_if_any()
    table = LpaTable(province, year)
    seen: dict[tuple[str, str], int] = {}
    for line, raw in records:
        record = {ALIASES.get(k, k): _norm(to_arabic_digits(v)) for k, v in raw.items()}
        start = len(problems)
        given_province = record.get("province", "")
        if given_province and given_province != province:
            problems.add(
                f"จังหวัด '{given_province}' ไม่ใช่จังหวัด{province}",
                f"province '{given_province}' is not {province}",
                line,
                "province",
            )
        org_name = record.get("name", "")
        if not org_name:
            problems.add("ไม่ได้ระบุชื่อ อปท.", "no organisation name", line, "name")
        district = record.get("district", "")
        key = (district, org_name)
        if org_name and key in seen:
            problems.add(
                f"{org_name} ({district or '-'}) ซ้ำกับแถว {seen[key]}",
                f"{org_name} repeats row {seen[key]}",
                line,
                "name",
            )
        seen.setdefault(key, line)
        fulls, gots = [], []
        for n in AREAS:
            full = _number(record.get(f"d{n}_full", ""), problems, line, f"d{n}_full")
            got = _number(record.get(f"d{n}_got", ""), problems, line, f"d{n}_got")
            if full is not None and full == 0:
                problems.add("คะแนนเต็มต้องมากกว่า 0", "a full score is above 0", line, f"d{n}_full")
            elif full is not None and got is not None and got > full:
                problems.add(
                    f"คะแนนที่ได้ {got} เกินคะแนนเต็ม {full}",
                    f"score {got} is above the full score {full}",
                    line,
                    f"d{n}_got",
                )
            elif full is not None and got is not None:
                _printed(record, f"d{n}_pct", percent(got, full), problems, line)
            fulls.append(full)
            gots.append(got)
        if len(problems) > start:
            continue
        total = total_percent(fulls, gots)
        _printed(record, "total_full", sum(fulls, Decimal(0)), problems, line)
        _printed(record, "total_got", sum(gots, Decimal(0)), problems, line)
        _printed(record, "total_pct", total, problems, line)
        seq_text = record.get("seq", "")
        seq = int(seq_text) if seq_text.isdecimal() else None
        if seq_text and seq is None:
            problems.add(f"ลำดับที่ '{seq_text}' ไม่ใช่ตัวเลข", "seq is not a number", line, "seq")
        kind = record.get("type", "")
        if kind and kind not in KINDS:
            allowed = ", ".join(KINDS)
            problems.add(
                f"ประเภท '{kind}' ไม่รู้จัก (ใช้ได้: {allowed})", f"unknown type '{kind}'", line, "type"
            )
        table.rows.append(Row(line, seq, district, kind, org_name, fulls, gots, total))
    if not table.rows and not problems:
        problems.add("ไฟล์ไม่มีข้อมูล", "the file has no data rows")
    _check_ranks(table, problems)
    problems.raise_if_any()
    _match(table)
    return table


def _printed(record, column, computed, problems, line) -> None:
    text = record.get(column, "")
    if not text:
        return
    try:
        printed = Decimal(text.replace(",", ""))
    except InvalidOperation:
        problems.add(f"'{text}' ไม่ใช่ตัวเลข", f"'{text}' is not a number", line, column)
        return
    if printed != computed:
        problems.add(
            f"พิมพ์ไว้ {text} แต่คำนวณได้ {computed}",
            f"printed {text}, the figures give {computed}",
            line,
            column,
        )


def ordered(rows: list[Row]) -> list[Row]:
    """Highest total first; ties keep the printed rank, else the table's order."""
    return sorted(rows, key=lambda r: (-r.total, r.seq if r.seq is not None else 0, r.line))


def _check_ranks(table: LpaTable, problems: ProblemList) -> None:
    printed = [r for r in table.rows if r.seq is not None]
    if not printed:
        return
    if len(printed) != len(table.rows):
        problems.add("ลำดับที่ต้องมีทุกแถวหรือไม่มีเลย", "give seq on every row or none", None, "seq")
        return
    previous = None
    for r in ordered(table.rows):
        if previous is not None and r.seq <= previous.seq:
            problems.add(
                f"ลำดับที่ {r.seq} ไม่สอดคล้องกับร้อยละรวม {r.total} (แถว {previous.line}: "
                f"ลำดับที่ {previous.seq} ร้อยละ {previous.total})",
                f"rank {r.seq} contradicts the total per cent order",
                r.line,
                "seq",
            )
        previous = r


def _match(table: LpaTable) -> None:
    orgs = list(Organisation.objects.filter(province=table.province))
    by_name: dict[str, list[Organisation]] = {}
    for org in orgs:
        by_name.setdefault(_norm(org.name_th), []).append(org)
    for row in table.rows:
        candidates = by_name.get(row.name, [])
        exact = [o for o in candidates if o.district == row.district]
        if exact:
            row.org = exact[0]
        elif len(candidates) == 1 and not candidates[0].district:
            row.org = candidates[0]


def table_data(table: LpaTable) -> dict:
    """The checked table as plain data (what waits in the session between a page's preview and
    its confirmation)."""
    return {
        "province": table.province,
        "year": table.year,
        "rows": [
            [r.line, r.seq, r.district, r.kind, r.name, [str(v) for v in r.fulls],
             [str(v) for v in r.gots], str(r.total)]
            for r in table.rows
        ],
    }  # fmt: skip


def table_from_data(data: dict) -> LpaTable:
    """Back from `table_data`, matched again against the register as it is now."""
    table = LpaTable(data["province"], data["year"])
    for line, seq, district, kind, name, fulls, gots, total in data["rows"]:
        table.rows.append(
            Row(line, seq, district, kind, name, [Decimal(v) for v in fulls],
                [Decimal(v) for v in gots], Decimal(total))
        )  # fmt: skip
    _match(table)
    return table


def new_slug(province: str, district: str, name: str) -> str:
    digest = hashlib.sha1(f"{province}|{district}|{name}".encode()).hexdigest()[:10]
    return f"lao-{digest}"


@transaction.atomic
def save_lpa_table(table: LpaTable, *, create: bool) -> tuple[int, int]:
    """(results written, organisations created). Without `create`, an organisation the table
    names but the register lacks is an error (ValueError with the names), nothing written."""
    unknown = table.new_orgs
    if unknown and not create:
        names = ", ".join(f"{r.name} ({r.district})" for r in unknown[:10])
        raise ValueError(f"ไม่พบหน่วยงานในจังหวัด{table.province}: {names}")
    created = 0
    for row in unknown:
        row.org, made = Organisation.objects.get_or_create(
            slug=new_slug(table.province, row.district, row.name),
            defaults={
                "name_th": row.name, "province": table.province, "district": row.district,
                "kind": KINDS.get(row.kind, Organisation.Kind.OTHER),
            },
        )  # fmt: skip
        created += made
    for position, row in enumerate(ordered(table.rows), start=1):
        fields = {"total_percent": row.total, "published_rank": row.seq}
        fields["rank"] = row.seq if row.seq is not None else position
        for n, full, got in zip(AREAS, row.fulls, row.gots, strict=True):
            fields[f"area{n}_full"], fields[f"area{n}_got"] = full, got
        LpaResult.objects.update_or_create(org=row.org, year=table.year, defaults=fields)
    if any(r.seq is None for r in table.rows):
        rerank(table.province, table.year)
    return len(table.rows), created


def rerank(province: str, year: int) -> None:
    """Ranks by position over every stored result of the province-year (none printed)."""
    rows = LpaResult.objects.filter(org__province=province, year=year).order_by(
        "-total_percent", "published_rank", "org__name_th"
    )
    for position, result in enumerate(rows, start=1):
        if result.rank != position or result.published_rank is not None:
            result.rank, result.published_rank = position, None
            result.save(update_fields=["rank", "published_rank"])
