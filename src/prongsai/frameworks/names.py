"""Whether the criteria know an item's official name.

A criteria file leaves out the name of an item nobody has published (the schema allows an item
without `name`), or marks it `confidence: unknown`; an organisation's own older file may still
carry a note in parentheses ("(ไม่ทราบชื่อข้อ)") where the name should be. None of these is an
official name: documents name the item by its code only, and the screen says which are not known
(`scoring.criteria.OitItem.label` does the same inside the engine).
"""

from __future__ import annotations

UNKNOWN_CONFIDENCE = frozenset({"unknown"})


def official_name(name: str | None, confidence: str | None = None) -> str:
    """The item's official Thai name, or "" when the criteria do not know it."""
    text = (name or "").strip()
    if not text or (text.startswith("(") and text.endswith(")")):
        return ""
    if confidence in UNKNOWN_CONFIDENCE:
        return ""
    return text


def label(code: str, name: str | None, confidence: str | None = None) -> str:
    """ "o4 ข่าวประชาสัมพันธ์"; "o5" alone when its name is not known."""
    known = official_name(name, confidence)
    return f"{code} {known}" if known else code
