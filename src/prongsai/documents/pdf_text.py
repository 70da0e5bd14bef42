"""Makes the text layer of WeasyPrint's PDFs match the Thai text on the page.

WeasyPrint (up to at least 70) gives each glyph the slice of text between its cluster and the
next glyph's cluster, first come first served (upstream Kozea/WeasyPrint#2841). Thai shaping
breaks both assumptions: HarfBuzz splits SARA AM (ำ) into two glyphs of one cluster, and draws
tone marks and below vowels in an order or in variant glyphs that do not follow the text. The
page looks right, but copying, searching or extracting the text gives ``ดาเนินงาน`` for
``ดำเนินงาน`` and ``ขูอม้ล`` for ``ข้อมูล``. Official documents are published as OIT evidence
and searched, so the text must be right.

The fix rewrites each font's glyph-to-text map just before WeasyPrint writes it: a glyph that
the font's own ``cmap`` gives a character gets exactly that character, and a variant glyph
reached by a single substitution (a lowered tone mark, ญ without its tail) gets the character of
the glyph it replaces. Other glyphs (ligatures) keep WeasyPrint's text. SARA AM then reads back
as NIKHAHIT + SARA AA (``ํา``), which Unicode compatibility normalisation (NFKC) folds into ``ำ``
as search engines and Word's own PDFs do.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Callable
from functools import wraps

from fontTools.ttLib import TTFont

__all__ = ["glyph_texts", "install"]

_cache: dict[tuple[bytes, int], dict[int, str]] = {}
_lock = threading.Lock()


def _private_use(codepoint: int) -> bool:
    # Old Thai fonts map their variant glyphs to U+F700…; that is not text.
    return 0xE000 <= codepoint <= 0xF8FF


def _glyph_texts(data: bytes, index: int) -> dict[int, str]:
    font = TTFont(io.BytesIO(data), fontNumber=index, lazy=True)
    glyph_id = font.getGlyphID
    codepoints: dict[int, list[int]] = {}
    for codepoint, name in font.getBestCmap().items():
        if not _private_use(codepoint):
            codepoints.setdefault(glyph_id(name), []).append(codepoint)
    texts = {gid: chr(min(cps)) for gid, cps in codepoints.items()}

    if "GSUB" in font:
        source_of: dict[int, int] = {}
        for lookup in font["GSUB"].table.LookupList.Lookup:
            for subtable in lookup.SubTable:
                if subtable.LookupType == 7:  # extension: the real subtable is inside
                    subtable = subtable.ExtSubTable
                if subtable.LookupType == 1:  # single substitution: one glyph for another
                    for source, variant in subtable.mapping.items():
                        source_of.setdefault(glyph_id(variant), glyph_id(source))
        for variant in source_of:
            if variant in texts:
                continue
            glyph, seen = variant, set()
            while glyph not in texts and glyph in source_of and glyph not in seen:
                seen.add(glyph)
                glyph = source_of[glyph]
            if glyph in texts:
                texts[variant] = texts[glyph]
    return texts


def glyph_texts(data: bytes, index: int = 0) -> dict[int, str]:
    """The text each glyph of a font file stands for, from its cmap and single substitutions."""
    key = (hashlib.sha256(data).digest(), index)
    with _lock:
        if key not in _cache:
            _cache[key] = _glyph_texts(data, index)
        return _cache[key]


def _correct(build: Callable) -> Callable:
    @wraps(build)
    def build_fonts_dictionary(pdf, fonts, *args, **kwargs):
        for font in fonts.values():
            # file_content is still the whole font here; WeasyPrint subsets it inside build().
            if getattr(font, "bitmap", False) or not font.to_unicode:
                continue
            texts = glyph_texts(font.file_content, font.index)
            for glyph, text in list(font.to_unicode.items()):
                font.to_unicode[glyph] = texts.get(glyph, text)
        return build(pdf, fonts, *args, **kwargs)

    build_fonts_dictionary.prongsai_corrected = True
    return build_fonts_dictionary


def install() -> None:
    """Wrap WeasyPrint's font dictionary builder once per process (safe to call again)."""
    import weasyprint.pdf

    with _lock:
        if not getattr(weasyprint.pdf.build_fonts_dictionary, "prongsai_corrected", False):
            weasyprint.pdf.build_fonts_dictionary = _correct(weasyprint.pdf.build_fonts_dictionary)
