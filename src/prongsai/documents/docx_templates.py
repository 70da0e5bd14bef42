"""Builds the shipped Word templates (docxtpl) from code, so their layout is reviewable in a diff.

The generated ``templates/documents/<kind>.docx`` files are committed; run
``prongsai document build-templates`` after changing this module. The build is reproducible
(fixed timestamps inside the zip and in the document properties), so running it twice gives the
same bytes and an unchanged template never shows up as a change.

Every style the templates use gets the Thai government font, TH SarabunPSK 16 pt, for all four
font slots *including the complex-script one* (``w:cs``, ``w:szCs``, ``w:bCs``): Word draws Thai
text with the complex-script font and size, so setting only ``w:ascii``/``w:sz`` (what
python-docx's ``font.name``/``font.size`` do) leaves Thai text in the theme font at 11 pt.

Static text in the templates is Thai whatever the interface language: these are Thai official
documents, and an organisation replaces the whole template to change it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell, _Row
from docx.text.run import Run

__all__ = [
    "BUILDERS",
    "FONT",
    "FONT_SIZE_PT",
    "TEMPLATE_DIR",
    "build_action_plan",
    "build_all",
    "build_complaint_statistics",
    "build_ethics_code",
    "build_ethics_report",
    "build_ita_analysis",
    "build_measures_announcement",
    "build_measures_report",
    "build_ngp_announcement",
    "build_ngp_report",
    "build_oit_findings",
    "build_plan_report",
    "build_risk_assessment",
    "build_satisfaction_report",
    "set_thai_font",
]

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "documents"
FONT = "TH SarabunPSK"
FONT_SIZE_PT = 16
# Zip entries and document properties carry this instead of "now", for reproducible builds.
_FIXED_TIME = datetime(2025, 1, 1)
_BLACK = RGBColor(0, 0, 0)
_TABLE_TEXT = "Table Text"

# Child order the OOXML schema requires in w:rPr and w:sectPr; Word rejects other orders.
_RPR_ORDER = (
    "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline"
    " w:shadow w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color w:spacing"
    " w:w w:kern w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd w:fitText"
    " w:vertAlign w:rtl w:cs w:em w:lang w:eastAsianLayout w:specVanish w:oMath"
).split()
_SECTPR_ORDER = (
    "w:headerReference w:footerReference w:footnotePr w:endnotePr w:type w:pgSz w:pgMar"
    " w:paperSrc w:pgBorders w:lnNumType w:pgNumType w:cols w:formProt w:vAlign w:noEndnote"
    " w:titlePg w:textDirection w:bidi w:rtlGutter w:docGrid w:printerSettings w:sectPrChange"
).split()


# --- fonts and styles ---------------------------------------------------------------------


def _set_rpr_child(rpr: CT_RPr, tag: str, **attrs: str) -> None:
    """Replace (or add) one child of ``w:rPr`` in the position the schema requires."""
    old = rpr.find(qn(tag))
    if old is not None:
        rpr.remove(old)
    element = OxmlElement(tag, attrs={qn(f"w:{k}"): v for k, v in attrs.items()})
    successors = _RPR_ORDER[_RPR_ORDER.index(tag) + 1 :]
    rpr.insert_element_before(element, *successors)


def set_thai_font(rpr: CT_RPr, *, size_pt: int = FONT_SIZE_PT, bold: bool | None = None) -> None:
    """Set TH SarabunPSK at ``size_pt`` on a ``w:rPr`` for Latin, East Asian and Thai text."""
    # Explicit names only: a theme attribute (w:cstheme…) would win over them.
    _set_rpr_child(rpr, "w:rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT)
    if bold is not None:
        value = "1" if bold else "0"
        _set_rpr_child(rpr, "w:b", val=value)
        _set_rpr_child(rpr, "w:bCs", val=value)
    _set_rpr_child(rpr, "w:sz", val=str(size_pt * 2))  # half-points
    _set_rpr_child(rpr, "w:szCs", val=str(size_pt * 2))
    # Tells Word the complex-script text is Thai (word breaking, proofing), as Thai Word does.
    _set_rpr_child(rpr, "w:lang", val="en-US", eastAsia="th-TH", bidi="th-TH")


def _bold(run: Run) -> Run:
    """Make a run bold for Thai too: Word and LibreOffice draw Thai with ``w:bCs``, not ``w:b``."""
    run.bold = True
    _set_rpr_child(run._r.get_or_add_rPr(), "w:bCs", val="1")
    return run


def _style_rpr(style: BaseStyle) -> CT_RPr:
    return style.element.get_or_add_rPr()


def _setup_styles(doc: DocumentObject) -> None:
    styles = doc.styles
    set_thai_font(
        styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    )

    normal = styles["Normal"]
    set_thai_font(_style_rpr(normal))
    # Official documents are single-spaced with no gap between paragraphs.
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    title = styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(0)
    # The default Title has a blue bottom border; an official document has none.
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)

    for name, align in (
        ("Title", WD_ALIGN_PARAGRAPH.CENTER),
        ("Heading 1", WD_ALIGN_PARAGRAPH.CENTER),
        ("Heading 2", WD_ALIGN_PARAGRAPH.LEFT),
    ):
        style = styles[name]
        style.font.color.rgb = _BLACK
        style.font.italic = False
        style.paragraph_format.alignment = align
        style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(0)
        set_thai_font(_style_rpr(style), bold=True)
        # The linked character style ("Heading 1 Char") carries its own theme font.
        linked = style.element.find(qn("w:link"))
        if linked is not None:
            style_id = linked.get(qn("w:val"))
            char_style = next(s for s in styles if s.style_id == style_id)
            char_style.font.color.rgb = _BLACK
            set_thai_font(_style_rpr(char_style), bold=True)

    table_text = styles.add_style(_TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.paragraph_format.space_after = Pt(0)
    set_thai_font(_style_rpr(table_text))
    set_thai_font(_style_rpr(styles["Table Grid"]))
    set_thai_font(_style_rpr(styles["Footer"]))


# --- page layout --------------------------------------------------------------------------


def _thai_page_setup(section: Section, *, landscape: bool = False) -> None:
    """A4 with the margins of Thai official documents: 2.5 cm on the binding side, 2 cm else."""
    width, height = Cm(21), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.left_margin = Cm(2.5)
    section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    section.footer_distance = Cm(1)
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(old)
    # Page numbers in Thai digits (๑, ๒, …) as official documents print them.
    page_numbers = OxmlElement("w:pgNumType", attrs={qn("w:fmt"): "thaiNumbers"})
    successors = _SECTPR_ORDER[_SECTPR_ORDER.index("w:pgNumType") + 1 :]
    sect_pr.insert_element_before(page_numbers, *successors)


def _page_number_footer(section: Section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple", attrs={qn("w:instr"): "PAGE"})
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


# --- tables -------------------------------------------------------------------------------


def _repeat_header(row: _Row) -> None:
    # Repeats the header row on every page the table runs over.
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader", attrs={qn("w:val"): "1"}))


def _no_split(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit", attrs={qn("w:val"): "1"}))


def _cell_text(
    cell: _Cell, text: str, *, bold: bool = False, align: WD_ALIGN_PARAGRAPH | None = None
) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = _TABLE_TEXT
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    if bold:
        _bold(run)


def _shade(cell: _Cell, fill: str = "D9D9D9") -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(OxmlElement("w:shd", attrs={qn("w:val"): "clear", qn("w:fill"): fill}))


def _table(doc: DocumentObject, headers: list[str], widths_cm: list[float]) -> Table:
    """A bordered table with a shaded, repeating header row."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, header, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _shade(cell)
    _repeat_header(table.rows[0])
    _set_widths(table, widths_cm)
    return table


def _set_widths(table: Table, widths_cm: list[float]) -> None:
    # Word reads the cell widths, LibreOffice the grid columns: set both.
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _tag_row(table: Table, tag: str) -> None:
    """A row holding only a docxtpl ``{%tr … %}`` tag; docxtpl replaces the whole row."""
    row = table.add_row()
    row.cells[0].paragraphs[0].add_run(tag)


def _data_row(
    table: Table,
    cells: list[str],
    widths_cm: list[float],
    aligns: list[WD_ALIGN_PARAGRAPH | None] | None = None,
    *,
    bold: bool = False,
) -> None:
    row = table.add_row()
    _no_split(row)
    aligns = aligns or [None] * len(cells)
    for cell, text, align, width in zip(row.cells, cells, aligns, widths_cm, strict=True):
        _cell_text(cell, text, align=align, bold=bold)
        cell.width = Cm(width)


def _labelled(doc: DocumentObject, label: str, value: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Cm(1.25)
    _bold(paragraph.add_run(label))
    paragraph.add_run(" " + value)


# --- the ITA analysis ---------------------------------------------------------------------

_CENTER = WD_ALIGN_PARAGRAPH.CENTER
_DOTS = "." * 36


def _ita_title(doc: DocumentObject) -> None:
    doc.add_paragraph("{{ title }}", style="Title")
    for text in (
        "{{ org.name }}",
        "{% if org.district %}อำเภอ{{ org.district }} {% endif %}จังหวัด{{ org.province }}",
    ):
        doc.add_paragraph(text).alignment = _CENTER


def _ita_summary(doc: DocumentObject) -> None:
    doc.add_heading("ส่วนที่ {{ numerals[1] }} ผลคะแนนการประเมิน", level=1)
    widths = [10, 5]
    table = _table(doc, ["เครื่องมือการประเมิน", "คะแนน"], widths)
    _tag_row(table, "{%tr for tool in summary.tools %}")
    _data_row(table, ["{{ tool.name }}", "{{ tool.score }}"], widths, [None, _CENTER])
    _tag_row(table, "{%tr endfor %}")
    _data_row(table, ["คะแนนรวม", "{{ summary.total }}"], widths, [None, _CENTER], bold=True)
    _data_row(table, ["ผลการประเมิน", "{{ summary.result }}"], widths, [None, _CENTER])
    _tag_row(table, "{%tr if summary.rating and summary.rating != summary.result %}")
    _data_row(table, ["ระดับผลการประเมิน", "{{ summary.rating }}"], widths, [None, _CENTER])
    _tag_row(table, "{%tr endif %}")
    doc.add_paragraph("{%p if chart_image %}")
    doc.add_paragraph("{{ chart_image }}").alignment = _CENTER
    doc.add_paragraph("{%p endif %}")


def _ita_indicators(doc: DocumentObject) -> None:
    doc.add_heading("ส่วนที่ {{ numerals[2] }} ผลการวิเคราะห์รายตัวชี้วัด", level=1)
    doc.add_paragraph("{%p for ind in indicators %}")
    doc.add_heading(
        "ตัวชี้วัดที่ {{ ind.number }} {{ ind.name }} ({{ ind.tool }}) คะแนน {{ ind.score }}",
        level=2,
    )
    doc.add_paragraph("{%p if ind.questions %}")
    widths = [13, 3]
    table = _table(doc, ["ข้อคำถาม", "คะแนน"], widths)
    _tag_row(table, "{%tr for q in ind.questions %}")
    _data_row(table, ["{{ q.code }} {{ q.text }}", "{{ q.score }}"], widths, [None, _CENTER])
    # The lowest question is marked in words, which survives black-and-white printing.
    question_cell = table.rows[-1].cells[0].paragraphs[0]
    _bold(question_cell.add_run("{% if q.lowest %} (คะแนนน้อยที่สุด){% endif %}"))
    _tag_row(table, "{%tr endfor %}")
    doc.add_paragraph("{%p endif %}")
    _labelled(doc, "ข้อคำถามที่ได้คะแนนน้อยที่สุด", '{{ ind.lowest_text or "-" }}')
    _labelled(doc, "สาเหตุเกิดจาก", '{{ ind.cause or "-" }}')
    _labelled(doc, "แนวทางการยกระดับ", '{{ ind.guideline or "-" }}')
    doc.add_paragraph("{%p endfor %}")


def _ita_measures(doc: DocumentObject) -> None:
    # Seven columns need the width of a landscape page, as in printed action plans.
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _thai_page_setup(section, landscape=True)
    doc.add_heading("ส่วนที่ {{ numerals[3] }} มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", level=1)
    headers = [
        "ที่",
        "ตัวชี้วัด",
        "มาตรการ/โครงการ/กิจกรรม",
        "ผลการวิเคราะห์",
        "ขั้นตอนการดำเนินการ",
        "ระยะเวลา",
        "ผู้รับผิดชอบ",
    ]
    widths = [1.2, 3.2, 4.5, 5, 5.5, 3, 2.8]
    table = _table(doc, headers, widths)
    _tag_row(table, "{%tr for m in measures %}")
    fields = ["number", "indicator", "name", "analysis", "steps", "period", "responsible"]
    _data_row(
        table,
        [f"{{{{ m.{field} }}}}" for field in fields],
        widths,
        [_CENTER, None, None, None, None, _CENTER, _CENTER],
    )
    _tag_row(table, "{%tr endfor %}")


def _signatures(doc: DocumentObject) -> None:
    """ผู้รายงาน and ผู้รับรองข้อมูล side by side, from ``reporter``, ``certifier`` and ``date``."""
    doc.add_paragraph()
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, (role, who) in zip(
        table.rows[0].cells,
        (("ผู้รายงาน", "reporter"), ("ผู้รับรองข้อมูล", "certifier")),
        strict=True,
    ):
        cell.width = Cm(12)
        lines = [
            f"(ลงชื่อ) .................................... {role}",
            # An empty name leaves a dotted line to write it in by hand, as on printed forms.
            f"({{{{ {who}.name or {_DOTS!r} }}}})",
            f"ตำแหน่ง {{{{ {who}.position or {_DOTS!r} }}}}",
            "วันที่ {{ date }}",
        ]
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
        for paragraph in cell.paragraphs:
            paragraph.style = _TABLE_TEXT
            paragraph.alignment = _CENTER
        cell.paragraphs[0].paragraph_format.space_before = Pt(24)
    # Signatures stay together on one page.
    _no_split(table.rows[0])


def build_ita_analysis(path: Path | None = None) -> bytes:
    """Build the docxtpl template of the ITA analysis; write it to ``path`` when one is given."""
    doc = Document()
    _setup_styles(doc)
    _thai_page_setup(doc.sections[0])
    _page_number_footer(doc.sections[0])
    _ita_title(doc)
    _ita_summary(doc)
    _ita_indicators(doc)
    _ita_measures(doc)
    _signatures(doc)
    return _save(doc, path, title="การวิเคราะห์ผลการประเมิน ITA")


# --- the service satisfaction report ------------------------------------------------------

_SATISFIED = "ร้อยละผู้พึงพอใจ"
_RESPONSES = "จำนวนผู้ตอบ (ราย)"


def _satisfaction_title(doc: DocumentObject) -> None:
    doc.add_paragraph("{{ title }}", style="Title")
    for text in (
        "{{ org.name }}",
        "ระยะเวลาการประเมิน {{ period }}{% if year %} ประจำปีงบประมาณ พ.ศ. {{ year }}{% endif %}",
    ):
        doc.add_paragraph(text).alignment = _CENTER


def _indented(doc: DocumentObject, text: str) -> None:
    doc.add_paragraph(text).paragraph_format.first_line_indent = Cm(1.25)


def _satisfaction_overall(doc: DocumentObject) -> None:
    doc.add_heading("ส่วนที่ {{ numerals[1] }} ผลการประเมินความพึงพอใจในภาพรวม", level=1)
    _indented(
        doc,
        "ผู้รับบริการตอบแบบประเมินทั้งสิ้น {{ overall.responses }} ราย "
        "พึงพอใจในการให้บริการโดยรวมร้อยละ {{ overall.satisfied_pct }}",
    )
    widths = [10.5, 2.75, 2.75]
    aligns = [None, _CENTER, _CENTER]
    table = _table(doc, ["ประเด็นการประเมิน", _RESPONSES, _SATISFIED], widths)
    _tag_row(table, "{%tr for q in questions %}")
    _data_row(table, ["{{ q.text }}", "{{ q.responses }}", "{{ q.satisfied_pct }}"], widths, aligns)
    _tag_row(table, "{%tr endfor %}")
    _data_row(
        table,
        ["ภาพรวม", "{{ overall.responses }}", "{{ overall.satisfied_pct }}"],
        widths,
        aligns,
        bold=True,
    )
    doc.add_paragraph("{%p if note %}")
    note = doc.add_paragraph().add_run("{{ note }}")
    set_thai_font(note._r.get_or_add_rPr(), size_pt=14)  # the small size of captions
    doc.add_paragraph("{%p endif %}")


def _satisfaction_points(doc: DocumentObject) -> None:
    doc.add_heading("ส่วนที่ {{ numerals[2] }} ผลการประเมินรายจุดบริการ", level=1)
    widths = [10.5, 2.75, 2.75]
    table = _table(doc, ["จุดบริการ", _RESPONSES, _SATISFIED], widths)
    _tag_row(table, "{%tr for sp in service_points %}")
    _data_row(
        table,
        [
            "{{ sp.name }}",
            "{{ sp.responses }}",
            # A suppressed point's percentage is never printed, whatever the context holds.
            "{% if sp.suppressed %}ไม่แสดงผล{% else %}{{ sp.satisfied_pct }}{% endif %}",
        ],
        widths,
        [None, _CENTER, _CENTER],
    )
    _tag_row(table, "{%tr endfor %}")

    doc.add_paragraph("{%p for sp in service_points %}")
    doc.add_heading("{{ sp.name }} (ผู้ตอบ {{ sp.responses }} ราย)", level=2)
    doc.add_paragraph("{%p if sp.suppressed %}")
    _indented(doc, "ไม่แสดงผลรายข้อ เนื่องจากมีผู้ตอบน้อยกว่า {{ min_responses }} ราย")
    doc.add_paragraph("{%p else %}")
    _indented(doc, "พึงพอใจในการให้บริการโดยรวมร้อยละ {{ sp.satisfied_pct }}")
    doc.add_paragraph("{%p if sp.questions %}")
    widths = [13, 3]
    table = _table(doc, ["ประเด็นการประเมิน", _SATISFIED], widths)
    _tag_row(table, "{%tr for q in sp.questions %}")
    _data_row(table, ["{{ q.text }}", "{{ q.satisfied_pct }}"], widths, [None, _CENTER])
    _tag_row(table, "{%tr endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")


def _satisfaction_summary(doc: DocumentObject) -> None:
    doc.add_heading("ส่วนที่ {{ numerals[3] }} สรุปผลการประเมิน", level=1)
    # One indented paragraph per line of the text, as the PDF prints it.
    doc.add_paragraph("{%p for paragraph in (summary_text or '-').splitlines() %}")
    _indented(doc, "{{ paragraph }}")
    doc.add_paragraph("{%p endfor %}")


def build_satisfaction_report(path: Path | None = None) -> bytes:
    """Build the docxtpl template of the satisfaction report; write it to ``path`` if given."""
    doc = Document()
    _setup_styles(doc)
    _thai_page_setup(doc.sections[0])
    _page_number_footer(doc.sections[0])
    _satisfaction_title(doc)
    _satisfaction_overall(doc)
    _satisfaction_points(doc)
    _satisfaction_summary(doc)
    _signatures(doc)
    return _save(doc, path, title="รายงานผลการประเมินความพึงพอใจในการให้บริการ")


# --- shared by the plan documents ---------------------------------------------------------

_LEFT = WD_ALIGN_PARAGRAPH.LEFT
_RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
# Column width of the tag cells of a {%tc for %} loop: docxtpl removes them when it renders.
_TAG_CM = 0.3
_CLOSING = "จึงประกาศมาให้ทราบโดยทั่วกัน"


def _para(
    doc: DocumentObject,
    text: str = "",
    *,
    align: WD_ALIGN_PARAGRAPH | None = None,
    bold: bool = False,
    first_line_cm: float | None = None,
    left_cm: float | None = None,
    page_break: bool = False,
    keep_next: bool = False,
    space_before_pt: float | None = None,
):
    paragraph = doc.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        if bold:
            _bold(run)
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    if first_line_cm is not None:
        fmt.first_line_indent = Cm(first_line_cm)
    if left_cm is not None:
        fmt.left_indent = Cm(left_cm)
    if page_break:
        fmt.page_break_before = True
    if keep_next:
        fmt.keep_with_next = True
    if space_before_pt is not None:
        fmt.space_before = Pt(space_before_pt)
    return paragraph


def _lines(
    doc: DocumentObject, expr: str, *, first_line_cm: float | None = None, left_cm: float = 0
) -> None:
    """One paragraph per line of the text ``expr`` ("-" when it is empty), as the PDF prints."""
    doc.add_paragraph(f"{{%p for line in ({expr} or '-').splitlines() %}}")
    _para(doc, "{{ line }}", first_line_cm=first_line_cm, left_cm=left_cm)
    doc.add_paragraph("{%p endfor %}")


def _announcement_head(doc: DocumentObject, subject: str) -> None:
    """ประกาศ<organisation> / เรื่อง <subject> / a short rule, centred."""
    doc.add_paragraph("ประกาศ{{ org.name }}", style="Title")
    _para(doc, f"เรื่อง {subject}", align=_CENTER)
    _para(doc, "-" * 36, align=_CENTER)


def _signatory(doc: DocumentObject, who: str) -> None:
    """One signatory (``who`` is a dict with name and position), right of the page's centre."""
    for n, line in enumerate(
        (
            "(ลงชื่อ) ....................................",
            f"({{{{ {who}.name or {_DOTS!r} }}}})",
            f"{{{{ {who}.position or {_DOTS!r} }}}}",
        )
    ):
        paragraph = _para(doc, line, align=_CENTER, left_cm=7.5, keep_next=n < 2)
        if n == 0:
            paragraph.paragraph_format.space_before = Pt(24)


def _new_table(doc: DocumentObject, widths_cm: list[float]) -> Table:
    """A bordered table of fixed layout with no rows yet, ``widths_cm`` wide."""
    table = doc.add_table(rows=0, cols=len(widths_cm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    return table


def _row(
    table: Table,
    widths_cm: list[float],
    texts: dict[int, str],
    *,
    spans: tuple[tuple[int, int], ...] = (),
    aligns: dict[int, WD_ALIGN_PARAGRAPH] | None = None,
    bold: bool = False,
    header: bool = False,
    shade: str | None = None,
) -> _Row:
    """Add a row: ``texts`` by column, ``spans`` as (first, last) columns merged into one."""
    row = table.add_row()
    for cell, width in zip(row.cells, widths_cm, strict=True):
        cell.width = Cm(width)
    cells = list(row.cells)
    merged = {}
    for first, last in spans:
        merged[first] = cells[first].merge(cells[last])
    aligns = aligns or {}
    for column, text in texts.items():
        cell = merged.get(column, cells[column])
        align = _CENTER if header else aligns.get(column)
        _cell_text(cell, text, bold=bold or header, align=align)
        if header or shade:
            _shade(cell, shade or "D9D9D9")
    if header:
        _repeat_header(row)
    else:
        _no_split(row)
    return row


def _merge_down(table: Table, column: int, first_row: int, last_row: int) -> None:
    table.cell(first_row, column).merge(table.cell(last_row, column))


# --- the anti-corruption action plan ------------------------------------------------------


def _plan_announcement(doc: DocumentObject) -> None:
    _announcement_head(
        doc,
        "{% if announcement.subject %}{{ announcement.subject }}"
        "{% else %}ประกาศใช้{{ title }}{% endif %}",
    )
    _lines(doc, "announcement.body", first_line_cm=2.5)
    _para(doc, f"{{{{ announcement.closing or {_CLOSING!r} }}}}", first_line_cm=2.5)
    _para(doc, f"ประกาศ ณ วันที่ {{{{ announcement.date or {_DOTS!r} }}}}", left_cm=5,
          space_before_pt=12)  # fmt: skip
    _signatory(doc, "announcement.signatory")


def _plan_preface(doc: DocumentObject) -> None:
    _para(doc, "คำนำ", align=_CENTER, bold=True, page_break=True)
    _lines(doc, "preface", first_line_cm=2.5)
    _para(doc, "{{ org.name }}", align=_RIGHT, space_before_pt=18)


def _part_head(doc: DocumentObject, number: int, name: str, *, page_break: bool = True) -> None:
    _para(doc, f"ส่วนที่ {{{{ numerals[{number}] }}}}", align=_CENTER, bold=True,
          page_break=page_break, keep_next=True)  # fmt: skip
    _para(doc, name, align=_CENTER, bold=True, keep_next=True)


def _item(doc: DocumentObject, number: int, name: str) -> None:
    _para(doc, f"{{{{ numerals[{number}] }}}}. {name}", bold=True, keep_next=True,
          space_before_pt=6)  # fmt: skip


def _plan_intro(doc: DocumentObject) -> None:
    _part_head(doc, 1, "บทนำ")
    _item(doc, 1, "การประเมินความเสี่ยงการทุจริตในองค์กร")
    headers = [
        "ที่",
        "ชื่อหัวข้อการดำเนินงาน",
        "ประเด็นความเสี่ยงการทุจริต",
        "ระดับความเสี่ยง",
        "มาตรการควบคุมความเสี่ยงการทุจริต",
    ]
    widths = [1.1, 3.4, 4.4, 2.0, 5.6]
    table = _table(doc, headers, widths)
    _tag_row(table, "{%tr for r in risk_rows %}")
    _data_row(
        table,
        ["{{ r.number }}", "{{ r.process }}", "{{ r.risk }}", "{{ r.level }}", "{{ r.controls }}"],
        widths,
        [_CENTER, None, None, _CENTER, None],
    )
    _tag_row(table, "{%tr endfor %}")
    _item(doc, 2, "หลักการและเหตุผล")
    _lines(doc, "rationale", first_line_cm=1.25)
    _item(doc, 3, "วัตถุประสงค์ของการจัดทำแผน")
    _lines(doc, "objectives", left_cm=1.25)
    _item(doc, 4, "เป้าหมาย")
    _lines(doc, "goals", left_cm=1.25)
    doc.add_paragraph("{%p if targets.rows %}")
    widths = [6.9, _TAG_CM, 2.0, _TAG_CM]
    table = _new_table(doc, widths)
    _row(table, widths, {0: "ตัวชี้วัด", 1: "{%tc for y in targets.years %}", 2: "ปี {{ y }}",
                         3: "{%tc endfor %}"}, header=True)  # fmt: skip
    # t['values'], not t.values: Jinja looks up attributes first, and dicts have .values().
    _tag_row(table, "{%tr for t in targets.rows %}")
    _row(table, widths, {0: "{{ t.indicator }}", 1: "{%tc for v in t['values'] %}", 2: "{{ v }}",
                         3: "{%tc endfor %}"}, aligns={2: _CENTER})  # fmt: skip
    _tag_row(table, "{%tr endfor %}")
    doc.add_paragraph("{%p endif %}")
    _item(doc, 5, "ประโยชน์ของการจัดทำแผน")
    _lines(doc, "benefits", left_cm=1.25)


def _plan_summary(doc: DocumentObject) -> None:
    # One budget column per fiscal year: the width of a landscape page (29.7 - 4.5 cm).
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _thai_page_setup(section, landscape=True)
    _part_head(doc, 2, "แผนปฏิบัติการป้องกันการทุจริต", page_break=False)
    _para(doc, "โครงการ/กิจกรรม/มาตรการ และงบประมาณที่ดำเนินการ แยกตามมิติ ({{ title }})",
          align=_CENTER, keep_next=True)  # fmt: skip
    # ที่ | name | kind | {%tc for %} | one year | {%tc endfor %} | total
    widths = [1.3, 8.8, 1.9, _TAG_CM, 2.2, _TAG_CM, 2.3]
    table = _new_table(doc, widths)
    _row(table, widths, {0: "ที่", 1: "โครงการ/กิจกรรม/มาตรการ", 2: "ประเภท",
                         3: "{% colspan years|length %}งบประมาณ (บาท)", 6: "รวม (บาท)"},
         spans=((3, 5),), header=True)  # fmt: skip
    _row(table, widths, {3: "{%tc for y in years %}", 4: "พ.ศ. {{ y }}", 5: "{%tc endfor %}"},
         header=True)  # fmt: skip
    for column in (0, 1, 2, 6):
        _merge_down(table, column, 0, 1)
    years = {3: "{%tc for b in r.budgets %}", 4: "{{ b }}", 5: "{%tc endfor %}"}
    _tag_row(table, "{%tr for d in summary.dimensions %}")
    _row(table, widths, {0: "{% colspan years|length + 4 %}มิติที่ {{ d.number }} {{ d.name }}"},
         spans=((0, 6),), bold=True, shade="F2F2F2")  # fmt: skip
    _tag_row(table, "{%tr for r in d.rows %}")
    _row(table, widths, {0: "{{ r.number }}", 1: "{{ r.name }}", 2: "{{ r.kind }}", **years,
                         6: "{{ r.total }}"},
         aligns={0: _CENTER, 2: _CENTER, 4: _CENTER, 6: _CENTER})  # fmt: skip
    _tag_row(table, "{%tr endfor %}")
    _row(table, widths, {0: "รวมมิติที่ {{ d.number }} ({{ d.count }} โครงการ)",
                         3: "{%tc for t in d.totals %}", 4: "{{ t }}", 5: "{%tc endfor %}",
                         6: "{{ d.total }}"},
         spans=((0, 2),), aligns={4: _CENTER, 6: _CENTER}, bold=True)  # fmt: skip
    _tag_row(table, "{%tr endfor %}")
    _row(table, widths, {0: "รวมทั้งสิ้น {{ summary.count }} โครงการ",
                         3: "{%tc for t in summary.totals %}", 4: "{{ t }}", 5: "{%tc endfor %}",
                         6: "{{ summary.total }}"},
         spans=((0, 2),), aligns={4: _CENTER, 6: _CENTER}, bold=True)  # fmt: skip
    _para(doc, "รวมงบประมาณทั้งสิ้น {{ summary.total }} บาท ({{ summary.total_text }})",
          bold=True, space_before_pt=6)  # fmt: skip


def _plan_projects(doc: DocumentObject) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _thai_page_setup(section)
    doc.add_paragraph("{%p for project in projects %}")
    # The section break starts the first sheet's page; every other sheet starts its own.
    doc.add_paragraph("{%p if loop.first %}")
    _part_head(doc, 3, "รายละเอียดโครงการ/กิจกรรม/มาตรการ", page_break=False)
    _para(doc, "มิติที่ {{ project.dimension }}", bold=True, keep_next=True, space_before_pt=6)
    doc.add_paragraph("{%p else %}")
    _para(doc, "มิติที่ {{ project.dimension }}", bold=True, keep_next=True, page_break=True)
    doc.add_paragraph("{%p endif %}")
    _para(doc, "{{ project.subsection }}", bold=True, keep_next=True)
    _para(doc, "ลำดับที่ {{ project.number }}", bold=True, keep_next=True)
    name = _para(doc, space_before_pt=6)
    _bold(name.add_run("{{ numerals[1] }}. ชื่อโครงการ :"))
    name.add_run(" {{ project.name }}")
    fields = [
        (2, "หลักการและเหตุผล", "project.rationale", True),
        (3, "วัตถุประสงค์", "project.objectives", False),
        (4, "กลุ่มเป้าหมาย", "project.target_group", False),
        (5, "วิธีดำเนินการ", "project.method", False),
        (6, "ระยะเวลาดำเนินการ", "project.period", False),
        (7, "งบประมาณดำเนินการ", "project.budget", False),
        (8, "ผู้รับผิดชอบโครงการ", "project.responsible", False),
    ]
    for number, label, expr, prose in fields:
        _item(doc, number, label)
        if prose:
            _lines(doc, expr, first_line_cm=1.25)
        else:
            _lines(doc, expr, left_cm=1.25)
    _item(doc, 9, "ผลผลิต/ผลลัพธ์")
    for label, expr in (("ผลผลิต", "project.outputs"), ("ผลลัพธ์", "project.outcomes")):
        paragraph = _para(doc, left_cm=1.25)
        _bold(paragraph.add_run(label))
        paragraph.add_run(f' {{{{ {expr} or "-" }}}}')
    doc.add_paragraph("{%p if project.indicators %}")
    widths = [2.5, 9.0, 5.0]
    table = _table(doc, ["ประเภท", "ตัวชี้วัด", "ค่าเป้าหมาย"], widths)
    _tag_row(table, "{%tr for i in project.indicators %}")
    _data_row(table, ["{{ i.kind }}", "{{ i.text }}", "{{ i.target }}"], widths,
              [_CENTER, None, _CENTER])  # fmt: skip
    _tag_row(table, "{%tr endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")


def build_action_plan(path: Path | None = None) -> bytes:
    """Build the docxtpl template of the action plan book; write it to ``path`` if given."""
    doc = Document()
    _setup_styles(doc)
    _thai_page_setup(doc.sections[0])
    _page_number_footer(doc.sections[0])
    _plan_announcement(doc)
    _plan_preface(doc)
    _plan_intro(doc)
    _plan_summary(doc)
    _plan_projects(doc)
    return _save(doc, path, title="แผนปฏิบัติการป้องกันการทุจริต")


# --- the monitoring report of the plan ----------------------------------------------------


def _report_title(doc: DocumentObject, *lines: str) -> None:
    doc.add_paragraph("{{ title }}", style="Title")
    for text in ("{{ org.name }}", *lines):
        _para(doc, text, align=_CENTER)


def build_plan_report(path: Path | None = None) -> bytes:
    """Build the docxtpl template of the plan's 6-month or annual report (landscape)."""
    doc = Document()
    _setup_styles(doc)
    _thai_page_setup(doc.sections[0], landscape=True)
    _page_number_footer(doc.sections[0])
    _report_title(doc, "ตาม{{ plan_title }}", "{{ round_label }}")

    doc.add_heading("ส่วนที่ {{ numerals[1] }} สรุปผลการดำเนินงานตามแผน", level=1)
    headers = [
        "มิติ",
        "จำนวนโครงการ",
        "แล้วเสร็จ",
        "อยู่ระหว่างดำเนินการ",
        "ยังไม่ได้ดำเนินการ",
        "งบประมาณตามแผน (บาท)",
        "เบิกจ่ายจริง (บาท)",
        "ความก้าวหน้าเฉลี่ย (ร้อยละ)",
    ]
    widths = [8.4, 2.0, 2.0, 2.4, 2.4, 2.6, 2.6, 2.8]
    fields = ["count", "done", "in_progress", "not_started", "budget", "spent", "percent"]
    centred = [None] + [_CENTER] * len(fields)
    table = _table(doc, headers, widths)
    _tag_row(table, "{%tr for d in summary.dimensions %}")
    _data_row(
        table,
        ["มิติที่ {{ d.number }} {{ d.name }}", *(f"{{{{ d.{f} }}}}" for f in fields)],
        widths,
        centred,
    )
    _tag_row(table, "{%tr endfor %}")
    _data_row(
        # The totals as summary.total, or (the same keys) on summary itself.
        table, ["รวม", *(f"{{{{ (summary.total or summary).{f} }}}}" for f in fields)], widths,
        centred,
        bold=True,
    )  # fmt: skip

    doc.add_heading("ส่วนที่ {{ numerals[2] }} ผลการดำเนินงานรายโครงการ", level=1)
    headers = [
        "ที่",
        "โครงการ/กิจกรรม/มาตรการ",
        "สถานะ",
        "ร้อยละ",
        "งบประมาณ (บาท)",
        "เบิกจ่าย (บาท)",
        "ผลการดำเนินงาน",
        "ผลผลิต/ผลลัพธ์ที่ได้",
        "ปัญหาอุปสรรค",
        "หลักฐาน",
    ]
    widths = [1.1, 4.4, 2.2, 1.4, 2.1, 2.0, 3.8, 3.2, 2.8, 2.2]
    table = _table(doc, headers, widths)
    _tag_row(table, "{%tr for p in projects %}")
    _tag_row(table, "{%tr if loop.first or p.dimension != loop.previtem.dimension %}")
    _row(table, widths, {0: "มิติที่ {{ p.dimension }}"}, spans=((0, 9),), bold=True,
         shade="F2F2F2")  # fmt: skip
    _tag_row(table, "{%tr endif %}")
    fields = ["number", "name", "status", "percent", "budget", "spent", "done", "achieved",
              "problems", "evidence"]  # fmt: skip
    _data_row(
        table,
        [f"{{{{ p.{f} }}}}" for f in fields],
        widths,
        [_CENTER, None, _CENTER, _CENTER, _CENTER, _CENTER, None, None, None, None],
    )
    _tag_row(table, "{%tr endfor %}")

    doc.add_heading("ส่วนที่ {{ numerals[3] }} ปัญหา อุปสรรค และข้อเสนอแนะ", level=1)
    _lines(doc, "problems_summary", first_line_cm=1.25)
    _signatures(doc)
    return _save(doc, path, title="รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริต")


# --- the corruption risk assessment -------------------------------------------------------


def build_risk_assessment(path: Path | None = None) -> bytes:
    """Build the docxtpl template of the risk assessment with its heat map (``heatmap_png``)."""
    doc = Document()
    _setup_styles(doc)
    _thai_page_setup(doc.sections[0])
    _page_number_footer(doc.sections[0])
    _report_title(doc)

    doc.add_heading("ส่วนที่ {{ numerals[1] }} แผนภูมิความเสี่ยงการทุจริต", level=1)
    doc.add_paragraph("{%p if heatmap_image %}")
    _para(doc, "{{ heatmap_image }}", align=_CENTER)
    doc.add_paragraph("{%p endif %}")
    caption = _para(doc, align=_CENTER).add_run("{{ matrix_name }}")
    set_thai_font(caption._r.get_or_add_rPr(), size_pt=14)

    doc.add_heading("ส่วนที่ {{ numerals[2] }} ผลการประเมินความเสี่ยงการทุจริต", level=1)
    # The level's colour fills a narrow cell beside its name: the name stays readable on any
    # colour and in black-and-white print.
    widths = [1.0, 3.3, 5.2, 2.0, 2.0, 0.5, 2.5]
    table = _new_table(doc, widths)
    _row(table, widths, {0: "ที่", 1: "กระบวนงาน/ขั้นตอน", 2: "ความเสี่ยงการทุจริต",
                         3: "โอกาสที่จะเกิด", 4: "ผลกระทบ", 5: "ระดับความเสี่ยง"},
         spans=((5, 6),), header=True)  # fmt: skip
    _tag_row(table, "{%tr for r in rows %}")
    _row(table, widths, {0: "{{ r.number }}", 1: "{{ r.process }}", 2: "{{ r.risk }}",
                         3: "{{ r.likelihood }}", 4: "{{ r.impact }}",
                         5: "{% cellbg (r.level_color or '#FFFFFF')|replace('#', '') %}",
                         6: "{{ r.level }}"},
         aligns={0: _CENTER, 3: _CENTER, 4: _CENTER, 6: _CENTER})  # fmt: skip
    _tag_row(table, "{%tr endfor %}")

    doc.add_heading("ส่วนที่ {{ numerals[3] }} มาตรการบริหารจัดการความเสี่ยงการทุจริต", level=1)
    headers = [
        "ที่",
        "ความเสี่ยงการทุจริต",
        "มาตรการควบคุมที่มีอยู่",
        "มาตรการควบคุมเพิ่มเติม",
        "ผู้รับผิดชอบ",
        "กำหนดทบทวน",
    ]
    widths = [1.0, 3.6, 3.6, 3.8, 2.3, 2.2]
    table = _table(doc, headers, widths)
    _tag_row(table, "{%tr for r in rows %}")
    _data_row(
        table,
        ["{{ r.number }}", "{{ r.risk }}", "{{ r.existing }}", "{{ r.new }}", "{{ r.owner }}",
         "{{ r.review }}"],
        widths,
        [_CENTER, None, None, None, _CENTER, _CENTER],
    )  # fmt: skip
    _tag_row(table, "{%tr endfor %}")
    _signatures(doc)
    return _save(doc, path, title="การประเมินความเสี่ยงการทุจริต")


# --- the integrity measures: announcement and implementation report ----------------------


def build_measures_announcement(path: Path | None = None) -> bytes:
    """Build the docxtpl template of the announcement of the integrity measures (seed 001)."""
    doc = Document()
    _setup_styles(doc)
    _thai_page_setup(doc.sections[0])
    _page_number_footer(doc.sections[0])
    _announcement_head(doc, "{{ title }}")
    _lines(doc, "intro", first_line_cm=2.5)
    headers = ["ที่", "มาตรการ", "ขั้นตอน/วิธีการ", "ผู้รับผิดชอบ", "การติดตาม/รายงาน"]
    widths = [1.0, 4.6, 5.4, 2.3, 3.2]
    table = _table(doc, headers, widths)
    _tag_row(table, "{%tr for m in rows %}")
    _data_row(
        table,
        ["{{ m.number }}", "{{ m.name }}", "{{ m.steps }}", "{{ m.responsible }}",
         "{{ m.monitoring }}"],
        widths,
        [_CENTER, None, None, _CENTER, None],
    )  # fmt: skip
    _tag_row(table, "{%tr endfor %}")
    _para(doc, f"{{{{ closing or {_CLOSING!r} }}}}", first_line_cm=2.5, space_before_pt=12)
    _para(doc, f"ประกาศ ณ วันที่ {{{{ date or {_DOTS!r} }}}}", left_cm=5, space_before_pt=12)
    _signatory(doc, "signatory")
    return _save(doc, path, title="ประกาศมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")


def build_measures_report(path: Path | None = None) -> bytes:
    """Build the docxtpl template of the measures' implementation report (landscape)."""
    doc = Document()
    _setup_styles(doc)
    _thai_page_setup(doc.sections[0], landscape=True)
    _page_number_footer(doc.sections[0])
    _report_title(doc, "{{ round_label }}")
    headers = [
        "ที่",
        "มาตรการ",
        "ขั้นตอน/วิธีการ",
        "ผลการดำเนินการ",
        "ความสำเร็จของการดำเนินการ",
        "หลักฐาน",
    ]
    widths = [1.1, 4.6, 4.6, 5.4, 5.3, 4.2]
    table = _table(doc, headers, widths)
    _tag_row(table, "{%tr for m in rows %}")
    _data_row(
        table,
        ["{{ m.number }}", "{{ m.name }}", "{{ m.steps }}", "{{ m.results }}", "{{ m.success }}",
         "{{ m.evidence }}"],
        widths,
        [_CENTER, None, None, None, None, None],
    )  # fmt: skip
    _tag_row(table, "{%tr endfor %}")
    _signatures(doc)
    return _save(doc, path, title="รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส")


# --- ethics: the code of ethics and the yearly report of its indicators -------------------

_ETHICS_CLOSING = "จึงประกาศมาเพื่อถือปฏิบัติโดยทั่วกัน"
# The number of the current {%p for %} item in the document's digits: numerals has ten entries,
# so each digit of loop.index is looked up on its own (item 12 is "๑๒", not numerals[12]).
_LOOP_NUMBER = "{% for d in loop.index|string %}{{ numerals[d|int] }}{% endfor %}"


def _heading_left(doc: DocumentObject, text: str) -> None:
    """A bold heading flush left, kept with what follows (a part of an announcement)."""
    _para(doc, text, bold=True, keep_next=True, space_before_pt=6)


def _ethics_items(doc: DocumentObject, heading: str, key: str) -> None:
    _heading_left(doc, heading)
    doc.add_paragraph(f"{{%p for item in {key} %}}")
    _para(doc, "({{ item.number }}) {{ item.text }}", first_line_cm=2.5)
    doc.add_paragraph("{%p endfor %}")


def build_ethics_code(path: Path | None = None) -> bytes:
    """Build the docxtpl template of the announcement of the code of ethics (seed 004)."""
    doc = Document()
    _setup_styles(doc)
    _thai_page_setup(doc.sections[0])
    _page_number_footer(doc.sections[0])
    _announcement_head(doc, "{{ title }}")
    _lines(doc, "adopted", first_line_cm=2.5)
    _ethics_items(doc, "หมวด {{ numerals[1] }} มาตรฐานทางจริยธรรมอันเป็นค่านิยมหลัก", "core")
    _ethics_items(doc, "หมวด {{ numerals[2] }} ประมวลจริยธรรมทั่วไป", "general")
    doc.add_paragraph("{%p if additions %}")
    _ethics_items(doc, "หมวด {{ numerals[3] }} ข้อกำหนดจริยธรรมเพิ่มเติมของ{{ org.name }}", "additions")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if legal_bases %}")
    _heading_left(doc, "กฎหมายและระเบียบที่เกี่ยวข้อง")
    doc.add_paragraph("{%p for basis in legal_bases %}")
    # Hanging indent: the text of a long title lines up after its number.
    _para(doc, f"{_LOOP_NUMBER}. {{{{ basis }}}}", left_cm=3.2, first_line_cm=-0.7)
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    _para(doc, f"{{{{ closing or {_ETHICS_CLOSING!r} }}}}", first_line_cm=2.5, space_before_pt=6)
    _para(doc, f"ประกาศ ณ วันที่ {{{{ date or {_DOTS!r} }}}}", left_cm=5, space_before_pt=12)
    _signatory(doc, "signatory")
    return _save(doc, path, title="ประกาศประมวลจริยธรรม")


# Previous years' results, one per line, then the trend in brackets when there is one.
_PREVIOUS = (
    "{% for p in ind.previous %}{{ p.year }}: {{ p.value }}{% if not loop.last %}{{ '\\n' }}"
    "{% endif %}{% else %}-{% endfor %}{% if ind.trend %}{{ '\\n' }}({{ ind.trend }}){% endif %}"
)


def build_ethics_report(path: Path | None = None) -> bytes:
    """Build the docxtpl template of the yearly report of the ethical standards' indicators."""
    doc = Document()
    _setup_styles(doc)
    _thai_page_setup(doc.sections[0])
    _page_number_footer(doc.sections[0])
    _report_title(doc)
    doc.add_paragraph("{%p for s in standards %}")
    doc.add_heading("{% if s.number %}มาตรฐานที่ {{ s.number }} {% endif %}{{ s.name }}", level=2)
    headers = ["ตัวชี้วัด", "ค่าเป้าหมาย", "ผลปี {{ year }}", "ผลปีก่อน (แนวโน้ม)", "ที่มาของข้อมูล"]
    widths = [5.4, 2.6, 2.3, 3.0, 3.2]
    table = _table(doc, headers, widths)
    _tag_row(table, "{%tr for ind in s.indicators %}")
    _data_row(
        table,
        ["{{ ind.text }}", '{{ ind.target or "-" }}', '{{ ind.value or "-" }}', _PREVIOUS,
         '{{ ind.source or "-" }}'],
        widths,
        [None, _CENTER, _CENTER, _CENTER, None],
    )  # fmt: skip
    _tag_row(table, "{%tr endfor %}")
    _tag_row(table, "{%tr if not s.indicators %}")
    _row(table, widths, {0: "ยังไม่ได้กำหนดตัวชี้วัด"}, spans=((0, 4),), aligns={0: _CENTER})
    _tag_row(table, "{%tr endif %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if note %}")
    doc.add_heading("ข้อสังเกตและข้อเสนอแนะ", level=1)
    _lines(doc, "note", first_line_cm=1.25)
    doc.add_paragraph("{%p endif %}")
    _signatures(doc)
    return _save(doc, path, title="รายงานผลการดำเนินการตามตัวชี้วัดมาตรฐานทางจริยธรรม")


# --- No Gift Policy: the announcement and the yearly report --------------------------------


def build_ngp_announcement(path: Path | None = None) -> bytes:
    """Build the docxtpl template of the No Gift Policy announcement (seed 004)."""
    doc = Document()
    _setup_styles(doc)
    _thai_page_setup(doc.sections[0])
    _page_number_footer(doc.sections[0])
    _announcement_head(doc, "{{ title }}")
    doc.add_paragraph("{%p for paragraph in body %}")
    _para(doc, "{{ paragraph }}", first_line_cm=2.5)
    doc.add_paragraph("{%p endfor %}")
    # The slogan's first line large, any further line ("เปลี่ยนของขวัญ…") at the body size.
    doc.add_paragraph("{%p for line in (slogan or '').splitlines() %}")
    doc.add_paragraph("{%p if loop.first %}")
    slogan = _para(doc, align=_CENTER, keep_next=True, space_before_pt=6)
    set_thai_font(_bold(slogan.add_run("{{ line }}"))._r.get_or_add_rPr(), size_pt=26, bold=True)
    doc.add_paragraph("{%p else %}")
    _para(doc, "{{ line }}", align=_CENTER, bold=True, keep_next=True)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
    _para(doc, f"{{{{ closing or {_CLOSING!r} }}}}", first_line_cm=2.5, space_before_pt=6)
    _para(doc, f"ประกาศ ณ วันที่ {{{{ date or {_DOTS!r} }}}}", left_cm=5, space_before_pt=12)
    _signatory(doc, "signatory")
    doc.add_paragraph("{%p if contact %}")
    contact = _para(doc, space_before_pt=24)
    set_thai_font(contact.add_run("{{ contact }}")._r.get_or_add_rPr(), size_pt=14)
    doc.add_paragraph("{%p endif %}")
    return _save(doc, path, title="ประกาศเจตนารมณ์การไม่รับของขวัญและของกำนัล (No Gift Policy)")


_NGP_SUMMARY = [
    ("รายการที่รายงานทั้งสิ้น", "count"),
    ("มีผู้เสนอให้ทรัพย์สินหรือประโยชน์อื่นใด", "offered"),
    ("รับไว้", "received"),
    ("ปฏิเสธไม่รับ", "refused"),
    ("ส่งคืนผู้ให้", "returned"),
    ("รับไว้ได้ตามหลักเกณฑ์ที่กฎหมายกำหนด", "kept"),
    ("ส่งมอบให้หน่วยงาน", "handed_over"),
]


def build_ngp_report(path: Path | None = None) -> bytes:
    """Build the docxtpl template of the yearly No Gift Policy report (landscape)."""
    doc = Document()
    _setup_styles(doc)
    _thai_page_setup(doc.sections[0], landscape=True)
    _page_number_footer(doc.sections[0])
    _report_title(doc)

    doc.add_heading(
        "ส่วนที่ {{ numerals[1] }} สรุปผลการรับทรัพย์สินหรือประโยชน์อื่นใด ประจำปีงบประมาณ พ.ศ. {{ year }}",
        level=2,
    )
    widths = [12.0, 5.0]
    table = _table(doc, ["รายการ", "จำนวน (รายการ)"], widths)
    for label, key in _NGP_SUMMARY:
        _data_row(table, [label, f"{{{{ summary.{key} }}}}"], widths, [None, _CENTER])
    _data_row(table, ["มูลค่ารวมโดยประมาณ (บาท)", "{{ summary.total_value }}"], widths,
              [None, _CENTER], bold=True)  # fmt: skip
    _para(doc, "มูลค่ารวมทั้งสิ้น {{ summary.total_value }} บาท ({{ summary.total_value_text }})",
          align=_CENTER)  # fmt: skip

    doc.add_heading("ส่วนที่ {{ numerals[2] }} รายละเอียดการรับทรัพย์สินหรือประโยชน์อื่นใด", level=2)
    doc.add_paragraph("{%p if rows %}")
    headers = ["ที่", "วันที่", "เจ้าหน้าที่ผู้ได้รับ", "ผู้ให้", "ความสัมพันธ์", "โอกาส/เทศกาล",
               "มูลค่า (บาท)", "การดำเนินการ", "การรายงานผู้บังคับบัญชา"]  # fmt: skip
    widths = [1.1, 2.3, 3.5, 3.3, 2.5, 3.0, 2.3, 4.2, 3.0]
    table = _table(doc, headers, widths)
    _tag_row(table, "{%tr for r in rows %}")
    fields = ["number", "date", "official", "giver", "relation", "occasion", "value", "decision",
              "reported"]  # fmt: skip
    _data_row(
        table,
        [f"{{{{ r.{f} }}}}" for f in fields],
        widths,
        [_CENTER, _CENTER, None, None, None, None, _CENTER, None, _CENTER],
    )
    _tag_row(table, "{%tr endfor %}")
    doc.add_paragraph("{%p else %}")
    _para(doc, "ไม่มีการรับทรัพย์สินหรือประโยชน์อื่นใด", first_line_cm=1.25)
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("ส่วนที่ {{ numerals[3] }} กิจกรรมการสร้างวัฒนธรรมองค์กร (No Gift Policy)", level=2)
    doc.add_paragraph("{%p if activities %}")
    widths = [3.5, 8.0, 13.7]
    table = _table(doc, ["วันที่", "กิจกรรม", "รายละเอียด"], widths)
    _tag_row(table, "{%tr for a in activities %}")
    _data_row(table, ["{{ a.date }}", "{{ a.name }}", "{{ a.description }}"], widths,
              [_CENTER, None, None])  # fmt: skip
    _tag_row(table, "{%tr endfor %}")
    doc.add_paragraph("{%p else %}")
    _para(doc, "-", first_line_cm=1.25)
    doc.add_paragraph("{%p endif %}")
    _signatures(doc)
    return _save(doc, path, title="รายงานผลการดำเนินการตามนโยบาย No Gift Policy")


# --- complaints: the statistics (an OIT item) ---------------------------------------------

_PRIVACY_NOTE = "หมายเหตุ: เผยแพร่เป็นข้อมูลเชิงสถิติเท่านั้น ไม่เปิดเผยตัวผู้ร้องเรียนและรายละเอียดของเรื่องร้องเรียน"


def _count_table(doc: DocumentObject, header: str, key: str, empty: str) -> None:
    """A two-column table of ``key`` ([{name, count}]), one row saying ``empty`` when empty."""
    widths = [9.0, 3.5]
    table = _table(doc, [header, "จำนวน (เรื่อง)"], widths)
    _tag_row(table, f"{{%tr for c in {key} %}}")
    _data_row(table, ["{{ c.name }}", "{{ c.count }}"], widths, [None, _CENTER])
    _tag_row(table, "{%tr endfor %}")
    _tag_row(table, f"{{%tr if not {key} %}}")
    _row(table, widths, {0: empty}, spans=((0, 1),), aligns={0: _CENTER})
    _tag_row(table, "{%tr endif %}")


def build_complaint_statistics(path: Path | None = None) -> bytes:
    """Build the docxtpl template of the complaint statistics: counts only, never a case."""
    doc = Document()
    _setup_styles(doc)
    _thai_page_setup(doc.sections[0])
    _page_number_footer(doc.sections[0])
    _report_title(doc)

    doc.add_heading("ส่วนที่ {{ numerals[1] }} ภาพรวม ประจำปีงบประมาณ พ.ศ. {{ year }}", level=2)
    _para(
        doc,
        "ได้รับเรื่องร้องเรียนการทุจริตและประพฤติมิชอบทั้งสิ้น {{ total.received }} เรื่อง "
        "ดำเนินการแล้วเสร็จ {{ total.concluded }} เรื่อง ใช้เวลาดำเนินการ (ค่ามัธยฐาน) "
        "{{ total.median_days }} วัน เกินกำหนดเวลา {{ total.overdue }} เรื่อง",
        first_line_cm=1.25,
    )
    widths = [5.6, 3.6, 3.6, 3.7]
    aligns = [None, _CENTER, _CENTER, _CENTER]
    table = _table(doc, ["ช่วงเวลา", "รับเรื่อง (เรื่อง)", "แล้วเสร็จ (เรื่อง)",
                         "ระยะเวลาดำเนินการ ค่ามัธยฐาน (วัน)"], widths)  # fmt: skip
    _tag_row(table, "{%tr for q in quarters %}")
    _data_row(table, ["{{ q.name }}", "{{ q.received }}", "{{ q.concluded }}",
                      "{{ q.median_days }}"], widths, aligns)  # fmt: skip
    _tag_row(table, "{%tr endfor %}")
    _data_row(table, ["รวมทั้งปี", "{{ total.received }}", "{{ total.concluded }}",
                      "{{ total.median_days }}"], widths, aligns, bold=True)  # fmt: skip

    doc.add_heading("ส่วนที่ {{ numerals[2] }} จำแนกตามประเภทเรื่องร้องเรียน", level=2)
    _count_table(doc, "ประเภทเรื่องร้องเรียน", "by_category", "ไม่มีเรื่องร้องเรียน")
    doc.add_heading("ส่วนที่ {{ numerals[3] }} จำแนกตามสถานะการดำเนินการ", level=2)
    _count_table(doc, "สถานะ", "by_status", "ไม่มีเรื่องร้องเรียน")
    doc.add_heading("ส่วนที่ {{ numerals[4] }} จำแนกตามผลการพิจารณา", level=2)
    _count_table(doc, "ผลการพิจารณา", "by_outcome", "ยังไม่มีเรื่องที่พิจารณาแล้วเสร็จ")

    doc.add_heading("ส่วนที่ {{ numerals[5] }} ช่องทางการร้องเรียน", level=2)
    doc.add_paragraph("{%p for channel in channels %}")
    _para(doc, "• {{ channel }}", left_cm=1.25)
    doc.add_paragraph("{%p else %}")
    _para(doc, "-", left_cm=1.25)
    doc.add_paragraph("{%p endfor %}")
    note = _para(doc, space_before_pt=6)
    set_thai_font(note.add_run(_PRIVACY_NOTE)._r.get_or_add_rPr(), size_pt=14)
    _signatures(doc)
    return _save(doc, path, title="ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ")


# --- OIT: the disclosure check of the organisation's website -------------------------------

_OIT_SUMMARY = [
    ("จำนวนข้อที่ตรวจสอบ (ข้อ)", "items"),
    ("ข้อที่พร้อมเผยแพร่ (ข้อ)", "ready"),
    ("ข้อที่พบปัญหา (ข้อ)", "problems"),
    ("ความพร้อมตัวชี้วัดที่ {{ numerals[9] }} การเปิดเผยข้อมูล (คะแนน)", "score9"),
    ("ความพร้อมตัวชี้วัดที่ {{ numerals[1] }}{{ numerals[0] }} การป้องกันการทุจริต (คะแนน)", "score10"),
]
# What each owner unit lacks: its failed rows' "missing", one per line, else a dash.
_OIT_MISSING = (
    "{% for r in rows if r.owner == o.owner and not r.ok and r.missing %}{{ r.item }} "
    "{{ r.missing }}{% if not loop.last %}{{ '\\n' }}{% endif %}{% else %}-{% endfor %}"
)


def _problem_bold(paragraph, text: str) -> None:
    """``text`` in bold when the row ``r`` is a problem (``not r.ok``), in regular type else."""
    _bold(paragraph.add_run(f"{{% if not r.ok %}}{text}{{% endif %}}"))
    paragraph.add_run(f"{{% if r.ok %}}{text}{{% endif %}}")


def build_oit_findings(path: Path | None = None) -> bytes:
    """Build the docxtpl template of the OIT disclosure check report (landscape)."""
    doc = Document()
    _setup_styles(doc)
    _thai_page_setup(doc.sections[0], landscape=True)
    _page_number_footer(doc.sections[0])
    _report_title(doc, 'เว็บไซต์หลักของหน่วยงาน {{ main_site or "-" }}',
                  "ตรวจสอบเมื่อวันที่ {{ checked_on }}")  # fmt: skip

    doc.add_heading("ส่วนที่ {{ numerals[1] }} สรุปผลการตรวจสอบ", level=2)
    widths = [12.0, 5.0]
    table = _table(doc, ["รายการ", "ผล"], widths)
    # summary['items'], not summary.items: Jinja looks up attributes first, and dicts have .items().
    for label, key in _OIT_SUMMARY:
        _data_row(table, [label, f"{{{{ summary[{key!r}] }}}}"], widths, [None, _CENTER])
    _data_row(table, ["คะแนน OIT ที่คาดว่าจะได้รับ", "{{ summary.oit }}"], widths,
              [None, _CENTER], bold=True)  # fmt: skip
    _tag_row(table, "{%tr if summary.what_if %}")
    _row(table, widths, {0: "{{ summary.what_if }}"}, spans=((0, 1),), bold=True)
    _tag_row(table, "{%tr elif summary.total_if %}")
    _data_row(table, ["คะแนนรวมหากแก้ไขข้อที่ไม่ผ่าน", "{{ summary.total_if }}"], widths,
              [None, _CENTER], bold=True)  # fmt: skip
    _tag_row(table, "{%tr endif %}")

    doc.add_heading("ส่วนที่ {{ numerals[2] }} ผลการตรวจสอบรายข้อ", level=2)
    headers = ["ข้อ", "รายการ", "URL", "ผลการตรวจ", "ข้อค้นพบ", "แนวทางแก้ไข", "ผู้รับผิดชอบ"]
    widths = [1.3, 4.6, 4.3, 2.8, 4.8, 4.8, 2.6]
    table = _table(doc, headers, widths)
    _tag_row(table, "{%tr for r in rows %}")
    _data_row(
        table,
        ["", "{{ r.name }}", "", "", '{{ r.finding or "-" }}', '{{ r.fix or "-" }}',
         '{{ r.owner or "-" }}'],
        widths,
        [_CENTER, None, None, _CENTER, None, None, _CENTER],
    )  # fmt: skip
    cells = table.rows[-1].cells
    # A problem row is marked in bold and with ✗, which survives black-and-white printing.
    _problem_bold(cells[0].paragraphs[0], "{{ r.item }}")
    _problem_bold(cells[3].paragraphs[0], "{% if r.ok %}✓{% else %}✗{% endif %} {{ r.status }}")
    # URLs have no spaces: at the small size a long one wraps within its fixed-width column.
    url = cells[2].paragraphs[0].add_run('{{ r.url or "-" }}')
    set_thai_font(url._r.get_or_add_rPr(), size_pt=14)
    finding = cells[4].paragraphs[0]
    _bold(finding.add_run("{% if r.missing and not r.ok %}{{ '\\n' }}สิ่งที่ขาด: {% endif %}"))
    finding.add_run("{% if r.missing and not r.ok %}{{ r.missing }}{% endif %}")
    _tag_row(table, "{%tr endfor %}")
    _tag_row(table, "{%tr if not rows %}")
    _row(table, widths, {0: "ไม่มีรายการที่ตรวจสอบ"}, spans=((0, 6),), aligns={0: _CENTER})
    _tag_row(table, "{%tr endif %}")

    doc.add_heading("ส่วนที่ {{ numerals[3] }} สิ่งที่ต้องดำเนินการ จำแนกตามหน่วยงานผู้รับผิดชอบ", level=2)
    widths = [5.5, 4.5, 15.2]
    table = _table(doc, ["หน่วยงานผู้รับผิดชอบ", "ข้อที่ต้องแก้ไข", "สิ่งที่ขาด"], widths)
    _tag_row(table, "{%tr for o in by_owner %}")
    _data_row(table, ["{{ o.owner }}", "{{ o['items'] }}", _OIT_MISSING], widths,
              [None, _CENTER, None])  # fmt: skip
    _tag_row(table, "{%tr endfor %}")
    _tag_row(table, "{%tr if not by_owner %}")
    _row(table, widths, {0: "ไม่มีข้อที่ต้องแก้ไข"}, spans=((0, 2),), aligns={0: _CENTER})
    _tag_row(table, "{%tr endif %}")
    _signatures(doc)
    return _save(doc, path, title="รายงานผลการตรวจสอบการเปิดเผยข้อมูลสาธารณะ (OIT)")


# --- saving -------------------------------------------------------------------------------


def _preserve_spaces(doc: DocumentObject) -> None:
    # Without xml:space="preserve" Word drops the spaces at the ends of a run, and runs here end
    # in spaces that only appear once docxtpl has filled in the tags.
    for text in doc.element.body.iter(qn("w:t")):
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _reproducible_zip(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def _save(doc: DocumentObject, path: Path | None, *, title: str) -> bytes:
    _preserve_spaces(doc)
    props = doc.core_properties
    props.title = title
    props.author = props.last_modified_by = "Prongsai"
    props.created = props.modified = _FIXED_TIME
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    data = _reproducible_zip(buf.getvalue())
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return data


# Every kind with a Word layout; survey slips and posters are printed only (PDF_ONLY_KINDS).
BUILDERS: dict[str, Callable[[Path | None], bytes]] = {
    "ita_analysis": build_ita_analysis,
    "satisfaction_report": build_satisfaction_report,
    "action_plan": build_action_plan,
    "plan_report": build_plan_report,
    "risk_assessment": build_risk_assessment,
    "measures_announcement": build_measures_announcement,
    "measures_report": build_measures_report,
    "ethics_code": build_ethics_code,
    "ethics_report": build_ethics_report,
    "ngp_announcement": build_ngp_announcement,
    "ngp_report": build_ngp_report,
    "complaint_statistics": build_complaint_statistics,
    "oit_findings": build_oit_findings,
}


def build_all(directory: Path = TEMPLATE_DIR, *, write: bool = True) -> dict[Path, bool]:
    """Build every shipped DOCX template; return each path and whether its bytes changed.

    With ``write=False`` nothing is written (the command's ``--dry-run``).
    """
    changed: dict[Path, bool] = {}
    for kind, build in BUILDERS.items():
        path = directory / f"{kind}.docx"
        data = build(None)
        changed[path] = not path.exists() or path.read_bytes() != data
        if write and changed[path]:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return changed
