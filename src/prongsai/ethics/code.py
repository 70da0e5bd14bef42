"""The national code of ethics of local officials, shipped read-only as `data/*.yaml`.

The file is validated as a whole when first read; errors name the file, the place in the document
and the field. What comes back is frozen (tuples of frozen dataclasses): there is no way to
change the national code from the application, only a new file with a higher `version`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
NATIONAL_CODE = "lao-code-of-ethics-2564"


class CodeDataError(ValueError):
    """The shipped code file is malformed."""


@dataclass(frozen=True)
class CodeItem:
    number: int
    text: str


@dataclass(frozen=True)
class LegalBasis:
    title: str
    provision: str = ""

    def __str__(self) -> str:
        return f"{self.title} {self.provision}".strip()


@dataclass(frozen=True)
class NationalCode:
    """ประมวลจริยธรรมพนักงานส่วนท้องถิ่น: core (จริยธรรมหลัก) and general (จริยธรรมทั่วไป) items."""

    code: str
    version: int
    name_th: str
    name_en: str
    issuer: str
    source: str
    confidence: str
    adopted_on: datetime.date
    adopted_text: str
    circular: str
    legal_bases: tuple[LegalBasis, ...]
    preamble: str
    core_heading: str
    core: tuple[CodeItem, ...]
    general_heading: str
    general: tuple[CodeItem, ...]
    clauses: tuple[CodeItem, ...]
    discrepancies: tuple[str, ...]


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CodeDataError(f"{where}: text is missing")
    return " ".join(value.split())


def _items(rows: object, where: str) -> tuple[CodeItem, ...]:
    if not isinstance(rows, list) or not rows:
        raise CodeDataError(f"{where}: a list of items is expected")
    items = []
    for n, row in enumerate(rows):
        here = f"{where}[{n}]"
        if not isinstance(row, dict) or not isinstance(row.get("number"), int):
            raise CodeDataError(f"{here}.number: a whole number is expected")
        items.append(CodeItem(row["number"], _text(row.get("text"), f"{here}.text")))
    return tuple(items)


def _numbered(items: tuple[CodeItem, ...], where: str) -> None:
    numbers = [i.number for i in items]
    if numbers != list(range(1, len(items) + 1)):
        raise CodeDataError(f"{where}: items must be numbered 1 to {len(items)}, got {numbers}")


def parse_code(doc: dict, name: str) -> NationalCode:
    """A NationalCode from a parsed file, or CodeDataError naming `name`, the place and field."""
    if not isinstance(doc, dict):
        raise CodeDataError(f"{name}: a mapping is expected at the top")
    for key in ("code", "version", "name", "source", "confidence", "adopted", "legal_bases"):
        if key not in doc:
            raise CodeDataError(f"{name}: '{key}' is missing")
    adopted = doc["adopted"]
    if not isinstance(adopted, dict) or not isinstance(adopted.get("date"), datetime.date):
        raise CodeDataError(f"{name}: adopted.date: a date (YYYY-MM-DD) is expected")
    core = _items((doc.get("core") or {}).get("items"), f"{name}: core.items")
    general = _items((doc.get("general") or {}).get("items"), f"{name}: general.items")
    _numbered(core, f"{name}: core.items")
    _numbered(general, f"{name}: general.items")
    bases = []
    for n, row in enumerate(doc["legal_bases"]):
        here = f"{name}: legal_bases[{n}]"
        if not isinstance(row, dict):
            raise CodeDataError(f"{here}: a mapping with a title is expected")
        bases.append(
            LegalBasis(
                _text(row.get("title"), f"{here}.title"), " ".join(row.get("provision", "").split())
            )
        )
    return NationalCode(
        code=doc["code"],
        version=int(doc["version"]),
        name_th=_text(doc["name"].get("th"), f"{name}: name.th"),
        name_en=doc["name"].get("en", ""),
        issuer=doc.get("issuer", ""),
        source=doc["source"],
        confidence=doc["confidence"],
        adopted_on=adopted["date"],
        adopted_text=_text(adopted.get("text"), f"{name}: adopted.text"),
        circular=adopted.get("circular", ""),
        legal_bases=tuple(bases),
        preamble=doc.get("preamble", ""),
        core_heading=doc["core"].get("heading", ""),
        core=core,
        general_heading=doc["general"].get("heading", ""),
        general=general,
        clauses=_items(doc["clauses"], f"{name}: clauses") if doc.get("clauses") else (),
        discrepancies=tuple(doc.get("discrepancies") or ()),
    )


@cache
def national_code(code: str = NATIONAL_CODE) -> NationalCode:
    """The shipped national code (read and checked once per process)."""
    path = DATA_DIR / f"{code}.yaml"
    if not path.is_file():
        raise CodeDataError(f"no code of ethics '{code}' in {DATA_DIR}")
    return parse_code(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
