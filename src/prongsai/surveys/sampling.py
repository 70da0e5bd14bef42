"""Minimum samples from the year's criteria (`sample_sizes`), matched on type and size."""

from __future__ import annotations

from prongsai.frameworks.library import FrameworkError
from prongsai.frameworks.store import find_document

# The criteria name organisation types as ITAS groups do.
TYPE_NAMES = {
    "sao": "อบต.",
    "subdistrict_municipality": "เทศบาลตำบล",
    "town": "เทศบาลเมือง",
    "city": "เทศบาลนคร",
    "pao": "อบจ.",
}


def default_minimum(org, year: int, tool: str) -> int:
    """The year's minimum for this organisation's group, or 0 when the data does not say."""
    try:
        doc = find_document(year=year, org=org)  # the organisation's own for an unpublished year
    except FrameworkError:
        return 0
    for rule in doc.get("sample_sizes", []):
        if (
            rule["tool"] == tool
            and rule.get("org_type") == TYPE_NAMES.get(org.kind)
            and rule.get("size") == org.size
        ):
            return rule["minimum"]
    return 0
