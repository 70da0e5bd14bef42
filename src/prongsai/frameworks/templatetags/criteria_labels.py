"""`{{ node.confidence|confidence_th }}`: how sure Prongsai is of a fact, in words an officer reads."""

from __future__ import annotations

from django import template

from prongsai.language import english_page

register = template.Library()

CONFIDENCE_TH = {
    "confirmed": "ยืนยันจากเอกสารทางการ",
    "secondary": "จากแหล่งรอง ยังไม่ยืนยัน",
    "inferred": "อนุมานจากปีก่อน ยังไม่ยืนยัน",
    "unknown": "ยังไม่ทราบ",
    "provisional": "ฉบับร่าง ยังไม่ประกาศ",
}
CONFIDENCE_EN = {
    "confirmed": "confirmed by official documents",
    "secondary": "from secondary sources, not confirmed",
    "inferred": "inferred from earlier years, not confirmed",
    "unknown": "not known yet",
    "provisional": "draft, not published",
}


@register.filter
def confidence_th(value: str) -> str:
    """In the page's language: Thai, or English on English pages."""
    words = CONFIDENCE_EN if english_page() else CONFIDENCE_TH
    return words.get(value, value or "")
