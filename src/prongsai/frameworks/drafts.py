"""A year nobody has published yet: an organisation's draft criteria, copied from the year before.

An administrator starts "ITA 2570 from 2569": the previous year's criteria (built-in, or the
organisation's own published ones) are copied into a draft of the organisation with every node
`confidence: provisional`. The draft is edited by downloading it as the Excel workbook the
importer reads and uploading it back (the same reading and validation as `ita import-framework`;
nothing is written when anything is wrong), or one OIT item at a time. Published, it is the
organisation's criteria for that year until Prongsai ships official ones (store.find_document).
Built-in rows are never touched.
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from prongsai.frameworks.importer import data_rows, read_workbook, write_workbook
from prongsai.frameworks.library import (
    FrameworkError,
    builtin_document,
    checksum,
    validate,
)
from prongsai.frameworks.models import Framework
from prongsai.frameworks.store import criteria_published, find_document, row_fields
from prongsai.thai import Formatter

PROVISIONAL = "provisional"
OWN = (Framework.Status.DRAFT, Framework.Status.PUBLISHED)


def draft_urn(org, year: int) -> str:
    return f"urn:prongsai:custom:{org.slug.lower().replace('_', '-')}:{year}"


def _mark_provisional(node) -> None:
    """Every node that states its confidence says `provisional`; no field is surer than it."""
    if isinstance(node, dict):
        node.pop("field_confidence", None)
        if "confidence" in node:
            node["confidence"] = PROVISIONAL
        for value in node.values():
            _mark_provisional(value)
    elif isinstance(node, list):
        for value in node:
            _mark_provisional(value)


def _shift_years(text: str, previous: int) -> str:
    """ "ประจำปีงบประมาณ พ.ศ. 2569" in a 2569 item becomes 2570 in the 2570 draft (and 2568,
    the report of the year before, 2569)."""
    return re.sub(
        r"\b(25\d\d)\b",
        lambda m: str(int(m[1]) + 1) if previous - 1 <= int(m[1]) <= previous else m[1],
        text,
    )


@dataclass(frozen=True)
class Owner:
    """Whose draft: an organisation's or a province's, and how the draft names them."""

    fields: dict  # {"org": org} or {"province": name}, as the Framework row stores it
    urn: str
    whose_th: str = "ของหน่วยงาน"
    whose_en: str = "the organisation's"
    copier_th: str = "หน่วยงาน"  # who copied it (the draft's `source`)
    who_th: str = "หน่วยงาน"  # who has criteria of the year already (refused)

    @classmethod
    def of_org(cls, org, year: int) -> Owner:
        return cls({"org": org}, draft_urn(org, year))

    @classmethod
    def of_province(cls, province: str, province_code: str, year: int) -> Owner:
        return cls(
            {"province": province}, province_urn(province_code, year),
            f"ของจังหวัด{province}", "the province's", "ผู้ดูแลจังหวัด", "จังหวัด",
        )  # fmt: skip


def provisional_copy(source: dict, year: int, owner: Owner, version: int = 1) -> dict:
    """The previous year's document as the owner's draft for `year`, provisional throughout."""
    previous = source["year"]
    doc = copy.deepcopy(source)
    for key in ("description", "publication_date", "base"):
        doc.pop(key, None)
    _mark_provisional(doc)
    for item in doc.get("oit_items", []):
        for text in [item.get("name", {}), *(c["text"] for c in item.get("components", []))]:
            for lang in ("th", "en"):
                if lang in text:
                    text[lang] = _shift_years(text[lang], previous)
    doc.update(
        urn=owner.urn,
        year=year,
        version=version,
        name={
            "th": f"เกณฑ์การประเมิน ITA ปี {year} ฉบับร่าง{owner.whose_th} (จากเกณฑ์ปี {previous})",
            "en": f"ITA {year} criteria, {owner.whose_en} draft (from {previous})",
        },
        source=f"ฉบับร่างที่{owner.copier_th}คัดลอกจาก {source['urn']} เวอร์ชัน {source['version']}",
        confidence=PROVISIONAL,
    )
    return doc


def province_urn(province_code: str, year: int) -> str:
    return f"urn:prongsai:custom:province-{province_code}:{year}"


def start_province_draft(province: str, province_code: str, year: int) -> Framework:
    """ "Start ITA <year> from <year − 1>" for a whole province (its administrator): the
    previous year's built-in criteria, provisional, for every organisation of the province
    without criteria of its own once published."""
    return _start_draft(year, Owner.of_province(province, province_code, year))


def start_draft(org, year: int) -> Framework:
    """ "Start ITA <year> from <year − 1>" for the organisation (from its own criteria of the
    year before where it has them); FrameworkError in Thai if not."""
    return _start_draft(year, Owner.of_org(org, year))


@transaction.atomic
def _start_draft(year: int, owner: Owner) -> Framework:
    origin = f"ITA {year}"
    if builtin_document(year) is not None:
        raise FrameworkError(
            origin, [f"มีเกณฑ์ปี {year} ที่ ป.ป.ช. ประกาศแล้ว ใช้เกณฑ์นั้นได้เลย (official criteria exist)"]
        )
    if Framework.objects.filter(year=year, status__in=OWN, **owner.fields).exists():
        raise FrameworkError(
            origin, [f"{owner.who_th}มีเกณฑ์ปี {year} ของตนเองอยู่แล้ว (a draft or criteria exist)"]
        )
    # FrameworkError when there is none; an organisation's own criteria of that year count
    source = find_document(year=year - 1, org=owner.fields.get("org"))
    taken = Framework.objects.filter(urn=owner.urn).order_by("-version").first()
    doc = provisional_copy(source, year, owner, taken.version + 1 if taken else 1)
    validate(doc, origin)
    return Framework.objects.create(
        **row_fields(doc),
        status=Framework.Status.DRAFT,
        based_on_year=source["year"],
        **owner.fields,
    )


def workbook_of(row: Framework) -> bytes:
    """The draft as the Excel workbook the importer reads (its `base` is the draft itself)."""
    doc = row.document
    header = {
        "urn": doc["urn"],
        "version": doc["version"],
        "year": doc["year"],
        "name_th": doc["name"]["th"],
        "name_en": doc["name"].get("en", ""),
        "base": doc["urn"],
        "source": doc["source"],
        "confidence": doc["confidence"],
    }
    out = io.BytesIO()
    write_workbook(out, doc, header)
    return out.getvalue()


def _locator(path: Path):
    """JSON paths of the oit_items section → "ชีต oit_items แถว N คอลัมน์ C"."""
    rows = data_rows(path, "oit_items")
    columns = {
        "name": "name_th",
        "components": "components",
        "field_confidence": "field_confidence",
    }

    def locate(json_path: list) -> str | None:
        if len(json_path) >= 2 and json_path[0] == "oit_items" and json_path[1] < len(rows):
            where = f"ชีต oit_items แถว {rows[json_path[1]]}"
            if len(json_path) >= 3:
                where += f" คอลัมน์ {columns.get(json_path[2], json_path[2])}"
            return where
        return None

    return locate


@transaction.atomic
def replace_from_workbook(row: Framework, path: Path, origin: str) -> Framework:
    """The draft's content from an edited workbook: read and validated as an import is, every
    problem by sheet, row and column; nothing written when anything is wrong."""
    _require_draft(row)
    uploaded = read_workbook(path)
    problems = []
    for key in ("urn", "year", "version"):
        if uploaded.get(key) != row.document[key]:
            problems.append(
                f"ชีต framework '{key}': ต้องเป็น {row.document[key]} ตามฉบับร่างนี้ "
                f"(this workbook is not of this draft)"
            )
    if uploaded.get("base", row.urn) != row.urn:
        problems.append(f"ชีต framework 'base': ต้องเป็น {row.urn} (the draft itself)")
    if problems:
        raise FrameworkError(origin, problems)
    doc = copy.deepcopy(row.document)
    doc.update({k: v for k, v in uploaded.items() if k != "base"})
    doc["confidence"] = PROVISIONAL  # a draft stays a draft whatever its sheet says
    validate(doc, origin, _locator(path))
    return _save(row, doc)


@transaction.atomic
def edit_item(row: Framework, action: str, code: str, name_th: str = "", indicator=None):
    """One OIT item: rename it, drop it, or add it (provisional, named by the administrator)."""
    _require_draft(row)
    doc = copy.deepcopy(row.document)
    items = doc.setdefault("oit_items", [])
    found = next((i for i in items if i["code"] == code), None)
    origin = f"ข้อ {code}"
    if action == "add":
        if found is not None:
            raise FrameworkError(origin, ["มีข้อนี้อยู่แล้ว (this item exists)"])
        item = {"code": code, "indicator": indicator, "source": "เพิ่มโดยผู้ดูแลหน่วยงาน"}
        if name_th:
            item["name"] = {"th": name_th}
        items.append({**item, "confidence": PROVISIONAL})
    elif found is None:
        raise FrameworkError(origin, ["ไม่มีข้อนี้ในฉบับร่าง (no such item)"])
    elif action == "drop":
        items.remove(found)
    elif name_th:
        found["name"] = {"th": name_th}
    else:
        found.pop("name", None)  # the official name is not known: shown by its code
    validate(doc, origin)
    return _save(row, doc)


@transaction.atomic
def publish(row: Framework) -> Framework:
    """The draft becomes the organisation's (or the province's) criteria for its year; the
    results of that year it now governs follow it (criteria_published)."""
    _require_draft(row)
    if builtin_document(row.year) is not None:
        raise FrameworkError(
            f"ITA {row.year}", [f"มีเกณฑ์ปี {row.year} ที่ ป.ป.ช. ประกาศแล้ว (official criteria exist)"]
        )
    row.status = Framework.Status.PUBLISHED
    row.save(update_fields=["status"])
    criteria_published.send(sender=Framework, framework=row)
    return row


def _require_draft(row: Framework) -> None:
    if row.builtin or row.status != Framework.Status.DRAFT:
        raise FrameworkError(row.urn, ["แก้ไขได้เฉพาะฉบับร่าง (only a draft can be changed)"])


def _save(row: Framework, doc: dict) -> Framework:
    row.document = doc
    row.name_th = doc["name"]["th"]
    row.checksum = checksum(doc)
    row.save(update_fields=["document", "name_th", "checksum"])
    return row


def provisional_notice(row: Framework | None, thai_digits: bool = True) -> str:
    """The one line every page and document using a provisional framework shows, or "".

    `row` is the framework in use (store.published_for, or an ItaResult's framework)."""
    if row is None or row.builtin or row.status not in OWN:
        return ""
    fmt = Formatter(thai_digits)
    based = row.based_on_year or row.year - 1
    who = f"จังหวัด{row.province}" if row.province else "หน่วยงาน"
    return (
        f"เกณฑ์ปี {fmt.digits(row.year)} เป็นฉบับร่างที่{who}จัดทำจากปี {fmt.digits(based)} "
        "ยังไม่ใช่เกณฑ์ที่ ป.ป.ช. ประกาศ"
    )
