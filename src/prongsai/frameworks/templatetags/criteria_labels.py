"""`{{ node.confidence|confidence_th }}`: how sure Prongsai is of a fact, in words an officer reads."""

from __future__ import annotations

from django import template

register = template.Library()

CONFIDENCE_TH = {
    "confirmed": "ยืนยันจากเอกสารทางการ",
    "secondary": "จากแหล่งรอง ยังไม่ยืนยัน",
    "inferred": "อนุมานจากปีก่อน ยังไม่ยืนยัน",
    "unknown": "ยังไม่ทราบ",
    "provisional": "ฉบับร่าง ยังไม่ประกาศ",
}


@register.filter
def confidence_th(value: str) -> str:
    return CONFIDENCE_TH.get(value, value or "")
