"""Every kind of document in the registry, made from the demo for the last completed fiscal year
and the current one: the contract between each builder and its layout, and what a reader finds
in the files (python-docx and pdftotext read them back).

A kind is added to these tests by being registered: nothing here names one.
"""

from __future__ import annotations

import io
import re

import pytest
from django.test import TestCase
from docx import Document

from prongsai.demo.site import load_demo
from prongsai.documents import layout, registry
from prongsai.documents.registry import DocumentRequest, NothingToReport
from prongsai.documents.tests.readback import docx_text, pdf_text

# What must never be printed: template leftovers, Python's None, criteria placeholders.
LEFTOVERS = re.compile(r"\{\{|\{%|\bNone\b|\bnan\b|ไม่ทราบชื่อ|\(unknown\)")
THAI_DIGIT_YEAR = re.compile(r"[๒][๕][๖-๗][๐-๙]")


class RegistryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo, _password = load_demo("a-long-demo-password")
        cls.years = (cls.demo.last_year, cls.demo.current_year)

    def requests(self):
        """Every document of every kind the demo organisation has for the two years."""
        for kind in registry.kinds():
            for year in self.years:
                for variant in kind.variants_for(self.demo.main, year):
                    yield DocumentRequest(kind=kind, org=self.demo.main, params=variant.params)

    def test_every_kind_is_registered_with_a_layout_and_params_it_knows(self):
        self.assertTrue(registry.kinds())
        for kind in registry.kinds():
            with self.subTest(kind=kind.key):
                self.assertTrue(kind.layout.is_file(), kind.layout)
                self.assertTrue(kind.title_th and kind.title_en)
                self.assertLessEqual(set(kind.params), set(registry.PARAMS))

    def test_each_kind_is_made_for_one_of_the_two_years_or_says_why_not(self):
        for kind in registry.kinds():
            if not kind.offered:  # made only by its app's view, with what that view passes
                continue
            with self.subTest(kind=kind.key):
                made = [
                    doc for doc in self.requests()
                    if doc.kind is kind and not kind.reason_unavailable(doc)
                ]  # fmt: skip
                self.assertTrue(made, f"{kind.key}: the demo makes none of it in {self.years}")

    def test_the_context_has_the_declared_shape_and_the_layout_uses_all_of_it(self):
        for doc in self.requests():
            with self.subTest(kind=doc.kind.key, params=doc.params):
                if doc.kind.reason_unavailable(doc):
                    with self.assertRaises(NothingToReport):
                        doc.kind.context(doc)
                    continue
                context = doc.kind.context(doc)
                self.assertEqual(set(context), set(doc.kind.fields))
                used = layout.layout_fields(doc.kind.layout)
                self.assertLessEqual(used, doc.kind.fields | layout.COMMON, "used, not supplied")
                self.assertLessEqual(doc.kind.fields, used, "supplied, not used by the layout")

    def test_a_document_that_is_not_offered_says_why_in_thai(self):
        for doc in self.requests():
            reason = doc.kind.reason_unavailable(doc)
            if reason:
                with self.subTest(kind=doc.kind.key, params=doc.params):
                    self.assertRegex(reason, r"[\u0E00-\u0E7F]")

    def test_the_word_file_names_the_organisation_and_year_with_nothing_left_over(self):
        for doc in self.requests():
            if doc.kind.reason_unavailable(doc) or "docx" not in doc.kind.formats:
                continue
            with self.subTest(kind=doc.kind.key, params=doc.params):
                text = docx_text(layout.make(doc, "docx"))
                self.assertIn(self.demo.main.name_th, text)
                if doc.params.get("year"):
                    self.assertRegex(text, THAI_DIGIT_YEAR)
                self.assertIsNone(LEFTOVERS.search(text), LEFTOVERS.search(text))
                self.assert_no_empty_table(layout.make(doc, "docx"))

    def assert_no_empty_table(self, data: bytes) -> None:
        for table in Document(io.BytesIO(data)).tables:
            cells = [c.text.strip() for row in table.rows[1:] for c in row.cells]
            self.assertTrue(any(cells), "a table with a header and no rows")


@pytest.mark.slow
class PdfTests(TestCase):
    """Each kind once as PDF: LibreOffice lays the same Word file out; the text layer reads as
    Thai, and the document font is TH SarabunPSK or its same-size stand-in."""

    @classmethod
    def setUpTestData(cls):
        cls.demo, _password = load_demo("a-long-demo-password")

    def test_every_kind_reads_back_from_its_pdf(self):
        org = self.demo.main
        for kind in registry.kinds():
            doc = next(
                (
                    DocumentRequest(kind=kind, org=org, params=v.params)
                    for year in (self.demo.last_year, self.demo.current_year)
                    for v in kind.variants_for(org, year)
                    if not kind.reason_unavailable(DocumentRequest(kind, org, v.params))
                ),
                None,
            )
            if doc is None or "pdf" not in kind.formats:
                continue
            with self.subTest(kind=kind.key):
                text = pdf_text(layout.make(doc, "pdf"))
                self.assertIn(org.name_th, text)
                self.assertIsNone(LEFTOVERS.search(text))
