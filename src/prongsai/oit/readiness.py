"""Readiness scored like the OIT, and what the total would be if the failing items passed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from prongsai.frameworks.library import criteria_of
from prongsai.frameworks.store import find_document
from prongsai.ita.models import ItaResult
from prongsai.ita.results import assessment_of
from prongsai.oit.checklist import HUNDRED, Row, item_scores
from prongsai.scoring.engine import score_questions
from prongsai.scoring.results import Assessment


@dataclass
class Readiness:
    now: Assessment  # OIT from the checklist, IIT/EIT from the year's ITA results where known
    if_fixed: Assessment  # the same with every item that is not ready passing
    failing: list[str]

    @property
    def gain(self) -> Decimal | None:
        if self.now.total is None or self.if_fixed.total is None:
            return None
        return self.if_fixed.total - self.now.total


def _assess(criteria, org, year: int, items: dict[str, Decimal]) -> Assessment:
    """IIT/EIT from the stored results (question or indicator level), OIT from `items`."""
    result = ItaResult.objects.filter(org=org, year=year).select_related("framework", "org").first()
    questions: dict[str, Decimal] = {}
    indicators: dict[int, Decimal] = {}
    if result:
        stored = assessment_of(result, criteria)
        for ind in stored.indicators:
            if ind.tool == "oit" or ind.score is None:
                continue
            if ind.detailed:
                questions |= {q.code: q.score for q in ind.questions}
            else:
                indicators[ind.number] = ind.score
    return score_questions(criteria, questions, items, indicator_scores=indicators, org=org.slug)


def readiness(org, year: int, table: list[Row]) -> Readiness:
    criteria = criteria_of(find_document(year=year, org=org))
    items = item_scores(table)
    failing = [code for code, score in items.items() if score < HUNDRED]
    return Readiness(
        now=_assess(criteria, org, year, items),
        if_fixed=_assess(criteria, org, year, {code: HUNDRED for code in items}),
        failing=failing,
    )
