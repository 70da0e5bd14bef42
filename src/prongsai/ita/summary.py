"""Stored figures per organisation-year (OrgYearSummary): what the province and national pages
read, so that no page scores thousands of organisations on every view.

`refresh_summary` runs wherever results are saved (results.save_results); `rebuild_summaries`
(`prongsai ita summarise`) scores every stored result again. When criteria come into force for a
year, the results they now govern are moved onto them and summarised again (follow.py). The
data migration 0003 summarises the results an upgraded instance already holds.
"""

from __future__ import annotations

from django.db import transaction

from prongsai.frameworks.library import criteria_of
from prongsai.ita.models import ItaResult, OrgYearSummary, WeakPoint
from prongsai.ita.results import assessment_of, results_saved
from prongsai.scoring.results import Assessment, round2

LOWEST_QUESTIONS = 5  # an organisation's weakest IIT/EIT questions counted across a province


def weak_points(assessment: Assessment) -> list[tuple[str, str, object]]:
    """(level, code, score) of the failed OIT items and the lowest IIT/EIT questions."""
    out = []
    questions = []
    for indicator in assessment.indicators:
        scores = {q.code: q.score for q in indicator.questions}
        if indicator.tool == "oit":
            out += [(WeakPoint.Level.ITEM, code, scores.get(code, 0)) for code in indicator.failed]
        elif indicator.detailed:
            questions += [(q.score, q.code) for q in indicator.questions]
    questions.sort()
    if questions:
        cut = questions[min(LOWEST_QUESTIONS, len(questions)) - 1][0]
        out += [
            (WeakPoint.Level.QUESTION, code, score) for score, code in questions if score <= cut
        ]
    return out


def _fields(result: ItaResult, assessment: Assessment) -> dict:
    tools = assessment.tools
    return {
        "org": result.org,
        "year": result.year,
        "iit": round2(tools.get("iit")),
        "eit": round2(tools.get("eit")),
        "oit": round2(tools.get("oit")),
        "total": round2(assessment.total),
        "passed": assessment.passed,
        "rating_code": assessment.rating_code or "",
        "rating_th": assessment.rating_th or "",
        "indicators": {
            str(i.number): str(round2(i.score))
            for i in assessment.indicators
            if i.score is not None
        },
    }


def store_summary(result, assessment: Assessment, summaries=OrgYearSummary, weak=WeakPoint):
    """The result's summary and weak points written from its assessment. `summaries` and `weak`
    are the models to write with: the data migration passes its historical ones."""
    summary, _created = summaries.objects.update_or_create(
        result=result, defaults=_fields(result, assessment)
    )
    weak.objects.filter(summary=summary).delete()
    weak.objects.bulk_create(
        weak(summary=summary, level=level, code=code, score=score)
        for level, code, score in weak_points(assessment)
    )
    return summary


@transaction.atomic
def refresh_summary(result: ItaResult, criteria=None) -> OrgYearSummary:
    """Score the result's stored figures again and store them with its weak points."""
    return store_summary(result, assessment_of(result, criteria))


def rebuild_summaries(results=None, *, batch: int = 500) -> int:
    """Every (or the given) stored result summarised again; the number summarised."""
    results = (results or ItaResult.objects.all()).select_related("org", "framework")
    criteria_by_framework: dict[int, object] = {}
    done = 0
    ids = list(results.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = ItaResult.objects.filter(pk__in=ids[start : start + batch])
        for result in chunk.select_related("org", "framework").prefetch_related("scores"):
            criteria = criteria_by_framework.get(result.framework_id)
            if criteria is None:
                criteria = criteria_by_framework[result.framework_id] = criteria_of(
                    result.framework.document
                )
            refresh_summary(result, criteria)
            done += 1
    return done


def _on_results_saved(sender, result: ItaResult, **kwargs) -> None:
    refresh_summary(result)


results_saved.connect(_on_results_saved, dispatch_uid="ita-summary")
