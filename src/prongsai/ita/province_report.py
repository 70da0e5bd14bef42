"""The province report (รายงานผลการประเมิน ITA ของหน่วยงานในจังหวัด) as a registered document.

It is made by the province page's own view (`offered=False`: it is not one organisation's
document), which passes the province in `extra`; the organisation of the request is one of the
province's, whose digits setting the report follows. Asked without a province, it reports on the
organisation's own province.
"""

from __future__ import annotations

from pathlib import Path

from prongsai.documents.registry import DocumentRequest, Kind
from prongsai.ita import comparison
from prongsai.ita.models import OrgYearSummary

LAYOUTS = Path(__file__).resolve().parent / "layouts"


def _province(request: DocumentRequest) -> str:
    return request.extra.get("province") or request.org.province


def check(request: DocumentRequest) -> str | None:
    province = _province(request)
    if not OrgYearSummary.objects.filter(org__province=province, year=request.year).exists():
        return (
            f"ยังไม่มีผลการประเมิน ITA {request.fmt.fiscal_year(request.year)} "
            f"ของหน่วยงานในจังหวัด{province}"
        )
    return None


def build(request: DocumentRequest) -> dict:
    f = request.fmt
    province = _province(request)
    c = comparison.build(province, {"year": str(request.year)}, paginate=False)

    def score(value) -> str:
        return "–" if value is None else f.score(value)

    return {
        "province": province,
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
                "name": r["org"].name_th,
                "iit": score(r["summary"].iit),
                "eit": score(r["summary"].eit),
                "oit": score(r["summary"].oit),
                "total": score(r["summary"].total),
                "rating": r["summary"].rating_th or "–",
            }
            for r in c.rows
        ],
        "failed_items": [
            {"code": r["code"], "text": r["text"] or "–", "orgs": f.number(r["orgs"])}
            for r in c.failed_items
        ],
        "weak_questions": [
            {
                "code": r["code"],
                "text": r["text"] or "–",
                "orgs": f.number(r["orgs"]),
                "average": score(r["average"]),
            }
            for r in c.weak_questions
        ],
    }


PROVINCE_REPORT = Kind(
    key="province_report",
    title_th="รายงานผลการประเมินคุณธรรมและความโปร่งใสของหน่วยงานในจังหวัด",
    title_en="ITA results of a province's organisations",
    layout=LAYOUTS / "province_report.docx",
    build=build,
    fields=frozenset(
        {"province", "fiscal_year", "stats", "rows", "failed_items", "weak_questions"}
    ),
    check=check,
    signed=False,
    offered=False,
)
