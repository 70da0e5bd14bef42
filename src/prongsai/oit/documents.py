"""The OIT findings report (รายงานผลการตรวจสอบการเปิดเผยข้อมูลสาธารณะ) as a registered document.

Per OIT item of the checklist: its status in Thai, the evidence URL(s) with where the check
found each component in them (page, sheet or heading, and an excerpt), the problems found (the
automatic link checks and the components not ticked), the fix and the unit responsible; then what
each unit has to do. An item whose official name the criteria do not know is named by its code.
The items are those of the year's criteria: the shipped ones, or for a year nobody has published
the organisation's own published draft (store.published_for, the same as its pages use), and
then the report says so in one line under the title (drafts.provisional_notice).
The Excel sheet of the same findings stays in `oit.report.findings_xlsx`.
"""

from __future__ import annotations

from pathlib import Path

from django.db.models import Max
from django.utils import timezone, translation

from prongsai.documents.registry import DocumentRequest, Kind
from prongsai.frameworks.drafts import provisional_notice
from prongsai.frameworks.library import criteria_years
from prongsai.frameworks.names import official_name
from prongsai.frameworks.store import published_for
from prongsai.oit import checklist
from prongsai.oit.models import Evidence, LinkCheck
from prongsai.oit.pointers import page_pointers
from prongsai.oit.readiness import readiness
from prongsai.oit.report import STATE_TH, STATUS_TH

LAYOUTS = Path(__file__).resolve().parent / "layouts"
FIX_MISSING = "จัดทำหลักฐานและเผยแพร่บนเว็บไซต์หลักของหน่วยงาน แล้วบันทึก URL"
FIX_INCOMPLETE = "เพิ่มองค์ประกอบที่ยังขาดให้ครบตามคู่มือ แล้วตรวจซ้ำ"


def checklist_year(year: int, org=None) -> int | None:
    """The year whose OIT items the check follows: the organisation's own published criteria of
    that year, else the newest shipped criteria up to the fiscal year."""
    if org is not None and published_for(org, year) is not None:
        return year
    return checklist.year_for(year) if any(y <= year for y in criteria_years()) else None


def check(request: DocumentRequest) -> str | None:
    f, year = request.fmt, request.year
    items_year = checklist_year(year, request.org)
    if items_year is None:
        return f"ยังไม่มีรายการข้อ OIT สำหรับ{f.fiscal_year(year)}"
    org = request.org
    if not (
        Evidence.objects.filter(org=org, year=items_year).exists()
        or LinkCheck.objects.filter(org=org, year=items_year).exists()
    ):
        return (
            f"ยังไม่มีการบันทึกหลักฐานหรือตรวจลิงก์ OIT ของ{f.fiscal_year(items_year)} "
            "บันทึกหลักฐานในรายการตรวจ OIT ก่อน"
        )
    return None


def _problems(row: checklist.Row) -> list[str]:
    out = []
    for c in row.checks:
        if c.status != "ok":
            line = f"{c.url}: {STATUS_TH.get(c.status, c.status)}"
            out.append(f"{line} – {c.finding}" if c.finding else line)
        if c.missing:
            out.append("สิ่งที่ขาด: " + ", ".join(c.missing))
    unticked = [comp.text for comp in row.components if not (comp.check and comp.check.ticked)]
    if row.evidence and unticked:
        out.append("องค์ประกอบที่ยังไม่ครบ: " + "; ".join(unticked))
    if row.state == "missing":
        out.append("ยังไม่มีหลักฐานบนเว็บไซต์หลัก")
    return out


def _evidence(row: checklist.Row) -> str:
    """The URLs, each followed by where the check found each component in it (Thai, ready to
    paste into the organisation's ITA page): "o1.1 พบที่ หน้า 3: «…»"."""
    checks = {c.url: c for c in row.checks}
    lines = []
    with translation.override("th"):
        for url in row.evidence.url_list() if row.evidence else []:
            lines.append(url)
            lines.extend(f"• {p.line()}" for p in page_pointers(checks.get(url)))
    return "\n".join(lines)


def _fix(row: checklist.Row) -> str:
    if row.ready:
        return "–"
    fixes = [c.fix for c in row.checks if c.status != "ok" and c.fix]
    if fixes:
        return "\n".join(dict.fromkeys(fixes))
    return FIX_MISSING if row.state == "missing" else FIX_INCOMPLETE


def findings_context(request: DocumentRequest) -> dict:
    org, f = request.org, request.fmt
    items_year = checklist_year(request.year, org)
    table = checklist.rows(org, items_year)
    ready = readiness(org, items_year, table)

    def score(value) -> str:
        return "–" if value is None else f.score(value)

    rows, owners = [], {}
    for row in table:
        owner = row.evidence.owner.name if row.evidence and row.evidence.owner else ""
        problems = _problems(row)
        rows.append(
            {
                "item": row.code,
                "name": official_name(row.name, row.confidence),
                "urls": _evidence(row) or "–",
                "status": STATE_TH[row.state],
                "problems": "\n".join(problems) or "–",
                "fix": _fix(row),
                "owner": owner or "–",
            }
        )
        if not row.ready:
            mine = owners.setdefault(owner or "ยังไม่กำหนดผู้รับผิดชอบ", {"items": [], "missing": []})
            mine["items"].append(row.code)
            mine["missing"].extend(f"{row.code} {p}" for p in problems)
    indicators = {i.number: i for i in ready.now.indicators}
    what_if = ""
    if ready.failing and ready.if_fixed.total is not None:
        what_if = (
            f"หากแก้ไขข้อที่ยังไม่พร้อม {f.number(len(ready.failing))} ข้อ "
            f"คะแนนรวมจะเป็น {score(ready.if_fixed.total)}"
        )
    last_run = LinkCheck.objects.filter(org=org, year=items_year).aggregate(last=Max("run"))["last"]
    checked = (
        f"ตรวจลิงก์หลักฐานครั้งล่าสุดเมื่อวันที่ {f.date(timezone.localdate(last_run))}"
        if last_run
        else "ยังไม่ได้ตรวจลิงก์ด้วยระบบอัตโนมัติ ผลนี้มาจากหลักฐานและองค์ประกอบที่หน่วยงานบันทึกไว้"
    )
    if items_year != request.year:
        checked += f" (ตรวจตามรายการข้อ OIT ของเกณฑ์ {f.be(items_year)})"
    return {
        "fiscal_year": f.fiscal_year(request.year),
        # one line when the year's criteria are the organisation's draft, else ""
        "provisional": provisional_notice(published_for(org, items_year), org.thai_digits),
        "main_site": org.website or "ยังไม่ได้กำหนด",
        "checked": checked,
        "summary": {
            "items": f.number(len(table)),
            "ready": f.number(sum(r.ready for r in table)),
            "problems": f.number(sum(not r.ready for r in table)),
            "score9": score(indicators[9].score if 9 in indicators else None),
            "score10": score(indicators[10].score if 10 in indicators else None),
            "oit": score(ready.now.tools.get("oit")),
            "total_if": score(ready.if_fixed.total) if ready.if_fixed.total is not None else "",
            "what_if": what_if,
        },
        "rows": rows,
        "by_owner": [
            {
                "owner": name,
                "items": ", ".join(o["items"]),
                "missing": "\n".join(o["missing"]) or "–",
            }
            for name, o in sorted(owners.items())
        ],
    }


FINDINGS = Kind(
    key="oit_findings",
    title_th="รายงานผลการตรวจสอบการเปิดเผยข้อมูลสาธารณะ (OIT)",
    title_en="OIT disclosure check report",
    layout=LAYOUTS / "oit_findings.docx",
    build=findings_context,
    fields=frozenset(
        {"fiscal_year", "provisional", "main_site", "checked", "summary", "rows", "by_owner"}
    ),
    check=check,
)
KINDS = (FINDINGS,)
