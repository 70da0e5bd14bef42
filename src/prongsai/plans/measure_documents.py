"""The corruption-risk assessment and the integrity measures' announcement and report.

Three kinds of the document registry, each for a fiscal year (the report also for a round: the
6-month report or the annual one). Every figure goes through the request's Formatter, so a
document is in Thai digits throughout when the organisation asks for them. An organisation
with no assessment or no measures for a year is not offered the document: `check` says why.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.db.models import Prefetch
from django.utils import translation

from prongsai.documents.charts import risk_heatmap_png
from prongsai.documents.layout import Picture
from prongsai.documents.registry import DocumentRequest, Kind, NothingToReport, Variant
from prongsai.plans.models import IntegrityMeasure, MeasureResult, RiskAssessment
from prongsai.plans.risk import matrix
from prongsai.thai import Formatter

LAYOUTS = Path(__file__).resolve().parent / "layouts"
HEATMAP_MM = 125
MONITORING_TH = {
    "h1": "รายงานผู้บริหารทุก 6 เดือน",
    "annual": "รายงานผู้บริหารปีละครั้ง",
    "both": "รายงานผู้บริหารรอบ 6 เดือนและประจำปี",
}
# The registry's rounds, as the measures' results name them.
RESULT_ROUND = {"6m": "h1", "annual": "annual"}
ROUND_TH = {"6m": "รอบ 6 เดือน (ตุลาคม – มีนาคม)", "annual": "ประจำปี"}  # digits: fmt
# Which measures are reported in a round: those reported to the executives in it.
REPORTED_IN = {"6m": ("h1", "both"), "annual": ("annual", "both")}
_HEX = re.compile(r"#?([0-9A-Fa-f]{6})")


# ---- The risk assessment ----------------------------------------------------------------------


def _assessment(request: DocumentRequest) -> RiskAssessment | None:
    return RiskAssessment.objects.filter(org=request.org, year=request.year).first()


def risk_check(request: DocumentRequest) -> str | None:
    assessment = _assessment(request)
    year = request.fmt.fiscal_year(request.year)
    if assessment is None:
        return f"ยังไม่มีการประเมินความเสี่ยงการทุจริตของ{year}"
    if not assessment.items.exists():
        return f"การประเมินความเสี่ยงการทุจริตของ{year} ยังไม่มีรายการความเสี่ยง"
    return None


def risk_context(request: DocumentRequest) -> dict:
    f = request.fmt
    assessment = _assessment(request)
    m = matrix(assessment.matrix)
    items = list(assessment.items.select_related("owner"))
    counts: dict[tuple[int, int], int] = {}
    for item in items:
        counts[(item.likelihood, item.impact)] = counts.get((item.likelihood, item.impact), 0) + 1
    rows, by_level = [], {}
    for n, item in enumerate(items, start=1):
        level = m.level(item.likelihood, item.impact)
        by_level[level.name] = by_level.get(level.name, 0) + 1
        colour = _HEX.fullmatch(level.color or "")
        rows.append(
            {
                "number": f.number(n),
                "process": f.digits(item.process),
                "risk": f.digits(item.risk),
                "likelihood": f"{f.number(item.likelihood)} {m.likelihood[item.likelihood - 1]}",
                "impact": f"{f.number(item.impact)} {m.impact[item.impact - 1]}",
                "level": level.name,
                "level_color": colour.group(1).upper() if colour else "FFFFFF",
                "existing": f.digits(item.existing_controls) or "–",
                "new": f.digits(item.new_controls) or "–",
                "owner": item.owner.name if item.owner else "–",
                "review": f.date(item.review_on) or "–",
            }
        )
    png = risk_heatmap_png(
        m.grid(), counts, list(m.likelihood), list(m.impact), thai_digits=f.thai_digits
    )
    levels = [f"ระดับ{name} {f.number(count)} เรื่อง" for name, count in by_level.items()]
    return {
        "fiscal_year": f.fiscal_year(request.year),
        "matrix_name": f.digits(m.name),
        "heatmap": Picture(png, width_mm=HEATMAP_MM),
        "summary": f"ประเมินความเสี่ยงการทุจริตทั้งสิ้น {f.number(len(items))} เรื่อง ได้แก่ "
        + " ".join(levels),
        "rows": rows,
    }


RISK_ASSESSMENT = Kind(
    key="risk_assessment",
    title_th="การประเมินความเสี่ยงการทุจริตและมาตรการบริหารจัดการความเสี่ยง",
    title_en="Corruption risk assessment and risk management measures",
    layout=LAYOUTS / "risk_assessment.docx",
    build=risk_context,
    fields=frozenset({"fiscal_year", "matrix_name", "heatmap", "summary", "rows"}),
    check=risk_check,
)


# ---- The integrity measures --------------------------------------------------------------------


def measures_for(org, fiscal_year: int) -> list[IntegrityMeasure]:
    """The organisation's measures of a fiscal year, whatever their origin (the ITA analysis or
    added by hand), cancelled ones too (the board shows them), in the order they are numbered in
    the announcement and the report."""
    return list(
        IntegrityMeasure.objects.filter(org=org, fiscal_year=fiscal_year)
        .select_related("responsible")
        .prefetch_related(
            Prefetch(
                "round_results",
                queryset=MeasureResult.objects.filter(fiscal_year=fiscal_year),
                to_attr="results_of_year",
            )
        )
        .order_by("indicator", "id")
    )


def _printed(measures: list[IntegrityMeasure]) -> list[IntegrityMeasure]:
    """The measures a document lists: all but the cancelled ones."""
    return [m for m in measures if m.status != IntegrityMeasure.Status.CANCELLED]


def _no_measures(request: DocumentRequest) -> str:
    return (
        "ยังไม่มีมาตรการส่งเสริมคุณธรรมและความโปร่งใสของ"
        f"{request.fmt.fiscal_year(request.year)} (เพิ่มได้ที่หน้ามาตรการ)"
    )


def announcement_check(request: DocumentRequest) -> str | None:
    exists = (
        IntegrityMeasure.objects.filter(org=request.org, fiscal_year=request.year)
        .exclude(status=IntegrityMeasure.Status.CANCELLED)
        .exists()
    )
    return None if exists else _no_measures(request)


def measures_announcement_context(request: DocumentRequest) -> dict:
    measures = _printed(measures_for(request.org, request.year))
    if not measures:
        raise NothingToReport(_no_measures(request))
    f, org = request.fmt, request.org
    rows = [
        {
            "number": f.number(n),
            "name": f.digits(m.name),
            "steps": f.digits(m.steps) or "–",
            "responsible": m.responsible.name if m.responsible else "–",
            "monitoring": f.digits(MONITORING_TH[m.monitoring]),
        }
        for n, m in enumerate(measures, start=1)
    ]
    subject = f"มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำ{f.fiscal_year(request.year)}"
    return {
        "subject": subject,
        "intro": (
            f"เพื่อยกระดับคุณธรรมและความโปร่งใสในการดำเนินงานของ{org.name_th} "
            "ตามผลการวิเคราะห์การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
            "จึงกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
            f"ประจำ{f.fiscal_year(request.year)} จำนวน {f.number(len(rows))} มาตรการ ดังนี้"
        ),
        "rows": rows,
    }


MEASURES_ANNOUNCEMENT = Kind(
    key="measures_announcement",
    title_th="ประกาศมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    title_en="Announcement of the integrity and transparency measures",
    layout=LAYOUTS / "measures_announcement.docx",
    build=measures_announcement_context,
    fields=frozenset({"subject", "intro", "rows"}),
    check=announcement_check,
)


def _reported(request: DocumentRequest, measures: list[IntegrityMeasure]) -> list:
    wanted = REPORTED_IN[request.params["round"]]
    return [m for m in measures if m.monitoring in wanted]


def report_check(request: DocumentRequest) -> str | None:
    measures = (
        IntegrityMeasure.objects.filter(org=request.org, fiscal_year=request.year)
        .exclude(status=IntegrityMeasure.Status.CANCELLED)
        .values_list("monitoring", flat=True)
    )
    if not measures:
        return _no_measures(request)
    if not set(measures) & set(REPORTED_IN[request.params["round"]]):
        return (
            f"ไม่มีมาตรการของ{request.fmt.fiscal_year(request.year)} "
            f"ที่ต้องรายงานผล{request.fmt.digits(ROUND_TH[request.params['round']])}"
        )
    return None


def _status_th(measure: IntegrityMeasure) -> str:
    with translation.override("th"):
        return str(measure.get_status_display())


def measures_report_context(request: DocumentRequest) -> dict:
    f, round_ = request.fmt, request.params["round"]
    measures = _reported(request, _printed(measures_for(request.org, request.year)))
    rows = []
    for n, m in enumerate(measures, start=1):
        result = next(
            (r for r in m.results_of_year if r.round == RESULT_ROUND[round_]), None
        )  # fmt: skip
        text = result.result if result else (m.results if round_ == "annual" else "")
        if not text:  # nothing written yet: where the measure stands
            text = f"{_status_th(m)} (ความก้าวหน้าร้อยละ {f.number(m.progress)})"
        evidence = result.evidence if result and result.evidence else m.evidence
        rows.append(
            {
                "number": f.number(n),
                "name": f.digits(m.name),
                "steps": f.digits(m.steps) or "–",
                "results": f.digits(text),
                "success": f.digits(m.success) or "–",
                "evidence": f.digits(evidence) or "–",
            }
        )
    reporter = next((m for m in measures if m.reporter_name), None)
    return {
        "fiscal_year": f.fiscal_year(request.year),
        "round_label": f.digits(ROUND_TH[round_]),
        "rows": rows,
        "reporter": {
            "name": reporter.reporter_name if reporter else "",
            "position": reporter.reporter_position if reporter else "",
        },
    }


def report_variants(org, year: int) -> list[Variant]:
    """The 6-month report and the annual one."""
    f = Formatter(org.thai_digits)
    return [
        Variant(f"รายงานผลการดำเนินการตามมาตรการ {f.digits(label)}", {"year": year, "round": round_})
        for round_, label in ROUND_TH.items()
    ]


MEASURES_REPORT = Kind(
    key="measures_report",
    title_th="รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    title_en="Report on the integrity and transparency measures",
    layout=LAYOUTS / "measures_report.docx",
    build=measures_report_context,
    fields=frozenset({"fiscal_year", "round_label", "rows", "reporter"}),
    params=("year", "round"),
    variants=report_variants,
    check=report_check,
)

KINDS = (RISK_ASSESSMENT, MEASURES_ANNOUNCEMENT, MEASURES_REPORT)
