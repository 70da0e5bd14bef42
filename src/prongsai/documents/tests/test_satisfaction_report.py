"""The service satisfaction report as PDF and as Word, read back; small points stay anonymous."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from prongsai.documents.rendering import render_document
from prongsai.documents.samples import (
    ORG_NAME,
    SATISFACTION_QUESTIONS,
    SATISFACTION_TITLE,
    SUPPRESSED_SENTENCE,
    satisfaction_report_context,
)
from prongsai.documents.tests.conftest import all_text, ink, page_image, pdf_text, squash

SUPPRESSED = "กองคลัง (ชำระภาษี)"
# A figure that appears nowhere else: put on the suppressed point, it must not be printed.
SECRET = "๖๖.๖๗"


def leaky_context() -> dict:
    """The sample with the suppressed point's figures filled in, as a careless caller might."""
    context = satisfaction_report_context()
    point = next(p for p in context["service_points"] if p["suppressed"])
    point["satisfied_pct"] = SECRET
    point["questions"] = [
        {"code": code, "text": text, "satisfied_pct": SECRET}
        for code, text in SATISFACTION_QUESTIONS
    ]
    return context


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.pdf"
    path.write_bytes(render_document("satisfaction_report", leaky_context(), "pdf"))
    return path


@pytest.fixture(scope="module")
def report_docx() -> docx.document.Document:
    data = render_document("satisfaction_report", leaky_context(), "docx")
    return docx.Document(io.BytesIO(data))


def tables_headed(document, first_header: str, columns: int) -> list:
    return [
        t
        for t in document.tables
        if t.rows[0].cells[0].text == first_header and len(t.columns) == columns
    ]


# --- PDF ----------------------------------------------------------------------------------


def test_the_pdf_reads_back_as_the_report(report_pdf):
    text = pdf_text(report_pdf, "-raw")
    lines = text.splitlines()
    assert SATISFACTION_TITLE in lines
    assert ORG_NAME in lines
    assert "ระยะเวลาการประเมิน ต.ค. ๒๕๖๘ – มี.ค. ๒๕๖๙ ประจำปีงบประมาณ พ.ศ. ๒๕๖๙" in lines
    assert "ส่วนที่ ๑ ผลการประเมินความพึงพอใจในภาพรวม" in lines
    assert "ภาพรวม ๑๒๐ ๙๑.๓๐" in lines
    # s3 overall, then per point: งานทะเบียนราษฎร and กองช่าง.
    assert "ระยะเวลาในการให้บริการเหมาะสม รวดเร็ว ๑๒๐ ๘๔.๑๗" in lines
    assert "ระยะเวลาในการให้บริการเหมาะสม รวดเร็ว ๘๗.๕๐" in lines
    assert "ระยะเวลาในการให้บริการเหมาะสม รวดเร็ว ๗๕.๖๘" in lines
    assert "งานทะเบียนราษฎร ๘๐ ๙๒.๙๒" in lines
    assert squash("จึงเสนอให้จัดระบบบัตรคิวและปรับปรุงที่นั่งรอบริเวณจุดบริการ") in squash(text)
    assert "(ลงชื่อ) .................................... ผู้รับรองข้อมูล" in lines
    assert "(นายสมชาย รักษ์ถิ่น)" in lines
    # No reporter name given: a dotted line to write it in.
    assert "(" + "." * 36 + ")" in lines
    assert "ตำแหน่ง นักจัดการงานทั่วไป" in lines


def test_a_point_with_too_few_responses_shows_only_its_count(report_pdf):
    text = pdf_text(report_pdf, "-raw")
    lines = text.splitlines()
    assert f"{SUPPRESSED} ๓ ไม่แสดงผล" in lines
    assert f"{SUPPRESSED} (ผู้ตอบ ๓ ราย)" in lines
    assert SUPPRESSED_SENTENCE in lines
    assert SECRET not in text
    # Nine question rows overall and nine for each of the two points shown, none for กองคลัง.
    text_s1 = "ขั้นตอนการให้บริการชัดเจน ไม่ยุ่งยาก"
    assert sum(line.startswith(text_s1) for line in lines) == 3


def test_page_one_is_printed(report_pdf):
    assert ink(page_image(report_pdf)) > 0.02


def test_arabic_digits_for_the_section_numbers_when_wanted(tmp_path):
    context = satisfaction_report_context()
    context["thai_digits"] = False
    path = tmp_path / "arabic.pdf"
    path.write_bytes(render_document("satisfaction_report", context, "pdf"))
    assert "ส่วนที่ 2 ผลการประเมินรายจุดบริการ" in pdf_text(path, "-raw")


# --- DOCX ---------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["Normal", "Title", "Heading 1", "Heading 2", "Table Text"])
def test_word_styles_use_th_sarabunpsk_for_thai(report_docx, style):
    rpr = report_docx.styles[style].element.rPr
    fonts = rpr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == "TH SarabunPSK"
    assert fonts.get(qn("w:cstheme")) is None
    assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "32"


def test_the_word_file_holds_the_whole_report(report_docx):
    text = all_text(report_docx)
    assert SATISFACTION_TITLE in text
    assert ORG_NAME in text
    assert "ระยะเวลาการประเมิน ต.ค. ๒๕๖๘ – มี.ค. ๒๕๖๙" in text
    assert "ส่วนที่ ๓ สรุปผลการประเมิน" in text
    assert "ผู้รับรองข้อมูล" in text and "(นายสมชาย รักษ์ถิ่น)" in text
    assert "{{" not in text and "{%" not in text


def test_word_has_one_row_per_question(report_docx):
    (overall,) = tables_headed(report_docx, "ประเด็นการประเมิน", 3)
    texts = [text for _, text in SATISFACTION_QUESTIONS]
    assert [row.cells[0].text for row in overall.rows[1:-1]] == texts
    assert [c.text for c in overall.rows[-1].cells] == ["ภาพรวม", "๑๒๐", "๙๑.๓๐"]
    assert overall.rows[3].cells[2].text == "๘๔.๑๗"
    per_point = tables_headed(report_docx, "ประเด็นการประเมิน", 2)
    assert len(per_point) == 2  # the two points with enough responses
    for table in per_point:
        assert [row.cells[0].text for row in table.rows[1:]] == texts
    assert [row.cells[1].text for row in per_point[1].rows[1:4]] == ["๘๓.๗๘", "๙๔.๕๙", "๗๕.๖๘"]


def test_word_shows_only_the_count_of_a_small_point(report_docx):
    (points,) = tables_headed(report_docx, "จุดบริการ", 3)
    assert [c.text for c in points.rows[-1].cells] == [SUPPRESSED, "๓", "ไม่แสดงผล"]
    paragraphs = [p.text for p in report_docx.paragraphs]
    heading = paragraphs.index(f"{SUPPRESSED} (ผู้ตอบ ๓ ราย)")
    assert paragraphs[heading + 1] == SUPPRESSED_SENTENCE
    assert paragraphs[heading + 2] == "ส่วนที่ ๓ สรุปผลการประเมิน"
    assert SECRET not in all_text(report_docx)


def test_word_gives_each_line_of_the_summary_its_own_paragraph(report_docx):
    paragraphs = [p.text for p in report_docx.paragraphs]
    start = paragraphs.index("ส่วนที่ ๓ สรุปผลการประเมิน")
    assert paragraphs[start + 2] == ("กองคลังมีผู้ตอบน้อย ควรประชาสัมพันธ์ช่องทางการประเมินที่จุดชำระภาษีเพิ่มเติม")
    assert report_docx.paragraphs[start + 1].paragraph_format.first_line_indent is not None


def test_word_pages_are_a4_with_thai_page_numbers(report_docx):
    (section,) = report_docx.sections
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")) == "thaiNumbers"


def test_an_empty_summary_prints_a_dash_in_both_formats(tmp_path):
    context = satisfaction_report_context()
    context["summary_text"] = ""
    document = docx.Document(io.BytesIO(render_document("satisfaction_report", context, "docx")))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[paragraphs.index("ส่วนที่ ๓ สรุปผลการประเมิน") + 1] == "-"
    path = tmp_path / "empty.pdf"
    path.write_bytes(render_document("satisfaction_report", context, "pdf"))
    lines = pdf_text(path, "-raw").splitlines()
    assert lines[lines.index("ส่วนที่ ๓ สรุปผลการประเมิน") + 1] == "-"
