"""Statistics of complaints (an OIT item): counts and times only, never a case's detail."""

from __future__ import annotations

from collections import Counter
from datetime import date
from statistics import median

from prongsai.complaints.models import Complaint
from prongsai.complaints.workflow import due
from prongsai.thai import fiscal_year_bounds

QUARTERS = (
    ("ไตรมาส ๑ (ต.ค.–ธ.ค.)", 10),
    ("ไตรมาส ๒ (ม.ค.–มี.ค.)", 1),
    ("ไตรมาส ๓ (เม.ย.–มิ.ย.)", 4),
    ("ไตรมาส ๔ (ก.ค.–ก.ย.)", 7),
)


def _year(org, fiscal_year: int):
    start, end = fiscal_year_bounds(fiscal_year)
    return Complaint.objects.filter(org=org, received_on__range=(start, end))


def count_for(
    org, fiscal_year: int, category: str | None = None, outcome: str | None = None
) -> int:
    """Complaints received in a fiscal year, optionally of one category and outcome."""
    rows = _year(org, fiscal_year)
    if category:
        rows = rows.filter(category=category)
    if outcome:
        rows = rows.filter(outcome=outcome)
    return rows.count()


def _quarter_of(day: date) -> int:
    return {10: 0, 11: 0, 12: 0, 1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 6: 2}.get(day.month, 3)


def statistics(org, fiscal_year: int, today: date | None = None) -> dict:
    rows = list(
        _year(org, fiscal_year).only(
            "category", "status", "outcome", "received_on", "concluded_on", "delay_reason"
        )
    )
    days = [(c.concluded_on - c.received_on).days for c in rows if c.concluded_on]
    quarters = []
    for index, (name, _month) in enumerate(QUARTERS):
        here = [c for c in rows if _quarter_of(c.received_on) == index]
        concluded = [(c.concluded_on - c.received_on).days for c in here if c.concluded_on]
        quarters.append(
            {
                "name": name,
                "received": len(here),
                "concluded": len(concluded),
                "median_days": median(concluded) if concluded else None,
            }
        )
    return {
        "year": fiscal_year,
        "by_category": Counter(c.category for c in rows),
        "by_status": Counter(c.status for c in rows),
        "by_outcome": Counter(c.outcome for c in rows if c.outcome),
        "quarters": quarters,
        "total": {
            "received": len(rows),
            "concluded": len(days),
            "median_days": median(days) if days else None,
            "overdue": sum(1 for c in rows if due(c, today).overdue),
        },
    }
