"""The findings of the OIT check as a Thai document and as an Excel sheet."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from prongsai import thai
from prongsai.documents.rendering import render_document
from prongsai.scoring.results import round2
from prongsai.spreadsheets import append_row

STATE_TH = {
    "ready": "พร้อม",
    "missing": "ยังไม่มีหลักฐาน",
    "incomplete": "องค์ประกอบไม่ครบ",
    "problem": "ตรวจพบปัญหา",
}
STATUS_TH = {
    "ok": "ผ่าน", "dead": "ลิงก์เสีย", "timeout": "เปิดไม่ขึ้น (หมดเวลา)", "redirect_loop": "เปลี่ยนทางวนซ้ำ",
    "off_site": "ไม่อยู่บนเว็บไซต์หลัก", "too_large": "ไฟล์ใหญ่เกิน", "stale": "เอกสารปีเก่า", "no_year": "ไม่พบปี พ.ศ.",
    "incomplete": "องค์ประกอบไม่ครบ", "unsupported": "อ่านไฟล์ไม่ได้", "not_http": "ไม่ใช่ลิงก์เว็บ",
    "private_address": "ที่อยู่ภายในเครือข่าย ไม่ตรวจ",
}  # fmt: skip


def finding_rows(table) -> list[dict]:
    out = []
    for row in table:
        owner = row.evidence.owner.name if row.evidence and row.evidence.owner else ""
        if not row.checks:
            status = STATE_TH[row.state]
            out.append({"item": row.code, "name": row.name, "url": "\n".join(row.evidence.url_list()) if row.evidence else "",
                        "status": status, "ok": row.ready, "finding": "" if row.ready else status,
                        "fix": "" if row.ready else "จัดทำ/แนบหลักฐานบนเว็บไซต์หลักให้ครบทุกองค์ประกอบ", "missing": "", "owner": owner})  # fmt: skip
        for check in row.checks:
            out.append({"item": row.code, "name": row.name, "url": check.url, "status": STATUS_TH.get(check.status, check.status),
                        "ok": check.status == "ok" and row.ready, "finding": check.finding, "fix": check.fix,
                        "missing": ", ".join(check.missing), "owner": owner})  # fmt: skip
    return out


def findings_document(org, year: int, table, ready, fmt: str) -> bytes:
    digits = thai.to_thai_digits if org.thai_digits else str

    def score(value) -> str:
        return "–" if value is None else digits(f"{round2(value):.2f}")

    rows = finding_rows(table)
    problems = [r for r in rows if not r["ok"]]
    by_owner: dict[str, list[str]] = {}
    for r in problems:
        by_owner.setdefault(r["owner"] or "ยังไม่กำหนด", []).append(r["item"])
    ind = {i.number: i for i in ready.now.indicators}
    what_if = ""
    if ready.failing and ready.if_fixed.total is not None:
        what_if = f"หากแก้ไขข้อที่ยังไม่พร้อม {digits(str(len(ready.failing)))} ข้อ คะแนนรวมจะเป็น {score(ready.if_fixed.total)}"
    context = {
        "org": {"name": org.name_th},
        "title": f"รายงานผลการตรวจสอบการเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. {digits(str(year))}",
        "year": digits(str(year)),
        "main_site": org.website,
        "checked_on": thai.thai_date(timezone.localdate(), thai_digits=org.thai_digits),
        "summary": {
            "items": digits(str(len(table))),
            "ready": digits(str(sum(r.ready for r in table))),
            "problems": digits(str(sum(not r.ready for r in table))),
            "score9": score(ind[9].score if 9 in ind else None),
            "score10": score(ind[10].score if 10 in ind else None),
            "oit": score(ready.now.tools.get("oit")),
            "total_if": score(ready.if_fixed.total),
            "what_if": what_if,
        },  # fmt: skip
        "rows": [{**r, "item": r["item"]} for r in rows],
        "by_owner": [
            {"owner": owner, "items": ", ".join(items)} for owner, items in sorted(by_owner.items())
        ],
        "reporter": {"name": "", "position": ""},
        "certifier": {"name": org.head_name, "position": org.head_position},
        "date": thai.thai_date(timezone.localdate(), thai_digits=org.thai_digits),
    }
    return render_document("oit_findings", context, fmt, org=org)


def findings_xlsx(org, year: int, table) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"OIT {year}"
    header = [
        "ข้อ",
        "รายการ",
        "URL",
        "ผลการตรวจ",
        "ข้อค้นพบ",
        "แนวทางแก้ไข",
        "องค์ประกอบที่ขาด",
        "ผู้รับผิดชอบ",
    ]
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in finding_rows(table):
        append_row(
            sheet,
            [
                r["item"],
                r["name"],
                r["url"],
                r["status"],
                r["finding"],
                r["fix"],
                r["missing"],
                r["owner"],
            ],
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
