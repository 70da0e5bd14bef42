"""A long Word document laid out as one PDF in parts, each short enough for LibreOffice.

The country's full ranking (some 8,000 rows, 300 pages) takes LibreOffice longer than its
conversion time limit in one piece, and would hold the conversion server the web's own PDFs
wait for. The rendered Word file is cut between rows of its long tables (each part repeats the
table's heading rows), every part is laid out on its own, numbered on from the pages before it,
and the PDFs are joined with pypdf. Each part ends on a page of its own, so a few pages end
short: the fewer the parts, the fewer short pages, and the longer each conversion.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable

from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader, PdfWriter

from prongsai.documents import libreoffice

# Some 48 pages, laid out in about 8 s. Measured by bench/report_job.py for 8,000 rows: 400 a
# part gave 403 pages (19 ending short) in 50 s; 1,000 gave 387 pages in 61 s; 2,000 gave the
# same 387 pages in 80 s (LibreOffice's time grows faster than the rows).
ROWS_PER_PART = 1000


def _header_rows(table) -> int:
    """How many rows at the table's top repeat on each page (at least the first)."""
    rows = table.findall(qn("w:tr"))
    n = 0
    while n < len(rows) and rows[n].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None:
        n += 1
    return max(n, 1)


def split_body(body, rows_per_part: int) -> list[tuple[list, int]]:
    """The body's elements (its final section properties left out) in parts of at most
    `rows_per_part` table rows each, with the rows each part holds. A table longer than that is
    cut between rows; every piece keeps the table's properties and heading rows."""
    parts: list[tuple[list, int]] = []
    current: list = []
    rows = 0

    def close() -> None:
        nonlocal current, rows
        if current:
            parts.append((current, rows))
        current, rows = [], 0

    for element in list(body):
        if element.tag == qn("w:sectPr"):
            continue
        if element.tag != qn("w:tbl"):
            current.append(element)
            continue
        trs = element.findall(qn("w:tr"))
        heading = _header_rows(element)
        if rows + len(trs) - heading <= rows_per_part:
            current.append(element)
            rows += len(trs) - heading
            continue
        piece = None
        for tr in trs[heading:]:
            if rows >= rows_per_part:
                close()
                piece = None
            if piece is None:
                piece = copy.deepcopy(element)
                for old in piece.findall(qn("w:tr")):
                    piece.remove(old)
                for head in trs[:heading]:
                    piece.append(copy.deepcopy(head))
                current.append(piece)
            piece.append(tr)
            rows += 1
    close()
    return parts


class Parts:
    """A rendered Word file's parts, each written as a Word file of its own on request."""

    def __init__(self, docx: bytes, rows_per_part: int | None = None):
        self.document = Document(io.BytesIO(docx))
        body = self.document.element.body
        self.section = body.find(qn("w:sectPr"))
        self.parts = split_body(body, rows_per_part or ROWS_PER_PART)
        self.rows = sum(rows for _elements, rows in self.parts)

    def __len__(self) -> int:
        return len(self.parts)

    def docx(self, n: int, first_page: int) -> bytes:
        """Part n as a Word file whose pages are numbered from `first_page`; after the first part
        the first page is an ordinary page (the title page's own header is the first part's)."""
        body = self.document.element.body
        for child in list(body):
            body.remove(child)
        elements, _rows = self.parts[n]
        body.extend(elements)
        if self.section is not None:
            section = copy.deepcopy(self.section)
            if n > 0:
                for title in section.findall(qn("w:titlePg")):
                    section.remove(title)
            numbering = section.find(qn("w:pgNumType"))
            if numbering is None:
                numbering = section.makeelement(qn("w:pgNumType"), {})
                # pgNumType comes after the page margins and borders, before the columns
                after = section.find(qn("w:cols"))
                if after is not None:
                    after.addprevious(numbering)
                else:
                    section.append(numbering)
            numbering.set(qn("w:start"), str(first_page))
            body.append(section)
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def pdf_in_parts(
    docx: bytes,
    rows_per_part: int | None = None,
    on_part: Callable[[int, int], None] | None = None,
    convert: Callable[[bytes], bytes] | None = None,
) -> bytes:
    """The Word file as one PDF, laid out part by part; `on_part(rows done, rows in all)` after
    each part (a job reports its progress and may stop there)."""
    convert = convert or libreoffice.docx_to_pdf
    parts = Parts(docx, rows_per_part)
    writer = PdfWriter()
    pages = done = 0
    for n, (_elements, rows) in enumerate(parts.parts):
        reader = PdfReader(io.BytesIO(convert(parts.docx(n, pages + 1))))
        writer.append(reader)
        pages += len(reader.pages)
        done += rows
        if on_part is not None:
            on_part(done, parts.rows)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
