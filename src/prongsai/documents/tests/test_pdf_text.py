"""The text layer fix for WeasyPrint: every glyph of the Thai font reads back as its letter."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from prongsai.documents.charts import laksaman_path
from prongsai.documents.pdf_text import glyph_texts, install


@pytest.fixture(scope="module")
def laksaman() -> tuple[TTFont, dict[int, str]]:
    path = laksaman_path()
    assert path, "fonts-tlwg-laksaman is not installed (scripts/system-deps.sh)"
    return TTFont(path), glyph_texts(Path(path).read_bytes())


def test_letters_read_as_themselves(laksaman):
    font, texts = laksaman
    for char in "กขผูุ้่ํา":
        assert texts[font.getGlyphID(font.getBestCmap()[ord(char)])] == char


def test_variant_glyphs_read_as_the_letter_they_replace(laksaman):
    font, texts = laksaman
    # A tone mark lowered where no vowel sits above, and YO YING without its tail.
    assert texts[font.getGlyphID("uni0E49.low")] == "\u0e49"
    assert texts[font.getGlyphID("uni0E0D.descless")] == "\u0e0d"


def test_installing_twice_wraps_once():
    import weasyprint.pdf

    install()
    wrapped = weasyprint.pdf.build_fonts_dictionary
    install()
    assert weasyprint.pdf.build_fonts_dictionary is wrapped
    assert wrapped.prongsai_corrected
