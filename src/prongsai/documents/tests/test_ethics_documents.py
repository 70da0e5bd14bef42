"""The ethics, No Gift Policy and complaint documents as PDF and Word, read back with poppler and
python-docx the way a reader's tools see them.

The code of ethics (ethics_code, seed 004) and the yearly report of the ethical standards'
indicators (ethics_report, seed 000); the No Gift Policy announcement, poster and yearly report
(ngp_announcement, ngp_poster, ngp_report; seed 004); the complaint statistics
(complaint_statistics).
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from docx.oxml.ns import qn

from prongsai.documents.models import PDF_ONLY_KINDS, DocumentTemplate
from prongsai.documents.rendering import find_org_template, formats_for, render_document
from prongsai.documents.samples import (
    COMPLAINT_QUARTERS,
    COMPLAINT_STATISTICS_TITLE,
    ETHICS_ADDITIONS,
    ETHICS_CORE,
    ETHICS_GENERAL,
    ETHICS_LEGAL_BASES,
    ETHICS_REPORT_TITLE,
    ETHICS_STANDARDS,
    ETHICS_TITLE,
    EXECUTIVE,
    FROM_COMPLAINTS,
    FROM_SURVEY,
    NGP_ACTIVITIES,
    NGP_CONTACT,
    NGP_DECLARATION,
    NGP_REPORT_TITLE,
    NGP_ROWS,
    NGP_TITLE,
    NO_GIFTS,
    ORG_NAME,
    complaint_statistics_context,
    ethics_code_context,
    ethics_report_context,
    ngp_announcement_context,
    ngp_poster_context,
    ngp_report_context,
)
from prongsai.documents.tests.conftest import (
    A4_LANDSCAPE,
    A4_PORTRAIT,
    all_text,
    ink,
    page_image,
    page_sizes,
    pdf_text,
    poppler,
    squash,
    table_headed,
    write,
)

SAMPLES = {
    "ethics_code": ethics_code_context,
    "ethics_report": ethics_report_context,
    "ngp_announcement": ngp_announcement_context,
    "ngp_poster": ngp_poster_context,
    "ngp_report": ngp_report_context,
    "complaint_statistics": complaint_statistics_context,
}
KINDS = list(SAMPLES)
POSTERS = ["ngp_poster"]
WORD_KINDS = [kind for kind in KINDS if kind not in POSTERS]
TITLES = {
    "ethics_code": ETHICS_TITLE,
    "ethics_report": ETHICS_REPORT_TITLE,
    "ngp_announcement": NGP_TITLE,
    "ngp_poster": "งดให้ งดรับ",
    "ngp_report": NGP_REPORT_TITLE,
    "complaint_statistics": COMPLAINT_STATISTICS_TITLE,
}
ARABIC_DIGIT = re.compile(r"[0-9]")
THAI = "๐๑๒๓๔๕๖๗๘๙"


def tables_headed(document, *headers: str) -> list:
    return [
        t
        for t in document.tables
        if [c.text for c in t.rows[0].cells[: len(headers)]] == list(headers)
    ]


def word_heights(path: Path) -> list[tuple[str, float]]:
    """Every word pdftotext finds on the page with the height of its box, in points."""
    html = poppler("pdftotext", "-bbox", path, "-")
    return [
        (word, float(y_max) - float(y_min))
        for y_min, y_max, word in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
            html,
        )
    ]


def height_of(heights: list[tuple[str, float]], word: str) -> float:
    return max(h for w, h in heights if word in squash(w))


def th(n: int) -> str:
    return "".join(THAI[int(d)] for d in str(n))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("ethics")
    return {
        kind: write(folder, f"{kind}.pdf", render_document(kind, SAMPLES[kind](), "pdf"))
        for kind in KINDS
    }


@pytest.fixture(scope="module")
def docxs() -> dict[str, docx.document.Document]:
    return {
        kind: docx.Document(io.BytesIO(render_document(kind, SAMPLES[kind](), "docx")))
        for kind in WORD_KINDS
    }


# --- every kind ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_page_one_is_printed(pdfs, kind):
    assert ink(page_image(pdfs[kind])) > 0.01


@pytest.mark.parametrize("kind", KINDS)
def test_the_pdf_carries_its_title_and_organisation(pdfs, kind):
    text = pdf_text(pdfs[kind], "-raw")
    assert squash(TITLES[kind]) in squash(text)
    assert squash(ORG_NAME) in squash(text)


@pytest.mark.parametrize("kind", KINDS)
def test_every_figure_is_in_thai_digits(pdfs, kind):
    # The samples give every figure in Thai digits and the templates number their parts with
    # them: an Arabic digit on the page would be one the template wrote on its own.
    text = pdf_text(pdfs[kind], "-raw")
    assert not ARABIC_DIGIT.findall(text), kind
    assert re.search(f"[{THAI}]", text)


@pytest.mark.parametrize("kind", WORD_KINDS)
def test_every_figure_in_word_is_in_thai_digits(docxs, kind):
    text = all_text(docxs[kind])
    assert not ARABIC_DIGIT.findall(text), kind


@pytest.mark.parametrize("kind", WORD_KINDS)
@pytest.mark.parametrize("style", ["Normal", "Title", "Heading 1", "Heading 2", "Table Text"])
def test_word_uses_th_sarabunpsk_for_thai(docxs, kind, style):
    rpr = docxs[kind].styles[style].element.rPr
    fonts = rpr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == "TH SarabunPSK"
    assert fonts.get(qn("w:cstheme")) is None
    assert rpr.find(qn("w:szCs")) is not None


@pytest.mark.parametrize("kind", WORD_KINDS)
def test_word_bold_is_bold_for_thai_too(docxs, kind):
    body = docxs[kind].element.body
    bold = [rpr for rpr in body.iter(qn("w:rPr")) if rpr.find(qn("w:b")) is not None]
    assert bold
    assert all(rpr.find(qn("w:bCs")) is not None for rpr in bold)
    # Headings are bold through their style, which says so for Thai as well.
    heading = docxs[kind].styles["Heading 2"].element.rPr
    assert heading.find(qn("w:bCs")) is not None


@pytest.mark.parametrize("kind", WORD_KINDS)
def test_word_has_no_template_tags_left_and_thai_page_numbers(docxs, kind):
    document = docxs[kind]
    text = all_text(document)
    assert "{{" not in text and "{%" not in text
    assert ORG_NAME in text
    assert squash(TITLES[kind]) in squash(text)
    for section in document.sections:
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")) == "thaiNumbers"


@pytest.mark.parametrize("kind", KINDS)
def test_markup_in_the_data_is_printed_as_text(kind, tmp_path):
    context = SAMPLES[kind]()
    context["org"]["name"] = "อบต. <b>ทดสอบ</b> & ร่วม"
    path = write(tmp_path, "escaped.pdf", render_document(kind, context, "pdf"))
    assert "อบต. <b>ทดสอบ</b> & ร่วม" in pdf_text(path, "-raw")
    if kind in WORD_KINDS:
        document = docx.Document(io.BytesIO(render_document(kind, context, "docx")))
        assert "อบต. <b>ทดสอบ</b> & ร่วม" in all_text(document)


# --- the posters: PDF only ----------------------------------------------------------------


@pytest.mark.parametrize("kind", POSTERS)
def test_posters_have_no_word_layout(kind):
    assert kind in PDF_ONLY_KINDS
    assert formats_for(kind) == ("pdf",)
    with pytest.raises(ValueError, match=f"{kind}.*pdf only"):
        render_document(kind, SAMPLES[kind](), "docx")


@pytest.mark.parametrize("kind", WORD_KINDS)
def test_the_documents_are_made_in_both_formats(kind):
    assert formats_for(kind) == ("docx", "pdf")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", POSTERS)
def test_an_organisation_may_replace_a_poster_but_upload_no_word_one(kind, make_org, media):
    org = make_org("a")
    template = DocumentTemplate(org=org, kind=kind, fmt="docx")
    template.file.save("own.docx", ContentFile(b"x"), save=False)
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "fmt" in error.value.message_dict
    html = DocumentTemplate(org=org, kind=kind, fmt="html")
    html.file.save("own.html", ContentFile(b"<p>{{ org.name }}</p>"), save=True)
    html.full_clean()
    assert find_org_template(org, kind, "pdf") == html


@pytest.mark.parametrize("kind", POSTERS)
def test_a_poster_is_one_a4_page(pdfs, kind):
    assert page_sizes(pdfs[kind]) == [A4_PORTRAIT]


# --- the code of ethics -------------------------------------------------------------------


def test_the_code_of_ethics_reads_back_with_its_parts_in_order(pdfs):
    text = pdf_text(pdfs["ethics_code"], "-raw")
    lines = text.splitlines()
    flat = squash(text)
    assert f"ประกาศ{ORG_NAME}" in lines
    assert squash(f"เรื่อง {ETHICS_TITLE}") in flat
    assert squash("ในการประชุมครั้งที่ ๑/๒๕๖๔ เมื่อวันที่ ๓๐ สิงหาคม ๒๕๖๔") in flat
    parts = [
        "หมวด ๑ มาตรฐานทางจริยธรรมอันเป็นค่านิยมหลัก",
        "หมวด ๒ ประมวลจริยธรรมทั่วไป",
        f"หมวด ๓ ข้อกำหนดจริยธรรมเพิ่มเติมของ{ORG_NAME}",
        "กฎหมายและระเบียบที่เกี่ยวข้อง",
        "ประกาศ ณ วันที่ ๒๐ มกราคม ๒๕๖๘",
        f"({EXECUTIVE['name']})",
    ]
    positions = [flat.index(squash(part)) for part in parts]
    assert positions == sorted(positions)
    for items, after in ((ETHICS_CORE, 0), (ETHICS_GENERAL, 1), (ETHICS_ADDITIONS, 2)):
        for n, item in enumerate(items, 1):
            position = flat.index(squash(f"({th(n)}) {item}"))
            assert positions[after] < position < positions[after + 1]
    for n, basis in enumerate(ETHICS_LEGAL_BASES, 1):
        assert positions[3] < flat.index(squash(f"{th(n)}. {basis}")) < positions[4]


def test_the_code_has_the_seven_core_and_nine_general_items_in_word(docxs):
    paragraphs = [p.text for p in docxs["ethics_code"].paragraphs]
    assert paragraphs[:2] == [f"ประกาศ{ORG_NAME}", f"เรื่อง {ETHICS_TITLE}"]
    core = paragraphs.index("หมวด ๑ มาตรฐานทางจริยธรรมอันเป็นค่านิยมหลัก")
    general = paragraphs.index("หมวด ๒ ประมวลจริยธรรมทั่วไป")
    additions = paragraphs.index(f"หมวด ๓ ข้อกำหนดจริยธรรมเพิ่มเติมของ{ORG_NAME}")
    bases = paragraphs.index("กฎหมายและระเบียบที่เกี่ยวข้อง")
    assert paragraphs[core + 1 : general] == [
        f"({th(n)}) {text}" for n, text in enumerate(ETHICS_CORE, 1)
    ]
    assert len(paragraphs[core + 1 : general]) == 7
    assert paragraphs[general + 1 : additions] == [
        f"({th(n)}) {text}" for n, text in enumerate(ETHICS_GENERAL, 1)
    ]
    assert len(paragraphs[general + 1 : additions]) == 9
    assert paragraphs[bases + 1 : bases + 6] == [
        f"{th(n)}. {basis}" for n, basis in enumerate(ETHICS_LEGAL_BASES, 1)
    ]
    assert "ประกาศ ณ วันที่ ๒๐ มกราคม ๒๕๖๘" in paragraphs
    assert f"({EXECUTIVE['name']})" in paragraphs and EXECUTIVE["position"] in paragraphs


def test_a_code_without_additions_has_no_third_part(tmp_path):
    context = ethics_code_context(additions=False)
    path = write(tmp_path, "plain.pdf", render_document("ethics_code", context, "pdf"))
    text = squash(pdf_text(path, "-raw"))
    assert squash("หมวด ๒ ประมวลจริยธรรมทั่วไป") in text
    assert "หมวด๓" not in text and "ข้อกำหนดจริยธรรมเพิ่มเติม" not in text
    assert squash("กฎหมายและระเบียบที่เกี่ยวข้อง") in text
    document = docx.Document(io.BytesIO(render_document("ethics_code", context, "docx")))
    paragraphs = [p.text for p in document.paragraphs]
    assert not any(p.startswith("หมวด ๓") for p in paragraphs)
    assert paragraphs[paragraphs.index("หมวด ๒ ประมวลจริยธรรมทั่วไป") + 9] == (
        f"(๙) {ETHICS_GENERAL[8]}"
    )


def test_legal_bases_past_nine_are_numbered_in_two_thai_digits(tmp_path):
    context = ethics_code_context()
    context["legal_bases"] = [f"ระเบียบฉบับที่ {th(n)}" for n in range(1, 13)]
    document = docx.Document(io.BytesIO(render_document("ethics_code", context, "docx")))
    paragraphs = [p.text for p in document.paragraphs]
    assert "๑๐. ระเบียบฉบับที่ ๑๐" in paragraphs and "๑๒. ระเบียบฉบับที่ ๑๒" in paragraphs
    path = write(tmp_path, "bases.pdf", render_document("ethics_code", context, "pdf"))
    lines = pdf_text(path, "-raw").splitlines()
    assert "๑๒. ระเบียบฉบับที่ ๑๒" in lines


def test_arabic_digits_when_the_organisation_wants_them(tmp_path):
    context = ethics_code_context()
    context["thai_digits"] = False
    path = write(tmp_path, "arabic.pdf", render_document("ethics_code", context, "pdf"))
    text = pdf_text(path, "-raw")
    assert "หมวด 1 มาตรฐานทางจริยธรรมอันเป็นค่านิยมหลัก" in text.splitlines()
    assert squash(f"1. {ETHICS_LEGAL_BASES[0]}") in squash(text)
    document = docx.Document(io.BytesIO(render_document("ethics_code", context, "docx")))
    paragraphs = [p.text for p in document.paragraphs]
    assert "หมวด 2 ประมวลจริยธรรมทั่วไป" in paragraphs
    assert f"5. {ETHICS_LEGAL_BASES[4]}" in paragraphs


# --- the ethics report --------------------------------------------------------------------


def test_the_ethics_report_has_a_table_per_standard(pdfs):
    text = pdf_text(pdfs["ethics_report"], "-raw")
    flat = squash(text)
    headings = [squash(f"มาตรฐานที่ {number} {name}") for number, name, _ in ETHICS_STANDARDS]
    positions = [flat.index(h) for h in headings]
    assert positions == sorted(positions)
    assert flat.count(squash("ตัวชี้วัด ค่าเป้าหมาย ผลปี ๒๕๖๘ ผลปีก่อน (แนวโน้ม) ที่มาของข้อมูล")) == 5
    for _number, _name, indicators in ETHICS_STANDARDS:
        for ind in indicators:
            assert squash(ind["text"]) in flat
    for phrase in ("๒๕๖๖: ๓ เรื่อง", "๒๕๖๗: ๒ เรื่อง", "(ลดลง)", "ร้อยละ ๙๑.๔๐", FROM_SURVEY,
                   FROM_COMPLAINTS, "ผู้รับรองข้อมูล", f"({EXECUTIVE['name']})"):  # fmt: skip
        assert squash(phrase) in flat, phrase
    assert set(page_sizes(pdfs["ethics_report"])) == {A4_PORTRAIT}


def test_word_ethics_report_rows(docxs):
    tables = tables_headed(docxs["ethics_report"], "ตัวชี้วัด", "ค่าเป้าหมาย")
    assert len(tables) == len(ETHICS_STANDARDS)
    assert [c.text for c in tables[0].rows[0].cells] == [
        "ตัวชี้วัด", "ค่าเป้าหมาย", "ผลปี ๒๕๖๘", "ผลปีก่อน (แนวโน้ม)", "ที่มาของข้อมูล",
    ]  # fmt: skip
    assert [c.text for c in tables[0].rows[1].cells] == [
        "จำนวนเรื่องที่ถูกร้องเรียนว่าทุจริตและประพฤติมิชอบ",
        "ไม่เกิน ๑ เรื่อง",
        "๑ เรื่อง",
        "๒๕๖๖: ๓ เรื่อง\n๒๕๖๗: ๒ เรื่อง\n(ลดลง)",
        FROM_COMPLAINTS,
    ]
    # No previous years: a dash, not an empty cell.
    assert tables[1].rows[2].cells[3].text == "-"
    for table, (_n, _name, indicators) in zip(tables, ETHICS_STANDARDS, strict=True):
        assert len(table.rows) == 1 + len(indicators)
    paragraphs = [p.text for p in docxs["ethics_report"].paragraphs]
    assert f"มาตรฐานที่ ๕ {ETHICS_STANDARDS[4][1]}" in paragraphs


def test_a_standard_without_indicators_says_so(tmp_path):
    context = ethics_report_context()
    context["standards"][3]["indicators"] = []
    path = write(tmp_path, "empty.pdf", render_document("ethics_report", context, "pdf"))
    assert "ยังไม่ได้กำหนดตัวชี้วัด" in pdf_text(path, "-raw")
    document = docx.Document(io.BytesIO(render_document("ethics_report", context, "docx")))
    table = tables_headed(document, "ตัวชี้วัด", "ค่าเป้าหมาย")[3]
    assert len(table.rows) == 2
    assert table.rows[1].cells[0].text == "ยังไม่ได้กำหนดตัวชี้วัด"


# --- No Gift Policy -----------------------------------------------------------------------


def test_the_ngp_announcement_reads_back(pdfs):
    text = pdf_text(pdfs["ngp_announcement"], "-raw")
    lines = text.splitlines()
    flat = squash(text)
    assert f"ประกาศ{ORG_NAME}" in lines
    assert squash(f"เรื่อง {NGP_TITLE}") in flat
    assert squash("«ไม่รับของขวัญหรือของกำนัลทุกชนิด»") in flat
    for paragraph in ngp_announcement_context()["body"]:
        assert squash(paragraph) in flat
    assert "งดให้ งดรับ" in lines
    assert "เปลี่ยนของขวัญ...เป็นคำอวยพร" in lines
    assert "ประกาศ ณ วันที่ ๑ ตุลาคม ๒๕๖๘" in lines
    assert f"({EXECUTIVE['name']})" in lines
    assert squash(NGP_CONTACT) in flat
    assert flat.index("งดให้งดรับ") < flat.index(squash("ประกาศ ณ วันที่"))


def test_the_announcements_slogan_stands_out(pdfs, docxs):
    heights = word_heights(pdfs["ngp_announcement"])
    assert height_of(heights, "งดรับ") > 1.4 * height_of(heights, "จึงประกาศ")
    slogan = next(p for p in docxs["ngp_announcement"].paragraphs if p.text == "งดให้ งดรับ")
    rpr = slogan.runs[0]._r.rPr
    assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "52"
    assert rpr.find(qn("w:bCs")) is not None
    assert rpr.find(qn("w:rFonts")).get(qn("w:cs")) == "TH SarabunPSK"


def test_the_ngp_poster_has_the_slogan_very_large(pdfs):
    text = pdf_text(pdfs["ngp_poster"], "-raw")
    flat = squash(text)
    for line in [ORG_NAME, *NGP_DECLARATION, "เปลี่ยนของขวัญ...เป็นคำอวยพร", NGP_CONTACT]:
        assert squash(line) in flat, line
    assert "NO GIFT POLICY" in text
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙" in text.splitlines()
    heights = word_heights(pdfs["ngp_poster"])
    assert height_of(heights, "งดรับ") > 3 * height_of(heights, "ต่อ")
    assert height_of(heights, "งดรับ") > 50  # points: over 1.7 cm from top to bottom
    assert ink(page_image(pdfs["ngp_poster"])) > 0.03


def test_the_ngp_report_reads_back(pdfs):
    text = pdf_text(pdfs["ngp_report"], "-raw")
    lines = text.splitlines()
    flat = squash(text)
    assert "รับไว้ ๒" in lines and "ปฏิเสธไม่รับ ๑" in lines and "ส่งมอบให้หน่วยงาน ๒" in lines
    assert "มูลค่ารวมทั้งสิ้น ๖,๕๐๐ บาท (หกพันห้าร้อยบาทถ้วน)" in lines
    for _date, official, giver, *_ in NGP_ROWS:
        assert squash(giver) in flat and squash(official) in flat
    for _date, name, description in NGP_ACTIVITIES:
        assert squash(name) in flat and squash(description) in flat
    assert NO_GIFTS not in text
    assert "ผู้รายงาน" in flat and "ผู้รับรองข้อมูล" in flat
    assert set(page_sizes(pdfs["ngp_report"])) == {A4_LANDSCAPE}


def test_word_ngp_report_lists_every_gift(docxs):
    document = docxs["ngp_report"]
    assert [round(s.page_width.cm, 1) for s in document.sections] == [29.7]
    table = table_headed(document, "ที่", "วันที่", "เจ้าหน้าที่ผู้ได้รับ")
    assert len(table.rows) == 1 + len(NGP_ROWS)
    assert [c.text for c in table.rows[4].cells] == [
        "๔",
        "๒๐ ส.ค. ๒๕๖๘",
        f"นายสมชาย รักษ์ถิ่น นายก{ORG_NAME}",
        "บริษัท สวนทองการค้า จำกัด",
        "ผู้ประกอบการในพื้นที่",
        "พิธีเปิดอาคารศูนย์พัฒนาเด็กเล็ก",
        "๔,๒๐๐",
        "ส่งมอบให้หน่วยงานตามหลักเกณฑ์ (เกิน ๓,๐๐๐ บาท)",
        "๒๑ ส.ค. ๒๕๖๘",
    ]
    summary = table_headed(document, "รายการ", "จำนวน (รายการ)")
    assert [c.text for c in summary.rows[-1].cells] == ["มูลค่ารวมโดยประมาณ (บาท)", "๖,๕๐๐"]
    activities = table_headed(document, "วันที่", "กิจกรรม", "รายละเอียด")
    assert len(activities.rows) == 1 + len(NGP_ACTIVITIES)


def test_a_year_without_gifts_says_so(tmp_path):
    context = ngp_report_context(rows=False)
    path = write(tmp_path, "none.pdf", render_document("ngp_report", context, "pdf"))
    text = pdf_text(path, "-raw")
    assert NO_GIFTS in text.splitlines()
    assert "เจ้าหน้าที่ผู้ได้รับ" not in text
    assert squash(NGP_ACTIVITIES[0][1]) in squash(text)  # the activities are still reported
    document = docx.Document(io.BytesIO(render_document("ngp_report", context, "docx")))
    assert NO_GIFTS in [p.text for p in document.paragraphs]
    assert not tables_headed(document, "ที่", "วันที่", "เจ้าหน้าที่ผู้ได้รับ")


# --- complaints ---------------------------------------------------------------------------

# What a complaint holds and the statistics must never show, planted where a careless caller
# might leave it: beside the counts, in the totals and as a list of cases.
SECRETS = [
    "นายสมปอง แจ้งเหตุ",
    "ปลัดรับเงินใต้โต๊ะจากผู้รับเหมา",
    "๐๘๑ ๒๓๔ ๕๖๗๘",
    "somphong@example.org",
]


def leaky_statistics() -> dict:
    context = copy.deepcopy(complaint_statistics_context())
    detail = {"details": SECRETS[1], "complainant": SECRETS[0], "phone": SECRETS[2]}
    for key in ("by_category", "by_status", "by_outcome", "quarters"):
        for row in context[key]:
            row.update(detail)
    context["total"].update(detail)
    context["cases"] = [{"subject": SECRETS[1], "details": SECRETS[1], "email": SECRETS[3]}]
    context["details"] = SECRETS[1]
    return context


def test_the_statistics_read_back(pdfs):
    text = pdf_text(pdfs["complaint_statistics"], "-raw")
    lines = text.splitlines()
    flat = squash(text)
    for name, received, concluded, days in COMPLAINT_QUARTERS:
        assert f"{name} {received} {concluded} {days}" in lines
    assert "รวมทั้งปี ๗ ๖ ๒๓" in lines
    assert "การจัดซื้อจัดจ้าง ๓" in lines
    assert "ดำเนินการแล้วเสร็จ ๖" in lines
    assert "ไม่มีมูล ยุติเรื่อง ๓" in lines
    assert squash("ทั้งสิ้น ๗ เรื่อง") in flat and squash("เกินกำหนดเวลา ๑ เรื่อง") in flat
    for channel in complaint_statistics_context()["channels"]:
        assert squash(channel) in flat
    assert "ผู้รับรองข้อมูล" in flat


def test_word_statistics_tables(docxs):
    document = docxs["complaint_statistics"]
    quarters = table_headed(document, "ช่วงเวลา", "รับเรื่อง (เรื่อง)")
    assert [[c.text for c in row.cells] for row in quarters.rows[1:]] == [
        *[list(q) for q in COMPLAINT_QUARTERS],
        ["รวมทั้งปี", "๗", "๖", "๒๓"],
    ]
    categories = table_headed(document, "ประเภทเรื่องร้องเรียน", "จำนวน (เรื่อง)")
    assert [c.text for c in categories.rows[1].cells] == ["การจัดซื้อจัดจ้าง", "๓"]
    assert len(categories.rows) == 1 + 4


def test_no_case_detail_is_ever_printed(tmp_path):
    context = leaky_statistics()
    path = write(tmp_path, "leaky.pdf", render_document("complaint_statistics", context, "pdf"))
    text = squash(pdf_text(path, "-raw"))
    data = render_document("complaint_statistics", context, "docx")
    document = docx.Document(io.BytesIO(data))
    word = squash(all_text(document))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    for secret in SECRETS:
        assert squash(secret) not in text, secret
        assert squash(secret) not in word, secret
        assert secret not in xml, secret
    # The counts themselves are still there.
    assert squash("การจัดซื้อจัดจ้าง ๓") in text and squash("การจัดซื้อจัดจ้าง") in word


def test_a_year_without_complaints(tmp_path):
    context = complaint_statistics_context()
    for key in ("by_category", "by_status", "by_outcome"):
        context[key] = []
    path = write(tmp_path, "none.pdf", render_document("complaint_statistics", context, "pdf"))
    text = pdf_text(path, "-raw")
    assert text.count("ไม่มีเรื่องร้องเรียน") == 2
    assert "ยังไม่มีเรื่องที่พิจารณาแล้วเสร็จ" in text
    document = docx.Document(io.BytesIO(render_document("complaint_statistics", context, "docx")))
    categories = table_headed(document, "ประเภทเรื่องร้องเรียน", "จำนวน (เรื่อง)")
    assert [row.cells[0].text for row in categories.rows[1:]] == ["ไม่มีเรื่องร้องเรียน"]
