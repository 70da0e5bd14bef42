"""The organisation's public ITA page (`/p/<org>/ita/<year>/`) and its HTML and Excel exports.

Laid out the way organisations already publish it on their own websites (ita-2569-notes.md §3):
indicator or sub-indicator → item (code, name) → its evidence links, each with an "open"
button, the navigation steps from the home page, and page pointers into long documents.

Only items that are ready (checklist.Row.ready: evidence on the main website, every component
ticked, the latest automatic check clean) are published, and only their URLs (an uploaded file
is the officer's copy, not the website's). Everything comes from one organisation's rows, so
another organisation's evidence cannot appear. `hidden_items()` tells the officer what is left
out and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from django.contrib.staticfiles import finders
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from prongsai.frameworks.library import dump
from prongsai.frameworks.store import find_document
from prongsai.oit import checklist
from prongsai.oit.checker import is_http_url
from prongsai.oit.models import join_path
from prongsai.oit.pointers import Pointer, page_pointers
from prongsai.oit.templatetags.oit_status import status_th
from prongsai.spreadsheets import append_row

CSS = "prongsai/ita-page.css"


@dataclass
class PublicLink:
    url: str
    pointers: list[Pointer] = field(default_factory=list)


@dataclass
class PublicItem:
    code: str
    name: str
    links: list[PublicLink]
    paths: list[list[str]]  # navigation steps from the home page, one path per line


@dataclass
class Group:
    code: str  # "9.1", or "9" for an indicator without known sub-indicators
    title: str
    items: list[PublicItem]


@dataclass
class PublicPage:
    org: object
    year: int
    groups: list[Group]
    updated: date | None = None  # the newest change of a published item's evidence

    @property
    def items(self) -> list[PublicItem]:
        return [item for group in self.groups for item in group.items]


def _number(code: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", code)
    return (int(digits) if digits else 0, code)


def _public_urls(row: checklist.Row) -> list[str]:
    return [u for u in row.evidence.url_list() if is_http_url(u)] if row.evidence else []


def hidden_reason(row: checklist.Row) -> str | None:
    """Why an item is left out of the public page (Thai on Thai pages); None when it is shown."""
    if row.state == "missing":
        return _("No evidence yet.")
    if row.state == "problem":
        bad = [c for c in row.checks if c.status != "ok"]
        named = "; ".join(f"{status_th(c.status)} ({c.url})" for c in bad)
        return _("The automatic check found a problem: %(what)s") % {"what": named}
    if row.state == "incomplete":
        unticked = [c.code for c in row.components if not (c.check and c.check.ticked)]
        return _("Components not confirmed yet: %(codes)s") % {"codes": ", ".join(unticked)}
    if not _public_urls(row):
        return _("Only an uploaded file: no link on the main website to publish.")
    return None


def hidden_items(table: list[checklist.Row]) -> list[dict]:
    """Every item left out of the public page, with the reason, in the order of the criteria."""
    return [
        {"code": row.code, "name": row.name, "reason": reason}
        for row in table
        if (reason := hidden_reason(row)) is not None
    ]


def _groups_of(doc: dict) -> dict[str, tuple[str, str]]:
    """(group code, title) for each indicator and known sub-indicator of the criteria."""
    out = {}
    for ind in doc.get("indicators", []):
        if ind.get("tool") != "oit":
            continue
        number = str(ind["number"])
        out[number] = (
            number,
            _("Indicator %(n)s %(name)s") % {"n": number, "name": ind["name"]["th"]},
        )
        for sub in ind.get("sub_indicators", []):
            out[sub["code"]] = (sub["code"], f"{sub['code']} {sub['name']['th']}")
    return out


def build(org, year: int, table: list[checklist.Row] | None = None) -> PublicPage:
    """The public page of an organisation-year (FrameworkError when the year has no criteria)."""
    table = checklist.rows(org, year) if table is None else table
    groups = _groups_of(dump(find_document(year=year, org=org)))
    by_group: dict[str, Group] = {}
    updated = None
    for row in sorted(table, key=lambda r: _number(r.code)):
        if hidden_reason(row) is not None:
            continue
        checks = {c.url: c for c in row.checks}
        item = PublicItem(
            code=row.code,
            name=row.name,
            links=[PublicLink(u, page_pointers(checks.get(u), u)) for u in _public_urls(row)],
            paths=row.evidence.step_paths(),
        )
        key = row.sub_indicator if row.sub_indicator in groups else str(row.indicator)
        code, title = groups.get(key, (key, _("Indicator %(n)s") % {"n": key}))
        by_group.setdefault(key, Group(code, title, [])).items.append(item)
        changed = timezone.localdate(row.evidence.updated)
        updated = max(updated or changed, changed)
    ordered = sorted(by_group.values(), key=lambda g: [int(p) for p in g.code.split(".")])
    return PublicPage(org=org, year=year, groups=ordered, updated=updated)


# ---------------------------------------------------------------- exports


def css() -> str:
    path = finders.find(CSS)
    with open(path, encoding="utf-8") as handle:
        return handle.read()


XLSX_HEADER = [
    "ตัวชี้วัด",
    "ข้อ",
    "รายการ",
    "URL",
    "เส้นทางจากหน้าหลัก",
    "ตำแหน่งในเอกสาร",
]


def pointer_text(pointers: list[Pointer]) -> str:
    return "\n".join(
        " ".join(p for p in (ptr.component, ptr.page) if p)
        + (f": {ptr.excerpt}" if ptr.excerpt else "")
        for ptr in pointers
    )


def xlsx(page: PublicPage) -> bytes:
    """One row per evidence URL: the list to paste into the organisation's CMS and into ITAS."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"ITA {page.year}"
    append_row(sheet, XLSX_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for group in page.groups:
        for item in group.items:
            steps = "\n".join(join_path(path) for path in item.paths)
            for link in item.links:
                append_row(
                    sheet,
                    [
                        group.title,
                        item.code,
                        item.name,
                        link.url,
                        steps,
                        pointer_text(link.pointers),
                    ],
                )
    for column, width in zip("ABCDEF", (28, 6, 50, 50, 40, 50), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = BytesIO()
    book.save(out)
    return out.getvalue()
