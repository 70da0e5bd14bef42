"""Contexts of the ethics documents: the code of ethics announcement, the yearly report on the
ethical standards, the No Gift Policy announcement, poster and yearly report.

Every figure is formatted here as text, in Thai digits when the organisation prints them. The
documents are Thai whatever the reader's language, so their labels are Thai here, not gettext.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from prongsai import thai
from prongsai.documents.rendering import formats_for, render_document
from prongsai.ethics.code import national_code
from prongsai.ethics.gift_rules import gift_rule
from prongsai.ethics.indicators import indicator_rows, standards_of
from prongsai.ethics.models import (
    EthicsAddition,
    GiftEntry,
    Indicator,
    NoGiftActivity,
    NoGiftAnnouncement,
)
from prongsai.ethics.register import register, summary

NO_VALUE = "–"
RELATION_TH = {"relative": "ญาติ", "non_relative": "มิใช่ญาติ"}
DECISION_TH = {
    "refused": "ปฏิเสธการรับ",
    "returned": "ส่งคืนผู้ให้",
    "kept": "รับไว้ได้ตามหลักเกณฑ์",
    "handed_over": "ส่งมอบให้หน่วยงาน",
}
SOURCE_TH = {
    "entered": "ข้อมูลที่หน่วยงานบันทึก",
    "training": "ข้อมูลการฝึกอบรมที่หน่วยงานบันทึก",
    "complaints": "คำนวณจากทะเบียนเรื่องร้องเรียน",
    "satisfaction": "คำนวณจากแบบประเมินความพึงพอใจ",
}
DIRECTION_TH = {"at_least": "ไม่น้อยกว่า", "at_most": "ไม่เกิน"}
DECLARATION = "ขอประกาศตนเป็นหน่วยงานที่เจ้าหน้าที่ของรัฐทุกคนในสังกัด"
NO_GIFTS = "«ไม่รับของขวัญหรือของกำนัลทุกชนิด»"
EVERY_FESTIVAL = "จากการปฏิบัติหน้าที่ทุกเทศกาล"


def declaration() -> str:
    """The fixed words of the announcement after the organisation's name (seed 004)."""
    return f"{DECLARATION} {NO_GIFTS} {EVERY_FESTIVAL}"


class Formatter:
    """Numbers, money and dates as the organisation prints them."""

    def __init__(self, org):
        self.thai = org.thai_digits

    def digits(self, value: object) -> str:
        return thai.to_thai_digits(str(value)) if self.thai else str(value)

    def number(self, value: Decimal | None, unit: str = Indicator.Unit.COUNT) -> str:
        """A count without decimals when whole, a percentage with two; "–" for no value."""
        if value is None:
            return NO_VALUE
        if unit == Indicator.Unit.COUNT and value == value.to_integral_value():
            return self.digits(f"{value:,.0f}")
        return thai.format_score(value, thai_digits=self.thai)

    def baht(self, amount: Decimal) -> str:
        return thai.format_baht(amount, thai_digits=self.thai)

    def date(self, value) -> str:
        return thai.thai_date(value, thai_digits=self.thai) if value else ""

    def today(self) -> str:
        return self.date(timezone.localdate())


def _org(org) -> dict:
    return {"name": org.name_th}


def _head(org) -> dict:
    return {"name": org.head_name, "position": org.head_position}


# --- the code of ethics -------------------------------------------------------------------


def ethics_code_context(org) -> dict:
    """The national code with the organisation's additions, announced by its head today."""
    f, code = Formatter(org), national_code()
    additions = list(EthicsAddition.objects.filter(org=org).order_by("number"))
    what = code.name_th + (" และข้อกำหนดจริยธรรมเพิ่มเติม" if additions else "")
    return {
        "org": _org(org),
        "title": f"{code.name_th}ของ{org.name_th}",
        # The preamble, one paragraph per line: how the code was adopted, then who announces it.
        "adopted": "\n".join(
            [
                f.digits(
                    f"{code.adopted_text} ได้กำหนดให้มี{code.name_th} เพื่อใช้เป็นหลักเกณฑ์ในการประพฤติปฏิบัติตน"
                ),
                f"{org.name_th}จึงประกาศ{what} ให้พนักงานส่วนท้องถิ่น พนักงานจ้าง และลูกจ้างในสังกัด"
                "ถือปฏิบัติ ดังต่อไปนี้",
            ]
        ),
        "adopted_on": f.date(code.adopted_on),
        "legal_bases": [f.digits(str(b)) for b in code.legal_bases],
        "core": [{"number": f.digits(i.number), "text": i.text} for i in code.core],
        "general": [{"number": f.digits(i.number), "text": i.text} for i in code.general],
        "additions": [{"number": f.digits(a.number), "text": f.digits(a.text)} for a in additions],
        "signatory": _head(org),
        "date": f.today(),
    }


# --- the ethical standards' yearly report --------------------------------------------------


def _figure(f: Formatter, indicator: Indicator, value: Decimal | None) -> str:
    """ "ร้อยละ ๘๕.๕๐" for a percentage, the bare number for a count, "–" for none."""
    if value is None:
        return NO_VALUE
    number = f.number(value, indicator.unit)
    return f"ร้อยละ {number}" if indicator.unit == Indicator.Unit.PERCENT else number


def _target(f: Formatter, indicator: Indicator, target: Decimal | None) -> str:
    """ "ไม่น้อยกว่าร้อยละ ๘๐", "ไม่เกิน ๐": a whole target prints without decimals."""
    if target is None:
        return NO_VALUE
    direction = DIRECTION_TH[indicator.direction]
    if target == target.to_integral_value():
        number = f.digits(f"{target:,.0f}")
    else:
        number = f.number(target, indicator.unit)
    if indicator.unit == Indicator.Unit.PERCENT:
        return f"{direction}ร้อยละ {number}"
    return f"{direction} {number}"


def _trend(value: Decimal | None, previous: list) -> str:
    """Up, down or level against the latest earlier year that has a figure."""
    earlier = [v.value for _y, v in previous if v.value is not None]
    if value is None or not earlier:
        return ""
    if value == earlier[-1]:
        return "คงที่"
    return "เพิ่มขึ้น" if value > earlier[-1] else "ลดลง"


def ethics_report_context(org, year: int) -> dict:
    """Each standard's indicators: the year's value, its target and the previous years' values."""
    f = Formatter(org)
    standards = standards_of(org)
    rows = indicator_rows(org, year, standards)
    out = []
    for standard in standards:
        indicators = []
        for indicator in standard.indicators.all():
            row = rows[indicator.pk]
            indicators.append(
                {
                    "text": f"{f.digits(indicator.number)}. {indicator.text}",
                    "target": _target(f, indicator, row.target),
                    "value": _figure(f, indicator, row.value.value),
                    # Only the earlier years that have a figure: "๒๕๖๖: –" says nothing.
                    "previous": [
                        {"year": f.digits(y), "value": _figure(f, indicator, v.value)}
                        for y, v in row.previous
                        if v.value is not None
                    ],
                    "trend": _trend(row.value.value, row.previous),
                    "source": SOURCE_TH[row.value.source],
                }
            )
        out.append(
            {"number": f.digits(standard.number), "name": standard.name, "indicators": indicators}
        )
    return {
        "org": _org(org),
        "title": (
            f"รายงานผลการดำเนินงานตามมาตรฐานทางคุณธรรมและจริยธรรม ประจำปีงบประมาณ พ.ศ. {f.digits(year)}"
        ),
        "year": f.digits(year),
        "standards": out,
        "reporter": {"name": "", "position": ""},
        "certifier": _head(org),
        "date": f.today(),
    }


# --- No Gift Policy ------------------------------------------------------------------------


def _slogan(a: NoGiftAnnouncement) -> str:
    """The slogan, and its second line after a line break (the documents print it smaller)."""
    return "\n".join(p for p in (a.slogan, a.tagline) if p)


def ngp_announcement_context(org, year: int) -> dict:
    """The year's announcement, from its record or else from the organisation's data."""
    f, a = Formatter(org), NoGiftAnnouncement.for_year(org, year)
    rule = gift_rule()
    body = [
        f.digits(
            f"ตาม{rule.legal_basis} และ{rule.name_th} เจ้าหน้าที่ของรัฐจะรับทรัพย์สินหรือประโยชน์อื่นใด"
            "ได้เฉพาะตามหลักเกณฑ์ที่กำหนดเท่านั้น"
        ),
        f"เพื่อเสริมสร้างวัฒนธรรมองค์กรที่ซื่อสัตย์สุจริตและป้องกันการขัดกันระหว่างประโยชน์ส่วนบุคคลกับประโยชน์ส่วนรวม "
        f"{org.name_th}จึง{declaration()} ประจำปีงบประมาณ พ.ศ. {f.digits(year)} "
        "และขอความร่วมมือผู้มาติดต่อและผู้มีส่วนได้ส่วนเสียทุกท่านงดให้ของขวัญหรือของกำนัลแก่ผู้บริหารและเจ้าหน้าที่",
        "หากเจ้าหน้าที่ผู้ใดได้รับการเสนอให้ทรัพย์สินหรือประโยชน์อื่นใด ให้ปฏิเสธการรับและรายงานผู้บังคับบัญชา "
        "หากไม่อาจปฏิเสธได้ ให้รายงานผู้บังคับบัญชาและส่งคืนผู้ให้หรือส่งมอบให้หน่วยงานตามหลักเกณฑ์ที่กำหนด",
    ]
    return {
        "org": _org(org),
        "title": (
            "เจตนารมณ์การไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy) "
            f"ประจำปีงบประมาณ พ.ศ. {f.digits(year)}"
        ),
        "year": f.digits(year),
        "slogan": _slogan(a),
        "body": body,
        "contact": f.digits(a.contact),
        "signatory": {"name": a.signatory_name, "position": a.signatory_position},
        "date": f.date(a.announced_on) if a.announced_on else f.today(),
    }


def ngp_poster_context(org, year: int) -> dict:
    f, a = Formatter(org), NoGiftAnnouncement.for_year(org, year)
    return {
        "org": _org(org),
        "slogan": _slogan(a),
        "year": f.digits(year),
        "lines": [DECLARATION, NO_GIFTS, EVERY_FESTIVAL],
        "contact": f.digits(a.contact),
    }


def _reported(f: Formatter, entry: GiftEntry) -> str:
    if not entry.reported_on:
        return NO_VALUE
    return " ".join(p for p in (f.date(entry.reported_on), entry.reported_to) if p)


def ngp_report_context(org, year: int) -> dict:
    """The year's gift register (counts, values, decisions, every entry) and activities."""
    f = Formatter(org)
    rows = register(org, year)
    s = summary(rows)
    entries = [
        {
            "number": f.digits(n),
            "date": f.date(r.entry.date),
            "official": " ".join(
                p for p in (r.entry.official_label, r.entry.official_position) if p
            ),
            "giver": r.entry.giver,
            "relation": RELATION_TH[r.entry.relation],
            "occasion": f.digits(r.entry.occasion),
            "value": f.baht(r.entry.value),
            "decision": DECISION_TH[r.entry.decision],
            "reported": _reported(f, r.entry),
        }
        for n, r in enumerate(rows, start=1)
    ]
    return {
        "org": _org(org),
        "title": (
            "รายงานผลการดำเนินการตามนโยบายไม่รับของขวัญ (No Gift Policy) "
            f"ประจำปีงบประมาณ พ.ศ. {f.digits(year)}"
        ),
        "year": f.digits(year),
        "summary": {
            "count": f.digits(s.count),
            "offered": f.digits(s.offered),  # every entry was offered; some were received
            "received": f.digits(s.received),
            "refused": f.digits(s.decisions["refused"]),
            "returned": f.digits(s.decisions["returned"]),
            "kept": f.digits(s.decisions["kept"]),
            "handed_over": f.digits(s.decisions["handed_over"]),
            "total_value": f.baht(s.total_value),
            "total_value_text": thai.bahttext(s.total_value),
        },
        "rows": entries,
        "activities": [
            {"date": f.date(a.held_on), "name": a.name, "description": a.description}
            for a in NoGiftActivity.of_year(org, year)
        ],
        "reporter": {"name": "", "position": ""},
        "certifier": _head(org),
        "date": f.today(),
    }


# --- rendering -----------------------------------------------------------------------------

CONTEXTS = {
    "ethics_report": ethics_report_context,
    "ngp_announcement": ngp_announcement_context,
    "ngp_poster": ngp_poster_context,
    "ngp_report": ngp_report_context,
}


def document_formats(kind: str) -> tuple[str, ...]:
    """The formats a kind is made in (the poster may be PDF only)."""
    return formats_for(kind)


def render(kind: str, org, fmt: str, year: int | None = None) -> bytes:
    """The document `kind` of the organisation (and year) as DOCX or PDF bytes."""
    context = ethics_code_context(org) if kind == "ethics_code" else CONTEXTS[kind](org, year)
    return render_document(kind, context, fmt, org=org)
