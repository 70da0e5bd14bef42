"""The findings of the OIT check as an Excel sheet, and the Thai names of states and statuses
(the Word/PDF report is the `oit_findings` document, oit.documents)."""

from __future__ import annotations

from io import BytesIO

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Font

from prongsai.oit import checker
from prongsai.oit.pointers import page_pointers
from prongsai.spreadsheets import append_row

STATE_TH = {
    "ready": "พร้อม",
    "missing": "ยังไม่มีหลักฐาน",
    "incomplete": "องค์ประกอบไม่ครบ",
    "problem": "ตรวจพบปัญหา",
}
# Statuses read the same on the checklist and in every document: the checker's one table.
STATUS_TH = checker.STATUS_TH


def finding_rows(table) -> list[dict]:
    out = []
    for row in table:
        owner = row.evidence.owner.name if row.evidence and row.evidence.owner else ""
        if not row.checks:
            status = STATE_TH[row.state]
            out.append({"item": row.code, "name": row.name, "url": "\n".join(row.evidence.url_list()) if row.evidence else "",
                        "status": status, "ok": row.ready, "finding": "" if row.ready else status,
                        "fix": "" if row.ready else "จัดทำ/แนบหลักฐานบนเว็บไซต์หลักให้ครบทุกองค์ประกอบ", "missing": "", "owner": owner,
                        "where": ""})  # fmt: skip
        for check in row.checks:
            out.append({"item": row.code, "name": row.name, "url": check.url, "status": STATUS_TH.get(check.status, check.status),
                        "ok": check.status == "ok" and row.ready, "finding": check.finding, "fix": check.fix,
                        "missing": ", ".join(check.missing), "owner": owner,
                        "where": "\n".join(p.line() for p in page_pointers(check, check.url))})  # fmt: skip
    return out


def findings_xlsx(org, year: int, table) -> bytes:
    with translation.override("th"):  # a document, so Thai like the Word and PDF ones
        return _findings_xlsx(year, table)


def _findings_xlsx(year: int, table) -> bytes:
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
        "พบองค์ประกอบที่ (หน้า/ชีต/หัวข้อ)",
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
                r["where"],
            ],
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
