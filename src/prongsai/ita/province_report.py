"""The province report (รายงานผลการประเมิน ITA ของหน่วยงานในจังหวัด) and the national report, two
registered documents of one layout and one builder.

Both are made by the comparison pages' own view (`offered=False`: neither is one organisation's
document), which passes the province (the province report) and the page's filters in `extra`;
the national report adds a table of the provinces ranked by their average. The organisation of
the request is one of the scope's, whose digits setting the report follows. The province report
asked without a province (`prongsai document province_report --org SLUG`) reports on the
organisation's own province.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from django.utils import translation

from prongsai.documents.registry import DocumentRequest, Kind
from prongsai.ita import comparison
from prongsai.orgs.models import Organisation

LAYOUTS = Path(__file__).resolve().parent / "layouts"
FILTERS = ("kind", "size", "district", "province")  # the page's filters the report follows
# The ranking prints this many rows at most: a province's few hundred whole; the country's 7,850
# would be some 300 pages, more than LibreOffice lays out in its time limit (bench/province.py).
# The full report (`extra["full"]`, every row) is made by a background job (ita/full_report.py).
REPORT_ROWS = 500


def _named(f, text: str) -> str:
    """An item's or question's text in the report's digits; criteria without a name say so."""
    return f.digits(text) if text else "(เกณฑ์ยังไม่ระบุชื่อข้อนี้)"


def _province(request: DocumentRequest) -> str | None:
    """The report's province; None for the national report."""
    if request.kind.key == NATIONAL_REPORT.key:
        return None
    return request.extra.get("province") or request.org.province


def _query(request: DocumentRequest) -> dict[str, str]:
    query = request.extra.get("query") or {}
    return {k: str(query[k]) for k in FILTERS if query.get(k)} | {"year": str(request.year)}


def _scope_text(province: str | None, f: comparison.Filters) -> str:
    """ "จังหวัดชลบุรี" or "ทุกจังหวัด", with the filters the figures were chosen by."""
    if province is None:
        where = f"จังหวัด{f.province}" if f.province else "ทุกจังหวัด"
    else:
        where = f"จังหวัด{province}"
    with translation.override("th"):  # a Thai document whatever the reader's language
        chosen = [
            str(dict(Organisation.Kind.choices).get(f.kind, "")),
            str(dict(Organisation.Size.choices).get(f.size, "")),
            f"อำเภอ{f.district}" if f.district else "",
        ]
    chosen = [c for c in chosen if c]
    return f"{where} เฉพาะ{' '.join(chosen)}" if chosen else where


def check(request: DocumentRequest) -> str | None:
    province = _province(request)
    filters = comparison.Filters.from_query(_query(request), [request.year])
    if not comparison.ranked(province, filters).exists():
        return (
            f"ยังไม่มีผลการประเมิน ITA {request.fmt.fiscal_year(request.year)} "
            f"ของหน่วยงาน{_scope_text(province, filters)}"
        )
    return None


def build(request: DocumentRequest) -> dict:
    f = request.fmt
    province = _province(request)
    c = comparison.build(province, _query(request), paginate=False)
    limit = None if request.extra.get("full") else REPORT_ROWS

    def score(value) -> str:
        return "–" if value is None else f.score(value)

    def name(org) -> str:  # the same name is common across provinces: its own line under it
        return org.name_th if province is not None else f"{org.name_th}\nจ.{org.province}"

    return {
        "scope": _scope_text(province, c.filters),
        "fiscal_year": f.fiscal_year(request.year),
        "stats": {
            "count": f.number(c.stats["count"]),
            "average": score(c.stats["average"]),
            "below": f.number(c.stats["below"]),
            "pass_mark": f.number(comparison.PASS_MARK),
        },
        "rows": [
            {
                "rank": f.number(r["rank"]),
                "name": name(r["org"]),
                "iit": score(r["summary"].iit),
                "eit": score(r["summary"].eit),
                "oit": score(r["summary"].oit),
                "total": score(r["summary"].total),
                "rating": r["summary"].rating_th or "–",
            }
            for r in c.rows[:limit]
        ],
        "rows_note": ""
        if limit is None or len(c.rows) <= limit
        else (
            f"แสดง {f.number(REPORT_ROWS)} อันดับแรกจาก {f.number(len(c.rows))} แห่ง "
            "รายชื่อทั้งหมดอยู่ในไฟล์ Excel และรายงานฉบับเต็มที่สั่งทำเบื้องหลังได้จากหน้าเปรียบเทียบ "
            "หรือเลือกจังหวัดหรือประเภทหน่วยงานเพื่อพิมพ์รายงานเฉพาะกลุ่มนั้น"
        ),
        "failed_items": [
            {"code": r["code"], "text": _named(f, r["text"]), "orgs": f.number(r["orgs"])}
            for r in c.failed_items
        ],
        "weak_questions": [
            {
                "code": r["code"],
                "text": _named(f, r["text"]),
                "orgs": f.number(r["orgs"]),
                "average": score(r["average"]),
            }
            for r in c.weak_questions
        ],
        "provinces": []
        if province is not None
        else [
            {
                "rank": f.number(r["rank"]),
                "name": r["province"] or "–",
                "count": f.number(r["count"]),
                "average": score(r["average"]),
                "below": f.number(r["below"]),
            }
            for r in comparison.by_province(c.filters)
        ],
    }


PROVINCE_REPORT = Kind(
    key="province_report",
    title_th="รายงานผลการประเมินคุณธรรมและความโปร่งใสของหน่วยงานในจังหวัด",
    title_en="ITA results of a province's organisations",
    layout=LAYOUTS / "province_report.docx",
    build=build,
    fields=frozenset(
        {
            "scope",
            "fiscal_year",
            "stats",
            "rows",
            "rows_note",
            "failed_items",
            "weak_questions",
            "provinces",
        }
    ),
    check=check,
    signed=False,
    offered=False,
)
NATIONAL_REPORT = dataclasses.replace(
    PROVINCE_REPORT,
    key="national_report",
    title_th="รายงานผลการประเมินคุณธรรมและความโปร่งใสขององค์กรปกครองส่วนท้องถิ่นทั่วประเทศ",
    title_en="ITA results of the country's organisations",
)
