"""The OIT disclosure check report (oit_findings) as PDF and Word, read back with poppler and
python-docx the way a reader's tools see them: what an assessor would fail on the website, the
problem rows marked, long URLs kept inside the landscape page."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from prongsai.documents.docx_templates import BUILDERS
from prongsai.documents.rendering import formats_for, render_document
from prongsai.documents.samples import (
    EXECUTIVE,
    OIT_FINDINGS_TITLE,
    OIT_ITEMS,
    OIT_MAIN_SITE,
    OIT_PROBLEMS,
    OIT_READY,
    ORG_NAME,
    oit_findings_context,
    oit_url,
)
from prongsai.documents.tests.conftest import (
    A4_LANDSCAPE,
    ink,
    page_image,
    page_sizes,
    pdf_text,
    poppler,
    squash,
    table_headed,
    write,
)

KIND = "oit_findings"
# The right margin of the page (2 cm), in points.
RIGHT_MARGIN = 2 / 2.54 * 72
HEADERS = ["ข้อ", "รายการ", "URL", "ผลการตรวจ", "ข้อค้นพบ", "แนวทางแก้ไข", "ผู้รับผิดชอบ"]
PROBLEM_CODES = list(OIT_PROBLEMS)
# A 300-character address, its path one long run with no break opportunity of its own.
LONG_URL = f"{OIT_MAIN_SITE}/ita/2568/" + "o12-" + "x" * (300 - len(OIT_MAIN_SITE) - 14)
assert len(LONG_URL) == 300


def words(path: Path) -> list[tuple[str, float, float]]:
    """Every word pdftotext finds with the left and right edges of its box, in points."""
    html = poppler("pdftotext", "-bbox", path, "-")
    return [
        (word, float(x_min), float(x_max))
        for x_min, x_max, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            html,
        )
    ]


def links(path: Path) -> set[str]:
    out = poppler("pdfinfo", "-url", path)
    return {line.split()[-1] for line in out.splitlines()[1:] if line.strip()}


def findings_table(document):
    for table in document.tables:
        if [c.text for c in table.rows[0].cells] == HEADERS:
            return table
    raise AssertionError("no findings table")


def is_bold(paragraph) -> bool:
    """Whether the paragraph's printed text is bold for Thai (w:bCs) too."""
    runs = [r for r in paragraph.runs if r.text]
    return bool(runs) and all(
        r._r.rPr is not None and r._r.rPr.find(qn("w:bCs")) is not None for r in runs
    )


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("oit")
    return write(folder, "oit.pdf", render_document(KIND, oit_findings_context(), "pdf"))


@pytest.fixture(scope="module")
def word():
    return docx.Document(io.BytesIO(render_document(KIND, oit_findings_context(), "docx")))


def long_url_context() -> dict:
    context = oit_findings_context()
    row = next(r for r in context["rows"] if r["item"] == "o12")
    row["url"] = LONG_URL
    return context


# --- the kind -----------------------------------------------------------------------------


def test_it_is_made_in_both_formats_from_a_built_word_template():
    assert formats_for(KIND) == ("docx", "pdf")
    assert KIND in BUILDERS


# --- PDF ----------------------------------------------------------------------------------


def test_page_one_is_printed(pdf):
    assert ink(page_image(pdf)) > 0.01


def test_every_page_is_a4_landscape(pdf):
    sizes = page_sizes(pdf)
    assert len(sizes) > 1  # 26 rows run over several pages
    assert set(sizes) == {A4_LANDSCAPE}


def test_the_pdf_reads_back(pdf):
    text = pdf_text(pdf, "-raw")
    flat = squash(text)
    for phrase in (
        OIT_FINDINGS_TITLE,
        ORG_NAME,
        f"เว็บไซต์หลักของหน่วยงาน {OIT_MAIN_SITE}",
        "ตรวจสอบเมื่อวันที่ ๒๐ พฤษภาคม ๒๕๖๘",
        "จำนวนข้อที่ตรวจสอบ (ข้อ) ๒๖",
        "ข้อที่พร้อมเผยแพร่ (ข้อ) ๒๑",
        "ข้อที่พบปัญหา (ข้อ) ๕",
        "ความพร้อมตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล (คะแนน) ๘๕.๐๐",
        "ความพร้อมตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต (คะแนน) ๖๖.๖๗",
        "คะแนน OIT ที่คาดว่าจะได้รับ ๗๕.๘๓",
        "หากแก้ไขข้อที่ไม่ผ่าน ๕ ข้อ คะแนนรวมจะเป็น ๙๒.๑๐",
        " ".join(HEADERS),
        "ผู้รับรองข้อมูล",
        f"({EXECUTIVE['name']})",
    ):
        assert squash(phrase) in flat, phrase
    for code, (status, finding, fix, missing) in OIT_PROBLEMS.items():
        assert squash(f"✗ {status}") in flat, code
        assert squash(finding) in flat and squash(fix) in flat, code
        if missing:
            assert squash(f"สิ่งที่ขาด: {missing}") in flat, code
    for code, *_ in OIT_ITEMS:
        # URLs wrap inside their column: whitespace is all that comes between their parts.
        assert squash(oit_url(code)) in flat, code
    assert flat.count("✗") == len(OIT_PROBLEMS)
    assert flat.count(squash(f"✓ {OIT_READY}")) == len(OIT_ITEMS) - len(OIT_PROBLEMS)


def test_the_parts_come_in_order(pdf):
    flat = squash(pdf_text(pdf, "-raw"))
    parts = [
        "ส่วนที่ ๑ สรุปผลการตรวจสอบ",
        "ส่วนที่ ๒ ผลการตรวจสอบรายข้อ",
        "ส่วนที่ ๓ สิ่งที่ต้องดำเนินการ จำแนกตามหน่วยงานผู้รับผิดชอบ",
        "(ลงชื่อ)",
    ]
    positions = [flat.index(squash(part)) for part in parts]
    assert positions == sorted(positions)
    # The missing documents listed under their owner unit, after the findings.
    owners = flat[positions[2] : positions[3]]
    assert squash("กองคลัง o12, o13 o12 ความก้าวหน้าการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ") in owners
    assert squash("สำนักปลัด o15, o22, o24") in owners
    assert squash("o24 ผลการดำเนินการตามมาตรการ รอบ ๑๒ เดือน") in owners


def test_web_addresses_are_links(pdf):
    assert links(pdf) == {oit_url(code) for code, *_ in OIT_ITEMS}


def test_a_300_character_url_stays_inside_the_page(tmp_path):
    path = write(tmp_path, "long.pdf", render_document(KIND, long_url_context(), "pdf"))
    assert set(page_sizes(path)) == {A4_LANDSCAPE}
    assert squash(LONG_URL) in squash(pdf_text(path, "-raw"))
    right_edge = A4_LANDSCAPE[0] - RIGHT_MARGIN + 1
    pieces = [(w, x0, x1) for w, x0, x1 in words(path) if "xxxx" in w]
    assert len(pieces) > 3  # wrapped over several lines of its column
    assert all(x1 <= right_edge for _w, _x0, x1 in pieces)
    # …and inside the URL column: every piece starts where the first one does.
    assert len({round(x0) for _w, x0, _x1 in pieces}) == 1
    assert max(x1 for *_, x1 in pieces) - min(x0 for _, x0, _ in pieces) < 0.2 * A4_LANDSCAPE[0]


def test_only_web_addresses_become_links(tmp_path):
    context = oit_findings_context()
    context["rows"][0]["url"] = "javascript:alert(1)"
    context["rows"][1]["url"] = ""
    path = write(tmp_path, "script.pdf", render_document(KIND, context, "pdf"))
    assert "javascript:alert(1)" in pdf_text(path, "-raw")
    found = links(path)
    assert not any(url.startswith("javascript") for url in found)
    assert oit_url("o3") in found


def test_without_a_what_if_sentence_the_total_is_printed(tmp_path):
    context = oit_findings_context()
    context["summary"]["what_if"] = ""
    path = write(tmp_path, "total.pdf", render_document(KIND, context, "pdf"))
    assert "คะแนนรวมหากแก้ไขข้อที่ไม่ผ่าน ๙๒.๑๐" in pdf_text(path, "-raw").splitlines()
    document = docx.Document(io.BytesIO(render_document(KIND, context, "docx")))
    summary = table_headed(document, "รายการ")
    assert [c.text for c in summary.rows[-1].cells] == ["คะแนนรวมหากแก้ไขข้อที่ไม่ผ่าน", "๙๒.๑๐"]


def test_a_site_with_nothing_to_fix(tmp_path):
    context = oit_findings_context()
    context["by_owner"] = []
    path = write(tmp_path, "clean.pdf", render_document(KIND, context, "pdf"))
    assert "ไม่มีข้อที่ต้องแก้ไข" in pdf_text(path, "-raw").splitlines()
    document = docx.Document(io.BytesIO(render_document(KIND, context, "docx")))
    owners = table_headed(document, "หน่วยงานผู้รับผิดชอบ")
    assert [row.cells[0].text for row in owners.rows[1:]] == ["ไม่มีข้อที่ต้องแก้ไข"]


def test_an_owner_without_missing_documents_gets_a_dash(tmp_path):
    context = oit_findings_context()
    context["by_owner"] = [{"owner": "กองช่าง", "items": "o15"}]
    path = write(tmp_path, "dash.pdf", render_document(KIND, context, "pdf"))
    assert "กองช่าง o15 -" in pdf_text(path, "-raw").splitlines()
    document = docx.Document(io.BytesIO(render_document(KIND, context, "docx")))
    owners = table_headed(document, "หน่วยงานผู้รับผิดชอบ")
    assert [c.text for c in owners.rows[1].cells] == ["กองช่าง", "o15", "-"]


def test_arabic_digits_when_the_organisation_wants_them(tmp_path):
    context = oit_findings_context()
    context["thai_digits"] = False
    path = write(tmp_path, "arabic.pdf", render_document(KIND, context, "pdf"))
    flat = squash(pdf_text(path, "-raw"))
    assert squash("ส่วนที่ 2 ผลการตรวจสอบรายข้อ") in flat
    assert squash("ความพร้อมตัวชี้วัดที่ 10 การป้องกันการทุจริต") in flat
    document = docx.Document(io.BytesIO(render_document(KIND, context, "docx")))
    assert "ส่วนที่ 3 สิ่งที่ต้องดำเนินการ จำแนกตามหน่วยงานผู้รับผิดชอบ" in [p.text for p in document.paragraphs]


def test_markup_in_the_data_is_printed_as_text(tmp_path):
    context = oit_findings_context()
    context["rows"][0]["finding"] = "ไฟล์ <b>ว่าง</b> & เสีย"
    path = write(tmp_path, "escaped.pdf", render_document(KIND, context, "pdf"))
    assert "ไฟล์ <b>ว่าง</b> & เสีย" in pdf_text(path, "-raw")
    document = docx.Document(io.BytesIO(render_document(KIND, context, "docx")))
    assert findings_table(document).rows[1].cells[4].text == "ไฟล์ <b>ว่าง</b> & เสีย"


# --- Word ---------------------------------------------------------------------------------


def test_word_is_a_landscape_report_without_tags_left(word):
    assert [round(s.page_width.cm, 1) for s in word.sections] == [29.7]
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[:4] == [
        OIT_FINDINGS_TITLE,
        ORG_NAME,
        f"เว็บไซต์หลักของหน่วยงาน {OIT_MAIN_SITE}",
        "ตรวจสอบเมื่อวันที่ ๒๐ พฤษภาคม ๒๕๖๘",
    ]
    text = "\n".join(
        [*paragraphs, *(c.text for t in word.tables for row in t.rows for c in row.cells)]
    )
    assert "{{" not in text and "{%" not in text
    assert "built-in method" not in text  # summary.items is the figure, not dict.items


@pytest.mark.parametrize("style", ["Normal", "Title", "Heading 2", "Table Text"])
def test_word_uses_th_sarabunpsk_for_thai(word, style):
    rpr = word.styles[style].element.rPr
    fonts = rpr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == "TH SarabunPSK"
    assert fonts.get(qn("w:cstheme")) is None
    assert rpr.find(qn("w:szCs")) is not None


def test_word_summary(word):
    summary = table_headed(word, "รายการ")
    assert [[c.text for c in row.cells] for row in summary.rows[1:7]] == [
        ["จำนวนข้อที่ตรวจสอบ (ข้อ)", "๒๖"],
        ["ข้อที่พร้อมเผยแพร่ (ข้อ)", "๒๑"],
        ["ข้อที่พบปัญหา (ข้อ)", "๕"],
        ["ความพร้อมตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล (คะแนน)", "๘๕.๐๐"],
        ["ความพร้อมตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต (คะแนน)", "๖๖.๖๗"],
        ["คะแนน OIT ที่คาดว่าจะได้รับ", "๗๕.๘๓"],
    ]
    # The what-if sentence spans the table.
    last = summary.rows[-1]
    assert len(last._tr.findall(qn("w:tc"))) == 1
    assert last.cells[0].text == "หากแก้ไขข้อที่ไม่ผ่าน ๕ ข้อ คะแนนรวมจะเป็น ๙๒.๑๐"


def test_word_has_one_row_per_finding(word):
    table = findings_table(word)
    assert len(table.rows) == 1 + len(OIT_ITEMS)
    assert [row.cells[0].text for row in table.rows[1:]] == [code for code, *_ in OIT_ITEMS]
    o12 = table.rows[12]
    assert [c.text for c in o12.cells] == [
        "o12",
        OIT_ITEMS[11][2],
        oit_url("o12"),
        "✗ เอกสารปีเก่า",
        f"{OIT_PROBLEMS['o12'][1]}\nสิ่งที่ขาด: {OIT_PROBLEMS['o12'][3]}",
        OIT_PROBLEMS["o12"][2],
        "กองคลัง",
    ]
    assert [c.text for c in table.rows[1].cells] == [
        "o1", OIT_ITEMS[0][2], oit_url("o1"), f"✓ {OIT_READY}", "-", "-", "สำนักปลัด",
    ]  # fmt: skip
    # A line of the finding's text is a line in Word too.
    o24 = table.rows[24].cells[4].text
    assert o24.startswith("รายงานมีเฉพาะรอบ ๖ เดือน\nยังไม่มีผลการดำเนินการรอบ ๑๒ เดือน")


def test_word_problem_rows_are_bold(word):
    table = findings_table(word)
    for row, (code, *_rest) in zip(table.rows[1:], OIT_ITEMS, strict=True):
        problem = code in OIT_PROBLEMS
        for column in (0, 3):
            assert is_bold(row.cells[column].paragraphs[0]) == problem, (code, column)
        assert not is_bold(row.cells[1].paragraphs[0])


def test_word_lists_what_is_missing_by_owner(word):
    owners = table_headed(word, "หน่วยงานผู้รับผิดชอบ")
    assert [[c.text for c in row.cells] for row in owners.rows[1:]] == [
        ["กองคลัง", "o12, o13",
         "o12 ความก้าวหน้าการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ\no13 รายงานผลการจัดซื้อจัดจ้างประจำปี"],
        ["สำนักปลัด", "o15, o22, o24",
         "o22 รายงานการรับทรัพย์สินหรือประโยชน์อื่นใด\no24 ผลการดำเนินการตามมาตรการ รอบ ๑๒ เดือน"],
    ]  # fmt: skip
    assert "ผู้รับรองข้อมูล" in word.tables[-1].rows[0].cells[1].text


def test_word_keeps_a_long_url_whole_in_its_fixed_column():
    document = docx.Document(io.BytesIO(render_document(KIND, long_url_context(), "docx")))
    table = findings_table(document)
    cell = table.rows[12].cells[2]
    assert cell.text == LONG_URL
    # A fixed layout: Word and LibreOffice wrap the address inside the column's 4.3 cm instead
    # of widening the table past the page.
    layout = table._tbl.tblPr.find(qn("w:tblLayout"))
    assert layout.get(qn("w:type")) == "fixed"
    assert round(cell.width.cm, 1) == 4.3
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    text_width_twips = (29.7 - 2.5 - 2) / 2.54 * 1440
    assert sum(widths) <= text_width_twips + 1
