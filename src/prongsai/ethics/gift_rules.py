"""The permitted-value rule of gifts received by custom, read from `data/gift-rules.yaml`.

The amounts are data, never code: a new NACC rule is a new entry in the file. This module imports
nothing from the models so the models can use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "gift-rules.yaml"
# The code of the validation errors the rule raises, so forms can tell them apart.
LIMIT_CODE = "gift_limit"
_RELATIONS = {"relative", "non_relative"}


class GiftRuleError(ValueError):
    """The rule file is malformed; the message names the file, the rule and the field."""


@dataclass(frozen=True)
class GiftRule:
    code: str
    name_th: str
    name_en: str
    legal_basis: str
    limit: Decimal
    exempt_relations: frozenset[str]
    report_within_days: int
    source: str
    confidence: str


def normalise(text: str) -> str:
    """Text compared for "the same giver" or "the same occasion": case and spacing ignored."""
    return re.sub(r"\s+", " ", (text or "").strip()).casefold()


def _rule(row: dict, where: str) -> GiftRule:
    for key in ("code", "name", "limit", "exempt_relations", "source", "confidence"):
        if key not in row:
            raise GiftRuleError(f"{where}: '{key}' is missing")
    try:
        limit = Decimal(str(row["limit"]))
    except InvalidOperation:
        raise GiftRuleError(f"{where}.limit: not an amount: {row['limit']!r}") from None
    if not limit.is_finite() or limit < 0:
        raise GiftRuleError(f"{where}.limit: must be an amount of baht, not {row['limit']!r}")
    unknown = set(row["exempt_relations"]) - _RELATIONS
    if unknown:
        raise GiftRuleError(f"{where}.exempt_relations: unknown {sorted(unknown)}")
    return GiftRule(
        code=row["code"],
        name_th=" ".join(row["name"]["th"].split()),
        name_en=row["name"].get("en", ""),
        legal_basis=" ".join(row.get("legal_basis", "").split()),
        limit=limit,
        exempt_relations=frozenset(row["exempt_relations"]),
        report_within_days=int(row.get("report_within_days", 0)),
        source=" ".join(row["source"].split()),
        confidence=row["confidence"],
    )


@cache
def gift_rules(path: Path = DATA) -> tuple[str, dict[str, GiftRule]]:
    """(default rule code, {code: rule}) from the rule file, checked as a whole first."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = {}
    for n, row in enumerate(doc.get("rules") or []):
        rule = _rule(row, f"{path.name}: rules[{n}]")
        rules[rule.code] = rule
    default = doc.get("default")
    if default not in rules:
        raise GiftRuleError(f"{path.name}: default: no rule '{default}'")
    return default, rules


def gift_rule(code: str | None = None) -> GiftRule:
    """The rule of that code, or the default one."""
    default, rules = gift_rules()
    try:
        return rules[code or default]
    except KeyError:
        raise GiftRuleError(f"no gift rule '{code}'") from None
