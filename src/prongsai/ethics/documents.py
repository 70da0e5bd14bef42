"""The ethics documents, declared for the document registry: the code of ethics announcement,
the yearly report on the ethical standards, and the No Gift Policy announcement, poster and
yearly report.

Every figure is formatted here as text with the request's `Formatter`, in Thai digits when the
organisation prints them. The documents are Thai whatever the reader's language, so their labels
are Thai here, not gettext.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from prongsai import thai
from prongsai.documents.registry import DocumentRequest, Kind, NothingToReport
from prongsai.ethics.code import national_code
from prongsai.ethics.gift_rules import gift_rule
from prongsai.ethics.indicators import IndicatorRow, indicator_rows, standards_of
from prongsai.ethics.models import (
    EthicsAddition,
    GiftEntry,
    Indicator,
    NoGiftActivity,
    NoGiftAnnouncement,
    Standard,
)
from prongsai.ethics.register import register, summary
from prongsai.thai import Formatter

LAYOUTS = Path(__file__).resolve().parent / "layouts"
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


_BE_YEAR = re.compile(r"พ\.ศ\.\s+(?=[0-9๐-๙])")


def held(text: str) -> str:
    """ "พ.ศ. ๒๕๖๓" held on one line wherever a text (the code's data, a rule's name) writes it."""
    return _BE_YEAR.sub("พ.ศ.\u00a0", text)


def _subject(org) -> str:
    """The organisation as the subject of a sentence: a space after a name ending in ")"."""
    return f"{org.name_th} " if org.name_th.endswith(")") else org.name_th


def declaration() -> str:
    """The fixed words of the announcement after the organisation's name (seed 004)."""
    return f"{DECLARATION} {NO_GIFTS} {EVERY_FESTIVAL}"


# --- the code of ethics -------------------------------------------------------------------


def ethics_code_context(request: DocumentRequest) -> dict:
    """The national code with the organisation's additions, announced for the fiscal year."""
    org, f, code = request.org, request.fmt, national_code()
    additions = list(EthicsAddition.objects.filter(org=org).order_by("number"))
    what = code.name_th + (" และข้อกำหนดจริยธรรมเพิ่มเติม" if additions else "")
    return {
        "subject": f"{code.name_th}ของ{org.name_th}",
        # The preamble, one paragraph each: how the code was adopted, then who announces it.
        "preamble": [
            held(
                f.digits(
                    f"{code.adopted_text} ได้กำหนดให้มี{code.name_th} เพื่อใช้เป็นหลักเกณฑ์ในการประพฤติปฏิบัติตน"
                )
            ),
            f"{_subject(org)}จึงประกาศ{what} ให้พนักงานส่วนท้องถิ่น พนักงานจ้าง และลูกจ้างในสังกัด"
            f"ถือปฏิบัติ ประจำ{f.fiscal_year(request.year)} ดังต่อไปนี้",
        ],
        "core": [{"number": f.digits(i.number), "text": i.text} for i in code.core],
        "general": [{"number": f.digits(i.number), "text": i.text} for i in code.general],
        "additions": [
            {"number": f.digits(a.number), "text": held(f.digits(a.text))} for a in additions
        ],
        "legal_bases": [
            {"number": f.digits(n), "text": held(f.digits(str(b)))}
            for n, b in enumerate(code.legal_bases, start=1)
        ],
    }


# --- the ethical standards' yearly report --------------------------------------------------


def _figure(f: Formatter, indicator: Indicator, value: Decimal | None) -> str:
    """ "ร้อยละ ๘๕.๕๐" for a percentage, the bare number for a count, "–" for none."""
    if value is None:
        return NO_VALUE
    if indicator.unit == Indicator.Unit.PERCENT:
        return f"ร้อยละ {f.score(value)}"
    return f.number(value) if value == value.to_integral_value() else f.score(value)


def _target(f: Formatter, indicator: Indicator, target: Decimal | None) -> str:
    """ "ไม่น้อยกว่าร้อยละ ๘๐", "ไม่เกิน ๐": a whole target prints without decimals."""
    if target is None:
        return NO_VALUE
    direction = DIRECTION_TH[indicator.direction]
    whole = target == target.to_integral_value()
    number = f.number(target) if whole else f.score(target)
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


def _previous(f: Formatter, row: IndicatorRow) -> str:
    """ "๒๕๖๗: ๒, ๒๕๖๘: ๐ (ลดลง)": only the earlier years that have a figure."""
    years = [
        f"{f.digits(y)}: {_figure(f, row.indicator, v.value)}"
        for y, v in row.previous
        if v.value is not None
    ]
    trend = _trend(row.value.value, row.previous)
    text = ", ".join(years) or NO_VALUE
    return f"{text} ({trend})" if trend else text


def _report_data(request: DocumentRequest) -> tuple[list[Standard], dict[int, IndicatorRow]]:
    standards = standards_of(request.org)
    return standards, indicator_rows(request.org, request.year, standards)


def _has_figure(row: IndicatorRow) -> bool:
    """A figure the organisation entered or Prongsai computed; a count of no complaints, which
    every year has, does not make a report on its own."""
    value = row.value
    if value.value is None:
        return False
    return value.source != Indicator.Source.COMPLAINTS or value.value > 0


def ethics_report_check(request: DocumentRequest) -> str | None:
    f = request.fmt
    standards, rows = _report_data(request)
    if not rows:
        return "ยังไม่ได้กำหนดมาตรฐานทางจริยธรรมและตัวชี้วัด (หน้ามาตรฐานทางจริยธรรม: สร้างจากแม่แบบ)"
    if not any(_has_figure(row) for row in rows.values()):
        return f"ยังไม่มีผลตัวชี้วัดมาตรฐานทางจริยธรรมของ{f.fiscal_year(request.year)}"
    return None


def ethics_report_context(request: DocumentRequest) -> dict:
    """Each standard's indicators: the year's value, its target and the previous years' values."""
    f, year = request.fmt, request.year
    standards, rows = _report_data(request)
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
                    "previous": _previous(f, row),
                    "source": SOURCE_TH[row.value.source],
                }
            )
        out.append(
            {"number": f.digits(standard.number), "name": standard.name, "indicators": indicators}
        )
    counted = [r for r in rows.values() if r.value.value is not None]
    met = [r for r in counted if r.met]
    overview = (
        f"{_subject(request.org)}กำหนดตัวชี้วัดตามมาตรฐานทางจริยธรรมไว้ {f.number(len(rows))} ตัวชี้วัด "
        f"มีผลการดำเนินงานใน{f.fiscal_year(year)} {f.number(len(counted))} ตัวชี้วัด "
        f"เป็นไปตามค่าเป้าหมาย {f.number(len(met))} ตัวชี้วัด"
    )
    return {
        "fiscal_year": f"ประจำ{f.fiscal_year(year)}",
        "year_heading": f"ผลปี {f.digits(year)}",
        "overview": overview,
        "standards": out,
    }


# --- No Gift Policy ------------------------------------------------------------------------


def _announcement(request: DocumentRequest) -> NoGiftAnnouncement | None:
    return NoGiftAnnouncement.objects.filter(org=request.org, fiscal_year=request.year).first()


def announcement_check(request: DocumentRequest) -> str | None:
    if _announcement(request) is None:
        return (
            "ยังไม่ได้บันทึกประกาศเจตนารมณ์ No Gift Policy ของ"
            f"{request.fmt.fiscal_year(request.year)} (หน้า No Gift Policy)"
        )
    return None


def _saved_announcement(request: DocumentRequest) -> NoGiftAnnouncement:
    found = _announcement(request)
    if found is None:
        raise NothingToReport(announcement_check(request))
    return found


def ngp_announcement_context(request: DocumentRequest) -> dict:
    """The year's announcement, from its record."""
    org, f, year = request.org, request.fmt, request.year
    a, rule = _saved_announcement(request), gift_rule()
    body = [
        held(
            f.digits(
                f"ตาม{rule.legal_basis} และ{rule.name_th} "
                "เจ้าหน้าที่ของรัฐจะรับทรัพย์สินหรือประโยชน์อื่นใดได้เฉพาะตามหลักเกณฑ์ที่กำหนดเท่านั้น"
            )
        ),
        "เพื่อเสริมสร้างวัฒนธรรมองค์กรที่ซื่อสัตย์สุจริตและป้องกันการขัดกันระหว่างประโยชน์ส่วนบุคคล"
        f"กับประโยชน์ส่วนรวม {_subject(org)}จึง{declaration()} ประจำ{f.fiscal_year(year)} "
        "และขอความร่วมมือผู้มาติดต่อและผู้มีส่วนได้ส่วนเสียทุกท่านงดให้ของขวัญหรือของกำนัลแก่ผู้บริหาร"
        "และเจ้าหน้าที่",
        "หากเจ้าหน้าที่ผู้ใดได้รับการเสนอให้ทรัพย์สินหรือประโยชน์อื่นใด ให้ปฏิเสธการรับและรายงาน"
        "ผู้บังคับบัญชา หากไม่อาจปฏิเสธได้ ให้รายงานผู้บังคับบัญชาและส่งคืนผู้ให้หรือส่งมอบให้หน่วยงาน"
        "ตามหลักเกณฑ์ที่กำหนด",
    ]
    return {
        "subject": (
            "เจตนารมณ์การไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy) "
            f"ประจำ{f.fiscal_year(year)}"
        ),
        "body": body,
        "slogan": f.digits(a.slogan),
        "tagline": f.digits(a.tagline),
        "contact": f.digits(a.contact),
        "announced": f.date(a.announced_on),
    }


def ngp_poster_context(request: DocumentRequest) -> dict:
    f, a = request.fmt, _saved_announcement(request)
    return {
        "slogan": f.digits(a.slogan),
        "tagline": f.digits(a.tagline),
        "lines": [DECLARATION, NO_GIFTS, EVERY_FESTIVAL],
        "fiscal_year": f"ประจำ{f.fiscal_year(request.year)}",
        "contact": f.digits(a.contact),
    }


def _reported(f: Formatter, entry: GiftEntry) -> str:
    if not entry.reported_on:
        return NO_VALUE
    return " ".join(p for p in (f.date(entry.reported_on), entry.reported_to) if p)


def ngp_report_check(request: DocumentRequest) -> str | None:
    org, year = request.org, request.year
    if GiftEntry.objects.filter(org=org, date__range=thai.fiscal_year_bounds(year)).exists():
        return None
    if NoGiftActivity.of_year(org, year).exists():
        return None
    return (
        "ยังไม่มีรายการในทะเบียนการรับของขวัญและยังไม่ได้บันทึกกิจกรรม No Gift Policy ของ"
        f"{request.fmt.fiscal_year(year)}"
    )


def ngp_report_context(request: DocumentRequest) -> dict:
    """The year's gift register (counts, values, decisions, every entry) and activities."""
    org, f, year = request.org, request.fmt, request.year
    rows = register(org, year)
    s = summary(rows)
    entries = [
        {
            "number": f.number(n),
            "date": f.date(r.entry.date, style="short"),
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
        "fiscal_year": f"ประจำ{f.fiscal_year(year)}",
        "summary": {
            "count": f.number(s.count),
            "offered": f.number(s.offered),  # every entry was offered; some were received
            "received": f.number(s.received),
            "refused": f.number(s.decisions["refused"]),
            "returned": f.number(s.decisions["returned"]),
            "kept": f.number(s.decisions["kept"]),
            "handed_over": f.number(s.decisions["handed_over"]),
            "total_value": f.baht(s.total_value),
            "total_value_text": thai.bahttext(s.total_value),
        },
        "rows": entries,
        "activities": [
            {"date": f.date(a.held_on), "name": f.digits(a.name), "description": a.description}
            for a in NoGiftActivity.of_year(org, year).order_by("held_on", "id")
        ],
    }


# --- the kinds -----------------------------------------------------------------------------

ETHICS_CODE = Kind(
    key="ethics_code",
    title_th="ประกาศประมวลจริยธรรม",
    title_en="Announcement of the code of ethics",
    layout=LAYOUTS / "ethics_code.docx",
    build=ethics_code_context,
    fields=frozenset({"subject", "preamble", "core", "general", "additions", "legal_bases"}),
)
ETHICS_REPORT = Kind(
    key="ethics_report",
    title_th="รายงานผลการดำเนินงานตามมาตรฐานทางคุณธรรมและจริยธรรม",
    title_en="Report on the ethical standards' indicators",
    layout=LAYOUTS / "ethics_report.docx",
    build=ethics_report_context,
    fields=frozenset({"fiscal_year", "year_heading", "overview", "standards"}),
    check=ethics_report_check,
)
NGP_ANNOUNCEMENT = Kind(
    key="ngp_announcement",
    title_th="ประกาศเจตนารมณ์การไม่รับของขวัญและของกำนัล (No Gift Policy)",
    title_en="No Gift Policy announcement",
    layout=LAYOUTS / "ngp_announcement.docx",
    build=ngp_announcement_context,
    fields=frozenset({"subject", "body", "slogan", "tagline", "contact", "announced"}),
    check=announcement_check,
)
NGP_POSTER = Kind(
    key="ngp_poster",
    title_th="โปสเตอร์ งดให้ งดรับ (No Gift Policy)",
    title_en="No Gift Policy poster",
    layout=LAYOUTS / "ngp_poster.docx",
    build=ngp_poster_context,
    fields=frozenset({"slogan", "tagline", "lines", "fiscal_year", "contact"}),
    check=announcement_check,
    public=True,
    signed=False,
)
NGP_REPORT = Kind(
    key="ngp_report",
    title_th="รายงานผลการดำเนินการตามนโยบายไม่รับของขวัญ (No Gift Policy)",
    title_en="No Gift Policy yearly report",
    layout=LAYOUTS / "ngp_report.docx",
    build=ngp_report_context,
    fields=frozenset({"fiscal_year", "summary", "rows", "activities"}),
    check=ngp_report_check,
)
KINDS = (ETHICS_CODE, ETHICS_REPORT, NGP_ANNOUNCEMENT, NGP_POSTER, NGP_REPORT)
