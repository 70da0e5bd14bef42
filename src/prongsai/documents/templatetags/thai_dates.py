"""Buddhist-era dates in pages, as Thai readers expect them (ต.ค. 2568, not Oct 2025)."""

from __future__ import annotations

from django import template

from prongsai import thai

register = template.Library()


@register.filter
def be_month(value) -> str:
    """'ต.ค. 2568' for a date; empty for nothing."""
    return thai.thai_month_year(value, short=True, thai_digits=False) if value else ""


@register.filter
def be_date(value) -> str:
    """'1 ตุลาคม 2568' for a date; empty for nothing."""
    return thai.thai_date(value, thai_digits=False) if value else ""
