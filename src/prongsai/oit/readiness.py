"""Readiness scored like the OIT, what the total would be if the failing items passed, and the
OIT score NACC actually gave, when the year's results were imported, to set beside it.

Readiness is Prongsai's estimate from what the organisation recorded here (evidence, ticked
components) and the latest automatic checks, each item 100 or 0 the way the assessor scores;
the imported score is the assessors' verdict in ITAS. They differ when the evidence changed
after the assessment or when the assessor judged an item otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from prongsai.frameworks.library import criteria_of
from prongsai.frameworks.store import find_document
from prongsai.ita.models import ItaResult, Score
from prongsai.ita.results import assessment_of
from prongsai.oit.checklist import HUNDRED, Row, item_scores
from prongsai.scoring.engine import score_questions
from prongsai.scoring.results import Assessment


@dataclass
class Imported:
    """The OIT of the year's results as imported from NACC (the ita app)."""

    oit: Decimal | None  # the OIT tool score
    items: dict[str, Decimal] = field(default_factory=dict)  # per item, 100 or 0, when given
    source: str = ""  # how the results came in (imported, entered by hand, demo)
    updated: date | None = None  # the day they were last saved, local time


@dataclass
class Readiness:
    now: Assessment  # OIT from the checklist, IIT/EIT from the year's ITA results where known
    if_fixed: Assessment  # the same with every item that is not ready passing
    failing: list[str]
    imported: Imported | None = None  # NACC's OIT for the year, when its results are stored

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


def imported_oit(org, year: int) -> Imported | None:
    """The OIT score (and item scores) of the organisation's stored results for the year."""
    result = ItaResult.objects.filter(org=org, year=year).select_related("framework", "org").first()
    if result is None:
        return None
    stored = assessment_of(result, criteria_of(result.framework.document))
    items = {
        s.code: s.score for s in result.scores.all() if s.level == Score.Level.ITEM and s.part == 0
    }
    return Imported(
        oit=stored.tools.get("oit"),
        items=items,
        source=result.get_source_display(),
        updated=timezone.localtime(result.updated).date(),
    )


def readiness(org, year: int, table: list[Row]) -> Readiness:
    criteria = criteria_of(find_document(year=year, org=org))
    items = item_scores(table)
    failing = [code for code, score in items.items() if score < HUNDRED]
    return Readiness(
        now=_assess(criteria, org, year, items),
        if_fixed=_assess(criteria, org, year, {code: HUNDRED for code in items}),
        failing=failing,
        imported=imported_oit(org, year),
    )
