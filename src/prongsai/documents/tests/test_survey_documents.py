"""Survey code slips and the counter poster, printed to PDF and read back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from prongsai.documents.models import DocumentTemplate
from prongsai.documents.rendering import find_org_template, formats_for, render_document
from prongsai.documents.samples import (
    IIT_TITLE,
    ORG_NAME,
    PRIVACY,
    SLIP_INSTRUCTIONS,
    SURVEY_BASE_URL,
    survey_codes_context,
    survey_poster_context,
)
from prongsai.documents.tests.conftest import (
    A4_PORTRAIT,
    ink,
    page_count,
    page_image,
    page_sizes,
    pdf_text,
    poppler,
    squash,
    write,
)

CM = 72 / 2.54  # points


@pytest.fixture(scope="module")
def slips_pdf(tmp_path_factory) -> Path:
    data = render_document("survey_codes", survey_codes_context(10), "pdf")
    return write(tmp_path_factory.mktemp("slips"), "slips.pdf", data)


@pytest.fixture(scope="module")
def poster_pdf(tmp_path_factory) -> Path:
    data = render_document("survey_poster", survey_poster_context(), "pdf")
    return write(tmp_path_factory.mktemp("poster"), "poster.pdf", data)


# --- code slips ---------------------------------------------------------------------------


def test_ten_slips_fill_one_a4_sheet_of_eight_and_two_on_the_next(slips_pdf):
    assert page_sizes(slips_pdf) == [A4_PORTRAIT, A4_PORTRAIT]
    codes = [slip["code"] for slip in survey_codes_context(10)["slips"]]
    first, second = pdf_text(slips_pdf, "-raw").split("\f")[:2]
    assert [code for code in codes if code in first] == codes[:8]
    assert [code for code in codes if code in second] == codes[8:]


def test_every_slip_carries_the_organisation_title_link_and_instructions(slips_pdf):
    # In content order: -layout would interleave the lines of the two columns of slips.
    text = pdf_text(slips_pdf, "-raw")
    squashed = squash(text)
    assert text.count(ORG_NAME) == 10
    assert squashed.count(squash(IIT_TITLE)) == 10  # the year in Thai digits, ๒๕๖๘
    assert squashed.count(squash(SLIP_INSTRUCTIONS)) == 10
    for slip in survey_codes_context(10)["slips"]:
        assert squash(slip["url"]) in squashed


def test_a_full_sheet_is_one_page_and_one_more_slip_starts_another(tmp_path):
    for count, pages in ((8, 1), (9, 2)):
        data = render_document("survey_codes", survey_codes_context(count), "pdf")
        assert page_count(write(tmp_path, f"{count}.pdf", data)) == pages


def test_the_slips_are_printed_with_their_qr_codes(slips_pdf):
    # Eight QR codes of 3.5 cm are far more ink than the text alone.
    assert ink(page_image(slips_pdf, 1)) > 0.08
    assert ink(page_image(slips_pdf, 2)) > 0.02


def test_slips_have_no_word_layout():
    assert formats_for("survey_codes") == ("pdf",)
    with pytest.raises(ValueError, match="survey_codes.*pdf only"):
        render_document("survey_codes", survey_codes_context(1), "docx")


def test_markup_on_a_slip_is_printed_as_text(tmp_path):
    context = survey_codes_context(1)
    context["instructions"] = "<b>ตัวหนา</b> & <script>x</script>"
    path = write(tmp_path, "escaped.pdf", render_document("survey_codes", context, "pdf"))
    assert "<b>ตัวหนา</b> & <script>x</script>" in pdf_text(path, "-raw")


# --- poster -------------------------------------------------------------------------------


def test_the_poster_is_one_a4_page_with_every_line(poster_pdf):
    assert page_sizes(poster_pdf) == [A4_PORTRAIT]
    # -layout would put a tone mark stacked over a vowel (ชื่อ) out of its place.
    text = pdf_text(poster_pdf, "-raw")
    squashed = squash(text)
    context = survey_poster_context()
    for line in [ORG_NAME, context["title"], context["subtitle"], *context["lines"], PRIVACY]:
        assert squash(line) in squashed, line
    assert SURVEY_BASE_URL in text
    assert "๙ ข้อ" in text  # the organisation's own digits, as given


def test_the_poster_qr_code_is_about_ten_centimetres(poster_pdf):
    # The QR code is the only thing between the subtitle and the link: the widest gap between
    # lines of text is its height (10 cm with its quiet zone) and its margins.
    html = poppler("pdftotext", "-bbox", poster_pdf, "-")
    boxes = sorted(
        (float(top), float(bottom))
        for top, bottom in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', html)
    )
    gaps = [nxt[0] - max(b for _, b in boxes[: i + 1]) for i, nxt in enumerate(boxes[1:])]
    assert 10 * CM <= max(gaps) <= 12 * CM
    assert ink(page_image(poster_pdf)) > 0.05


def test_the_poster_has_no_word_layout():
    with pytest.raises(ValueError, match="survey_poster"):
        render_document("survey_poster", survey_poster_context(), "docx")


# --- organisation templates ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["survey_codes", "survey_poster"])
def test_an_organisation_may_replace_the_print_layout_but_upload_no_word_one(kind, make_org, media):
    org = make_org("a")
    template = DocumentTemplate(org=org, kind=kind, fmt="docx")
    template.file.save("own.docx", ContentFile(b"x"), save=False)
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "fmt" in error.value.message_dict
    with pytest.raises(ValueError):
        find_org_template(org, kind, "docx")

    html = DocumentTemplate(org=org, kind=kind, fmt="html")
    html.file.save("own.html", ContentFile(b"<p>{{ org.name }}</p>"), save=True)
    html.full_clean()
    assert find_org_template(org, kind, "pdf") == html
