"""The ITA results analysis (การวิเคราะห์ผลการประเมิน ITA) as a registered document.

Per indicator: its questions or OIT items and scores, the weakest, the cause and the guideline
to raise the score; then the improvement measures recorded in the analysis. An OIT item whose
official name the criteria do not know is printed by its code only (the analysis page tells the
officer which ones).
"""

from __future__ import annotations

import re
from pathlib import Path

from prongsai.documents.charts import indicator_chart_png
from prongsai.documents.layout import Picture
from prongsai.documents.registry import DocumentRequest, Kind, NothingToReport
from prongsai.frameworks.drafts import provisional_notice
from prongsai.frameworks.names import label, official_name
from prongsai.ita.analysis import Analysis, build_analysis
from prongsai.ita.models import ItaResult
from prongsai.ita.province_report import NATIONAL_REPORT, PROVINCE_REPORT
from prongsai.thai import thai_month_year

LAYOUTS = Path(__file__).resolve().parent / "layouts"
TOOL_LABELS = {"iit": "IIT", "eit": "EIT", "oit": "OIT"}
CHART_MM = 165  # the text width of an A4 page with the layout's margins
# A number standing alone in free text ("ทุก 6 เดือน"), not part of a code ("o12", "e-GP", "1.2.3").
_NUMBER = re.compile(r"(?<![A-Za-z0-9._/-])\d+(?:\.\d+)?(?![A-Za-z])")


def unnamed_items(analysis: Analysis) -> list[str]:
    """Codes of the questions and items whose official names the criteria do not know."""
    return [
        q.code
        for view in analysis.indicators
        for q in view.result.questions
        if not official_name(q.text_th)
    ]


def _result(request: DocumentRequest) -> ItaResult | None:
    return (
        ItaResult.objects.select_related("org", "framework")
        .filter(org=request.org, year=request.year)
        .first()
    )


def check(request: DocumentRequest) -> str | None:
    if not ItaResult.objects.filter(org=request.org, year=request.year).exists():
        return (
            f"ยังไม่มีผลการประเมิน ITA {request.fmt.fiscal_year(request.year)} ของหน่วยงาน "
            "บันทึกหรือนำเข้าผลคะแนนก่อน"
        )
    return None


def analysis_context(request: DocumentRequest) -> dict:
    result = _result(request)
    if result is None:
        raise NothingToReport(check(request))
    f = request.fmt
    analysis = build_analysis(result)
    a = analysis.assessment

    def score(value) -> str:
        return "–" if value is None else f.score(value)

    indicators = []
    for view in analysis.indicators:
        ind = view.result
        oit = ind.tool == "oit"
        scores = {q.code: q.score for q in ind.questions}
        weak = [f"{label(code, text)} ({score(scores.get(code))})" for code, text in view.weak]
        if weak:
            weak_text = "\n".join(weak)
        elif ind.detailed:
            weak_text = "ไม่มี (ทุกข้อผ่าน)" if oit else f"ไม่มี (ทุกข้อได้ {f.number(100)} คะแนน)"
        else:
            weak_text = "ไม่มีคะแนนรายข้อ (มีเฉพาะคะแนนตัวชี้วัด)"
        weak_codes = {code for code, _text in view.weak}
        indicators.append(
            {
                "number": f.digits(ind.number),
                "name": ind.name_th,
                "tool": TOOL_LABELS[ind.tool],
                "score": score(ind.score),
                "item_heading": "ข้อ / รายการ" if oit else "ข้อคำถาม",
                "weak_heading": "ข้อที่ไม่ผ่าน" if oit else "ข้อคำถามที่ได้คะแนนน้อยที่สุด",
                "questions": [
                    {
                        "label": label(q.code, q.text_th),
                        "score": score(q.score),
                        "mark": ("ไม่ผ่าน" if oit else "คะแนนน้อยที่สุด") if q.code in weak_codes else "",
                    }
                    for q in ind.questions
                ],
                "weak": weak_text,
                "cause": _text(view.cause, f),
                "guideline": _text(view.guideline, f),
            }
        )
    digits = request.org.thai_digits
    measures = []
    for view in analysis.indicators:
        for m in view.measures:
            measures.append(
                {
                    "number": f.digits(len(measures) + 1),
                    "indicator": f"{f.digits(view.result.number)} {view.result.name_th}",
                    "name": _text(m.name, f),
                    "analysis": _text(m.analysis, f),
                    "steps": _text(m.steps, f),
                    "period": f"{_month(m.period_start, digits)} – {_month(m.period_end, digits)}",
                    "responsible": m.responsible.name if m.responsible else "–",
                }
            )
    chart_rows = [
        {"number": i.number, "name": i.name_th, "score": float(i.score)}
        for i in a.indicators
        if i.score is not None
    ]
    chart = (
        Picture(indicator_chart_png(chart_rows, thai_digits=request.org.thai_digits), CHART_MM)
        if chart_rows
        else None
    )
    return {
        "fiscal_year": f.fiscal_year(result.year),
        # one line when the year's criteria are the organisation's draft, else ""
        "provisional": provisional_notice(result.framework, request.org.thai_digits),
        "summary": {
            "total": score(a.total),
            "result": "–" if a.passed is None else ("ผ่าน" if a.passed else "ไม่ผ่าน"),
            "rating": a.rating_th or "",
            "tools": [{"name": TOOL_LABELS[c], "score": score(v)} for c, v in a.tools.items()],
        },
        "chart": chart,
        "indicators": indicators,
        "measures": measures,
    }


def _text(value: str, f) -> str:
    """The officer's or the catalogue's words, its numbers in the organisation's digits."""
    return _NUMBER.sub(lambda m: f.digits(m.group()), value) if value else "–"


def _month(day, thai_digits: bool) -> str:
    return thai_month_year(day, short=True, thai_digits=thai_digits).replace(" ", "\u00a0")


ANALYSIS = Kind(
    key="ita_analysis",
    title_th="การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA)",
    title_en="Analysis of the ITA results",
    layout=LAYOUTS / "ita_analysis.docx",
    build=analysis_context,
    fields=frozenset({"fiscal_year", "provisional", "summary", "chart", "indicators", "measures"}),
    check=check,
)
KINDS = (ANALYSIS, PROVINCE_REPORT, NATIONAL_REPORT)
