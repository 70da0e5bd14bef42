"""The gift register of a fiscal year: its rows with their group totals, and the year's summary.

A refused offer was never received; every other decision (returned, kept, handed over) means the
gift was received first. The summary counts both, and each decision.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from prongsai.ethics.gift_rules import GiftRule, gift_rule
from prongsai.ethics.models import GiftEntry
from prongsai.thai import fiscal_year_bounds


@dataclass
class RegisterRow:
    entry: GiftEntry
    total: Decimal | None  # the group's total by the rule; None for exempt (relatives')
    over_limit: bool

    @property
    def unresolved(self) -> bool:
        """Above the limit but still kept or not reported (an entry saved before the rule)."""
        entry = self.entry
        return self.over_limit and (
            entry.decision == GiftEntry.Decision.KEPT or not entry.reported_on
        )


@dataclass
class Summary:
    count: int
    offered: int  # every entry is a gift offered to an official
    received: int  # not refused

    @property
    def refused(self) -> int:
        return self.decisions[GiftEntry.Decision.REFUSED]

    decisions: Counter
    total_value: Decimal
    received_value: Decimal
    over_limit: int


def entries_of(org, year: int):
    return (
        GiftEntry.objects.filter(org=org, date__range=fiscal_year_bounds(year))
        .select_related("official")
        .order_by("date", "id")
    )


def register(org, year: int, rule: GiftRule | None = None) -> list[RegisterRow]:
    """Every entry of the year with its group's total, as `GiftEntry.group_total` counts it (one
    query for the whole year instead of one per entry)."""
    rule = rule or gift_rule()
    entries = list(entries_of(org, year))
    received: dict[tuple, Decimal] = defaultdict(Decimal)
    for e in entries:
        if e.relation not in rule.exempt_relations and e.received:
            received[e.group_key()] += e.value
    rows = []
    for e in entries:
        if e.relation in rule.exempt_relations:
            rows.append(RegisterRow(e, None, False))
            continue
        total = received[e.group_key()] + (Decimal(0) if e.received else e.value)
        rows.append(RegisterRow(e, total, total > rule.limit))
    return rows


def summary(rows: list[RegisterRow]) -> Summary:
    entries = [r.entry for r in rows]
    return Summary(
        count=len(entries),
        offered=len(entries),
        received=sum(1 for e in entries if e.received),
        decisions=Counter(e.decision for e in entries),
        total_value=sum((e.value for e in entries), Decimal(0)),
        received_value=sum((e.value for e in entries if e.received), Decimal(0)),
        over_limit=sum(1 for r in rows if r.over_limit),
    )
