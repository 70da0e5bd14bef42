"""Demo ITA results: every demo organisation, every year Prongsai holds criteria for, up to the
last completed fiscal year (the current year's assessment is still under way).

Figures come from the seeds (seed 004's 2566 indicators, seed 002's question scores), moved by a
per-organisation shift so the province pages compare distinct results, and improving a little
from year to year. Years whose criteria go down to questions get question scores; older years
get indicator figures.
"""

from __future__ import annotations

from decimal import Decimal

from prongsai.frameworks.library import criteria_years
from prongsai.frameworks.seed_figures import SEED_002_QUESTIONS_2568, SEED_004_INDICATORS_2566
from prongsai.ita.models import ItaResult
from prongsai.ita.results import ParsedResults, criteria_for_year, save_results
from prongsai.scoring.criteria import USABLE_STATUSES

D = Decimal
# Organisation → (score shift below the seed, OIT items not published); the first organisation
# keeps the seeds' own figures.
PROFILES = {
    "ban-suan": ("0", ("o12",)),
    "mueang-khok": ("6.5", ("o12", "o13", "o23")),
    "saen-suk": ("-1", ()),
    "nong-khla": ("14", ("o5", "o12", "o13", "o20", "o21", "o24")),
    "khon-kaen-pao": ("3", ("o22",)),
    "non-sila": ("9.5", ("o11", "o12", "o18", "o26")),
}
YEARLY_GAIN = D("1.5")  # each earlier year is this much lower


def _clamp(value: Decimal) -> Decimal:
    return max(D(0), min(D(100), value))


def results_for(year: int, shift: Decimal, failed: tuple[str, ...]) -> ParsedResults:
    """Question and item scores where the year's criteria go that deep, else indicators."""
    criteria, _framework = criteria_for_year(year)
    parsed = ParsedResults()
    if criteria.questionnaire_status in USABLE_STATUSES and criteria.questions:
        known = {q.code for q in criteria.questions}
        for code, value in SEED_002_QUESTIONS_2568.items():
            if code in known:
                parsed.questions[(code, 0)] = _clamp(D(value) - shift)
        for item in criteria.oit_items:
            parsed.items[item.code] = D(0) if item.code in failed else D(100)
        return parsed
    parsed.indicators = {
        n: _clamp(D(v) - shift) for n, v in enumerate(SEED_004_INDICATORS_2566, start=1)
    }
    return parsed


def load_demo(demo) -> None:
    years = [y for y in criteria_years() if y <= demo.last_year]
    for slug, (shift, failed) in PROFILES.items():
        org = demo.orgs[slug]
        for year in years:
            gain = YEARLY_GAIN * (demo.last_year - year)
            save_results(
                org, year, results_for(year, D(shift) + gain, failed), ItaResult.Source.DEMO
            )
