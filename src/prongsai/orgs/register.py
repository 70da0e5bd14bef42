"""The organisation register: organisations created or updated in bulk from a CSV or XLSX file.

Columns (the first row names them, in any order): code, name_th, kind, size, province, district,
subdistrict, website, phone, address. `code` (รหัส อปท.) is the key: a row whose code is known
updates that organisation, else a new one is created (an existing organisation without a code
and of the same name and province takes the code instead of being doubled). A column left out of
the file leaves that field alone; a column present sets it, blank or not
(except a blank size: the size stays, M for a new one).

Every row is checked before anything is written (`check`): an unknown province, district or
subdistrict, a bad type or size, a code twice, a bad web address are each a Thai message naming
the row and the column, and nothing is written while there is one. `apply` writes the plan in a
few bulk statements; the same file read again finds nothing to change.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from prongsai.geo.models import District, Province, Subdistrict
from prongsai.incoming import FileRefused, decode_text
from prongsai.orgs.models import Organisation
from prongsai.spreadsheets import SheetBudget, csv_text, open_workbook, sheet_rows
from prongsai.thai import to_arabic_digits

COLUMNS = (
    "code", "name_th", "kind", "size", "province", "district", "subdistrict", "website", "phone",
    "address",
)  # fmt: skip
REQUIRED = ("code", "name_th", "kind", "province")
BUDGET = SheetBudget(rows=20_000, columns=50, cells=400_000)
K, S = Organisation.Kind, Organisation.Size
# The type as the Department of Local Administration publishes it, or Prongsai's own code.
KINDS = {
    "อบจ.": K.PAO, "อบจ": K.PAO, "องค์การบริหารส่วนจังหวัด": K.PAO,
    "เทศบาลนคร": K.CITY, "ทน.": K.CITY,
    "เทศบาลเมือง": K.TOWN, "ทม.": K.TOWN,
    "เทศบาลตำบล": K.SUBDISTRICT_MUNICIPALITY, "ทต.": K.SUBDISTRICT_MUNICIPALITY,
    "อบต.": K.SAO, "อบต": K.SAO, "องค์การบริหารส่วนตำบล": K.SAO,
    **{k.value: k for k in K},
}  # fmt: skip
SIZES = {"S": S.S, "M": S.M, "L": S.L, "เล็ก": S.S, "กลาง": S.M, "ใหญ่": S.L}
CODE = re.compile(r"[0-9]{4,10}")
# The fields a row may set, in the order they are compared.
FIELDS = (
    "code", "name_th", "kind", "size", "province", "district", "geo_province_id",
    "geo_district_id", "subdistrict_id", "website", "phone", "address",
)  # fmt: skip
LIMITS = {"name_th": 200, "phone": 60}
_url = URLValidator(schemes=["http", "https"])


class RegisterError(ValueError):
    """The file cannot be read, or has rows that are wrong: `problems` in Thai, nothing written."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Plan:
    """What a checked file would do: new organisations, changed ones (field: [old, new])."""

    creates: list[Organisation] = field(default_factory=list)
    updates: list[tuple[Organisation, dict]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def rows(self) -> int:
        return len(self.creates) + len(self.updates) + self.unchanged


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def read_rows(data: bytes, name: str) -> list[tuple[int, dict]]:
    """(row number as the file shows it, {column: text}) of every non-empty row."""
    try:
        if name.lower().endswith((".xlsx", ".xlsm")):
            workbook = open_workbook(data, name, BUDGET)
            raw = [[_text(v) for v in row] for row in sheet_rows(workbook.worksheets[0], name)]
        else:
            reader = csv.reader(io.StringIO(decode_text(data, name)))
            raw = [[_text(csv_text(v)) for v in row] for row in reader]
    except FileRefused as exc:
        raise RegisterError([exc.message_th]) from exc
    except RegisterError:
        raise
    except Exception as exc:  # openpyxl and csv raise many kinds for a broken file
        raise RegisterError([f"อ่านไฟล์ '{name}' ไม่ได้ (not a readable CSV or XLSX file)"]) from exc
    if not raw:
        raise RegisterError([f"ไฟล์ '{name}' ว่าง (the file is empty)"])
    header = [h.strip().lower() for h in raw[0]]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h and h not in COLUMNS]
    problems = []
    if missing:
        problems.append(f"แถว 1: ไม่มีคอลัมน์ {', '.join(missing)} (missing columns)")
    if unknown:
        problems.append(
            f"แถว 1: ไม่รู้จักคอลัมน์ {', '.join(unknown)} ใช้ได้เฉพาะ {', '.join(COLUMNS)} "
            "(unknown columns)"
        )
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:
        problems.append(f"แถว 1: คอลัมน์ {', '.join(twice)} ซ้ำ (a column twice)")
    if problems:
        raise RegisterError(problems)
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        if not any(values):
            continue
        rows.append(
            (number, {h: (values[i] if i < len(values) else "") for i, h in enumerate(header) if h})
        )
    if not rows:
        raise RegisterError([f"ไฟล์ '{name}' ไม่มีแถวข้อมูล (no rows under the header)"])
    return rows


def _strip(prefixes: tuple[str, ...], text: str) -> str:
    for prefix in prefixes:
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix) :].strip()
    return text


class _Places:
    """The geography in memory: three queries for the whole file."""

    def __init__(self):
        self.provinces = {p.name_th: p for p in Province.objects.all()}
        self.districts = {(d.province_id, d.name_th): d for d in District.objects.all()}
        self.subdistricts = {(s.district_id, s.name_th): s for s in Subdistrict.objects.all()}


def _slug_for(code: str, taken: set[str]) -> str:
    slug, n = f"org-{code}", 1
    while slug in taken:
        n += 1
        slug = f"org-{code}-{n}"
    taken.add(slug)
    return slug


def check(rows: list[tuple[int, dict]], *, province: str | None = None) -> Plan:
    """The plan for these rows, or RegisterError with every problem. `province`: only
    organisations of that province may be created or changed (a province administrator)."""
    places = _Places()
    problems: list[str] = []
    codes = [
        to_arabic_digits(r.get("code", "")).replace(" ", "") for _n, r in rows
    ]  # keys first: one query
    existing = {o.code: o for o in Organisation.objects.filter(code__in=[c for c in codes if c])}
    uncoded = {}
    for org in Organisation.objects.filter(code__isnull=True):
        uncoded.setdefault((org.name_th, org.province), []).append(org)
    taken = set(Organisation.objects.values_list("slug", flat=True))
    seen: dict[str, int] = {}
    plan = Plan()
    for (number, row), code in zip(rows, codes, strict=True):
        here = len(problems)

        def bad(column: str, message: str, number=number) -> None:
            problems.append(f"แถว {number} คอลัมน์ {column}: {message}")

        values: dict = {}
        if not code:
            bad("code", "ต้องมีรหัส อปท. (the organisation code is required)")
        elif not CODE.fullmatch(code):
            bad("code", f"'{row.get('code')}' ไม่ใช่รหัส อปท. (ตัวเลข 4–10 หลัก) (not a code)")
        elif code in seen:
            bad("code", f"รหัส {code} ซ้ำกับแถว {seen[code]} (the same code twice)")
        else:
            seen[code] = number
        values["code"] = code
        name = row.get("name_th", "")
        if not name:
            bad("name_th", "ต้องมีชื่อหน่วยงาน (the name is required)")
        values["name_th"] = name
        kind_text = row.get("kind", "")
        kind = KINDS.get(kind_text) or KINDS.get(kind_text.lower())
        if kind is None:
            bad(
                "kind",
                f"ไม่รู้จักประเภท '{kind_text}' ใช้ อบจ., เทศบาลนคร, เทศบาลเมือง, เทศบาลตำบล "
                "หรือ อบต. (unknown type)",
            )
        values["kind"] = kind
        if row.get("size"):  # blank: the size stays (a new organisation's is M)
            size = SIZES.get(row["size"].upper()) or SIZES.get(row["size"])
            if size is None:
                bad("size", f"ขนาด '{row['size']}' ต้องเป็น S, M, L หรือ เล็ก, กลาง, ใหญ่ (bad size)")
            values["size"] = size
        for column, limit in LIMITS.items():
            if len(row.get(column, "")) > limit:
                bad(column, f"ยาวเกิน {limit} ตัวอักษร (longer than {limit} characters)")
            if column in row:
                values[column] = row[column]
        if "address" in row:
            values["address"] = row["address"]
        if "website" in row:
            website = row["website"]
            if website and "://" not in website:
                website = f"https://{website}"
            if website:
                try:
                    _url(website)
                except ValidationError:
                    bad("website", f"'{row['website']}' ไม่ใช่ที่อยู่เว็บไซต์ (not a web address)")
            values["website"] = website
        # Where: the province is required, a district and subdistrict when given must be in it.
        province_name = _strip(("จังหวัด", "จ."), row.get("province", ""))
        geo_province = places.provinces.get(province_name)
        geo_district = geo_sub = None
        if not province_name:
            bad("province", "ต้องมีจังหวัด (the province is required)")
        elif geo_province is None:
            bad("province", f"ไม่รู้จักจังหวัด '{province_name}' (unknown province)")
        elif province is not None and province_name != province:
            bad(
                "province",
                f"จังหวัด '{province_name}' ไม่อยู่ในความดูแลของท่าน (only {province} here)",
            )
        district_name = _strip(("อำเภอ", "อ.", "เขต"), row.get("district", ""))
        if geo_province is not None and district_name:
            geo_district = places.districts.get((geo_province.pk, district_name))
            if geo_district is None:
                bad(
                    "district",
                    f"ไม่มีอำเภอ '{district_name}' ในจังหวัด{geo_province.name_th} (unknown district)",
                )
        sub_name = _strip(("ตำบล", "ต.", "แขวง"), row.get("subdistrict", ""))
        if sub_name and geo_province is not None and not district_name:
            bad("district", "ระบุตำบลแล้วต้องระบุอำเภอด้วย (a subdistrict needs its district)")
        elif sub_name and geo_district is not None:
            geo_sub = places.subdistricts.get((geo_district.pk, sub_name))
            if geo_sub is None:
                bad(
                    "subdistrict",
                    f"ไม่มีตำบล '{sub_name}' ในอำเภอ{geo_district.name_th} (unknown subdistrict)",
                )
        if geo_province is not None:
            values |= {"province": geo_province.name_th, "geo_province_id": geo_province.pk}
            if "district" in row:
                values |= {
                    "district": geo_district.name_th if geo_district else "",
                    "geo_district_id": geo_district.pk if geo_district else None,
                }
            if "subdistrict" in row:
                values["subdistrict_id"] = geo_sub.pk if geo_sub else None
        org = existing.get(code)
        if org is None and name and province_name:
            candidates = uncoded.get((name, province_name), [])
            if len(candidates) == 1:
                org = candidates.pop()
        if org is not None and province is not None and org.province != province:
            bad("code", f"รหัส {code} เป็นของหน่วยงานนอกจังหวัดของท่าน (not of your province)")
        if len(problems) > here:
            continue
        if org is None:
            new = Organisation(slug=_slug_for(code, taken), **values)
            plan.creates.append(new)
            continue
        changes = {
            f: [getattr(org, f), values[f]]
            for f in FIELDS
            if f in values and getattr(org, f) != values[f]
        }
        if changes:
            for f, (_old, new_value) in changes.items():
                setattr(org, f, new_value)
            plan.updates.append((org, changes))
        else:
            plan.unchanged += 1
    if problems:
        raise RegisterError(problems)
    return plan


@transaction.atomic
def apply(plan: Plan) -> Plan:
    """Write the plan: one bulk insert, one bulk update of the fields that changed."""
    Organisation.objects.bulk_create(plan.creates, batch_size=1000)
    if plan.updates:
        changed = sorted({f for _org, changes in plan.updates for f in changes})
        Organisation.objects.bulk_update(
            [org for org, _changes in plan.updates], changed, batch_size=1000
        )
    if plan.creates and plan.creates[0].pk is None:  # backends that return no ids
        by_code = dict(
            Organisation.objects.filter(code__in=[o.code for o in plan.creates]).values_list(
                "code", "pk"
            )
        )
        for org in plan.creates:
            org.pk = by_code[org.code]
    return plan


def import_file(data: bytes, name: str, *, province: str | None = None) -> Plan:
    """Read, check and write a register file; RegisterError (nothing written) when wrong."""
    return apply(check(read_rows(data, name), province=province))


def import_path(path: Path, *, province: str | None = None) -> Plan:
    return import_file(path.read_bytes(), path.name, province=province)
