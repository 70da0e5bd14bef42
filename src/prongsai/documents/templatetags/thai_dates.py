"""Buddhist-era dates in pages, as Thai readers expect them (ต.ค. 2568, not Oct 2025).

On English pages the month is named in English and the year stays Buddhist-era ("1 October 2568"),
so the figures match the Thai pages and documents. Documents are always Thai.
"""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from prongsai import thai

register = template.Library()


def english_page() -> bool:
    return (get_language() or "th").startswith("en")


@register.filter
def be_month(value) -> str:
    """'ต.ค. 2568' for a date (English pages: 'Oct 2568'); empty for nothing."""
    if not value:
        return ""
    if english_page():
        return thai.english_be_month(value)
    return thai.thai_month_year(value, short=True, thai_digits=False)


@register.filter
def be_date(value) -> str:
    """'1 ตุลาคม 2568' for a date (English pages: '1 October 2568'); empty for nothing."""
    if not value:
        return ""
    if english_page():
        return thai.english_be_date(value)
    return thai.thai_date(value, thai_digits=False)
