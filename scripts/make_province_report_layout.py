"""Builds province_report.docx, the one layout of the province and the national report, from the
complaint statistics layout's styles (run once; the .docx is what ships).
`python scripts/make_province_report_layout.py`"""

from __future__ import annotations

import copy
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent.parent / "src" / "prongsai" / "ita" / "layouts"
TABLE_PT = 14
SOURCE = HERE.parent.parent / "complaints" / "layouts" / "complaint_statistics.docx"


def like(doc, source, text: str) -> None:
    """A paragraph with the source paragraph's look (centred, bold, its sizes in w:sz and
    w:szCs, the size Thai text uses) and this text."""
    element = copy.deepcopy(source._p)
    runs = element.findall(qn("w:r"))
    for run in runs[1:]:
        element.remove(run)
    runs[0].find(qn("w:t")).text = text
    doc.element.body.insert(len(doc.element.body) - 1, element)  # before the section settings


def _flag(row, name: str) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement(f"w:{name}"))


def table(doc, header, cells, loop, widths):
    """A fixed-layout table (widths in cm, 16.5 in all: the text width) with a repeated row;
    the heading row is bold and repeated on every page, and no row is split across pages."""
    t = doc.add_table(rows=4, cols=len(header))
    t.autofit = False
    _flag(t.rows[0], "tblHeader")
    for row in t.rows:
        _flag(row, "cantSplit")
    for i, width in enumerate(widths):
        t.columns[i].width = Cm(width)
        for row in t.rows:
            row.cells[i].width = Cm(width)
    for i, h in enumerate(header):
        run = t.rows[0].cells[i].paragraphs[0].add_run(h)
        run.bold = True
        run._r.get_or_add_rPr().append(OxmlElement("w:bCs"))
    t.rows[1].cells[0].text = "{%tr for r in " + loop + " %}"
    for i, c in enumerate(cells):
        t.rows[2].cells[i].text = "{{ r." + c + " }}"
    t.rows[3].cells[0].text = "{%tr endfor %}"
    for row in t.rows:  # 14 pt in the tables (w:sz and w:szCs): a score of 100.00 in Thai
        for cell in row.cells:  # digits fits its column, a name its line
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(TABLE_PT)
                size = OxmlElement("w:szCs")
                size.set(qn("w:val"), str(TABLE_PT * 2))
                run._r.get_or_add_rPr().append(size)
    return t


def main() -> None:
    doc = Document(str(SOURCE))
    style_table = doc.tables[0].style
    title, centred = doc.paragraphs[0], doc.paragraphs[2]  # bold 18 pt; centred 16 pt
    normal = doc.paragraphs[1].style
    heading = next(p.style for p in doc.paragraphs if p.style.name == "Heading 2")
    body = doc.element.body
    for child in list(body):
        if child.tag.endswith("sectPr"):
            continue
        body.remove(child)
    like(doc, title, "{{ title }}")
    like(doc, centred, "{{ scope }} {{ fiscal_year }}")
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
        [1.7, 6.0, 1.7, 1.7, 1.7, 1.7, 2.0],  # the rank holds "๘,๐๐๐" on one line
    )
    t.style = style_table
    doc.add_paragraph("{%p if rows_note %}", style=normal)  # a ranking cut to its first rows
    doc.add_paragraph("{{ rows_note }}", style=normal)
    doc.add_paragraph("{%p endif %}", style=normal)
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
    doc.add_paragraph("ส่วนที่ {{ numerals[4] }} ข้อคำถามที่ได้คะแนนต่ำที่สุดซึ่งพบในหลายหน่วยงาน", style=heading)
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
    doc.add_paragraph("{%p if provinces %}", style=normal)  # the national report only
    doc.add_paragraph("ส่วนที่ {{ numerals[5] }} ผลรายจังหวัด เรียงตามคะแนนรวมเฉลี่ย", style=heading)
    t = table(
        doc,
        ["ลำดับ", "จังหวัด", "จำนวนหน่วยงาน", "คะแนนรวมเฉลี่ย", "ต่ำกว่า {{ stats.pass_mark }} (แห่ง)"],
        ["rank", "name", "count", "average", "below"],
        "provinces",
        [1.2, 6.3, 3.0, 3.0, 3.0],
    )
    t.style = style_table
    doc.add_paragraph("{%p endif %}", style=normal)
    doc.add_paragraph("ข้อมูล ณ วันที่ {{ today }}", style=normal)
    doc.save(str(HERE / "province_report.docx"))


if __name__ == "__main__":
    main()
