"""The Excel template a legal officer fills in with the figures ITAS reported."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from prongsai.scoring.criteria import Criteria
from prongsai.spreadsheets import append_row


def results_template(criteria: Criteria) -> bytes:
    """Rows for every indicator, question (combined; EIT parts may be added) and OIT item."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"ITA {criteria.year}"
    append_row(sheet, ["code", "part", "score", "รายการ (ไม่ต้องแก้ไข)"])
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
    sheet.column_dimensions["D"].width = 90
    out = BytesIO()
    book.save(out)
    return out.getvalue()
