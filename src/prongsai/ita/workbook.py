"""The Excel template a legal officer fills in with the figures ITAS reported.

The first sheet holds the rows to fill; its headers are Thai with the code the importer reads in
brackets ("คะแนน (score)"). A second sheet explains how to fill it in, EIT parts 1 and 2 included.
Rows left blank are skipped on import, so the file goes back exactly as downloaded.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from prongsai.scoring.criteria import USABLE_STATUSES, Criteria
from prongsai.spreadsheets import append_row

HEADERS = ["รหัส (code)", "ส่วนที่ (part)", "คะแนน (score)", "รายการ (ไม่ต้องแก้ไข)"]


def results_template(criteria: Criteria, document: dict | None = None) -> bytes:
    """Rows for every indicator, question (combined; EIT parts may be added) and OIT item.

    `document` is the year's criteria document: the explanation sheet names its EIT parts.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = f"ITA {criteria.year}"
    append_row(sheet, HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for indicator in criteria.indicators:
        append_row(
            sheet,
            [str(indicator.number), None, None, f"ตัวชี้วัดที่ {indicator.number} {indicator.name_th}"],
        )
        for q in criteria.questions_of(indicator.number):
            append_row(sheet, [q.code, None, None, q.text_th])
        for item in criteria.items_of(indicator.number):
            append_row(
                sheet,
                [
                    item.code,
                    None,
                    None,
                    " ".join(p for p in (item.name_th, "(100 = ผ่าน, 0 = ไม่ผ่าน)") if p),
                ],
            )
    scores = DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
    scores.error = "คะแนนต้องอยู่ระหว่าง 0 ถึง 100"
    sheet.add_data_validation(scores)
    scores.add(f"C2:C{sheet.max_row}")
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 14
    sheet.column_dimensions["C"].width = 14
    sheet.column_dimensions["D"].width = 90
    sheet.freeze_panes = "A2"
    _explanation(book, criteria, document or {})
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _part_names(criteria: Criteria, document: dict) -> list[str]:
    eit = next((t for t in document.get("tools", []) if t.get("code") == "eit"), {})
    named = {p["part"]: p.get("name", {}).get("th", "") for p in eit.get("parts", [])}
    return [named.get(p) or f"ส่วนที่ {p}" for p in criteria.tool("eit").parts]


def _explanation(book, criteria: Criteria, document: dict) -> None:
    sheet = book.create_sheet("คำอธิบาย")
    lines = [
        f"วิธีกรอกผลการประเมิน ITA ปี {criteria.year}",
        "",
        "1. กรอกคะแนนในคอลัมน์ คะแนน (score) ตามที่ระบบ ITAS รายงาน (0 ถึง 100) "
        "ไม่ต้องแก้ไขคอลัมน์ รหัส (code) และ รายการ",
        "2. แถวที่ไม่ได้กรอกคะแนนจะถูกข้าม: กรอกเฉพาะตัวเลขที่มี เช่น คะแนนรายตัวชี้วัด หรือคะแนนรายข้อ",
        "3. ข้อ OIT (o1, o2, …) กรอก 100 = ผ่าน หรือ 0 = ไม่ผ่าน",
        "4. เมื่อกรอกคะแนนรายข้อของตัวชี้วัดครบ ระบบจะคำนวณคะแนนตัวชี้วัดเอง; "
        "ถ้าไม่ครบ ให้กรอกคะแนนของตัวชี้วัดนั้นโดยตรง",
        "",
        "แบบวัด EIT ส่วนที่ 1 และส่วนที่ 2",
    ]
    parts = criteria.tool("eit").parts
    if parts:
        names = _part_names(criteria, document)
        lines += [
            n if n.startswith("ส่วนที่") else f"ส่วนที่ {p}: {n}"
            for p, n in zip(parts, names, strict=True)
        ]
        if not any(criteria.questions_of(i.number) for i in criteria.indicators_of("eit")):
            lines.append(
                f"เกณฑ์ปี {criteria.year} ไม่มีข้อคำถาม EIT รายข้อ: กรอกคะแนนรายตัวชี้วัด EIT "
                "ตามที่ ITAS รายงาน (รวมทั้งสองส่วนแล้ว)"
            )
        lines += [
            "คอลัมน์ ส่วนที่ (part) ว่างไว้ = คะแนนรวมของข้อนั้นตามที่ ITAS รายงาน",
            "ถ้า ITAS รายงานคะแนน EIT แยกส่วน ให้เพิ่มแถวของข้อเดียวกัน กรอก 1 หรือ 2 "
            "ในคอลัมน์ ส่วนที่ (part): ระบบเฉลี่ยส่วนที่ 1 และส่วนที่ 2 เท่ากัน "
            "(คะแนนรวมที่กรอกไว้มาก่อนคะแนนแยกส่วน)",
        ]
    else:
        lines.append(f"ปี {criteria.year} ไม่มีข้อมูลส่วนที่ 1 และส่วนที่ 2 ของ EIT: ว่างคอลัมน์ ส่วนที่ (part) ไว้")
    if criteria.oit_items_status not in USABLE_STATUSES:
        lines += [
            "",
            f"รายการข้อ OIT ปี {criteria.year} ที่ทราบมีไม่ครบทุกข้อ: ผลรายข้อที่กรอกจะแสดงเป็นรายละเอียด "
            "แต่คะแนนตัวชี้วัดที่ 9 และ 10 ต้องกรอกในแถวของตัวชี้วัด",
        ]
    for text in lines:
        append_row(sheet, [text])
    sheet.column_dimensions["A"].width = 120
    for row in sheet.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True)


def province_template(criteria: Criteria, orgs) -> bytes:
    """The wide province sheet, ready to fill: a row per organisation (its code, its name for the
    reader), a column per indicator (1…10) and per OIT item (100 = passed, 0 = not), as NACC's
    per-agency results give them. `ita.province_import` reads it back as it is."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"ITA {criteria.year}"
    codes = [str(i.number) for i in criteria.indicators] + [i.code for i in criteria.oit_items]
    append_row(sheet, ["org_code", "name", *codes])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for org in orgs:
        append_row(sheet, [org.code or org.slug, org.name_th])
    scores = DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
    scores.error = "คะแนนต้องอยู่ระหว่าง 0 ถึง 100"
    sheet.add_data_validation(scores)
    last = get_column_letter(len(codes) + 2)
    scores.add(f"C2:{last}{max(sheet.max_row, 2)}")
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 40
    sheet.freeze_panes = "C2"
    guide = book.create_sheet("คำอธิบาย")  # only the first sheet is read back
    append_row(guide, ["คอลัมน์", "ความหมาย"])
    append_row(guide, ["org_code", "รหัส อปท. (ห้ามแก้ไข)"])
    append_row(guide, ["name", "ชื่อหน่วยงาน (เพื่ออ่านเท่านั้น ระบบไม่ใช้)"])
    for indicator in criteria.indicators:
        append_row(guide, [str(indicator.number), f"ตัวชี้วัดที่ {indicator.number} {indicator.name_th}"])
    for item in criteria.oit_items:
        append_row(guide, [item.code, f"{item.name_th} (100 = ผ่าน, 0 = ไม่ผ่าน)".strip()])
    append_row(guide, ["", "แถวหรือช่องที่เว้นว่างจะถูกข้าม ตัวเลขไทยใช้ได้"])
    guide.column_dimensions["A"].width = 12
    guide.column_dimensions["B"].width = 90
    out = BytesIO()
    book.save(out)
    return out.getvalue()
