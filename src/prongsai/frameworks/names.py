"""Whether the criteria know an item's official name.

The criteria files mark a name they do not know in one of two ways: the node has no Thai name,
or its Thai name is a note in parentheses ("(ไม่ทราบชื่อข้อ)", "(ไม่ทราบชื่อข้อ — น่าจะเป็น…)")
with `confidence: unknown` or `inferred`. Such a note is for the officer, never an official name:
documents name the item by its code only, and the screen says which names are not known.
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
