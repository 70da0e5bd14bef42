"""Text of OIT evidence (HTML, PDF, DOCX, XLSX, plain text), the years it names, its keywords.

What the checker reads is what a person would search for with Ctrl+F: the visible text, with
Thai digits turned into Arabic ones and Thai spelling variants folded (see `normalise`). No
Django here; the checker calls `text_of` for documents in a worker thread.

Years (`years_in`) are Buddhist-era years 2400–2700 that the text presents as years: after
พ.ศ., ปี, ปีงบ(ประมาณ), งบประมาณ, B.E. or ITA, after a Thai month name (a date), in a numeric date
(30/09/2568), and ranges (พ.ศ. 2566–2570, 2566-70). A bare four-digit number is not taken as a
year (phone numbers, amounts and codes would be) unless it opens a range of at most ten years
("แผนพัฒนาท้องถิ่น (2566–2570)"). Two-digit years 50–89 are read as 2550–2589, and only after
พ.ศ., ปีงบ, ปีงบประมาณ or a Thai month ("ต.ค. 67", "ปีงบ 68", "พ.ศ. 66–70"): a bare "67" or
"66–70" is a page, a count or an amount.

Where (`parts_of`): a document is read as parts, each with the place a person would go to: the
pages of a PDF (one pdftotext run, split on its form feeds) or a DOCX (explicit page breaks and
the breaks Word last rendered, see `docx_parts`), the sheets of a workbook, the sections of an
HTML page (from one heading or element id to the next). `judge_parts` says, per component found,
in which part and with a short excerpt around the match (`pointers`).

Current (`is_current`): the text names the fiscal year or a later one. A FY 2568 document may
be dated October–December 2567, the first quarter of FY 2568, so 2567 counts as current only
when it follows ตุลาคม/พฤศจิกายน/ธันวาคม (ต.ค./พ.ย./ธ.ค.) or is a numeric date in months 10–12.
A range counts only for an item whose rule accepts a multi-year plan (`covering`), and only
when it covers the fiscal year: a report must name its own year.
"""

from __future__ import annotations

import codecs
import html
import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass
from urllib.parse import urlsplit

from prongsai.incoming import DOCX_BUDGET, FileRefused, check_zip
from prongsai.spreadsheets import open_workbook, sheet_rows
from prongsai.thai import thai_full_months, to_arabic_digits

PDFTOTEXT_SECONDS = 60


class UnsupportedContent(ValueError):
    """The content is of a kind the checker cannot read (an image, a .doc file, a broken PDF)."""

    def __init__(self, kind: str, message_th: str, message_en: str = ""):
        self.kind = kind
        self.message_th = message_th
        self.message_en = message_en or f"the content ({kind}) cannot be checked"
        super().__init__(f"{kind}: {message_th}")


# ---------------------------------------------------------------- content kinds

KINDS_BY_TYPE = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "text/plain": "text",
    "text/csv": "text",
}
KINDS_BY_SUFFIX = {
    ".html": "html",
    ".htm": "html",
    ".php": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".txt": "text",
    ".csv": "text",
}
OLD_OFFICE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def kind_of(content: bytes, content_type: str, url: str) -> str:
    """html, pdf, docx, xlsx or text; the bytes decide first, since servers often say
    application/octet-stream for a PDF. Raises UnsupportedContent otherwise."""
    head = content[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
        except zipfile.BadZipFile as exc:
            raise UnsupportedContent(
                "zip",
                "ไฟล์ ZIP/Office เสียหาย เปิดไม่ได้",
                "the ZIP/Office file is damaged and cannot be opened",
            ) from exc
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise UnsupportedContent(
            "zip", "ไฟล์บีบอัด (ZIP) ตรวจเนื้อหาไม่ได้", "a compressed (ZIP) file cannot be checked"
        )
    if content.startswith(OLD_OFFICE_MAGIC):
        raise UnsupportedContent(
            "ole",
            "ไฟล์ Word/Excel รุ่นเก่า (.doc/.xls) ตรวจเนื้อหาไม่ได้",
            "an old Word/Excel file (.doc/.xls) cannot be checked",
        )
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime in KINDS_BY_TYPE:
        return KINDS_BY_TYPE[mime]
    lowered = head[:200].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered:
        return "html"
    path = urlsplit(url).path.lower()
    suffix = path[path.rfind(".") :] if "." in path.rsplit("/", 1)[-1] else ""
    if suffix in KINDS_BY_SUFFIX and not mime.startswith(("image/", "video/", "audio/")):
        return KINDS_BY_SUFFIX[suffix]
    if not mime or mime.startswith("text/"):
        return "text"
    raise UnsupportedContent(
        mime, f"ไฟล์ประเภท {mime} ตรวจเนื้อหาไม่ได้", f"a file of type {mime} cannot be checked"
    )


@dataclass
class Part:
    """A piece of a document and where it is: a page (PDF, DOCX), a sheet (XLSX), a section
    under a heading or element id (HTML), or nowhere in particular (plain text, headers)."""

    text: str
    where: str = ""  # "page", "sheet", "anchor", "heading" or "" (no place to point at)
    page: int | None = None
    sheet: str = ""
    anchor: str = ""
    heading: str = ""

    def pointer(self, component: str, excerpt: str) -> dict:
        """The JSON a check stores for a component found here (public_page.page_pointers)."""
        out: dict = {"component": component, "where": self.where}
        if self.page is not None:
            out["page"] = self.page
        for key in ("sheet", "anchor", "heading"):
            if value := getattr(self, key):
                out[key] = value
        out["excerpt"] = excerpt
        return out


@dataclass
class Document:
    kind: str  # html, pdf, docx, xlsx or text
    parts: list[Part]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.parts)

    @property
    def blank(self) -> bool:
        return not any(p.text.strip() for p in self.parts)


def parts_of(content: bytes, content_type: str, url: str) -> Document:
    """The document in parts with their places. Raises UnsupportedContent for other kinds."""
    kind = kind_of(content, content_type, url)
    if kind == "html":
        return Document(kind, html_parts(decode(content, content_type, sniff_meta=True)))
    if kind == "pdf":
        return Document(kind, pdf_parts(content))
    name = urlsplit(url).path.rsplit("/", 1)[-1] or url
    if kind == "docx":
        return Document(kind, docx_parts(content, name))
    if kind == "xlsx":
        return Document(kind, xlsx_parts(content, name))
    return Document(kind, [Part(decode(content, content_type))])


def text_of(content: bytes, content_type: str, url: str) -> str:
    """The readable text of a page or document. Raises UnsupportedContent for other kinds."""
    return parts_of(content, content_type, url).text


# ---------------------------------------------------------------- decoding and HTML

CHARSET_IN_TYPE = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
CHARSET_IN_META = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.I)
# Thai sites still serve TIS-620; Windows-874 is its superset and has no alias in Python.
CHARSET_ALIASES = {"windows-874": "cp874", "x-windows-874": "cp874", "tis-620": "cp874"}


def _codec(name: str) -> str | None:
    name = CHARSET_ALIASES.get(name.lower(), name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(content: bytes, content_type: str = "", *, sniff_meta: bool = False) -> str:
    """Bytes to text: valid UTF-8 is UTF-8 whatever the server says (Thai TIS-620 text never
    is); otherwise the declared charset (header, then <meta>), else Thai Windows-874."""
    if content.startswith(codecs.BOM_UTF8):
        return content[3:].decode("utf-8", errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = CHARSET_IN_TYPE.search(content_type)
    name = declared.group(1) if declared else None
    if name is None and sniff_meta:
        meta = CHARSET_IN_META.search(content[:4096])
        name = meta.group(1).decode("ascii", errors="ignore") if meta else None
    codec = _codec(name) if name else None
    if codec is None or codec == "utf-8":
        codec = "cp874"
    return content.decode(codec, errors="replace")


# Markup that never shows as text. A regex pass rather than html.parser: the parser spends
# ~6 µs of Python per tag, which on a 50 KB page costs more than fetching it over loopback
# (bench/oit.py), and finding words and years needs no tree.
HIDDEN = re.compile(
    r"<!--.*?-->|<(script|style|noscript|template|svg)\b[^>]*>.*?</\1\s*>", re.S | re.I
)
BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|tr|td|th|h[1-6]|title|table|ul|ol|section|article|header|footer|nav)"
    r"\b[^>]*>",
    re.I,
)
TAG = re.compile(r"<[^>]*>")


def html_text(markup: str) -> str:
    """Visible text of an HTML page and its title; scripts, styles and comments are left out.

    Block tags become line breaks; inline tags vanish, so "<b>โครง</b>สร้าง" reads โครงสร้าง.
    """
    return _visible(HIDDEN.sub(" ", markup))


def _visible(markup: str) -> str:
    return html.unescape(TAG.sub("", BLOCK_TAG.sub("\n", markup)))


# Where a section of a page starts: a heading, or any element with an id (an anchor the
# browser can scroll to: page.html#id).
SECTION = re.compile(
    r"<(?:(h[1-6])|[a-z][a-z0-9-]*)\b(?:[^>]*?\sid\s*=\s*[\"']?([^\"'\s>]+))?[^>]*>", re.I
)
HEADING_CHARS = 80


def html_parts(markup: str) -> list[Part]:
    """The page cut at every heading and every element with an id; each part knows the nearest
    heading and id at or before it (the text before the first is the title and menus)."""
    markup = HIDDEN.sub(" ", markup)
    parts, start, heading, anchor = [], 0, "", ""
    for m in SECTION.finditer(markup):
        level, element_id = m.group(1), m.group(2)
        if not level and not element_id:
            continue
        if m.start() > start:
            parts.append(_section(markup[start : m.start()], heading, anchor))
        start = m.start()
        if element_id:
            anchor = html.unescape(element_id)
        if level:
            close = markup.find(f"</{level}", m.end())
            title = _visible(markup[m.end() : close if close >= 0 else m.end() + 400])
            heading = normalise(title)[:HEADING_CHARS]
    parts.append(_section(markup[start:], heading, anchor))
    return parts


def _section(markup: str, heading: str, anchor: str) -> Part:
    where = "anchor" if anchor else "heading" if heading else ""
    return Part(_visible(markup), where, anchor=anchor, heading=heading)


# ---------------------------------------------------------------- documents


def pdf_text(content: bytes) -> str:
    return "\n".join(p.text for p in pdf_parts(content))


def pdf_parts(content: bytes) -> list[Part]:
    """One part per page. pdftotext (Poppler) when installed, since it lays out Thai text far
    better: one run over the whole file, its pages split on the form feed it ends each with;
    else pypdf page by page."""
    if shutil.which("pdftotext"):
        try:
            done = subprocess.run(
                ["pdftotext", "-q", "-enc", "UTF-8", "-", "-"],
                input=content,
                capture_output=True,
                timeout=PDFTOTEXT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise UnsupportedContent(
                "pdf", "อ่านข้อความจาก PDF ไม่ทันเวลา", "reading the text of the PDF took too long"
            ) from exc
        if done.returncode == 0:
            pages = done.stdout.decode("utf-8", errors="replace").split("\f")
            if len(pages) > 1 and not pages[-1].strip():
                pages.pop()  # after the last page's form feed
            return [Part(text, "page", page=n) for n, text in enumerate(pages, start=1)]
    return _pypdf_parts(content)


def _pypdf_parts(content: bytes) -> list[Part]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        return [
            Part(page.extract_text() or "", "page", page=n)
            for n, page in enumerate(reader.pages, start=1)
        ]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UnsupportedContent(
            "pdf", "ไฟล์ PDF เสียหาย เปิดไม่ได้", "the PDF file is damaged and cannot be opened"
        ) from exc


def _pypdf_text(content: bytes) -> str:
    return "\n".join(p.text for p in _pypdf_parts(content))


def docx_text(content: bytes, name: str = "document.docx") -> str:
    return "\n".join(p.text for p in docx_parts(content, name))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_parts(content: bytes, name: str = "document.docx") -> list[Part]:
    """One part per page, then one (with no place) for the headers and footers.

    A DOCX holds no pages: the word processor lays them out. What the file does say is where a
    page must break (a page break `<w:br w:type="page"/>`, a paragraph with "page break before",
    a section that starts on a new page) and where Word last broke the pages when it saved it
    (`<w:lastRenderedPageBreak/>`). Both count; a rendered break right after an explicit one is
    the same break. A file no word processor has laid out (made by a program) has only the
    explicit breaks, so its later pages may be numbered low.
    """
    import docx

    try:
        check_zip(content, name, DOCX_BUDGET)
    except FileRefused as exc:
        raise UnsupportedContent("docx", exc.message_th, exc.message_en) from exc
    try:
        document = docx.Document(io.BytesIO(content))
    except Exception as exc:  # python-docx raises several types for a broken package
        raise UnsupportedContent(
            "docx", "ไฟล์ Word เสียหาย เปิดไม่ได้", "the Word file is damaged and cannot be opened"
        ) from exc
    pages: list[list[str]] = [[]]
    fresh = True  # nothing written since the last break
    break_after = False  # the paragraph ends its section, and the next one starts a page

    def new_page(rendered: bool = False) -> None:
        nonlocal fresh
        if rendered and fresh and len(pages) > 1:
            return  # Word marks the page it rendered after an explicit break as well
        pages.append([])
        fresh = True

    for element in document.element.body.iter():
        tag = element.tag
        if tag == f"{W}p":
            if break_after:
                new_page()
                break_after = False
            pages[-1].append("\n")
            props = element.find(f"{W}pPr")
            if props is not None:
                before = props.find(f"{W}pageBreakBefore")
                on = before is not None and before.get(f"{W}val", "true") not in ("0", "false")
                if on and not fresh:
                    new_page()
                section = props.find(f"{W}sectPr")
                if section is not None:
                    kind = section.find(f"{W}type")
                    value = kind.get(f"{W}val") if kind is not None else "nextPage"
                    break_after = value in ("nextPage", "evenPage", "oddPage")
        elif tag == f"{W}t":
            if element.text:
                pages[-1].append(element.text)
                fresh = False
        elif tag == f"{W}tab":
            pages[-1].append(" ")
        elif tag == f"{W}br":
            if element.get(f"{W}type") == "page":
                new_page()
            else:
                pages[-1].append("\n")
        elif tag == f"{W}lastRenderedPageBreak":
            new_page(rendered=True)
        elif tag == f"{W}tc":
            pages[-1].append(" ")
    parts = [Part("".join(chunks), "page", page=n) for n, chunks in enumerate(pages, start=1)]
    furniture = []
    for section in document.sections:
        for part in (section.header, section.footer):
            furniture.extend(p.text for p in part.paragraphs)
    if any(t.strip() for t in furniture):
        parts.append(Part("\n".join(furniture)))
    return parts


def xlsx_text(content: bytes, name: str = "workbook.xlsx") -> str:
    return "\n".join(p.text for p in xlsx_parts(content, name))


def xlsx_parts(content: bytes, name: str = "workbook.xlsx") -> list[Part]:
    """One part per sheet, named by the sheet."""
    try:
        book = open_workbook(content, name)
    except FileRefused as exc:
        raise UnsupportedContent("xlsx", exc.message_th, exc.message_en) from exc
    except Exception as exc:  # openpyxl raises many types for a broken or disguised file
        raise UnsupportedContent(
            "xlsx", "ไฟล์ Excel เสียหาย เปิดไม่ได้", "the Excel file is damaged and cannot be opened"
        ) from exc
    parts = []
    try:
        for sheet in book.worksheets:
            lines = [sheet.title]
            for row in sheet_rows(sheet, name):
                lines.append(" ".join(str(v) for v in row if v is not None))
            parts.append(Part("\n".join(lines), "sheet", sheet=sheet.title))
    except FileRefused as exc:
        raise UnsupportedContent("xlsx", exc.message_th, exc.message_en) from exc
    except Exception as exc:  # a sheet whose XML breaks while it streams
        raise UnsupportedContent(
            "xlsx", "ไฟล์ Excel เสียหาย เปิดไม่ได้", "the Excel file is damaged and cannot be opened"
        ) from exc
    finally:
        book.close()
    return parts


# ---------------------------------------------------------------- normalising Thai text

# Zero-width characters Thai editors insert as word breaks, and the soft hyphen.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# SARA AM is often typed as NIKHAHIT + SARA AA, sometimes with a tone mark in between.
SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")
THAI_DIGITS = {digit: to_arabic_digits(digit) for digit in "๐๑๒๓๔๕๖๗๘๙"}


def normalise(text: str) -> str:
    """NFC, SARA AM composed, Thai digits as Arabic, invisible breaks removed, spaces single."""
    # str.replace guarded by `in` rather than str.translate or a regex over every character:
    # on Thai text those cost ~10 ns a character, ten times the fetch on a 50 KB page.
    text = unicodedata.normalize("NFC", text)
    for char in INVISIBLE:
        if char in text:
            text = text.replace(char, "")
    if "\u0e4d" in text:
        text = SARA_AM.sub(lambda m: m.group(1) + "\u0e33", text)
    for thai, arabic in THAI_DIGITS.items():
        if thai in text:
            text = text.replace(thai, arabic)
    return " ".join(text.split())


def squash(text: str) -> str:
    """`normalise` without any spaces, lower case: PDFs put spaces inside Thai words."""
    return normalise(text).replace(" ", "").lower()


def has_keyword(squashed_text: str, keyword: str) -> bool:
    """A keyword is found when any of its `|`-separated alternatives is (e.g. "โทร|Tel")."""
    return any(squash(alt) in squashed_text for alt in keyword.split("|") if alt.strip())


def missing_components(text: str, components: list[tuple[str, list[str]]]) -> list[str]:
    """Codes of the components not shown: a component is shown when every keyword is found.

    A component without keywords cannot be checked by machine and is not reported missing.
    """
    return _missing(squash(text), components)


def _missing(squashed: str, components: list[tuple[str, list[str]]]) -> list[str]:
    return [
        code
        for code, keywords in components
        if not all(has_keyword(squashed, keyword) for keyword in keywords)
    ]


# ---------------------------------------------------------------- years

MONTHS_FULL = tuple(thai_full_months)  # the same month names the documents print
MONTHS_ABBR = ("มค", "กพ", "มีค", "เมย", "พค", "มิย", "กค", "สค", "กย", "ตค", "พย", "ธค")
FIRST_QUARTER = (10, 11, 12)  # October–December open the fiscal year
# What an item asks of the years its evidence names is data on the item (criteria files'
# `oit_year_rules`, frameworks/schema.py YEAR_RULES): `previous` is judged like `current`
# against the previous fiscal year; only `current_or_covering` passes `covering=True` here.


def _abbr_pattern(abbr: str) -> str:
    # "ต.ค." with or without the dots, a space after a dot allowed: "ต. ค."
    return r"\.?\s?".join(re.escape(ch) for ch in abbr) + r"\.?"


# A year is first found as a bare number; what stands just before it (WINDOW characters)
# decides whether the text presents it as a year. Years are rare, so this is fast.
# No look-behind: a pattern that starts with a literal lets the regex engine skip ahead.
CANDIDATE = re.compile(r"2(?:[4-6]\d\d|700)(?!\d|,\d)")
WINDOW = 40
_BE = r"(?:พ\s?\.?\s?ศ\s?\.?\s?)"
CONTEXT_BEFORE = re.compile(
    r"(?:พ\s?\.?\s?ศ\s?\.?|ปีงบประมาณ|งบประมาณ|ปีงบฯ|ปีงบ|ปี|B\.?\s?E\.?|ITA)\s?:?\s?$", re.I
)
_MONTH_WORDS = "|".join(
    sorted([*MONTHS_FULL, *map(_abbr_pattern, MONTHS_ABBR)], key=len, reverse=True)
)
MONTH_BEFORE = re.compile("(" + _MONTH_WORDS + r")\s?" + _BE + "?$")
DATE_BEFORE = re.compile(r"(?<!\d)\d{1,2}\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?$")
_DASH = r"\s?(?:-|–|—|ถึง)\s?"
# The end of a range right after a year: "2566–2570", "2566 - 2570", "2566 ถึง พ.ศ. 2570", "2566-70".
RANGE_AFTER = re.compile(_DASH + _BE + r"?(2(?:[4-6]\d\d|700)|\d\d)(?!\d|,\d|\.\d)")
RANGE_SPAN = 30  # a plan, a strategy (the national strategy runs 20 years)
BARE_RANGE_SPAN = 10  # a range with no word before it: plans run 3–5 years, prices do not look so
# Two-digit years, read as 25xx only after พ.ศ., ปีงบ(ประมาณ) or a Thai month ("ต.ค. 67",
# "ปีงบ 68", "1 ตุลาคม 67", "พ.ศ. 66–70") and only 50–89 (2550–2589): a bare "67" is a page,
# a count or an amount, never taken as a year.
SHORT_CANDIDATE = re.compile(r"[5-8]\d(?!\d|[,.:/]\d)")


def _dotted_variants(syllables: str) -> list[str]:
    """ "ต.ค.", "ต.ค", "ต. ค.", "ต. ค" for "ต ค": an abbreviation's spellings, normalised."""
    parts = syllables.split()
    out = [parts[0]]
    for part in parts[1:]:
        out = [f"{v}{sep}{part}" for v in out for sep in (".", ". ")]
    return [v + end for v in out for end in (".", "")]


# The syllables of each month's abbreviation: มี.ค., เม.ย., มิ.ย. keep their vowels together.
MONTHS_ABBR_SYLLABLES = (
    "ม ค", "ก พ", "มี ค", "เม ย", "พ ค", "มิ ย", "ก ค", "ส ค", "ก ย", "ต ค", "พ ย", "ธ ค"
)  # fmt: skip


# The words that make a two-digit number a year, as they end just before it: (word → month).
# Plain string ends rather than a regex: a two-digit number is common, and `str.endswith` on
# a tuple costs a tenth of a regex search over the window.
SHORT_CONTEXT: dict[str, int | None] = {
    **{word: None for word in ("ปีงบประมาณ", "ปีงบฯ", "ปีงบ", *_dotted_variants("พ ศ"))},
    **{name: i + 1 for i, name in enumerate(MONTHS_FULL)},
    **{v: i + 1 for i, abbr in enumerate(MONTHS_ABBR_SYLLABLES) for v in _dotted_variants(abbr)},
}
SHORT_CONTEXT_ENDS = tuple(sorted(SHORT_CONTEXT, key=len, reverse=True))
SHORT_WINDOW = max(map(len, SHORT_CONTEXT)) + 3
SHORT_RANGE_AFTER = re.compile(_DASH + _BE + r"?([5-8]\d)(?!\d|[,.:/]\d)")
_ABBR_PLAIN = {a: i + 1 for i, a in enumerate(MONTHS_ABBR)}
_FULL = {name: i + 1 for i, name in enumerate(MONTHS_FULL)}

# (year, month or None, first year of a range or None): "2566–2570" is (2570, None, 2566).
Mention = tuple[int, int | None, int | None]


def _month_of(word: str) -> int:
    if word in _FULL:
        return _FULL[word]
    return _ABBR_PLAIN[re.sub(r"[.\s]", "", word)]


def _range_end(normalised: str, at: int, first: int, *, bare: bool) -> tuple[int, int] | None:
    """(last year, end offset) of a range starting with `first` and continuing at `at`."""
    m = RANGE_AFTER.match(normalised, at)
    if not m:
        return None
    text = m.group(1)
    last = int(text) if len(text) == 4 else first // 100 * 100 + int(text)
    if not 0 < last - first <= (BARE_RANGE_SPAN if bare else RANGE_SPAN):
        return None
    if bare and len(text) != 4:
        return None
    return last, m.end()


def _mentions(normalised: str) -> list[Mention]:
    found: list[tuple[int, Mention]] = []  # (offset, mention), sorted at the end
    taken_until = -1  # the end of the last range, whose second year is not read again
    for m in CANDIDATE.finditer(normalised):
        if m.start() < taken_until:
            continue
        if m.start() and normalised[m.start() - 1].isdigit():
            continue
        before = normalised[max(0, m.start() - WINDOW) : m.start()]
        year = int(m.group())
        month: int | None = None
        if month_match := MONTH_BEFORE.search(before):
            month = _month_of(month_match.group(1))
        elif date_match := DATE_BEFORE.search(before):
            month = int(date_match.group(1))
            month = month if 1 <= month <= 12 else None
        elif not CONTEXT_BEFORE.search(before):
            # a bare range such as "แผนพัฒนาท้องถิ่น (2566–2570)" is still read as years
            if (bare := _range_end(normalised, m.end(), year, bare=True)) is not None:
                found.append((m.start(), (bare[0], None, year)))
                taken_until = bare[1]
            continue
        if month is None and (span := _range_end(normalised, m.end(), year, bare=False)):
            found.append((m.start(), (span[0], None, year)))
            taken_until = span[1]
            continue
        found.append((m.start(), (year, month, None)))
    taken_until = -1
    for m in SHORT_CANDIDATE.finditer(normalised):  # two-digit numbers are many, words few
        if m.start() < taken_until or (m.start() and normalised[m.start() - 1].isdigit()):
            continue
        before = normalised[max(0, m.start() - SHORT_WINDOW) : m.start()].rstrip(" :")
        if not before.endswith(SHORT_CONTEXT_ENDS):
            continue
        word = next(w for w in SHORT_CONTEXT_ENDS if before.endswith(w))
        first = 2500 + int(m.group())
        if SHORT_CONTEXT[word] is not None:
            found.append((m.start(), (first, SHORT_CONTEXT[word], None)))
            continue
        end = SHORT_RANGE_AFTER.match(normalised, m.end())
        if end and 0 < (last := 2500 + int(end.group(1))) - first <= RANGE_SPAN:
            found.append((m.start(), (last, None, first)))
            taken_until = end.end()
            continue
        found.append((m.start(), (first, None, None)))
    return [mention for _, mention in sorted(found, key=lambda pair: pair[0])]


def year_mentions(text: str) -> list[tuple[int, int | None]]:
    """(year, month or None) for every year the text names, in order of appearance; both
    ends of a range are named."""
    out: list[tuple[int, int | None]] = []
    for year, month, first in _mentions(normalise(text)):
        if first is not None:
            out.append((first, None))
        out.append((year, month))
    return out


def year_ranges(text: str) -> list[tuple[int, int]]:
    """(first, last) of every range of years the text names ("พ.ศ. 2566–2570")."""
    return [(first, year) for year, _, first in _mentions(normalise(text)) if first is not None]


def range_from(text: str, first: int) -> tuple[int, int] | None:
    """The first range of years the text names that starts with `first`, when the text names
    `first` in no other way (what a stale finding about a multi-year plan quotes)."""
    mentions = _mentions(normalise(text))
    if any(year == first and start is None for year, _, start in mentions):
        return None
    return next(((start, year) for year, _, start in mentions if start == first), None)


def years_in(text: str) -> list[int]:
    """Buddhist-era years 2400–2700 the text names (Thai or Arabic digits, two-digit years
    after a Thai year word or month, both ends of a range), sorted, unique."""
    return sorted({year for year, _ in year_mentions(text)})


def _current(
    mentions: list[Mention], fiscal_year: int, *, covering: bool = False
) -> tuple[bool, int | None]:
    if not mentions:
        return False, None
    singles = [(year, month) for year, month, first in mentions if first is None]
    ranges = [(first, year) for year, _, first in mentions if first is not None]
    years = {year for year, _ in singles}
    if fiscal_year in years:
        return True, fiscal_year
    later = [y for y in years if y > fiscal_year]
    if later:
        return True, min(later)
    if any(y == fiscal_year - 1 and m in FIRST_QUARTER for y, m in singles):
        return True, fiscal_year - 1
    if covering and any(first <= fiscal_year <= last for first, last in ranges):
        return True, fiscal_year
    if years:
        return False, max(years)
    # only ranges, none of them acceptable: the plan's first year is what the text is "of"
    return False, max(first for first, _ in ranges)


def is_current(text: str, fiscal_year: int, *, covering: bool = False) -> tuple[bool, int | None]:
    """(current, year found): current when the fiscal year or a later one is named, or the
    previous calendar year in October–December (the fiscal year's first quarter); with
    `covering` (an item whose rule accepts a multi-year plan), also when a range of years
    names the fiscal year inside it ("แผนพัฒนาท้องถิ่น พ.ศ. 2566–2570" for 2568).

    The year found is the fiscal year when named (or covered), else the earliest later year,
    else the latest year named (the first year of a range when only ranges are named); None
    when no year is named.
    """
    return _current(_mentions(normalise(text)), fiscal_year, covering=covering)


def judge(
    text: str,
    fiscal_year: int,
    components: list[tuple[str, list[str]]],
    *,
    covering: bool = False,
) -> tuple[bool, int | None, list[str]]:
    """(current, year found, missing component codes), normalising the text once; `covering`
    as in `is_current`."""
    normalised = normalise(text)
    current, year_found = _current(_mentions(normalised), fiscal_year, covering=covering)
    return current, year_found, _missing(normalised.replace(" ", "").lower(), components)


# ---------------------------------------------------------------- where components are

EXCERPT_CHARS = 80


def _alternatives(keyword: str) -> list[str]:
    return [squash(alt) for alt in keyword.split("|") if alt.strip()]


def _excerpt(normalised: str, alternatives: list[str]) -> str:
    """About EXCERPT_CHARS characters of the text around the first alternative found in it."""
    for alt in alternatives:
        # the squashed keyword, with the spaces the text may put between its characters
        pattern = r"\s?".join(re.escape(ch) for ch in alt)
        match = re.search(pattern, normalised, re.I)
        if match is None:
            continue
        room = max(0, EXCERPT_CHARS - (match.end() - match.start())) // 2
        start, end = max(0, match.start() - room), min(len(normalised), match.end() + room)
        return (
            ("…" if start else "")
            + normalised[start:end].strip()
            + ("…" if end < len(normalised) else "")
        )
    return ""


def _pointer(
    parts: list[Part], normalised: list[str], squashed: list[str], code: str, keywords: list[str]
) -> dict | None:
    """Where a component is: the first part that shows all its keywords, else the first of
    those that show the most of them; None when that part is no place to point at. The excerpt
    is taken around the first of its keywords that the part shows."""
    keys = [_alternatives(k) for k in keywords]
    best, best_hits = None, 0
    for n, text in enumerate(squashed):
        hits = sum(any(alt in text for alt in alts) for alts in keys)
        if hits > best_hits:
            best, best_hits = n, hits
            if hits == len(keys):
                break
    if best is None or not parts[best].where:
        return None
    shown = next(alts for alts in keys if any(alt in squashed[best] for alt in alts))
    return parts[best].pointer(code, _excerpt(normalised[best], shown))


def judge_parts(
    parts: list[Part],
    fiscal_year: int,
    components: list[tuple[str, list[str]]],
    *,
    covering: bool = False,
) -> tuple[bool, int | None, list[str], list[dict]]:
    """`judge` over a document's parts, and a pointer for each component found:
    {"component", "where", "page" | "sheet" | "anchor"/"heading", "excerpt"}; `covering` as
    in `is_current`."""
    normalised = [normalise(p.text) for p in parts]
    current, year_found = _current(_mentions(" ".join(normalised)), fiscal_year, covering=covering)
    squashed = [n.replace(" ", "").lower() for n in normalised]
    missing = _missing("".join(squashed), components)
    pointers = []
    for code, keywords in components:
        if code in missing:
            continue
        if (pointer := _pointer(parts, normalised, squashed, code, keywords)) is not None:
            pointers.append(pointer)
    return current, year_found, missing, pointers
