"""A long Word file cut into parts between table rows, each part numbered on from the pages
before it, and the parts' PDFs joined into one (the conversion stood in for: LibreOffice's own
layout of parts is read back in ita/tests/test_full_report.py)."""

from __future__ import annotations

import io

from django.test import SimpleTestCase
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from pypdf import PdfReader, PdfWriter

from prongsai.documents import parts


def long_document(rows: int = 1000) -> bytes:
    """A title, a ranking of `rows` rows under a repeated heading row, a short table of two rows
    and a closing line; the first page has its own header (titlePg)."""
    document = Document()
    document.add_paragraph("ชื่อรายงาน")
    table = document.add_table(rows=1 + rows, cols=2)
    head = table.rows[0]._tr
    properties = head.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))
    table.rows[0].cells[0].text = "ลำดับ"
    for n in range(1, rows + 1):
        table.rows[n].cells[0].text = str(n)
        table.rows[n].cells[1].text = f"หน่วยงาน {n}"
    document.add_paragraph("ส่วนถัดไป")
    small = document.add_table(rows=3, cols=1)
    small.rows[0].cells[0].text = "หัวตาราง"
    small.rows[1].cells[0].text = "แถวหนึ่ง"
    small.rows[2].cells[0].text = "แถวสอง"
    document.add_paragraph("ข้อมูล ณ วันที่")
    document.sections[0].different_first_page_header_footer = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_of(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class PartsTests(SimpleTestCase):
    def test_the_long_table_is_cut_between_rows_each_piece_under_its_heading(self):
        made = parts.Parts(long_document(), rows_per_part=300)
        self.assertEqual([rows for _elements, rows in made.parts], [300, 300, 300, 102])
        self.assertEqual(made.rows, 1002)
        numbers = []
        for n in range(len(made)):
            document = Document(io.BytesIO(made.docx(n, first_page=1 + 10 * n)))
            ranking = document.tables[0]
            self.assertEqual(ranking.rows[0].cells[0].text, "ลำดับ")  # the heading again
            numbers += [int(row.cells[0].text) for row in ranking.rows[1:]]
            texts = [p.text for p in document.paragraphs]
            self.assertEqual("ชื่อรายงาน" in texts, n == 0)
            self.assertEqual("ข้อมูล ณ วันที่" in texts, n == 3)
            section = document.element.body.find(qn("w:sectPr"))
            start = section.find(qn("w:pgNumType")).get(qn("w:start"))
            self.assertEqual(start, str(1 + 10 * n))
            # only the first part's first page is the title page
            self.assertEqual(section.find(qn("w:titlePg")) is not None, n == 0)
        self.assertEqual(numbers, list(range(1, 1001)))  # every row once, in order
        last = Document(io.BytesIO(made.docx(3, first_page=31)))
        self.assertEqual(
            [r.cells[0].text for r in last.tables[1].rows], ["หัวตาราง", "แถวหนึ่ง", "แถวสอง"]
        )

    def test_a_short_document_is_one_part(self):
        made = parts.Parts(long_document(rows=20), rows_per_part=300)
        self.assertEqual(len(made), 1)
        self.assertEqual(len(Document(io.BytesIO(made.docx(0, 1))).tables[0].rows), 21)

    def test_the_parts_pdfs_are_joined_and_numbered_on(self):
        firsts, progress = [], []

        def convert(docx: bytes) -> bytes:
            section = Document(io.BytesIO(docx)).element.body.find(qn("w:sectPr"))
            firsts.append(int(section.find(qn("w:pgNumType")).get(qn("w:start"))))
            return pdf_of(12)

        pdf = parts.pdf_in_parts(
            long_document(), rows_per_part=400, convert=convert,
            on_part=lambda done, rows: progress.append((done, rows)),
        )  # fmt: skip
        self.assertEqual(len(PdfReader(io.BytesIO(pdf)).pages), 36)
        self.assertEqual(firsts, [1, 13, 25])
        self.assertEqual(progress, [(400, 1002), (800, 1002), (1002, 1002)])
