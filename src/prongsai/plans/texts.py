"""The plan's own texts (preface, Part 1, the announcement's signatory): what the officers wrote,
or, where a field is blank, a sensible Thai text made from the plan's own data. The texts page
shows these defaults as the initial text, and the plan book prints them when a field is blank."""

from __future__ import annotations

import re
from datetime import date

from prongsai.plans.models import ActionPlan
from prongsai.thai import NBSP, Formatter

TEXT_FIELDS = ("preface", "rationale", "objectives", "goals", "benefits")
FIELDS = (*TEXT_FIELDS, "signatory_name", "signatory_position", "announced_on")
_THAI = re.compile(r"[\u0E00-\u0E7F]")


def plan_title(plan: ActionPlan, fmt: Formatter | None = None) -> str:
    """The plan's Thai title; a title without Thai (a file name an import left) is replaced by
    the standard one, so a heading never prints "ตาม003_8b1ec…"."""
    fmt = fmt or Formatter(plan.org.thai_digits)
    if _THAI.search(plan.title or ""):
        return hold_years(fmt.digits(plan.title))
    return (
        f"แผนปฏิบัติการป้องกันการทุจริตของ{plan.org.name_th} {fmt.years(plan.first_year, plan.last_year)}"
    )


def hold_years(text: str) -> str:
    """ "พ.ศ. ๒๕๖๘" on one line: the space after พ.ศ. becomes a no-break space."""
    return re.sub(r"พ\.ศ\.\s+", f"พ.ศ.{NBSP}", text)


def _numbered(fmt: Formatter, lines: list[str]) -> str:
    return "\n".join(f"{fmt.digits(n)}. {line}" for n, line in enumerate(lines, start=1))


def defaults(plan: ActionPlan) -> dict:
    """The text of each field when the officers have written none."""
    org = plan.org
    fmt = Formatter(org.thai_digits)
    span = fmt.years(plan.first_year, plan.last_year)
    title = plan_title(plan, fmt)
    projects = plan.projects.count()
    dimensions = plan.dimensions.count()
    targets = list(plan.targets.order_by("indicator", "fiscal_year"))
    if targets:
        by_indicator: dict[str, list[str]] = {}
        for t in targets:
            by_indicator.setdefault(t.indicator, []).append(
                f"ปี {fmt.digits(t.fiscal_year)} {fmt.digits(t.target)}"
            )
        goals = _numbered(
            fmt, [f"{name} ({', '.join(values)})" for name, values in by_indicator.items()]
        )
    else:
        goals = _numbered(
            fmt,
            [
                "ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
                "ผ่านเกณฑ์ตั้งแต่ ๘๕ คะแนนขึ้นไป",
                "บุคลากรของหน่วยงานมีจิตสำนึกในการต่อต้านการทุจริตและประพฤติมิชอบ",
                "ประชาชนมีส่วนร่วมในการตรวจสอบการดำเนินงานของหน่วยงาน",
            ],
        )
    return {
        "preface": (
            f"{org.name_th} ได้จัดทำ{title} เพื่อเป็นกรอบแนวทางในการป้องกันการทุจริตของหน่วยงาน "
            f"ตลอดปีงบประมาณ {span} ตามแนวทางของสำนักงาน ป.ป.ช. "
            f"ประกอบด้วยโครงการ/กิจกรรม/มาตรการ {fmt.digits(projects)} รายการ "
            f"ใน {fmt.digits(dimensions)} มิติ\n"
            "หวังเป็นอย่างยิ่งว่าแผนฉบับนี้จะช่วยยกระดับคุณธรรมและความโปร่งใสในการดำเนินงาน "
            "และสร้างความเชื่อมั่นให้แก่ประชาชน"
        ),
        "rationale": (
            "ยุทธศาสตร์ชาติว่าด้วยการป้องกันและปราบปรามการทุจริต และแผนแม่บทภายใต้ยุทธศาสตร์ชาติ "
            "ประเด็นการต่อต้านการทุจริตและประพฤติมิชอบ กำหนดให้หน่วยงานภาครัฐมีแผนป้องกันการทุจริต "
            "ที่ชัดเจนและวัดผลได้\n"
            f"{org.name_th} ใกล้ชิดประชาชนและใช้จ่ายงบประมาณสาธารณะโดยตรง "
            f"จึงจัดทำ{title} เพื่อป้องกันการทุจริต และเปิดให้ประชาชนมีส่วนร่วมตรวจสอบ"
        ),
        "objectives": _numbered(
            fmt,
            [
                "เพื่อยกระดับเจตจำนงทางการเมืองในการต่อต้านการทุจริตของผู้บริหาร",
                "เพื่อสร้างจิตสำนึกและความตระหนักในการปฏิบัติหน้าที่ด้วยความซื่อสัตย์สุจริต",
                "เพื่อให้การบริหารราชการเป็นไปตามหลักการบริหารกิจการบ้านเมืองที่ดี",
                "เพื่อส่งเสริมบทบาทและการมีส่วนร่วมของภาคประชาชนในการตรวจสอบ",
            ],
        ),
        "goals": goals,
        "benefits": _numbered(
            fmt,
            [
                "บุคลากรปฏิบัติหน้าที่ด้วยความซื่อสัตย์ สุจริต โปร่งใส และตรวจสอบได้",
                "หน่วยงานมีระบบป้องกันการทุจริตที่ชัดเจนและติดตามผลได้ทุกปี",
                "ประชาชนเชื่อมั่นและมีส่วนร่วมในการตรวจสอบการดำเนินงานของหน่วยงาน",
            ],
        ),
        "signatory_name": org.head_name,
        "signatory_position": org.head_position,
        # Announced the day before the plan's first fiscal year begins (30 September).
        "announced_on": date(plan.first_year - 543 - 1, 9, 30),
    }


def effective(plan: ActionPlan) -> dict:
    """Each field as the plan book prints it: what was written, else the default."""
    made = defaults(plan)
    return {name: getattr(plan, name) or made[name] for name in FIELDS}
