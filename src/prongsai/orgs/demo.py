"""A fictional but realistic demo dataset, built through the same functions users trigger.

Two organisations in two provinces, people in every role, units with positions, ITA 2566
results from seed 004's indicators, ITA 2568 question scores from seed 002, and measures.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from prongsai.frameworks.seed_figures import SEED_002_QUESTIONS_2568, SEED_004_INDICATORS_2566
from prongsai.ita.models import ItaResult
from prongsai.ita.results import ParsedResults, save_results
from prongsai.orgs.models import Membership, Organisation, Position, ProvincialReader, Unit
from prongsai.plans.models import IntegrityMeasure

D = Decimal
SEED_004_2566 = SEED_004_INDICATORS_2566
SEED_002_2568 = SEED_002_QUESTIONS_2568

ORGS = [
    {
        "slug": "ban-suan",
        "name_th": "องค์การบริหารส่วนตำบลบ้านสวน (สาธิต)",
        "kind": Organisation.Kind.SAO,
        "size": Organisation.Size.L,
        "region": "ภาคตะวันออก",
        "province": "ชลบุรี",
        "district": "เมืองชลบุรี",
        "website": "https://www.bansuan-demo.example",
        "address": "๙๙ หมู่ ๓ ตำบลบ้านสวน อำเภอเมืองชลบุรี จังหวัดชลบุรี ๒๐๐๐๐",
        "phone": "038-000-000",
        "head_name": "นายสมชาย ใจดี",
        "head_position": "นายกองค์การบริหารส่วนตำบลบ้านสวน",
    },
    {
        "slug": "mueang-khok",
        "name_th": "เทศบาลตำบลเมืองโคก (สาธิต)",
        "kind": Organisation.Kind.SUBDISTRICT_MUNICIPALITY,
        "size": Organisation.Size.M,
        "region": "ภาคตะวันออกเฉียงเหนือ",
        "province": "ขอนแก่น",
        "district": "บ้านไผ่",
        "website": "https://www.mueangkhok-demo.example",
        "address": "๑ ถนนเทศบาล ตำบลเมืองโคก อำเภอบ้านไผ่ จังหวัดขอนแก่น ๔๐๑๑๐",
        "phone": "043-000-000",
        "head_name": "นางสาวมาลี ศรีสุข",
        "head_position": "นายกเทศมนตรีตำบลเมืองโคก",
    },
]
UNITS = {
    "สำนักปลัด": [("ปลัด", 1, 0), ("นักวิเคราะห์นโยบายและแผน", 1, 0), ("นิติกร", 1, 0), ("นักจัดการงานทั่วไป", 1, 1)],
    "กองคลัง": [("ผู้อำนวยการกองคลัง", 1, 0), ("นักวิชาการเงินและบัญชี", 1, 0), ("เจ้าพนักงานพัสดุ", 1, 1)],
    "กองช่าง": [("ผู้อำนวยการกองช่าง", 0, 1), ("นายช่างโยธา", 2, 0)],
    "กองการศึกษา ศาสนาและวัฒนธรรม": [("ผู้อำนวยการกองการศึกษา", 1, 0), ("ครูผู้ดูแลเด็ก", 4, 1)],
    "หน่วยตรวจสอบภายใน": [("นักวิชาการตรวจสอบภายใน", 1, 0)],
}  # fmt: skip
# (username, org slug or None, role); the province reader reads all of Chon Buri
PEOPLE = [
    ("admin-bansuan", "ban-suan", Membership.Role.ADMIN),
    ("officer-bansuan", "ban-suan", Membership.Role.OFFICER),
    ("executive-bansuan", "ban-suan", Membership.Role.EXECUTIVE),
    ("auditor-bansuan", "ban-suan", Membership.Role.AUDITOR),
    ("officer-mueangkhok", "mueang-khok", Membership.Role.OFFICER),
    ("executive-mueangkhok", "mueang-khok", Membership.Role.EXECUTIVE),
]
PROVINCE_READER = ("province-chonburi", "ชลบุรี")


def _results_2566() -> ParsedResults:
    return ParsedResults(indicators={n: D(v) for n, v in enumerate(SEED_004_2566, start=1)})


def _results_2568(shift: str = "0", failed: tuple[str, ...] = ("o12",)) -> ParsedResults:
    parsed = ParsedResults()
    for code, value in SEED_002_2568.items():
        parsed.questions[(code, 0)] = max(D(0), min(D(100), D(value) - D(shift)))
    for n in range(1, 27):
        code = f"o{n}"
        parsed.items[code] = D(0) if code in failed else D(100)
    return parsed


@transaction.atomic
def load_demo(password: str | None = None) -> tuple[str | None, list[str]]:
    """Create or refresh the demo; returns the password set (None if accounts existed) and users."""
    orgs = {}
    for data in ORGS:
        org, _ = Organisation.objects.update_or_create(slug=data["slug"], defaults=data)
        orgs[org.slug] = org
        for order, (unit_name, positions) in enumerate(UNITS.items()):
            unit, _ = Unit.objects.update_or_create(
                org=org, name=unit_name, defaults={"order": order}
            )
            for title, occupied, vacant in positions:
                Position.objects.update_or_create(
                    unit=unit, title=title, defaults={"occupied": occupied, "vacant": vacant}
                )
    users = get_user_model().objects
    chosen = password
    usernames = [p[0] for p in PEOPLE] + [PROVINCE_READER[0], "admin"]
    fresh = not users.filter(username__in=usernames).exists()
    if chosen is None and fresh:
        chosen = secrets.token_urlsafe(9)
    for username in usernames:
        user, created = users.get_or_create(username=username)
        if username == "admin":
            user.is_staff = user.is_superuser = True
        if chosen and (created or password):
            user.set_password(chosen)
        user.save()
    for username, slug, role in PEOPLE:
        Membership.objects.update_or_create(
            user=users.get(username=username), org=orgs[slug], defaults={"role": role}
        )
    ProvincialReader.objects.get_or_create(
        user=users.get(username=PROVINCE_READER[0]), province=PROVINCE_READER[1]
    )
    save_results(orgs["ban-suan"], 2566, _results_2566(), ItaResult.Source.DEMO)
    save_results(orgs["ban-suan"], 2568, _results_2568(), ItaResult.Source.DEMO)
    save_results(
        orgs["mueang-khok"],
        2568,
        _results_2568("6.5", ("o12", "o13", "o23")),
        ItaResult.Source.DEMO,
    )
    _measures(orgs["ban-suan"])
    _surveys(orgs["ban-suan"])
    return (chosen if (fresh or password) else None), usernames


def _measures(org: Organisation) -> None:
    start, end = IntegrityMeasure.default_period(2569)
    units = {u.name: u for u in org.units.all()}
    rows = [
        (1, "มาตรการให้บริการอย่างเท่าเทียม ไม่เลือกปฏิบัติ", "ข้อ i2 ได้คะแนนต่ำสุดในตัวชี้วัดที่ ๑",
         "๑. ประกาศมาตรฐานการให้บริการ\n๒. ชี้แจงบุคลากรทุกกอง\n๓. รับฟังความเห็นผู้รับบริการทุกไตรมาส", "สำนักปลัด"),
        (2, "โครงการเผยแพร่แผนและผลการใช้จ่ายงบประมาณ", "ข้อ i6 ได้คะแนนต่ำสุดในตัวชี้วัดที่ ๒",
         "๑. เผยแพร่แผนจัดซื้อจัดจ้างบนเว็บไซต์หลัก\n๒. รายงานผลทุกเดือน", "กองคลัง"),
        (9, "มาตรการตรวจสอบความครบถ้วนของข้อมูล OIT ก่อนเผยแพร่", "ข้อ o12 ไม่ผ่าน",
         "๑. ตรวจองค์ประกอบตามเกณฑ์\n๒. ตรวจลิงก์บนเว็บไซต์หลัก\n๓. รายงานผู้บริหาร", "กองคลัง"),
    ]  # fmt: skip
    for indicator, name, analysis, steps, unit in rows:
        IntegrityMeasure.objects.update_or_create(
            org=org,
            ita_year=2568,
            indicator=indicator,
            name=name,
            defaults={
                "fiscal_year": 2569,
                "analysis": analysis,
                "steps": steps,
                "period_start": start,
                "period_end": end,
                "responsible": units[unit],
            },
        )


def _surveys(org: Organisation) -> None:
    """An EIT survey and a satisfaction survey with a few responses; an IIT survey with no codes."""
    from datetime import timedelta

    from django.utils import timezone

    from prongsai.surveys.intake import new_nonce, submit
    from prongsai.surveys.models import Campaign, ServicePoint
    from prongsai.surveys.questionnaire import for_campaign

    today = timezone.localdate()
    counters = [
        ServicePoint.objects.get_or_create(org=org, name=name)[0]
        for name in ("งานทะเบียนราษฎร", "กองคลัง (ชำระภาษี)")
    ]
    for tool, year, answered in (("iit", 2568, 0), ("eit", 2568, 8), ("satisfaction", 2569, 12)):
        campaign, created = Campaign.objects.get_or_create(
            org=org, year=year, tool=tool,
            defaults={"opens": today - timedelta(days=7), "closes": today + timedelta(days=60), "minimum_sample": 50},
        )  # fmt: skip
        if not created:
            continue
        items = for_campaign(campaign).items
        for n in range(answered):
            # Mostly favourable answers, as real surveys are; the n-th respondent varies a little.
            answers = {
                item.code: item.choices[(n + i) % 5 == 0 and len(item.choices) - 1].key
                for i, item in enumerate(items)
            }
            point = counters[n % 2] if tool == "satisfaction" else None
            submit(
                campaign,
                answers,
                nonce=new_nonce(),
                part=1 if tool == "eit" else 0,
                service_point=point,
            )
