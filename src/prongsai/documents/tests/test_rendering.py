"""The ITA analysis rendered as PDF and as Word, read back the way a reader's tools see it."""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image

from prongsai.documents.charts import indicator_chart_png, indicator_chart_svg
from prongsai.documents.rendering import render_document
from prongsai.documents.samples import (
    INDICATORS,
    QUESTIONS,
    TITLE,
    ita_analysis_context,
)
from prongsai.documents.tests.conftest import all_text, pdf_text, poppler, squash, write

# A Thai line never starts with a vowel or mark that belongs after a consonant, nor ends with
# one written before it: either would mean a word (even a syllable) was cut in two.
FOLLOWING = re.compile(r"^[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]")
LEADING = re.compile(r"[\u0e40-\u0e44]$")
SCORE = re.compile(r"[๐-๙]+\.[๐-๙]{2}")
A4 = (595.28, 841.89)  # points


@pytest.fixture(scope="module")
def shipped_pdf(tmp_path_factory) -> Path:
    context = ita_analysis_context()
    context["chart_svg"] = indicator_chart_svg(context["indicators"], thai_digits=True)
    data = render_document("ita_analysis", context, "pdf")
    return write(tmp_path_factory.mktemp("pdf"), "ita.pdf", data)


@pytest.fixture(scope="module")
def shipped_docx() -> docx.document.Document:
    context = ita_analysis_context()
    context["chart_png"] = indicator_chart_png(context["indicators"], thai_digits=True, dpi=72)
    return docx.Document(io.BytesIO(render_document("ita_analysis", context, "docx")))


# --- PDF ----------------------------------------------------------------------------------


def test_the_pdf_reads_back_as_the_document(shipped_pdf):
    text = pdf_text(shipped_pdf)  # -layout: the page as laid out
    assert squash(TITLE) in squash(text)
    assert "องค์การบริหารส่วนตำบลบ้านสวน" in text
    assert "๑ การปฏิบัติหน้าที่ (IIT) คะแนน ๙๙.๗๙" in text
    assert "หน่วยงานมีการปรับปรุงการดำเนินงานให้ตอบสนองต่อประชาชน" in text
    assert "๙๙.๓๘" in text
    assert "ผู้รับรองข้อมูล" in text
    assert "(นายสมชาย รักษ์ถิ่น)" in text


def test_the_text_layer_has_the_real_thai_characters(shipped_pdf):
    # -layout puts a tone mark stacked over a vowel (ชี้) on a line of its own, so exact lines
    # are read in content order (-raw). WeasyPrint alone would give "ดาเนินงาน" and "ขูอม้ล"
    # here (see documents/pdf_text.py).
    lines = pdf_text(shipped_pdf, "-raw").splitlines()
    assert "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ (IIT) คะแนน ๙๙.๗๙" in lines
    assert "ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร (EIT) คะแนน ๙๓.๑๔" in lines
    assert "ส่วนที่ ๓ มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in lines
    assert "(ลงชื่อ) .................................... ผู้รับรองข้อมูล" in lines
    assert "ตำแหน่ง นายกองค์การบริหารส่วนตำบลบ้านสวน" in lines


def test_thai_words_are_not_split_across_lines(shipped_pdf):
    assert "การปฏิบัติหน้าที่" in pdf_text(shipped_pdf)
    lines = [line.strip() for line in pdf_text(shipped_pdf, "-raw").splitlines() if line.strip()]
    assert not [line for line in lines if FOLLOWING.search(line) or LEADING.search(line)]


def without_scores(text: str) -> str:
    # In content order a score cell's text sits between two lines of its question.
    return SCORE.sub("", text)


def test_every_question_is_printed(shipped_pdf):
    text = squash(without_scores(pdf_text(shipped_pdf, "-raw")))
    for _, code, question, _ in QUESTIONS:
        assert squash(f"{code} {question}") in text


def test_the_lowest_questions_are_marked(shipped_pdf):
    text = squash(without_scores(pdf_text(shipped_pdf, "-raw")))
    assert squash("มากน้อยเพียงใด (คะแนนน้อยที่สุด)") in text
    # i2 is indicator 1's lowest; i1 (100) is not marked.
    assert squash("ผู้มารับบริการอย่างเท่าเทียมกัน มากน้อยเพียงใด (คะแนนน้อยที่สุด)") in text
    assert squash("เป็นไปตามขั้นตอนและระยะเวลา มากน้อยเพียงใด (คะแนนน้อยที่สุด)") not in text


def test_the_font_is_laksaman_embedded(shipped_pdf):
    fonts = poppler("pdffonts", shipped_pdf).splitlines()[2:]
    thai = [line for line in fonts if "Laksaman" in line or "SarabunPSK" in line]
    assert thai, fonts
    # The columns are name, type, encoding, emb, sub, uni: embedded and with a Unicode map.
    assert all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in thai), thai


def test_page_one_is_not_blank(shipped_pdf, tmp_path):
    poppler("pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", shipped_pdf, tmp_path / "page")
    (png,) = tmp_path.glob("page*.png")
    image = Image.open(png).convert("L")
    ink = sum(1 for value in image.tobytes() if value < 200)
    assert ink > 0.02 * image.width * image.height


def test_pages_are_a4_with_thai_page_numbers_and_a_landscape_measures_table(shipped_pdf):
    info = poppler("pdfinfo", "-f", "1", "-l", "99", shipped_pdf)
    sizes = [
        (round(float(w), 1), round(float(h), 1))
        for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    ]
    portrait = (round(A4[0], 1), round(A4[1], 1))
    landscape = portrait[::-1]
    assert sizes[0] == portrait
    assert sizes[-1] == landscape
    assert set(sizes) == {portrait, landscape}
    pages = pdf_text(shipped_pdf, "-raw").split("\f")
    assert pages[0].strip().splitlines()[-1] == "๑"
    assert pages[1].strip().splitlines()[-1] == "๒"
    assert "ขั้นตอนการดำเนินการ" in pages[len(sizes) - 1]


def test_a_long_table_repeats_its_header_on_every_page(tmp_path):
    context = ita_analysis_context()
    first = context["indicators"][0]
    first["questions"] = [dict(first["questions"][0], code=f"i{n}") for n in range(1, 61)]
    path = write(tmp_path, "long.pdf", render_document("ita_analysis", context, "pdf"))
    pages = pdf_text(path, "-raw").split("\f")
    spanned = [page for page in pages if "i30 " in page or "i59 " in page]
    assert len(spanned) == 2
    assert all("ข้อคำถาม คะแนน" in page for page in spanned)


def test_arabic_digits_when_the_organisation_wants_them(tmp_path):
    context = ita_analysis_context(thai_digits=False)
    path = write(tmp_path, "arabic.pdf", render_document("ita_analysis", context, "pdf"))
    text = pdf_text(path, "-raw")
    assert "ส่วนที่ 2 ผลการวิเคราะห์รายตัวชี้วัด" in text
    assert "99.38" in text


def test_markup_in_the_data_is_printed_as_text(tmp_path):
    context = ita_analysis_context()
    context["indicators"][0]["cause"] = "<b>ตัวหนา</b> & <script>x</script>"
    path = write(tmp_path, "escaped.pdf", render_document("ita_analysis", context, "pdf"))
    assert "<b>ตัวหนา</b> & <script>x</script>" in pdf_text(path, "-raw")


# --- DOCX ---------------------------------------------------------------------------------


def style_rpr(document, name: str):
    return document.styles[name].element.rPr


@pytest.mark.parametrize("style", ["Normal", "Title", "Heading 1", "Heading 2", "Table Text"])
def test_word_styles_use_th_sarabunpsk_16pt_for_thai(shipped_docx, style):
    rpr = style_rpr(shipped_docx, style)
    fonts = rpr.find(qn("w:rFonts"))
    for slot in ("w:cs", "w:ascii", "w:hAnsi", "w:eastAsia"):
        assert fonts.get(qn(slot)) == "TH SarabunPSK"
    assert fonts.get(qn("w:cstheme")) is None  # a theme font would win over the name
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == "32"  # half-points
    assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "32"


def test_the_word_file_holds_the_whole_document(shipped_docx):
    text = all_text(shipped_docx)
    assert TITLE in text
    for _, name, _ in INDICATORS:
        assert name in text
    for _, code, question, _ in QUESTIONS:
        assert f"{code} {question}" in text
    assert "มาตรการเผยแพร่ข้อมูลการจัดซื้อจัดจ้างต่อสาธารณะ" in text
    assert "ผู้รับรองข้อมูล" in text
    assert "(นายสมชาย รักษ์ถิ่น)" in text
    assert "{{" not in text and "{%" not in text


def test_the_loops_make_one_row_per_question_and_measure(shipped_docx):
    tables = shipped_docx.tables
    question_tables = [t for t in tables if t.rows[0].cells[0].text == "ข้อคำถาม"]
    with_questions = [n for n, _, _ in INDICATORS if any(q[0] == n for q in QUESTIONS)]
    assert len(question_tables) == len(with_questions)  # indicator 10 has none: no table
    for number, table in zip(with_questions, question_tables, strict=True):
        codes = [q[1] for q in QUESTIONS if q[0] == number]
        assert [row.cells[0].text.split()[0] for row in table.rows[1:]] == codes
    measures = next(t for t in tables if t.rows[0].cells[0].text == "ที่")
    assert [row.cells[0].text for row in measures.rows[1:]] == ["๑", "๒"]
    summary = tables[0]
    assert [row.cells[0].text for row in summary.rows] == [
        "เครื่องมือการประเมิน",
        "IIT",
        "EIT",
        "OIT",
        "คะแนนรวม",
        "ผลการประเมิน",
    ]


def test_word_marks_the_lowest_questions(shipped_docx):
    rows = {
        row.cells[0].text.split()[0]: row.cells[0].text
        for table in shipped_docx.tables
        for row in table.rows[1:]
    }
    assert rows["i2"].endswith("(คะแนนน้อยที่สุด)")
    assert "(คะแนนน้อยที่สุด)" not in rows["i1"]


def test_word_header_rows_repeat(shipped_docx):
    for table in shipped_docx.tables[:-1]:  # all but the signature block
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_word_gets_the_chart_only_when_given(shipped_docx, context):
    assert len(shipped_docx.inline_shapes) == 1
    plain = docx.Document(io.BytesIO(render_document("ita_analysis", context, "docx")))
    assert len(plain.inline_shapes) == 0


def test_word_keeps_line_breaks_and_escapes_markup(context):
    context = copy.deepcopy(context)
    context["measures"][0]["steps"] = "๑. ขั้นแรก\n๒. ขั้นที่สอง <ด่วน> & ตรวจ"
    document = docx.Document(io.BytesIO(render_document("ita_analysis", context, "docx")))
    cell = next(row.cells[4] for t in document.tables for row in t.rows if row.cells[0].text == "๑")
    assert cell.text == "๑. ขั้นแรก\n๒. ขั้นที่สอง <ด่วน> & ตรวจ"
    assert cell._tc.xpath(".//w:br")


def test_word_pages_are_a4_with_thai_page_numbers(shipped_docx):
    first, measures = shipped_docx.sections
    assert (round(first.page_width.cm, 1), round(first.page_height.cm, 1)) == (21.0, 29.7)
    assert round(first.left_margin.cm, 1) == 2.5 and round(first.right_margin.cm, 1) == 2.0
    assert round(measures.page_width.cm, 1) == 29.7
    for section in (first, measures):
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")) == "thaiNumbers"
    assert first.footer._element.xpath(".//w:fldSimple[@w:instr='PAGE']")


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "fmt"),
    [("no_such_kind", "pdf"), ("ita_analysis", "odt"), ("ita_analysis", "html"), ("", "docx")],
)
def test_an_unknown_kind_or_format_is_refused(kind, fmt, context):
    with pytest.raises(ValueError):
        render_document(kind, context, fmt)


def test_a_missing_name_leaves_a_dotted_line_to_sign(context, tmp_path):
    context["reporter"] = {"name": "", "position": "นิติกร"}
    path = write(tmp_path, "blank.pdf", render_document("ita_analysis", context, "pdf"))
    assert "(" + "." * 36 + ")" in pdf_text(path, "-raw")
    document = docx.Document(io.BytesIO(render_document("ita_analysis", context, "docx")))
    signatures = document.tables[-1].rows[0].cells[0].text
    assert "(" + "." * 36 + ")" in signatures
