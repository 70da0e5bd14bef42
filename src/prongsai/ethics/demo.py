"""The demo ethics data of one organisation: fictional, realistic, safe to load again.

- the national code of ethics is shipped data (nothing to create; checked that it reads);
- two additions of the organisation's own;
- seed 000's five standards with their indicators, and values and targets for 2567 and 2568;
- the 2568 No Gift Policy announcement and three activities;
- six gift register entries of 2568, one above the permitted value (reported, returned).

Rows are found again by natural keys and saved through full_clean, so the model rules hold.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import models, transaction

from prongsai.ethics.code import national_code
from prongsai.ethics.models import (
    EthicsAddition,
    GiftEntry,
    Indicator,
    IndicatorYear,
    NoGiftActivity,
    NoGiftAnnouncement,
)
from prongsai.ethics.standards import load_standards
from prongsai.thai import to_thai_digits

YEAR = 2568
VALUE_YEARS = (2567, 2568)

ADDITIONS = [
    (
        date(2024, 10, 1),
        "ไม่เรียก รับ หรือยอมจะรับของขวัญ ของกำนัล หรือประโยชน์อื่นใดจากผู้มาติดต่อราชการ "
        "เพื่อกระทำหรือไม่กระทำการใดในหน้าที่",
    ),
    (
        date(2024, 10, 1),
        "รายงานผู้บังคับบัญชาทันทีเมื่อมีกรณีที่อาจเกิดการขัดกันระหว่างประโยชน์ส่วนบุคคลกับประโยชน์ส่วนรวม "
        "และไม่เข้าร่วมพิจารณาเรื่องนั้น",
    ),
]

ACTIVITIES = [
    (
        date(2024, 12, 20),
        "ประกาศเจตนารมณ์ No Gift Policy และประชาสัมพันธ์ทางเว็บไซต์ของหน่วยงาน",
        "ผู้บริหารลงนามประกาศ เผยแพร่ทางเว็บไซต์และสื่อสังคมออนไลน์ของหน่วยงาน",
        "no-gift-policy",
    ),
    (
        date(2025, 1, 15),
        "ประชุมชี้แจงแนวทางการไม่รับของขวัญและของกำนัลแก่บุคลากรทุกกอง",
        "ชี้แจงหลักเกณฑ์การรับทรัพย์สินโดยธรรมจรรยาและการรายงานผู้บังคับบัญชา ผู้เข้าร่วม 42 คน",
        "no-gift-meeting",
    ),
    (
        date(2025, 3, 20),
        'ติดป้าย "งดให้ งดรับ" ณ จุดบริการประชาชน',
        "ป้ายประชาสัมพันธ์ ๕ จุด: งานทะเบียน งานการเงิน งานจัดเก็บรายได้ งานช่าง และจุดบริการเบ็ดเสร็จ",
        "no-gift-signs",
    ),
]

# (date, official name, position, giver, relation, occasion, gift, value, decision, reported?)
GIFTS = [
    (date(2025, 1, 2), "นางสาวพิมพ์ใจ ดีงาม", "นักวิชาการพัสดุ", "ห้างหุ้นส่วนจำกัด ก่อสร้างรุ่งเรือง",
     "non_relative", "ปีใหม่ 2568", "กระเช้าของขวัญ", "1500", "refused", False),
    (date(2025, 1, 3), "นายวิชัย ใจซื่อ", "ผู้อำนวยการกองคลัง", "บริษัท วัสดุภัณฑ์ จำกัด",
     "non_relative", "ปีใหม่ 2568", "ปฏิทินและสมุดบันทึก", "300", "kept", False),
    (date(2025, 1, 29), "นายวิชัย ใจซื่อ", "ผู้อำนวยการกองคลัง", "นายสมชาย มั่งมี (ผู้รับจ้าง)",
     "non_relative", "ตรุษจีน 2568", "ซองอั่งเปา", "5000", "returned", True),
    (date(2025, 2, 14), "นางสาวพิมพ์ใจ ดีงาม", "นักวิชาการพัสดุ", "ร้านดอกไม้สวนสวย",
     "non_relative", "วันวาเลนไทน์ 2568", "ช่อดอกไม้", "800", "refused", False),
    (date(2025, 4, 13), "นายวิชัย ใจซื่อ", "ผู้อำนวยการกองคลัง", "นางบุญมา ใจซื่อ (มารดา)",
     "relative", "สงกรานต์ 2568", "สร้อยคอทองคำ", "4500", "kept", False),
    (date(2025, 6, 10), "นางสาวพิมพ์ใจ ดีงาม", "นักวิชาการพัสดุ", "เทศบาลตำบลที่ไปศึกษาดูงาน",
     "non_relative", "ศึกษาดูงาน มิถุนายน 2568", "ของที่ระลึก (ผ้าทอพื้นเมือง)", "1200",
     "handed_over", False),
]  # fmt: skip


def _upsert(model: type[models.Model], lookup: dict, values: dict) -> models.Model:
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    for field, value in values.items():
        setattr(obj, field, value)
    obj.full_clean()
    obj.save()
    return obj


def _demo_value(indicator: Indicator, year: int) -> tuple[Decimal, Decimal]:
    """A plausible (value, target) pair, the same every time for the same indicator and year."""
    seed = indicator.standard.number * 7 + indicator.number * 3 + (year - 2566)
    if indicator.unit == Indicator.Unit.PERCENT:
        return Decimal(78 + seed % 17) + Decimal("0.50"), Decimal(80)
    if indicator.direction == Indicator.Direction.AT_MOST:
        return Decimal(seed % 3 if year == 2567 else seed % 2), Decimal(0)
    return Decimal(3 + seed % 12), Decimal(5)


@transaction.atomic
def load_ethics_demo(org) -> None:
    """Create or refresh the ethics demo rows of one organisation."""
    text = to_thai_digits if org.thai_digits else str
    national_code()  # shipped data: reading it checks the file, nothing to write
    for number, (adopted, requirement) in enumerate(ADDITIONS, start=1):
        _upsert(
            EthicsAddition,
            {"org": org, "number": number},
            {"text": requirement, "adopted_on": adopted},
        )
    for standard in load_standards(org):
        for indicator in standard.indicators.all():
            if indicator.source == Indicator.Source.COMPLAINTS:
                continue  # computed from the complaints register
            for year in VALUE_YEARS:
                value, target = _demo_value(indicator, year)
                _upsert(
                    IndicatorYear,
                    {"indicator": indicator, "fiscal_year": year},
                    {"value": value, "target": target},
                )
    contact = " ".join(
        p for p in ("สำนักงานปลัด", org.name_th, f"โทร {org.phone}" if org.phone else "") if p
    )
    _upsert(
        NoGiftAnnouncement,
        {"org": org, "fiscal_year": YEAR},
        {
            "signatory_name": org.head_name,
            "signatory_position": org.head_position,
            "contact": text(contact),
            "announced_on": date(2024, 10, 1),
        },
    )
    superior = org.head_position or "ผู้บริหารท้องถิ่น"
    site = org.website.rstrip("/") if org.website else ""
    for held_on, name, description, slug in ACTIVITIES:
        _upsert(
            NoGiftActivity,
            {"org": org, "held_on": held_on, "name": name},
            {"description": text(description), "evidence_url": f"{site}/{slug}" if site else ""},
        )
    for (
        held_on,
        official,
        position,
        giver,
        relation,
        occasion,
        gift,
        value,
        decision,
        reported,
    ) in GIFTS:
        _upsert(
            GiftEntry,
            {"org": org, "date": held_on, "official_name": official, "giver": giver},
            {
                "official_position": position,
                "relation": relation,
                "occasion": text(occasion),
                "description": gift,
                "value": Decimal(value),
                "decision": decision,
                "decided_by": (org.head_name or superior) if reported else official,
                "reported_on": held_on + timedelta(days=1) if reported else None,
                "reported_to": superior if reported else "",
            },
        )


def load_demo(demo) -> None:
    load_ethics_demo(demo.main)
