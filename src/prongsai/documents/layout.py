"""A document from its one layout: the Word file, and the PDF LibreOffice lays out from it.

The layout is a real .docx with docxtpl tags (`{{ org.name }}`, `{%tr for row in rows %}`),
shipped in the app that owns the kind, or the organisation's own upload for that kind
(`DocumentTemplate`), which then governs its PDF as well. Uploaded layouts are untrusted: they
run in Jinja's sandbox with autoescaping, and are checked against the kind's declared fields
when uploaded.

Besides the builder's own keys, every layout may use the common keys (`COMMON`): the
organisation, its emblem (3 cm high; a neutral placeholder when none is uploaded), the
signatory of this document, the digits it writes its own numbers in, today's date and the title.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath
from typing import Any

from django.utils import timezone
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import meta, nodes
from jinja2.sandbox import SandboxedEnvironment
from PIL import Image, ImageDraw

from prongsai.documents import libreoffice
from prongsai.documents.models import DocumentSignoff, DocumentTemplate
from prongsai.documents.registry import DocumentRequest, Kind
from prongsai.incoming import DOCX_BUDGET, check_zip

COMMON = frozenset({"org", "emblem", "signatory", "numerals", "today", "title"})
_THAI_NUMERALS = tuple("๐๑๒๓๔๕๖๗๘๙")
_ARABIC_NUMERALS = tuple("0123456789")
EMBLEM_MM = 30  # the emblem of an announcement: 3 cm high (thai-official-documents.md)


@dataclass(frozen=True)
class Picture:
    """An image a builder puts in its context (a chart, a heat map, a QR code), PNG bytes."""

    png: bytes
    width_mm: float | None = None
    height_mm: float | None = None


class DocumentTemplateError(Exception):
    """An organisation's uploaded layout cannot be used (not a Word file, a syntax error…)."""

    def __init__(self, template: DocumentTemplate, error: Exception):
        self.template = template
        self.error = error
        super().__init__(
            f"แม่แบบเอกสารที่หน่วยงานอัปโหลดใช้ไม่ได้ (uploaded template cannot be used): "
            f"{template.file.name}: {error}"
        )


def org_layout(org, kind: Kind) -> DocumentTemplate | None:
    """The organisation's newest uploaded layout for the kind, if any."""
    return (
        DocumentTemplate.objects.filter(org=org, kind=kind.key).order_by("-uploaded", "-id").first()
    )


def make(request: DocumentRequest, fmt: str) -> bytes:
    """The document as "docx" or "pdf" (NothingToReport when there is nothing to say)."""
    if fmt not in request.kind.formats:
        raise ValueError(f"{request.kind.key} is made as {', '.join(request.kind.formats)}")
    docx = render_docx(request)
    return docx if fmt == "docx" else libreoffice.docx_to_pdf(docx)


def render_docx(request: DocumentRequest) -> bytes:
    kind, org = request.kind, request.org
    context = kind.context(request)
    override = org_layout(org, kind)
    try:
        source = io.BytesIO(_read(override)) if override else kind.layout.open("rb")
        if override:  # judged from its ZIP directory before python-docx unpacks it
            check_zip(source, PurePath(override.file.name).name, DOCX_BUDGET)
        template = DocxTemplate(source)
        template.init_docx()  # a file that is not a Word document fails here
        data = {**common_context(request, template), **_pictures(template, context)}
        # The sandbox stops an uploaded layout from reaching Python internals through
        # attribute lookups; autoescape keeps "<" or "&" in the data from breaking the XML.
        template.render(data, jinja_env=SandboxedEnvironment(autoescape=True), autoescape=True)
        _finish(template, thai_digits=org.thai_digits, toc=kind.toc)
        out = io.BytesIO()
        template.save(out)
    except Exception as exc:
        # Whatever goes wrong with an uploaded file is the file's fault and is reported as such;
        # a failure of the shipped layout is a bug and propagates unchanged.
        if override is None:
            raise
        raise DocumentTemplateError(override, exc) from exc
    return out.getvalue()


def common_context(request: DocumentRequest, template: DocxTemplate) -> dict[str, Any]:
    org, fmt = request.org, request.fmt
    signoff = signoff_for(request)
    emblem = _read(org.emblem) if org.emblem else placeholder_emblem()
    return {
        "org": {
            "name": org.name_th, "address": org.address, "phone": org.phone,
            "website": org.website, "province": org.province, "district": org.district,
            "head_name": org.head_name, "head_position": org.head_position,
        },
        "emblem": InlineImage(template, io.BytesIO(emblem), height=Mm(EMBLEM_MM)),
        "signatory": {
            "name": signoff.name, "position": signoff.position,
            "date": fmt.date(signoff.signed_on or timezone.localdate()),
        },
        "numerals": _THAI_NUMERALS if org.thai_digits else _ARABIC_NUMERALS,
        "today": fmt.date(timezone.localdate()),
        "title": request.kind.title_th,
    }  # fmt: skip


def scope_of(request: DocumentRequest) -> str:
    """Which document a signature belongs to: its parameters, e.g. "plan=3 round=6m"."""
    return " ".join(f"{k}={request.params[k]}" for k in request.kind.params)


def signoff_for(request: DocumentRequest) -> DocumentSignoff:
    """Who signs this document: what the organisation wrote for it, else its head, today."""
    saved = DocumentSignoff.objects.filter(
        org=request.org, kind=request.kind.key, scope=scope_of(request)
    ).first()
    if saved is not None:
        return saved
    org = request.org
    return DocumentSignoff(
        org=org, kind=request.kind.key, scope=scope_of(request),
        name=org.head_name, position=org.head_position,
    )  # fmt: skip


def _pictures(template: DocxTemplate, context: dict[str, Any]) -> dict[str, Any]:
    """The builder's context with every Picture turned into an image of the document."""

    def image(value):
        if isinstance(value, Picture):
            width = Mm(value.width_mm) if value.width_mm else None
            height = Mm(value.height_mm) if value.height_mm else None
            return InlineImage(template, io.BytesIO(value.png), width=width, height=height)
        if isinstance(value, dict):
            return {k: image(v) for k, v in value.items()}
        if isinstance(value, list):
            return [image(v) for v in value]
        return value

    return {key: image(value) for key, value in context.items()}


def _read(file) -> bytes:
    # Through the storage, so it works the same on a local disk or any other backend.
    field = file.file if isinstance(file, DocumentTemplate) else file
    with field.open("rb") as f:
        return f.read()


@cache
def placeholder_emblem() -> bytes:
    """A neutral mark where the organisation's emblem goes until one is uploaded: a thin circle."""
    size = 600
    picture = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    pen = ImageDraw.Draw(picture)
    pen.ellipse((12, 12, size - 12, size - 12), outline=(150, 150, 150, 255), width=10)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def layout_source(source) -> str:
    """The Jinja text of a layout: its body, headers and footers as docxtpl will render them."""
    template = DocxTemplate(source)
    template.init_docx()
    document = template.docx
    xml = template.patch_xml(template.xml_to_string(document._element.body))
    for relation in document.part.rels.values():
        if relation.reltype in (template.HEADER_URI, template.FOOTER_URI):
            part = relation.target_part
            xml += template.patch_xml(template.xml_to_string(parse_xml(part.blob)))
    return xml


def layout_fields(source) -> set[str]:
    """The variables a layout uses (its undeclared Jinja names)."""
    return meta.find_undeclared_variables(SandboxedEnvironment().parse(layout_source(source)))


def check_layout(kind: Kind, template: DocumentTemplate) -> None:
    """An uploaded layout is a Word file, compiles (no syntax error, no unknown filter), reaches
    for nothing private (``__class__`` and the like, which the sandbox would refuse only when the
    document is made) and uses only what its kind supplies."""
    try:
        template.file.open("rb")
        data = template.file.read()
        check_zip(io.BytesIO(data), PurePath(template.file.name).name, DOCX_BUDGET)
        source = layout_source(io.BytesIO(data))
        environment = SandboxedEnvironment(autoescape=True)
        tree = environment.parse(source)
        environment.from_string(source)  # unknown filters and tests fail when compiled
    except Exception as exc:  # not a Word file, a broken package, a syntax error
        raise DocumentTemplateError(template, exc) from exc
    finally:
        template.file.seek(0)
    private = sorted(
        {node.attr for node in tree.find_all(nodes.Getattr) if node.attr.startswith("_")}
        | {
            node.arg.value for node in tree.find_all(nodes.Getitem)
            if isinstance(node.arg, nodes.Const) and str(node.arg.value).startswith("_")
        }
    )  # fmt: skip
    if private:
        raise DocumentTemplateError(
            template,
            ValueError(f"แม่แบบเรียกใช้ส่วนภายในของโปรแกรม (private names): {', '.join(private)}"),
        )
    unknown = meta.find_undeclared_variables(tree) - kind.fields - COMMON
    if unknown:
        raise DocumentTemplateError(
            template,
            ValueError(
                "แม่แบบใช้ข้อมูลที่เอกสารนี้ไม่มี (the layout uses what this document does not "
                f"supply): {', '.join(sorted(unknown))}"
            ),
        )


def _finish(template: DocxTemplate, *, thai_digits: bool, toc: bool) -> None:
    """After rendering: tables get the column grid their cells ask for; page numbers are Thai
    digits when the organisation asks (Word's `PAGE \\* ThaiArabic`); a document with a table of
    contents asks Word to bring it up to date when opened."""
    _fit_table_grids(template.docx.element.body)
    # docxtpl renders headers and footers into parts of its own: reach them by relationship.
    for relation in template.docx.part.rels.values():
        if not relation.reltype.endswith(("/header", "/footer")):
            continue
        for instruction in relation.target_part._element.iter(qn("w:instrText")):
            text = instruction.text or ""
            if text.strip() == "PAGE" and thai_digits:
                instruction.text = " PAGE \\* ThaiArabic "
            elif "ThaiArabic" in text and not thai_digits:
                instruction.text = " PAGE "
    if toc:
        settings = template.docx.settings.element
        if settings.find(qn("w:updateFields")) is None:
            update = settings.makeelement(qn("w:updateFields"), {qn("w:val"): "true"})
            settings.append(update)


def _fit_table_grids(body: Any) -> None:
    """Give each table the column grid its cells ask for, after docxtpl has filled it in.

    When a layout repeats cells (``{%tc for %}``), docxtpl evens out the grid (``w:gridCol``)
    to the new number of columns, which LibreOffice lays the table out by, and gives a spanning
    cell the width of one column, which Word uses. In a table of fixed layout the row with the
    most cells and no span says what each column should be: the grid follows it, and a spanning
    cell gets the sum of the columns it covers. A grid that already matches is left alone.
    """
    for table in body.iter(qn("w:tbl")):
        grid = table.find(qn("w:tblGrid"))
        tbl_pr = table.find(qn("w:tblPr"))
        layout = None if tbl_pr is None else tbl_pr.find(qn("w:tblLayout"))
        if grid is None or layout is None or layout.get(qn("w:type")) != "fixed":
            continue
        rows = table.findall(qn("w:tr"))
        widths = None
        for row in rows:
            cells = row.findall(qn("w:tc"))
            spans = [_span(tc) for tc in cells]
            row_widths = [_cell_width(tc) for tc in cells]
            if all(s == 1 for s in spans) and None not in row_widths:
                if widths is None or len(row_widths) > len(widths):
                    widths = row_widths
        columns = grid.findall(qn("w:gridCol"))
        if widths is None or [c.get(qn("w:w")) for c in columns] == [str(w) for w in widths]:
            continue
        for column in columns:
            grid.remove(column)
        for width in widths:
            grid.append(grid.makeelement(qn("w:gridCol"), {qn("w:w"): str(width)}))
        for row in rows:
            position = 0
            for tc in row.findall(qn("w:tc")):
                span = _span(tc)
                if span > 1 and position + span <= len(widths):
                    tc_w = tc.find(qn("w:tcPr")).find(qn("w:tcW"))
                    if tc_w is not None:
                        tc_w.set(qn("w:w"), str(sum(widths[position : position + span])))
                        tc_w.set(qn("w:type"), "dxa")
                position += span


def _span(tc: Any) -> int:
    tc_pr = tc.find(qn("w:tcPr"))
    span = None if tc_pr is None else tc_pr.find(qn("w:gridSpan"))
    try:
        return int(span.get(qn("w:val"))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _cell_width(tc: Any) -> int | None:
    """The width of a cell in twentieths of a point, when it gives one."""
    tc_pr = tc.find(qn("w:tcPr"))
    tc_w = None if tc_pr is None else tc_pr.find(qn("w:tcW"))
    if tc_w is None or tc_w.get(qn("w:type")) not in (None, "dxa"):
        return None
    try:
        return int(tc_w.get(qn("w:w")))
    except (TypeError, ValueError):
        return None
