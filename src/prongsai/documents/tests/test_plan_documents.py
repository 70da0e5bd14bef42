"""The anti-corruption plan documents as PDF and Word, read back the way a reader's tools see them.

The plan book (action_plan) and its monitoring report (plan_report), from the samples built on
seed 003. (The risk assessment and the measures documents are tested in
plans/tests/test_measure_documents.py.)
"""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from prongsai.documents.rendering import render_document
from prongsai.documents.samples import (
    EXECUTIVE,
    ORG_NAME,
    PLAN_DIMENSIONS,
    PLAN_PROJECTS,
    PLAN_TITLE,
    PLAN_TOTAL,
    PLAN_TOTAL_TEXT,
    REPORT_TITLE,
    action_plan_context,
    plan_report_context,
)
from prongsai.documents.tests.conftest import (
    A4_LANDSCAPE,
    A4_PORTRAIT,
    all_text,
    ink,
    page_count,
    page_image,
    page_sizes,
    pdf_text,
    squash,
    table_headed,
    write,
)

KINDS = [
    "action_plan",
    "plan_report",
]
SAMPLES = {
    "action_plan": action_plan_context,
    "plan_report": plan_report_context,
}
THAI_NUMBER = re.compile(r"[๐-๙]+")


def grid(table) -> list[int]:
    return [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("plans")
    return {
        kind: write(folder, f"{kind}.pdf", render_document(kind, SAMPLES[kind](), "pdf"))
        for kind in KINDS
    }


@pytest.fixture(scope="module")
def docxs() -> dict[str, docx.document.Document]:
    return {
        kind: docx.Document(io.BytesIO(render_document(kind, SAMPLES[kind](), "docx")))
        for kind in KINDS
    }


# --- every kind ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_page_one_is_printed(pdfs, kind):
    assert ink(page_image(pdfs[kind])) > 0.01


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("style", ["Normal", "Title", "Heading 1", "Table Text"])
def test_word_uses_th_sarabunpsk_for_thai(docxs, kind, style):
    rpr = docxs[kind].styles[style].element.rPr
    fonts = rpr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == "TH SarabunPSK"
    assert fonts.get(qn("w:cstheme")) is None
    assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "32"


@pytest.mark.parametrize("kind", KINDS)
def test_word_has_no_template_tags_left_and_thai_page_numbers(docxs, kind):
    document = docxs[kind]
    text = all_text(document)
    assert "{{" not in text and "{%" not in text
    assert ORG_NAME in text
    for section in document.sections:
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")) == "thaiNumbers"


@pytest.mark.parametrize("kind", KINDS)
def test_markup_in_the_data_is_printed_as_text(kind, tmp_path):
    context = SAMPLES[kind]()
    context["org"]["name"] = "อบต. <b>ทดสอบ</b> & ร่วม"
    path = write(tmp_path, "escaped.pdf", render_document(kind, context, "pdf"))
    assert "อบต. <b>ทดสอบ</b> & ร่วม" in pdf_text(path, "-raw")
    document = docx.Document(io.BytesIO(render_document(kind, context, "docx")))
    assert "อบต. <b>ทดสอบ</b> & ร่วม" in all_text(document)


# --- the plan book: PDF -------------------------------------------------------------------


def test_the_plan_book_reads_back_with_its_parts(pdfs):
    text = pdf_text(pdfs["action_plan"], "-raw")
    lines = text.splitlines()
    for heading in (
        f"ประกาศ{ORG_NAME}",
        "คำนำ",
        "ส่วนที่ ๑",
        "บทนำ",
        "๑. การประเมินความเสี่ยงการทุจริตในองค์กร",
        "๔. เป้าหมาย",
        "ส่วนที่ ๒",
        "แผนปฏิบัติการป้องกันการทุจริต",
        "ส่วนที่ ๓",
        "รายละเอียดโครงการ/กิจกรรม/มาตรการ",
        "ประกาศ ณ วันที่ ๒๙ กันยายน ๒๕๖๕",
        f"({EXECUTIVE['name']})",
    ):
        assert heading in lines, heading
    assert squash(f"เรื่อง ประกาศใช้{PLAN_TITLE}") in squash(text)
    assert "ตัวชี้วัด ปี ๒๕๖๖ ปี ๒๕๖๗ ปี ๒๕๖๘ ปี ๒๕๖๙ ปี ๒๕๗๐" in lines
    assert "ผลการประเมิน ITA (คะแนน) ๘๕ ๘๖ ๘๘ ๘๙ ๙๐" in lines


def test_the_plan_book_totals_the_budget_in_figures_and_words(pdfs):
    lines = pdf_text(pdfs["action_plan"], "-raw").splitlines()
    assert f"รวมงบประมาณทั้งสิ้น {PLAN_TOTAL} บาท ({PLAN_TOTAL_TEXT})" in lines
    assert "รวมทั้งสิ้น ๓๖ โครงการ ๔,๐๐๐ ๔,๐๐๐ ๔,๐๐๐ ๔,๐๐๐ ๔,๐๐๐ ๒๐,๐๐๐" in lines
    for number, count in ((1, "๖"), (2, "๒๑"), (3, "๔"), (4, "๕")):
        assert any(line.startswith(f"รวมมิติที่ {'๐๑๒๓๔'[number]} ({count} โครงการ)") for line in lines)
    assert "งบประมาณดำเนินการ" in "\n".join(lines)
    assert f"{PLAN_TOTAL} บาท ({PLAN_TOTAL_TEXT})" in lines  # sheet 28's own budget


def test_every_project_has_its_sheet_on_its_own_page(pdfs):
    pages = pdf_text(pdfs["action_plan"], "-raw").split("\f")
    assert page_count(pdfs["action_plan"]) >= 36 + 4
    sheets = [page for page in pages if "๑. ชื่อโครงการ :" in page]
    assert len(sheets) == len(PLAN_PROJECTS) == 36
    assert all(page.count("๑. ชื่อโครงการ :") == 1 for page in sheets)
    for sheet, (code, _kind, name, *_) in zip(sheets, PLAN_PROJECTS, strict=True):
        assert squash(name) in squash(sheet)
        dimension = int(code[0])
        assert squash(f"มิติที่ {'๐๑๒๓๔'[dimension]} {PLAN_DIMENSIONS[dimension]}") in squash(sheet)
    # The nine numbered fields, in order, on the first sheet.
    first = sheets[0].splitlines()
    labels = [
        "๒. หลักการและเหตุผล",
        "๓. วัตถุประสงค์",
        "๔. กลุ่มเป้าหมาย",
        "๕. วิธีดำเนินการ",
        "๖. ระยะเวลาดำเนินการ",
        "๗. งบประมาณดำเนินการ",
        "๘. ผู้รับผิดชอบโครงการ",
        "๙. ผลผลิต/ผลลัพธ์",
    ]
    assert [line for line in first if line in labels] == labels
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๖ – ๒๕๖๗" in first


def test_the_summary_is_on_landscape_pages(pdfs):
    sizes = page_sizes(pdfs["action_plan"])
    pages = pdf_text(pdfs["action_plan"], "-raw").split("\f")
    summary = [n for n, page in enumerate(pages) if "ประเภท" in page and "รวม (บาท)" in page]
    assert summary
    assert all(sizes[n] == A4_LANDSCAPE for n in summary)
    assert sizes[0] == sizes[-1] == A4_PORTRAIT
    assert {sizes[n] for n in range(len(sizes)) if n not in summary} == {A4_PORTRAIT}


def test_a_plan_of_three_years_has_three_budget_columns(tmp_path):
    context = shorten_plan(action_plan_context(), 3)
    path = write(tmp_path, "three.pdf", render_document("action_plan", context, "pdf"))
    lines = pdf_text(path, "-raw").splitlines()
    assert "รวมทั้งสิ้น ๓๖ โครงการ ๔,๐๐๐ ๔,๐๐๐ ๔,๐๐๐ ๑๒,๐๐๐" in lines
    document = docx.Document(io.BytesIO(render_document("action_plan", context, "docx")))
    table = table_headed(document, "ที่", "โครงการ/กิจกรรม/มาตรการ")
    assert [c.text for c in table.rows[1].cells[3:6]] == ["พ.ศ. ๒๕๖๖", "พ.ศ. ๒๕๖๗", "พ.ศ. ๒๕๖๘"]
    assert len(grid(table)) == 3 + 3 + 1


def shorten_plan(context: dict, years: int) -> dict:
    """The sample plan cut to its first ``years`` fiscal years."""
    context = copy.deepcopy(context)
    context["years"] = context["years"][:years]
    summary = context["summary"]
    for dimension in summary["dimensions"]:
        dimension["totals"] = dimension["totals"][:years]
        for row in dimension["rows"]:
            row["budgets"] = row["budgets"][:years]
            row["total"] = "๑๒,๐๐๐" if row["total"] != "-" else "-"
        if dimension["total"] != "-":
            dimension["total"] = "๑๒,๐๐๐"
    summary["totals"] = summary["totals"][:years]
    summary["total"] = "๑๒,๐๐๐"
    summary["total_text"] = "หนึ่งหมื่นสองพันบาทถ้วน"
    return context


# --- the plan book: Word ------------------------------------------------------------------


def test_word_summary_has_one_row_per_project(docxs):
    table = table_headed(docxs["action_plan"], "ที่", "โครงการ/กิจกรรม/มาตรการ", "ประเภท")
    names = [row[2] for row in PLAN_PROJECTS]
    project_rows = [
        row
        for row in table.rows[2:]
        if THAI_NUMBER.fullmatch(row.cells[0].text) and row.cells[1].text != row.cells[0].text
    ]
    assert [row.cells[1].text for row in project_rows] == names
    assert [row.cells[0].text for row in project_rows][:3] == ["๑", "๒", "๓"]
    forum = next(row for row in project_rows if row.cells[1].text == names[27])
    assert [c.text for c in forum.cells[3:]] == ["๔,๐๐๐"] * 5 + [PLAN_TOTAL]
    # 2 header rows, then per dimension a heading row, its projects and its total, then the
    # grand total.
    assert len(table.rows) == 2 + 36 + 4 * 2 + 1
    assert [c.text for c in table.rows[-1].cells[2:]] == [
        "รวมทั้งสิ้น ๓๖ โครงการ",
        *["๔,๐๐๐"] * 5,
        PLAN_TOTAL,
    ]
    text = all_text(docxs["action_plan"])
    assert f"รวมงบประมาณทั้งสิ้น {PLAN_TOTAL} บาท ({PLAN_TOTAL_TEXT})" in text


def test_word_summary_columns_keep_their_widths(docxs):
    # docxtpl evens out a table grid whose columns it repeats; the renderer puts it back.
    table = table_headed(docxs["action_plan"], "ที่", "โครงการ/กิจกรรม/มาตรการ", "ประเภท")
    widths = grid(table)
    assert len(widths) == 3 + 5 + 1
    year = widths[3]
    assert widths[3:8] == [year] * 5
    assert widths[1] > 3 * year  # the name column, not an average
    row = next(r for r in table.rows[2:] if THAI_NUMBER.fullmatch(r.cells[0].text))
    assert [int(tc.tcPr.tcW.get(qn("w:w"))) for tc in row._tr.tc_lst] == widths
    # The "งบประมาณ (บาท)" heading spans the year columns, as wide as they are together.
    spanning = table.rows[0]._tr.tc_lst[3]
    assert spanning.tcPr.gridSpan.get(qn("w:val")) == "5"
    assert int(spanning.tcPr.tcW.get(qn("w:w"))) == 5 * year


def test_word_has_the_summary_in_a_landscape_section(docxs):
    sections = docxs["action_plan"].sections
    assert [round(s.page_width.cm, 1) for s in sections] == [21.0, 29.7, 21.0]


def test_word_starts_every_sheet_on_a_new_page(docxs):
    paragraphs = docxs["action_plan"].paragraphs
    names = [p for p in paragraphs if p.text.startswith("๑. ชื่อโครงการ :")]
    assert [p.text.removeprefix("๑. ชื่อโครงการ : ") for p in names] == [
        row[2] for row in PLAN_PROJECTS
    ]
    heads = [p for p in paragraphs if p.text.startswith("มิติที่ ")]
    assert len(heads) == 36
    # The first sheet opens the portrait section; each other one breaks the page.
    assert [bool(p.paragraph_format.page_break_before) for p in heads] == [False] + [True] * 35
    assert heads[0]._p.getprevious() is not None
    indicator_tables = [
        t for t in docxs["action_plan"].tables if t.rows[0].cells[0].text == "ประเภท"
    ]
    assert len(indicator_tables) == 36
    assert [c.text for c in indicator_tables[0].rows[1].cells] == [
        "ผลผลิต",
        "ช่องทางการเผยแพร่ความรู้",
        "ไม่น้อยกว่า ๕ ช่องทาง",
    ]


def test_word_plan_book_keeps_paragraphs_of_long_texts(docxs):
    paragraphs = [p.text for p in docxs["action_plan"].paragraphs]
    start = paragraphs.index("๕. วิธีดำเนินการ")
    assert paragraphs[start + 1].startswith("(๑) จัดทำโครงการ/กิจกรรมเสนอผู้บริหาร")
    assert paragraphs[start + 6].startswith("(๖) รายงานผลการดำเนินงาน")
    assert paragraphs.index("คำนำ") > paragraphs.index("ประกาศ ณ วันที่ ๒๙ กันยายน ๒๕๖๕")


# --- the monitoring report ----------------------------------------------------------------


def test_the_report_reads_back_with_its_totals(pdfs):
    text = pdf_text(pdfs["plan_report"], "-raw")
    lines = text.splitlines()
    assert squash(REPORT_TITLE) in squash(text)
    assert "รอบ ๖ เดือน (๑ ตุลาคม ๒๕๖๕ – ๓๑ มีนาคม ๒๕๖๖)" in lines
    assert "รวม ๓๖ ๙ ๑๘ ๙ ๔,๐๐๐ ๓,๕๐๐ ๔๙.๗๒" in lines
    assert "ส่วนที่ ๓ ปัญหา อุปสรรค และข้อเสนอแนะ" in lines
    assert "(ลงชื่อ) .................................... ผู้รับรองข้อมูล" in lines
    assert f"({EXECUTIVE['name']})" in lines
    assert set(page_sizes(pdfs["plan_report"])) == {A4_LANDSCAPE}
    for name in PLAN_DIMENSIONS.values():
        assert squash(name) in squash(text)


def test_word_report_has_a_row_per_project_under_its_dimension(docxs):
    table = table_headed(docxs["plan_report"], "ที่", "โครงการ/กิจกรรม/มาตรการ", "สถานะ")
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    headings = [r[0] for r in rows if r[0].startswith("มิติที่ ")]
    assert headings == [f"มิติที่ {'๐๑๒๓๔'[n]} {name}" for n, name in PLAN_DIMENSIONS.items()]
    projects = [r for r in rows if not r[0].startswith("มิติที่ ")]
    assert [r[1] for r in projects] == [row[2] for row in PLAN_PROJECTS]
    assert projects[27][2:6] == ["ดำเนินการแล้วเสร็จ", "๑๐๐", "๔,๐๐๐", "๓,๕๐๐"]
    summary = table_headed(docxs["plan_report"], "มิติ", "จำนวนโครงการ")
    assert [c.text for c in summary.rows[-1].cells] == [
        "รวม", "๓๖", "๙", "๑๘", "๙", "๔,๐๐๐", "๓,๕๐๐", "๔๙.๗๒",
    ]  # fmt: skip


def test_report_totals_may_sit_on_the_summary_itself(tmp_path):
    context = plan_report_context()
    context["summary"].update(context["summary"].pop("total"))
    path = write(tmp_path, "flat.pdf", render_document("plan_report", context, "pdf"))
    assert "รวม ๓๖ ๙ ๑๘ ๙ ๔,๐๐๐ ๓,๕๐๐ ๔๙.๗๒" in pdf_text(path, "-raw").splitlines()
    document = docx.Document(io.BytesIO(render_document("plan_report", context, "docx")))
    summary = table_headed(document, "มิติ", "จำนวนโครงการ")
    assert [c.text for c in summary.rows[-1].cells][1:3] == ["๓๖", "๙"]


def test_an_undated_announcement_leaves_a_line_for_the_date(tmp_path):
    kind = "action_plan"
    context = SAMPLES[kind]()
    context["announcement"]["date"] = ""
    context["projects"] = context["projects"][:1]
    dotted = "ประกาศ ณ วันที่ " + "." * 36
    path = write(tmp_path, "undated.pdf", render_document(kind, context, "pdf"))
    assert dotted in pdf_text(path, "-raw").splitlines()
    document = docx.Document(io.BytesIO(render_document(kind, context, "docx")))
    assert dotted in [p.text for p in document.paragraphs]
