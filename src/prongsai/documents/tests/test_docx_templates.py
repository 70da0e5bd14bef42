"""The shipped Word template: built from code, committed, and filled in by docxtpl."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from docxtpl import DocxTemplate

from prongsai.documents import registry
from prongsai.documents.docx_templates import (
    BUILDERS,
    TEMPLATE_DIR,
    build_ita_analysis,
    set_thai_font,
)
from prongsai.documents.models import PDF_ONLY_KINDS, DocumentKind

SHIPPED = TEMPLATE_DIR / "ita_analysis.docx"
# Kinds made from the registry's layouts: their old builders and templates are being retired.
MOVED = {kind.key for kind in registry.kinds()}
OLD_BUILDERS = sorted(set(BUILDERS) - MOVED)


@pytest.mark.parametrize("kind", OLD_BUILDERS)
def test_the_committed_template_is_what_the_builder_makes(kind):
    # Fails when docx_templates.py changed and `prongsai document build-templates` was not run.
    assert (TEMPLATE_DIR / f"{kind}.docx").read_bytes() == BUILDERS[kind](None)


def test_every_kind_but_the_printed_sheets_has_a_word_template():
    assert set(BUILDERS) - MOVED == set(DocumentKind.values) - PDF_ONLY_KINDS - MOVED
    for kind in PDF_ONLY_KINDS - MOVED:
        assert not (TEMPLATE_DIR / f"{kind}.docx").exists()
        assert (TEMPLATE_DIR / f"{kind}.html").exists()


def test_the_build_is_reproducible(tmp_path):
    first = build_ita_analysis(tmp_path / "a.docx")
    assert (tmp_path / "a.docx").read_bytes() == first == build_ita_analysis()
    dates = {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()}
    assert dates == {(2025, 1, 1, 0, 0, 0)}


def test_the_template_holds_docxtpl_loops():
    xml = "\n".join(t.text or "" for t in docx.Document(str(SHIPPED)).element.body.iter(qn("w:t")))
    for tag in (
        "{%p for ind in indicators %}",
        "{%tr for q in ind.questions %}",
        "{%tr for m in measures %}",
        "{%tr for tool in summary.tools %}",
        "{{ title }}",
    ):
        assert tag in xml
    variables = DocxTemplate(str(SHIPPED)).get_undeclared_template_variables()
    assert {"title", "org", "summary", "indicators", "measures", "reporter", "certifier"} <= (
        variables
    )


def test_the_document_defaults_are_thai_too():
    styles = docx.Document(str(SHIPPED)).styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert rpr.find(qn("w:rFonts")).get(qn("w:cs")) == "TH SarabunPSK"
    assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "32"
    assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"


def test_set_thai_font_keeps_the_schema_order():
    document = docx.Document()
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    set_thai_font(rpr, size_pt=18, bold=True)
    set_thai_font(rpr, size_pt=18, bold=True)  # twice: replaced, not duplicated
    tags = [child.tag.split("}")[1] for child in rpr]
    assert tags == ["rFonts", "b", "bCs", "sz", "szCs", "lang"]
    assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "36"


@pytest.mark.parametrize("kind", OLD_BUILDERS)
def test_bold_text_is_bold_in_thai_too(kind):
    # Word and LibreOffice draw Thai with the complex-script properties: w:b alone leaves it
    # regular.
    body = docx.Document(str(TEMPLATE_DIR / f"{kind}.docx")).element.body
    bold = [rpr for rpr in body.iter(qn("w:rPr")) if rpr.find(qn("w:b")) is not None]
    assert bold
    assert all(rpr.find(qn("w:bCs")) is not None for rpr in bold)
