"""The ITA analysis document (การวิเคราะห์ผลการประเมิน ITA) built from an organisation-year.

The context is the one document model both renderers take (documents.rendering): every figure
is formatted here, with Thai digits when the organisation wants them.
"""

from __future__ import annotations

from django.utils import timezone

from prongsai import thai
from prongsai.documents.charts import indicator_chart_png, indicator_chart_svg
from prongsai.documents.rendering import render_document
from prongsai.ita.analysis import Analysis, build_analysis
from prongsai.ita.models import ItaResult
from prongsai.scoring.results import round2

TOOL_LABELS = {"iit": "IIT", "eit": "EIT", "oit": "OIT"}


def analysis_context(analysis: Analysis, *, today=None) -> dict:
    result, a = analysis.result, analysis.assessment
    org = result.org
    digits = thai.to_thai_digits if org.thai_digits else str

    def score(value) -> str:
        return "–" if value is None else digits(f"{round2(value):.2f}")

    indicators = []
    for view in analysis.indicators:
        ind = view.result
        lowest = [
            " ".join(p for p in (code, text) if p)
            + f" ({score(next(q.score for q in ind.questions if q.code == code))})"
            for code, text in view.weak
        ]
        if lowest:
            lowest_text = "\n".join(lowest)
        elif ind.detailed:
            lowest_text = "ไม่มี (ทุกข้อได้ ๑๐๐ คะแนน)" if org.thai_digits else "ไม่มี (ทุกข้อได้ 100 คะแนน)"
        else:
            lowest_text = "ไม่มีข้อมูลรายข้อ"
        indicators.append(
            {
                "number": digits(str(ind.number)),
                "name": ind.name_th,
                "tool": TOOL_LABELS[ind.tool],
                "score": score(ind.score),
                "questions": [
                    {
                        "code": q.code,
                        "text": q.text_th,
                        "score": score(q.score),
                        "lowest": q.code in dict(view.weak),
                    }
                    for q in ind.questions
                ],
                "lowest_text": lowest_text,
                "cause": view.cause,
                "guideline": view.guideline,
            }
        )
    measures = []
    number = 0
    for view in analysis.indicators:
        for m in view.measures:
            number += 1
            period = f"{thai.thai_month_year(m.period_start, short=True, thai_digits=org.thai_digits)} – {thai.thai_month_year(m.period_end, short=True, thai_digits=org.thai_digits)}"
            measures.append(
                {
                    "number": digits(str(number)),
                    "indicator": f"{digits(str(view.result.number))} {view.result.name_th}",
                    "name": m.name,
                    "analysis": m.analysis,
                    "steps": m.steps,
                    "period": period,
                    "responsible": m.responsible.name if m.responsible else "",
                }
            )
    chart_rows = _chart_rows(analysis)
    year = digits(str(result.year))
    return {
        "title": (
            "การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA) "
            f"ประจำปีงบประมาณ พ.ศ. {year}"
        ),
        "org": {"name": org.name_th, "province": org.province, "district": org.district},
        "year": year,
        "summary": {
            "total": score(a.total),
            "result": "–" if a.passed is None else ("ผ่าน" if a.passed else "ไม่ผ่าน"),
            "rating": a.rating_th or "–",
            "tools": [{"name": TOOL_LABELS[c], "score": score(v)} for c, v in a.tools.items()],
        },
        "chart_svg": indicator_chart_svg(chart_rows, thai_digits=org.thai_digits)
        if chart_rows
        else "",
        "indicators": indicators,
        "measures": measures,
        "reporter": {"name": "", "position": "นิติกร"},
        "certifier": {"name": org.head_name, "position": org.head_position},
        "date": thai.thai_date(today or timezone.localdate(), thai_digits=org.thai_digits),
    }


def _chart_rows(analysis: Analysis) -> list[dict]:
    return [
        {"number": i.number, "name": i.name_th, "score": float(i.score)}
        for i in analysis.assessment.indicators
        if i.score is not None
    ]


def analysis_document_bytes(result: ItaResult, fmt: str) -> bytes:
    analysis = build_analysis(result)
    context = analysis_context(analysis)
    if fmt == "docx" and context["chart_svg"]:
        # Word takes pictures, not SVG: the same chart drawn as PNG.
        context["chart_png"] = indicator_chart_png(
            _chart_rows(analysis), thai_digits=result.org.thai_digits
        )
    return render_document("ita_analysis", context, fmt, org=result.org)


def document_filename(result: ItaResult, fmt: str) -> str:
    return f"ita-analysis-{result.org.slug}-{result.year}.{fmt}"
