"""Page pointers: where in a long document the checker found each component (issue 14).

The checker stores them with each check (`LinkCheck.pointers`, made by extract.judge_parts): a
list of dicts with "component", "excerpt" and where: "page" (a page number of a PDF or DOCX),
"sheet" (XLSX), "heading" and/or "anchor" (HTML), or a "label"; "href" if one is given. The
checklist, the findings document and the public ITA page show them the same way, in the page's
language ("หน้า 3", "ชีต สรุป", "หัวข้อ ข้อมูลผู้บริหาร", "#o1").
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.utils.translation import gettext as _

from prongsai.oit.checker import is_http_url

EXCERPT_SHOWN = 160


@dataclass
class Pointer:
    """Where a component was found in a long document: page (PDF/DOCX) or sheet/anchor."""

    component: str
    page: str  # where, in words: "หน้า 47", "ชีต สรุป", "หัวข้อ …", "#o1"
    excerpt: str
    href: str = ""  # the document opened at that place, where a browser can

    def line(self) -> str:
        """ "o1.1 พบที่ หน้า 3: «…»", to paste into the organisation's ITA page."""
        found = _("found at %(place)s") % {"place": self.page}
        text = " ".join(p for p in (self.component, found) if p)
        return f"{text}: «{self.excerpt}»" if self.excerpt else text


def _place(raw: dict) -> str:
    """ "หน้า 47", "ชีต สรุป", "หัวข้อ …", "#o1", or the pointer's own label; "" for no place."""
    page, sheet = raw.get("page"), raw.get("sheet")
    heading, anchor = raw.get("heading"), raw.get("anchor")
    if isinstance(page, int) or (isinstance(page, str) and page.strip().isdigit()):
        return _("page %(page)s") % {"page": str(page).strip()}
    if sheet:
        return _("sheet %(sheet)s") % {"sheet": sheet}
    if heading:
        return _("heading “%(heading)s”") % {"heading": heading}
    if anchor:
        return f"#{anchor}"
    return str(raw.get("label") or page or "").strip()


def _href(raw: dict, url: str) -> str:
    """Where the pointer opens: its own http(s) link, the PDF page (#page=N, which browsers'
    PDF viewers follow) or the HTML anchor; else the document itself."""
    if is_http_url(str(raw.get("href") or "")):
        return str(raw["href"])
    page, anchor = raw.get("page"), raw.get("anchor")
    if isinstance(page, int) and urlsplit(url).path.lower().endswith(".pdf"):
        return f"{url}#page={page}"
    if anchor:
        return f"{url}#{quote(str(anchor))}"
    return url


def page_pointers(check, url: str = "") -> list[Pointer]:
    """A check result's `pointers` to show. A check without them (older runs, a page with
    nothing to point at) has none; anything malformed or naming no place is skipped."""
    out = []
    for raw in getattr(check, "pointers", None) or []:
        if not isinstance(raw, dict) or not (place := _place(raw)):
            continue
        excerpt = " ".join(str(raw.get("excerpt") or "").split())
        out.append(
            Pointer(
                component=str(raw.get("component") or ""),
                page=place,
                excerpt=excerpt[:EXCERPT_SHOWN] + ("…" if len(excerpt) > EXCERPT_SHOWN else ""),
                href=_href(raw, url) if url else "",
            )
        )
    return out
