"""One document model, two renderers: a plain context dict becomes a Word file or a PDF.

The caller (for instance the ITA app) builds the context with every figure already formatted as
text, Thai digits applied where the organisation wants them. This module only lays it out:

- DOCX with docxtpl, from ``templates/documents/<kind>.docx`` (built by ``docx_templates``);
- PDF with WeasyPrint, from the Django template ``documents/<kind>.html``.

An organisation can replace either layout without a code change by uploading a
:class:`~prongsai.documents.models.DocumentTemplate`; the newest upload for (organisation, kind,
format) is used instead of the shipped file. Uploaded templates are treated as untrusted: Word
templates run in Jinja's sandbox, and the PDF renderer fetches nothing but ``data:`` URLs and the
shipped template folder (no network, no other local file).

Context keys every kind understands besides its own:

- ``thai_digits`` (bool; default: the organisation's setting, else True): the script of the
  numbers the *templates* write themselves (section numbers), which they get as ``numerals``
  (``numerals[1]`` in DOCX, ``numerals.1`` in HTML);
- ``chart_svg`` (str): inline SVG for the HTML/PDF layout, printed unescaped, so only ever the
  output of ``charts.indicator_chart_svg``;
- ``chart_png`` (bytes): the same chart as PNG for the Word layout
  (``charts.indicator_chart_png``), which the template gets as ``chart_image``;
- ``heatmap_svg`` / ``heatmap_png``: the risk heat map (``charts.risk_heatmap_svg`` /
  ``risk_heatmap_png``), like ``chart_svg`` / ``chart_png``; Word gets ``heatmap_image``;
- ``qr_svg`` (str, at the top or in each of ``slips``): inline SVG of a QR code, printed
  unescaped like ``chart_svg``, so only ever the output of ``qr.qr_svg``.

Survey slips and posters (``models.PDF_ONLY_KINDS``) are printed only: :func:`formats_for`
gives each kind's formats, and asking for another is a ``ValueError``.

The renderer adds ``numerals``, ``chart_image``, ``heatmap_image`` and (HTML) ``font``: see
:func:`document_font`.

Word tables may repeat columns (docxtpl's ``{%tc for %}``, e.g. one budget column per fiscal
year); docxtpl then spreads the table's grid evenly, so the renderer sets the grid back to the
widths of the table's cells (:func:`_fit_table_grids`).
"""

from __future__ import annotations

import io
import subprocess
from functools import cache
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from django.template import engines
from django.template.loader import render_to_string

from prongsai.documents import samples
from prongsai.documents.models import PDF_ONLY_KINDS, DocumentKind, DocumentTemplate
from prongsai.incoming import DOCX_BUDGET, check_zip

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    from prongsai.orgs.models import Organisation

__all__ = [
    "FORMATS",
    "SHIPPED_DIR",
    "DocumentTemplateError",
    "check_template",
    "document_font",
    "find_org_template",
    "formats_for",
    "render_document",
    "shipped_template",
]

SHIPPED_DIR = Path(__file__).resolve().parent / "templates" / "documents"
FORMATS = ("docx", "pdf")
# The template format each output format is made from.
_THAI_NUMERALS = tuple("๐๑๒๓๔๕๖๗๘๙")
_ARABIC_NUMERALS = tuple("0123456789")
# Fonts of the official TH Sarabun family, in order of preference, when really installed.
_SARABUN_FAMILIES = ("TH SarabunPSK", "TH Sarabun New")
_LAKSAMAN = "Laksaman"
# Laksaman draws its glyphs larger in the em than TH SarabunPSK: at 0.66 of the size they match,
# the factor Debian's own fontconfig rule (89-tlwg-laksaman-synthetic.conf) uses.
_LAKSAMAN_SCALE = 0.66
_BODY_PT = 16  # the official body size, in TH SarabunPSK points
_SMALL_PT = 14  # page numbers and captions
# Width of the chart in the Word layout: the text width of a portrait A4 page (21 - 2.5 - 2 cm).
_CHART_WIDTH_MM = 165
# The risk heat map is square-ish: two thirds of the text width is enough to read it.
_HEATMAP_WIDTH_MM = 125
# Images the Word layout gets: context key of the PNG bytes -> (template name, width in mm).
_DOCX_IMAGES = {
    "chart_png": ("chart_image", _CHART_WIDTH_MM),
    "heatmap_png": ("heatmap_image", _HEATMAP_WIDTH_MM),
}


class DocumentTemplateError(Exception):
    """An organisation's uploaded template cannot be used (syntax error, not a Word file, …)."""

    def __init__(self, template: DocumentTemplate, error: Exception):
        self.template = template
        self.error = error
        super().__init__(
            f"แม่แบบเอกสารที่หน่วยงานอัปโหลดใช้ไม่ได้ (uploaded template cannot be used): "
            f"{template.file.name}: {error}"
        )


def formats_for(kind: str) -> tuple[str, ...]:
    """The output formats document ``kind`` is made in: ``("docx", "pdf")`` or ``("pdf",)``."""
    if kind not in DocumentKind.values:
        raise ValueError(f"unknown document kind {kind!r}; known: {', '.join(DocumentKind.values)}")
    return ("pdf",) if kind in PDF_ONLY_KINDS else FORMATS


def _check(kind: str, fmt: str) -> None:
    formats = formats_for(kind)
    if fmt not in FORMATS:
        raise ValueError(f"unknown document format {fmt!r}; known: {', '.join(FORMATS)}")
    if fmt not in formats:
        raise ValueError(
            f"document kind {kind!r} is made as {', '.join(formats)} only, not {fmt!r}: "
            "it is a printed sheet with no Word layout"
        )


def shipped_template(kind: str, fmt: str) -> Path:
    """The template file shipped with Prongsai for ``kind`` in output format ``fmt``."""
    _check(kind, fmt)
    return SHIPPED_DIR / f"{kind}.{'docx' if fmt == 'docx' else 'html'}"


def find_org_template(org: Organisation | None, kind: str, fmt: str) -> DocumentTemplate | None:
    """The organisation's newest uploaded template for ``kind``/``fmt``, if any (one query)."""
    _check(kind, fmt)
    if org is None or fmt != "docx":  # uploads are Word layouts (documents.layout)
        return None
    return DocumentTemplate.objects.filter(org=org, kind=kind).order_by("-uploaded", "-id").first()


def render_document(
    kind: str, context: dict[str, Any], fmt: str, *, org: Organisation | None = None
) -> bytes:
    """Render document ``kind`` from ``context`` as ``fmt`` ("docx" or "pdf") and return the bytes.

    With ``org``, the organisation's uploaded template for this kind and format is used when one
    exists (this reads the database). Raises ``ValueError`` for an unknown kind or format, or
    a format the kind is not made in (:func:`formats_for`), and :class:`DocumentTemplateError`
    when the organisation's template is broken.
    """
    _check(kind, fmt)
    override = find_org_template(org, kind, fmt)
    context = {**context, "thai_digits": _thai_digits(context, org)}
    if fmt == "docx":
        return _render_docx(kind, context, override)
    return _render_pdf(kind, context, override)


def _thai_digits(context: dict[str, Any], org: Organisation | None) -> bool:
    if "thai_digits" in context:
        return bool(context["thai_digits"])
    return bool(getattr(org, "thai_digits", True))


def _installed(family: str) -> bool:
    # fc-list lists installed fonts only; fc-match would answer with a substitute.
    try:
        out = subprocess.run(
            ["fc-list", f":family={family}", "family"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(out.strip())


@cache
def document_font() -> dict[str, str]:
    """The font of printed documents: CSS ``family``, body ``size`` and ``small`` size.

    TH SarabunPSK at 16 pt when the real font is installed, otherwise Laksaman scaled to look
    the same. Naming "TH SarabunPSK" in CSS when it is missing would be worse than leaving it
    out: Debian's fontconfig then substitutes Laksaman with a 0.66 shrink matrix that Pango lays
    out with but WeasyPrint does not draw with, and the letters overlap. Runs fc-list once.
    """
    for family in _SARABUN_FAMILIES:
        if _installed(family):
            family_css, scale = f'"{family}", "{_LAKSAMAN}"', 1.0
            break
    else:
        family_css, scale = f'"{_LAKSAMAN}"', _LAKSAMAN_SCALE
    return {
        "family": f"{family_css}, sans-serif",
        "size": f"{_BODY_PT * scale:.2f}pt",
        "small": f"{_SMALL_PT * scale:.2f}pt",
    }


def _numerals(context: dict[str, Any]) -> tuple[str, ...]:
    return _THAI_NUMERALS if context["thai_digits"] else _ARABIC_NUMERALS


def _read(template: DocumentTemplate) -> bytes:
    # Through the storage, so it works the same on a local disk or any other backend.
    with template.file.open("rb") as f:
        return f.read()


# --- DOCX ---------------------------------------------------------------------------------


def _render_docx(kind: str, context: dict[str, Any], override: DocumentTemplate | None) -> bytes:
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage
    from jinja2.sandbox import SandboxedEnvironment

    try:
        source = io.BytesIO(_read(override)) if override else shipped_template(kind, "docx")
        if override:  # judged from its ZIP directory before python-docx unpacks it
            check_zip(source, PurePath(override.file.name).name, DOCX_BUDGET)
        tpl = DocxTemplate(source)
        tpl.init_docx()  # a file that is not a Word document fails here
        data = {**context, "numerals": _numerals(context)}
        for key, (name, width_mm) in _DOCX_IMAGES.items():
            if context.get(key):
                data[name] = InlineImage(tpl, io.BytesIO(context[key]), width=Mm(width_mm))
        # The sandbox stops an uploaded template from reaching Python internals through
        # attribute lookups; autoescape keeps "<" or "&" in the data from breaking the XML.
        tpl.render(data, jinja_env=SandboxedEnvironment(autoescape=True), autoescape=True)
        _fit_table_grids(tpl.docx.element.body)
        out = io.BytesIO()
        tpl.save(out)
    except Exception as exc:
        # Whatever goes wrong with an uploaded file is the file's fault and is reported as such;
        # a failure of the shipped template is a bug and propagates unchanged.
        if override is None:
            raise
        raise DocumentTemplateError(override, exc) from exc
    return out.getvalue()


def _fit_table_grids(body: Any) -> None:
    """Give each table the column grid its cells ask for, after docxtpl has filled it in.

    When a template repeats cells (``{%tc for %}``), docxtpl evens out the grid (``w:gridCol``)
    to the new number of columns, which LibreOffice lays the table out by, and gives a spanning
    cell (``{% colspan %}``) the width of one column, which Word uses. In a table of fixed
    layout (the shipped templates' tables; autofit ones are laid out by the word processor
    anyway), the row with the most cells and no span says what each column should be: the grid
    follows it, and a spanning cell gets the sum of the columns it covers. A grid that already
    matches (every table without repeated cells) is left as it is.
    """
    from docx.oxml.ns import qn

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
            column = grid.makeelement(qn("w:gridCol"), {qn("w:w"): str(width)})
            grid.append(column)
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
    from docx.oxml.ns import qn

    tc_pr = tc.find(qn("w:tcPr"))
    span = None if tc_pr is None else tc_pr.find(qn("w:gridSpan"))
    try:
        return int(span.get(qn("w:val"))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _cell_width(tc: Any) -> int | None:
    """The width of a cell in twentieths of a point, when it gives one."""
    from docx.oxml.ns import qn

    tc_pr = tc.find(qn("w:tcPr"))
    tc_w = None if tc_pr is None else tc_pr.find(qn("w:tcW"))
    if tc_w is None or tc_w.get(qn("w:type")) not in (None, "dxa"):
        return None
    try:
        return int(tc_w.get(qn("w:w")))
    except (TypeError, ValueError):
        return None


# --- PDF ----------------------------------------------------------------------------------


def _render_pdf(kind: str, context: dict[str, Any], override: DocumentTemplate | None) -> bytes:
    # Imported here, like docxtpl above: WeasyPrint takes about a second to import, and only
    # document requests should pay for it.
    from weasyprint import HTML

    from prongsai.documents import pdf_text

    pdf_text.install()
    html = _render_html(kind, context, override)
    try:
        return HTML(
            string=html, base_url=SHIPPED_DIR.as_uri() + "/", url_fetcher=_local_fetcher()
        ).write_pdf()
    except Exception as exc:
        if override is None:
            raise
        raise DocumentTemplateError(override, exc) from exc


def _render_html(kind: str, context: dict[str, Any], override: DocumentTemplate | None) -> str:
    data = {**context, "numerals": _numerals(context), "font": document_font()}
    if override is None:
        return render_to_string(f"documents/{kind}.html", data)
    try:
        text = _read(override).decode("utf-8-sig")
        return engines["django"].from_string(text).render(data)
    except Exception as exc:
        # Not UTF-8, a syntax error, an unknown tag library, an include that does not exist, a
        # filter that fails on the data: the uploaded file's fault, reported as such.
        raise DocumentTemplateError(override, exc) from exc


def check_template(template: DocumentTemplate) -> None:
    """Render an uploaded template (saved or not) with the sample context of its kind.

    Raises :class:`DocumentTemplateError` when it cannot be used: not a Word file, a syntax
    error, an unsafe expression, an attribute of a variable its kind of document does not have,
    a tag that fails. An HTML layout is rendered to HTML only: WeasyPrint makes a PDF of any
    HTML, and would take seconds.
    """
    context = getattr(samples, f"{template.kind}_context")()
    context["thai_digits"] = _thai_digits(context, template.org)
    _render_docx(template.kind, context, template)


def _local_fetcher() -> URLFetcher:
    """A WeasyPrint URL fetcher that serves ``data:`` URLs and the shipped templates only.

    An uploaded HTML template could otherwise pull any file on the server (``file:///…``) or
    any internal address into the PDF.
    """
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if path.is_relative_to(SHIPPED_DIR):
                    return super().fetch(url, headers)
            raise ValueError(f"documents may not load {url}")

    return LocalFetcher()
