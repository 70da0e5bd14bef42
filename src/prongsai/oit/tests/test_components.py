"""Components of every 2568 OIT item judged on a loopback website, and where the checker found
them: the page of a PDF or DOCX (read back from the file), the sheet of a workbook, the anchor or
heading of an HTML page; a scanned PDF is a finding of its own.

No database here (the checklist and the findings document are in test_component_pointers.py).
Every request goes through `LoopbackOnly`.
"""

from __future__ import annotations

import html
import io
import subprocess
import tempfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from openpyxl import Workbook, load_workbook
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

from prongsai.documents.libreoffice import docx_to_pdf
from prongsai.frameworks.library import builtin_document
from prongsai.oit import extract
from prongsai.oit.checker import Target, check_sync, components_of
from prongsai.oit.extract import squash
from prongsai.oit.tests.site import HTML, PDF, EvidenceSite, LoopbackOnly, multipage_pdf

DOC_2568 = builtin_document(2568)
COMPONENTS = components_of(DOC_2568)
WITH_COMPONENTS = [code for code, comps in COMPONENTS.items() if comps]
UNKNOWN = [i["code"] for i in DOC_2568["oit_items"] if i.get("components_status") == "unknown"]
YEAR_LINE = "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def first_words(keywords: list[str]) -> str:
    """What a page shows for a component: the first spelling of each of its keywords."""
    return " ".join(k.split("|")[0] for k in keywords)


def evidence_page(code: str, leave_out: str | None = None) -> bytes:
    """An evidence page of item `code`: one section per component (its id the component code,
    its heading the component's words), without the component `leave_out`."""
    sections = "".join(
        f"<section id='{comp}'><h2>{html.escape(first_words(words))}</h2>"
        f"<p>รายละเอียดของหน่วยงาน {html.escape(first_words(words))}</p></section>"
        for comp, words in COMPONENTS[code]
        if comp != leave_out
    )
    return (
        "<!doctype html><html lang='th'><head><meta charset='utf-8'><title>หลักฐาน</title></head>"
        f"<body><p>{YEAR_LINE}</p>{sections}</body></html>"
    ).encode()


def scanned_pdf() -> bytes:
    """A PDF that is only a picture of a page (what a scanner makes): no text layer at all."""
    image = Image.new("RGB", (620, 877), "white")
    draw = ImageDraw.Draw(image)
    for y in range(80, 800, 40):
        draw.rectangle((60, y, 560, y + 12), fill="black")  # lines of "text" as ink
    out = io.BytesIO()
    image.save(out, "PDF", resolution=75)
    return out.getvalue()


def partly_scanned_pdf() -> bytes:
    """Two text pages (the year, a contents page) and then two scanned pages: o1's components
    were on the scanned ones."""
    writer = PdfWriter()
    for part in (multipage_pdf(PDF_PAGES[:2]), scanned_pdf(), scanned_pdf()):
        writer.append(io.BytesIO(part))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF_PAGES = [  # o1's components on pages 3 and 5 of a six-page document
    ["คำสั่งองค์การบริหารส่วนตำบลบ้านสวน", YEAR_LINE],
    ["สารบัญ", "ส่วนที่ 1 บทนำ"],
    ["ส่วนที่ 2", "แผนผังโครงสร้างส่วนราชการ", "ฝ่ายการเมือง นายก อบต.", "ฝ่ายข้าราชการประจำ ปลัด อบต."],
    ["ส่วนที่ 3 บุคลากร"],
    ["ส่วนที่ 4", "อำนาจหน้าที่ขององค์การบริหารส่วนตำบล ตามมาตรา 67"],
    ["ภาคผนวก"],
]


def docx_with_pages() -> bytes:
    """o1's structure on page 2 (after an explicit page break), its authority on page 4 in a
    table; page 3 starts with a paragraph set to break before it."""
    document = docx.Document()
    document.add_paragraph(f"คำสั่ง {YEAR_LINE}")
    document.add_page_break()
    document.add_paragraph("แผนผังโครงสร้างส่วนราชการ ฝ่ายการเมือง และฝ่ายข้าราชการประจำ")
    third = document.add_paragraph("ส่วนที่ 3 บุคลากร")
    third.paragraph_format.page_break_before = True
    document.add_page_break()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ข้อ 1"
    table.cell(0, 1).text = "อำนาจหน้าที่ตามมาตรา 67"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_with_sheets() -> bytes:
    book = Workbook()
    book.active.title = "ปก"
    book.active.append([f"สถิติ {YEAR_LINE}"])
    detail = book.create_sheet("รายละเอียด")
    detail.append(["เดือน", "เรื่องร้องเรียนการทุจริต"])
    detail.append(["ตุลาคม", 0])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def site():
    with EvidenceSite() as running:
        for code in WITH_COMPONENTS:
            running.pages[f"/c/{code}.html"] = (200, {"Content-Type": HTML}, evidence_page(code))
            for comp, _words in COMPONENTS[code]:
                running.pages[f"/c/{code}-without-{comp}.html"] = (
                    200,
                    {"Content-Type": HTML},
                    evidence_page(code, leave_out=comp),
                )
        year_only = f"<html><body><h1>ข้อ o5 {YEAR_LINE}</h1></body></html>".encode()
        stale = "<html><body><h1>ประจำปีงบประมาณ พ.ศ. 2566</h1></body></html>".encode()
        running.pages["/c/year-only.html"] = (200, {"Content-Type": HTML}, year_only)
        running.pages["/c/stale.html"] = (200, {"Content-Type": HTML}, stale)
        running.pages["/c/o1.pdf"] = (200, {"Content-Type": PDF}, multipage_pdf(PDF_PAGES))
        running.pages["/c/o1.docx"] = (200, {"Content-Type": DOCX}, docx_with_pages())
        running.pages["/c/o19.xlsx"] = (200, {"Content-Type": XLSX}, xlsx_with_sheets())
        running.pages["/c/scan.pdf"] = (200, {"Content-Type": PDF}, scanned_pdf())
        running.pages["/c/partly-scanned.pdf"] = (200, {"Content-Type": PDF}, partly_scanned_pdf())
        yield running


def targets(site) -> list[tuple[str, Target]]:
    out = []
    for code in WITH_COMPONENTS:
        out.append((f"{code}", Target(code, site.url(f"/c/{code}.html"), COMPONENTS[code])))
        for comp, _words in COMPONENTS[code]:
            url = site.url(f"/c/{code}-without-{comp}.html")
            out.append((f"{code}-without-{comp}", Target(code, url, COMPONENTS[code])))
    for code in UNKNOWN:  # no components: reachability, main website and year only
        out += [
            (f"{code}-year-only", Target(code, site.url("/c/year-only.html"))),
            (f"{code}-stale", Target(code, site.url("/c/stale.html"))),
            (f"{code}-gone", Target(code, site.url("/gone.html"))),
            (f"{code}-offsite", Target(code, site.url("/offsite"))),
        ]
    out += [
        ("pdf", Target("o1", site.url("/c/o1.pdf"), COMPONENTS["o1"])),
        ("docx", Target("o1", site.url("/c/o1.docx"), COMPONENTS["o1"])),
        ("xlsx", Target("o19", site.url("/c/o19.xlsx"), COMPONENTS["o19"])),
        ("scan", Target("o1", site.url("/c/scan.pdf"), COMPONENTS["o1"])),
    ]
    return out


@pytest.fixture(scope="module")
def found(site):
    keyed = targets(site)
    findings = check_sync(
        [t for _, t in keyed],
        main_site=site.main_site,
        year=2568,
        timeout=2,
        retries=0,
        guard=LoopbackOnly(),
    )
    return dict(zip([key for key, _ in keyed], findings, strict=True))


# ---------------------------------------------------------------- the criteria data


def test_every_item_of_every_year_has_components_or_says_they_are_unknown():
    for year in (2567, 2568, 2569):
        for item in builtin_document(year)["oit_items"]:
            status = item.get("components_status")
            assert status in ("known", "partial", "inferred", "unknown"), (year, item["code"])
            assert item.get("components_source"), (year, item["code"])
            if status == "unknown":
                assert not item.get("components") and "unknown" in item["note"].lower()
            else:
                assert item["components"], (year, item["code"])
                assert all(c.get("keywords") for c in item["components"]), (year, item["code"])
                assert item["field_confidence"]["components"] in ("secondary", "inferred")
    assert len(WITH_COMPONENTS) == 24 and UNKNOWN == ["o5", "o7"]


# ---------------------------------------------------------------- every 2568 item


@pytest.mark.parametrize("code", WITH_COMPONENTS)
def test_a_page_showing_every_component_passes_and_points_at_each(found, code):
    finding = found[code]
    assert finding.status == "ok", finding.finding_th
    assert finding.missing_components == [] and finding.year_found == 2568
    assert "องค์ประกอบครบ" in finding.finding_th
    # each component is found in its own section: the anchor is the component's code
    assert [(p["component"], p["anchor"]) for p in finding.pointers] == [
        (comp, comp) for comp, _ in COMPONENTS[code]
    ]
    for pointer, (_comp, words) in zip(finding.pointers, COMPONENTS[code], strict=True):
        assert pointer["where"] == "anchor"
        assert squash(words[0].split("|")[0]) in squash(pointer["excerpt"])
        assert squash(pointer["heading"]) == squash(first_words(words))


@pytest.mark.parametrize(
    ("code", "left_out"),
    [(code, comp) for code in WITH_COMPONENTS for comp, _ in COMPONENTS[code]],
)
def test_a_page_without_one_component_reports_it_missing(found, code, left_out):
    finding = found[f"{code}-without-{left_out}"]
    assert finding.status == "incomplete"
    assert finding.missing_components == [left_out]
    assert f"ไม่พบองค์ประกอบ {left_out} (" in finding.finding_th
    assert left_out in finding.fix_th and left_out in finding.finding_en
    assert left_out not in {p["component"] for p in finding.pointers}


@pytest.mark.parametrize("code", UNKNOWN)
def test_an_item_whose_components_are_unknown_is_still_checked(found, code):
    assert found[f"{code}-year-only"].status == "ok"
    assert "โปรดตรวจองค์ประกอบด้วยตนเอง" in found[f"{code}-year-only"].finding_th
    assert found[f"{code}-stale"].status == "stale"
    assert found[f"{code}-gone"].status == "dead"
    assert found[f"{code}-offsite"].status == "off_site"


# ---------------------------------------------------------------- where, read back from the file


def pdf_tool(data: bytes, *args: str) -> str:
    """A Poppler tool's output over the PDF `data` (they read files, not standard input)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "evidence.pdf"
        path.write_bytes(data)
        return subprocess.run(
            [*args[:1], *args[1:], str(path), *(["-"] if args[0] == "pdftotext" else [])],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def pdf_page_text(data: bytes, page: int) -> str:
    return pdf_tool(data, "pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8")


def assert_on_page(data: bytes, pointer: dict) -> None:
    """The excerpt (without its ellipses) is on the reported page of the PDF and on no other."""
    excerpt = squash(pointer["excerpt"].strip("…"))
    count = len(PdfReader(io.BytesIO(data)).pages)
    on = [n for n in range(1, count + 1) if excerpt in squash(pdf_page_text(data, n))]
    assert on == [pointer["page"]], (pointer, on)


def test_pdf_pointers_name_the_page_each_component_is_on(found, site):
    finding = found["pdf"]
    assert finding.status == "ok", finding.finding_th
    assert [(p["component"], p["where"], p["page"]) for p in finding.pointers] == [
        ("o1.1", "page", 3),
        ("o1.2", "page", 5),
    ]
    data = site.pages["/c/o1.pdf"][2]
    for pointer in finding.pointers:
        assert_on_page(data, pointer)
    assert "โครงสร้าง" in finding.pointers[0]["excerpt"]
    assert "อำนาจหน้าที่" in finding.pointers[1]["excerpt"]


def test_pypdf_reads_the_same_pages_when_pdftotext_is_missing(site, monkeypatch):
    data = site.pages["/c/o1.pdf"][2]
    with_poppler = extract.parts_of(data, PDF, "http://x.example/o1.pdf").parts
    monkeypatch.setattr(extract.shutil, "which", lambda name: None)
    with_pypdf = extract.parts_of(data, PDF, "http://x.example/o1.pdf").parts
    assert [p.page for p in with_pypdf] == [p.page for p in with_poppler] == [1, 2, 3, 4, 5, 6]
    assert [squash(p.text) for p in with_pypdf] == [squash(p.text) for p in with_poppler]


def test_docx_pointers_name_the_page_of_the_explicit_breaks(found):
    finding = found["docx"]
    assert finding.status == "ok", finding.finding_th
    assert [(p["component"], p["page"]) for p in finding.pointers] == [("o1.1", 2), ("o1.2", 4)]
    assert "อำนาจหน้าที่" in finding.pointers[1]["excerpt"]  # read from the table's cell


@pytest.mark.slow
def test_docx_page_numbers_are_the_pages_libreoffice_lays_out(found, site):
    """Read back against the file: the Word file laid out as PDF by LibreOffice (as Prongsai's
    documents are) has each excerpt on the page the checker reported."""
    pdf = docx_to_pdf(site.pages["/c/o1.docx"][2])
    for pointer in found["docx"].pointers:
        assert_on_page(pdf, pointer)


def test_a_rendered_page_break_counts_once(tmp_path):
    """Word marks where it broke pages when it saved (w:lastRenderedPageBreak): alone it starts
    a page, right after an explicit break it is the same page."""
    document = docx.Document()
    document.add_paragraph("หน้าแรก")
    long = document.add_paragraph("ต่อจากหน้าแรก")
    run = long.add_run("ขึ้นหน้าสองเพราะข้อความยาว")
    run._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))
    document.add_page_break()
    after = document.add_paragraph()
    run = after.add_run("หน้าสาม")
    run._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))
    out = io.BytesIO()
    document.save(out)
    parts = extract.docx_parts(out.getvalue())
    assert [(p.page, squash(p.text)) for p in parts] == [
        (1, "หน้าแรกต่อจากหน้าแรก"),
        (2, "ขึ้นหน้าสองเพราะข้อความยาว"),
        (3, "หน้าสาม"),
    ]


def test_xlsx_pointers_name_the_sheet(found, site):
    finding = found["xlsx"]
    assert finding.status == "ok", finding.finding_th
    [pointer] = finding.pointers
    assert (pointer["component"], pointer["where"], pointer["sheet"]) == (
        "o19.1",
        "sheet",
        "รายละเอียด",
    )
    book = load_workbook(io.BytesIO(site.pages["/c/o19.xlsx"][2]))
    cells = " ".join(str(c.value) for row in book["รายละเอียด"].iter_rows() for c in row)
    assert "ร้องเรียน" in cells and "ร้องเรียน" in pointer["excerpt"]


def test_html_pointers_take_the_nearest_heading_and_id():
    markup = (
        "<html><head><title>ITA</title><script>var x='<h1 id=no>ไม่ใช่</h1>'</script></head><body>"
        "<div id='main'><h1>ข้อมูลผู้บริหาร</h1><p>นายก อบต.</p>"
        "<h2>ติดต่อ</h2><p>โทร 038</p><p id='qa'>ถามตอบ</p></div></body></html>"
    )
    parts = extract.html_parts(markup)
    where = {squash(p.text): (p.where, p.anchor, p.heading) for p in parts if p.text.strip()}
    assert where[squash("ข้อมูลผู้บริหาร นายก อบต.")] == ("anchor", "main", "ข้อมูลผู้บริหาร")
    assert where[squash("ติดต่อ โทร 038")] == ("anchor", "main", "ติดต่อ")
    assert where[squash("ถามตอบ")] == ("anchor", "qa", "ติดต่อ")
    assert "no" not in {p.anchor for p in parts}  # nothing from inside a script
    untagged = extract.html_parts("<body><h2>ผู้บริหาร</h2><p>นายก</p></body>")
    assert [(p.where, p.heading) for p in untagged if p.text.strip()] == [("heading", "ผู้บริหาร")]


# ---------------------------------------------------------------- a scan


def test_a_scanned_pdf_is_its_own_finding(found, site):
    data = site.pages["/c/scan.pdf"][2]
    images = pdf_tool(data, "pdfimages", "-list").splitlines()[2:]  # after the table's header
    assert len(images) == 1 and images[0].split()[2] == "image"  # a picture of the page, no text
    assert pdf_page_text(data, 1).strip() == ""
    finding = found["scan"]
    assert finding.status == "scanned"
    assert finding.finding_th.startswith("ไฟล์เป็นภาพสแกน ตรวจไม่ได้")
    assert "PDF ที่มีข้อความ" in finding.fix_th
    assert finding.finding_en.startswith("The file is a scanned image and cannot be checked")
    assert "Publish a PDF with text" in finding.fix_en
    assert finding.pointers == [] and finding.missing_components == []


def test_a_partly_scanned_pdf_names_the_pages_without_text(site):
    data = site.pages["/c/partly-scanned.pdf"][2]
    assert pdf_page_text(data, 1).strip() and not pdf_page_text(data, 3).strip()
    (finding,) = check_sync(
        [Target("o1", site.url("/c/partly-scanned.pdf"), COMPONENTS["o1"])],
        main_site=site.main_site,
        year=2568,
        guard=LoopbackOnly(),
    )
    assert finding.status == "incomplete"
    assert "หน้า 3–4 ไม่มีข้อความ (อาจเป็นภาพสแกน)" in finding.finding_th
    assert "ทำหน้า 3–4 ให้ค้นหาข้อความได้" in finding.fix_th
    assert "Page(s) 3–4 have no text" in finding.finding_en
