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

__all__ = [
    "BUILDERS",
    "FONT",
    "FONT_SIZE_PT",
    "TEMPLATE_DIR",
    "build_all",
    "build_ita_analysis",
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
        run.bold = True


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
    paragraph.add_run(label).bold = True
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
    question_cell.add_run("{% if q.lowest %} (คะแนนน้อยที่สุด){% endif %}").bold = True
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
