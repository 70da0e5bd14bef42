"""Guidance catalogue: the cause, guideline and improvement measure proposed for a weak question.

When a question (IIT i…, EIT e…) or an OIT item (o…) is an organisation's weakest, the analysis page
pre-fills "สาเหตุเกิดจาก" and "แนวทางการยกระดับ" from a per-year catalogue in
`data/guidance-<year>.yaml` and proposes a measure. The texts are suggestions for the organisation
to edit, written by the Prongsai authors (see the file's header for provenance).

Pure Python: no Django needed, so documents and command-line tools can use it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"

TEXT_FIELDS = ("cause", "guideline", "measure", "steps", "responsible")
ENTRY_FIELDS = ("code", *TEXT_FIELDS, "oit_refs")
TOP_KEYS = frozenset({"year", "version", "source", "entries"})


@dataclass(frozen=True)
class Guidance:
    """What to propose when `code` is the weakest question or OIT item of an indicator.

    `guideline` and `steps` hold one action or step per line. `oit_refs` are the OIT items the
    guideline relies on (codes of the same year).
    """

    code: str
    cause: str
    guideline: str
    measure: str
    steps: str
    responsible: str
    oit_refs: tuple[str, ...]

    def guideline_lines(self) -> list[str]:
        """The guideline's actions, one per item, for a numbered list."""
        return [line.strip() for line in self.guideline.splitlines() if line.strip()]

    def step_lines(self) -> list[str]:
        """The measure's steps, one per item."""
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


class GuidanceError(ValueError):
    """A guidance file is not valid; the message names the file and, where known, the entry."""


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses a key repeated in one mapping (YAML would keep the last)."""


def _mapping_without_duplicates(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False):
    seen: set = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"คีย์ '{key}' ซ้ำ (duplicate key)", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


def parse_guidance(text: str, origin: str, year: int | None = None) -> dict[str, Guidance]:
    """Parse a guidance catalogue; `origin` (a file name) starts every error message.

    Raises GuidanceError (a ValueError) naming the entry's code and the field when an entry lacks
    a field, has an unknown key, has an empty or mistyped value, or repeats a code; and when the
    file's `year` differs from `year` (if given).
    """
    try:
        doc = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"บรรทัด {mark.line + 1}: " if mark else ""
        raise GuidanceError(f"{origin}: {where}ไฟล์ YAML ไม่ถูกต้อง (invalid YAML): {exc}") from exc
    if not isinstance(doc, dict):
        raise GuidanceError(f"{origin}: ไม่ใช่แคตตาล็อกแนวทาง (not a guidance catalogue)")
    unknown = sorted(str(k) for k in doc if k not in TOP_KEYS)
    if unknown:
        raise GuidanceError(f"{origin}: คีย์ที่ไม่รู้จัก (unknown key): {', '.join(unknown)}")
    if year is not None and doc.get("year") != year:
        raise GuidanceError(
            f"{origin}: ปี {doc.get('year')!r} ไม่ตรงกับ {year} (year does not match the file name)"
        )
    entries = doc.get("entries")
    if not isinstance(entries, list):
        raise GuidanceError(f"{origin}: 'entries' ต้องเป็นรายการ (entries must be a list)")

    result: dict[str, Guidance] = {}
    for index, entry in enumerate(entries, start=1):
        guidance = _entry(entry, origin, index)
        if guidance.code in result:
            raise GuidanceError(
                f"{origin}: ข้อ {guidance.code}: รหัสซ้ำ (duplicate code) ในรายการที่ {index}"
            )
        result[guidance.code] = guidance
    return result


def _entry(entry: object, origin: str, index: int) -> Guidance:
    """One validated entry; errors name the code, or the position when the code is unusable."""
    if not isinstance(entry, dict):
        raise GuidanceError(f"{origin}: รายการที่ {index}: ต้องเป็น mapping (entry must be a mapping)")
    code = entry.get("code")
    if isinstance(code, str) and code.strip():
        label = f"ข้อ {code.strip()}"
    else:
        label = f"รายการที่ {index}"

    def fail(message: str) -> GuidanceError:
        return GuidanceError(f"{origin}: {label}: {message}")

    unknown = sorted(str(k) for k in entry if k not in ENTRY_FIELDS)
    if unknown:
        raise fail(f"คีย์ที่ไม่รู้จัก (unknown key): {', '.join(unknown)}")
    missing = [f for f in ENTRY_FIELDS if f not in entry]
    if missing:
        raise fail(f"ไม่มีช่อง (missing field): {', '.join(missing)}")

    texts: dict[str, str] = {}
    for field in ("code", *TEXT_FIELDS):
        value = entry[field]
        if not isinstance(value, str) or not value.strip():
            raise fail(f"ช่อง '{field}' ต้องเป็นข้อความที่ไม่ว่าง (field '{field}' must be text)")
        texts[field] = value.strip()

    refs = entry["oit_refs"]
    if not isinstance(refs, list) or not all(isinstance(r, str) and r.strip() for r in refs):
        raise fail("ช่อง 'oit_refs' ต้องเป็นรายการรหัส (field 'oit_refs' must be a list of codes)")
    refs = [r.strip() for r in refs]
    repeated = sorted({r for r in refs if refs.count(r) > 1})
    if repeated:
        raise fail(f"ช่อง 'oit_refs' มีรหัสซ้ำ (repeated in oit_refs): {', '.join(repeated)}")
    if texts["code"] in refs:
        raise fail("ช่อง 'oit_refs' อ้างถึงข้อของตนเอง (oit_refs names the entry itself)")

    return Guidance(oit_refs=tuple(refs), **texts)


def guidance_path(year: int) -> Path:
    """Where the catalogue for a fiscal year lives (it may not exist)."""
    return DATA_DIR / f"guidance-{year}.yaml"


@cache
def _load(year: int) -> Mapping[str, Guidance]:
    """The catalogue read once per process, behind a read-only view so no caller can change it."""
    path = guidance_path(year)
    if not path.is_file():
        return MappingProxyType({})
    return MappingProxyType(parse_guidance(path.read_text(encoding="utf-8"), path.name, year))


def load_guidance(year: int) -> dict[str, Guidance]:
    """Every entry of a fiscal year's catalogue by code; {} when there is none for that year.

    The file is read once per process; each call returns a fresh dict the caller may change.
    """
    return dict(_load(year))


def guidance_for(year: int, code: str) -> Guidance | None:
    """The entry for one question or OIT item code of a year, or None."""
    return _load(year).get(code)
