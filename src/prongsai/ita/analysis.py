"""The analysis of an organisation-year, as the page and the document show it.

Per indicator: its questions and scores, the weakest question(s) or failed OIT items, the cause
and the guideline (the officer's own words where saved, else the catalogue's pre-fill), and the
improvement measures recorded for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from prongsai.ita.guidance import Guidance, guidance_for
from prongsai.ita.models import IndicatorAnalysis, ItaResult
from prongsai.ita.results import assessment_of
from prongsai.plans.models import IntegrityMeasure
from prongsai.scoring.results import Assessment, IndicatorResult


@dataclass
class IndicatorView:
    result: IndicatorResult
    weak: list[tuple[str, str]]  # (code, text) of the lowest questions or failed items
    cause: str
    guideline: str
    saved: bool  # the officer has written their own cause/guideline
    suggestions: list[Guidance] = field(default_factory=list)
    measures: list[IntegrityMeasure] = field(default_factory=list)


@dataclass
class Analysis:
    result: ItaResult
    assessment: Assessment
    indicators: list[IndicatorView]
    previous: Assessment | None


def weak_points(indicator: IndicatorResult) -> list[tuple[str, str]]:
    codes = indicator.failed if indicator.tool == "oit" else indicator.lowest
    texts = {q.code: q.text_th for q in indicator.questions}
    return [(code, texts.get(code, "")) for code in codes]


def _join(parts: list[str]) -> str:
    return "\n".join(p for p in parts if p)


def build_analysis(result: ItaResult) -> Analysis:
    """Everything the analysis page and document need; three queries whatever the indicator count."""
    assessment = assessment_of(result)
    saved = {a.indicator: a for a in IndicatorAnalysis.objects.filter(result=result)}
    measures = list(
        IntegrityMeasure.objects.filter(org=result.org, ita_year=result.year)
        .select_related("responsible")
        .order_by("indicator", "id")
    )
    views = []
    for indicator in assessment.indicators:
        weak = weak_points(indicator)
        suggestions = [g for code, _text in weak if (g := guidance_for(result.year, code))]
        own = saved.get(indicator.number)
        views.append(
            IndicatorView(
                result=indicator,
                weak=weak,
                cause=own.cause if own else _join([g.cause for g in suggestions]),
                guideline=own.guideline if own else _join([g.guideline for g in suggestions]),
                saved=own is not None,
                suggestions=suggestions,
                measures=[m for m in measures if m.indicator == indicator.number],
            )
        )
    previous_result = (
        ItaResult.objects.filter(org=result.org, year__lt=result.year)
        .select_related("framework", "org")
        .order_by("-year")
        .first()
    )
    previous = assessment_of(previous_result) if previous_result else None
    return Analysis(result, assessment, views, previous)


def save_indicator_analysis(result: ItaResult, indicator: int, cause: str, guideline: str):
    analysis, _ = IndicatorAnalysis.objects.update_or_create(
        result=result, indicator=indicator, defaults={"cause": cause, "guideline": guideline}
    )
    return analysis
