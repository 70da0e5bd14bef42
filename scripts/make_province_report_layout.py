"""Builds province_report.docx from the complaint statistics layout's styles (run once; the
.docx is what ships). `python scripts/make_province_report_layout.py`"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Cm

HERE = Path(__file__).resolve().parent.parent / "src" / "prongsai" / "ita" / "layouts"
SOURCE = HERE.parent.parent / "complaints" / "layouts" / "complaint_statistics.docx"


def table(doc, header, cells, loop, widths):
    """A fixed-layout table (widths in cm, 16.5 in all: the text width) with a repeated row."""
    t = doc.add_table(rows=4, cols=len(header))
    t.autofit = False
    for i, width in enumerate(widths):
        t.columns[i].width = Cm(width)
        for row in t.rows:
            row.cells[i].width = Cm(width)
    for i, h in enumerate(header):
        t.rows[0].cells[i].text = h
    t.rows[1].cells[0].text = "{%tr for r in " + loop + " %}"
    for i, c in enumerate(cells):
        t.rows[2].cells[i].text = "{{ r." + c + " }}"
    t.rows[3].cells[0].text = "{%tr endfor %}"
    return t


def main() -> None:
    doc = Document(str(SOURCE))
    style_table = doc.tables[0].style
    first = doc.paragraphs[0]
    title_style, normal = first.style, doc.paragraphs[1].style
    heading = next(p.style for p in doc.paragraphs if p.style.name == "Heading 2")
    body = doc.element.body
    for child in list(body):
        if child.tag.endswith("sectPr"):
            continue
        body.remove(child)
    doc.add_paragraph("{{ title }}", style=title_style)
    doc.add_paragraph("จังหวัด{{ province }} {{ fiscal_year }}", style=normal)
    doc.add_paragraph("ส่วนที่ {{ numerals[1] }} ภาพรวม", style=heading)
    doc.add_paragraph(
        "หน่วยงานที่มีผลการประเมิน {{ stats.count }} แห่ง คะแนนรวมเฉลี่ย {{ stats.average }} คะแนน "
        "ต่ำกว่า {{ stats.pass_mark }} คะแนน {{ stats.below }} แห่ง",
        style=normal,
    )
    doc.add_paragraph("ส่วนที่ {{ numerals[2] }} ผลการประเมินเรียงตามคะแนนรวม", style=heading)
    t = table(
        doc,
        ["ลำดับ", "หน่วยงาน", "IIT", "EIT", "OIT", "คะแนนรวม", "ผลการประเมิน"],
        ["rank", "name", "iit", "eit", "oit", "total", "rating"],
        "rows",
        [1.2, 6.5, 1.7, 1.7, 1.7, 1.7, 2.0],
    )
    t.style = style_table
    doc.add_paragraph("ส่วนที่ {{ numerals[3] }} ข้อ OIT ที่ไม่ผ่านมากที่สุด", style=heading)
    doc.add_paragraph("{%p if failed_items %}", style=normal)
    t = table(
        doc,
        ["ข้อ", "รายการ", "จำนวนหน่วยงานที่ไม่ผ่าน"],
        ["code", "text", "orgs"],
        "failed_items",
        [1.5, 11.5, 3.5],
    )
    t.style = style_table
    doc.add_paragraph("{%p else %}", style=normal)
    doc.add_paragraph("ไม่มีข้อ OIT ที่ไม่ผ่าน", style=normal)
    doc.add_paragraph("{%p endif %}", style=normal)
    doc.add_paragraph(
        "ส่วนที่ {{ numerals[4] }} ข้อคำถามที่ได้คะแนนต่ำที่สุดซึ่งพบในหลายหน่วยงาน", style=heading
    )
    doc.add_paragraph("{%p if weak_questions %}", style=normal)
    t = table(
        doc,
        ["ข้อ", "ข้อคำถาม", "จำนวนหน่วยงาน", "คะแนนเฉลี่ย"],
        ["code", "text", "orgs", "average"],
        "weak_questions",
        [1.5, 10.0, 2.5, 2.5],
    )
    t.style = style_table
    doc.add_paragraph("{%p else %}", style=normal)
    doc.add_paragraph("ไม่มีคะแนนรายข้อคำถาม", style=normal)
    doc.add_paragraph("{%p endif %}", style=normal)
    doc.add_paragraph("ข้อมูล ณ วันที่ {{ today }}", style=normal)
    doc.save(str(HERE / "province_report.docx"))


if __name__ == "__main__":
    main()
