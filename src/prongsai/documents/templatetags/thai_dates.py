"""Buddhist-era dates in pages, as Thai readers expect them (ต.ค. 2568, not Oct 2025).

On English pages the month is named in English and the year stays Buddhist-era ("1 October 2568"),
so the figures match the Thai pages and documents. Documents are always Thai.
"""

from __future__ import annotations

from django import template

from prongsai import thai
from prongsai.language import english_page, local_day, page_date

register = template.Library()


@register.filter
def be_month(value) -> str:
    """'ต.ค. 2568' for a date (English pages: 'Oct 2568'); empty for nothing."""
    if not value:
        return ""
    value = local_day(value)
    if english_page():
        return thai.english_be_month(value)
    return thai.thai_month_year(value, short=True, thai_digits=False)


@register.filter
def be_date(value) -> str:
    """'1 ตุลาคม 2568' for a date (English pages: '1 October 2568'); empty for nothing."""
    return page_date(value) if value else ""
