"""Demo ITA results: every demo organisation, every year Prongsai holds criteria for, up to the
last completed fiscal year (the current year's assessment is still under way).

The current year has no results yet, but it has criteria: nobody has published them (the NACC
publishes late in the year), so the demo's ชลบุรี province administrator starts the province's
provisional criteria from last year's and publishes them, as the province page lets a real one
do (frameworks/drafts.py: every node provisional, the source names what they were copied from).
The ขอนแก่น organisations get none and show the other path: "no criteria of the year yet".

Figures come from the seeds (seed 004's 2566 indicators, seed 002's question scores), moved by a
per-organisation shift so the province pages compare distinct results, and improving a little
from year to year. Years whose criteria go down to questions get question scores; older years
get indicator figures.
"""

from __future__ import annotations

from decimal import Decimal

from prongsai.frameworks import drafts
from prongsai.frameworks.library import builtin_document, criteria_years
from prongsai.frameworks.models import Framework
from prongsai.frameworks.seed_figures import SEED_002_QUESTIONS_2568, SEED_004_INDICATORS_2566
from prongsai.geo.models import Province
from prongsai.ita.models import ItaResult
from prongsai.ita.results import ParsedResults, criteria_for_year, save_results
from prongsai.orgs.models import Organisation
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
    provisional_criteria(demo)
    years = [y for y in criteria_years() if y <= demo.last_year]
    for slug, (shift, failed) in PROFILES.items():
        org = demo.orgs[slug]
        for year in years:
            gain = YEARLY_GAIN * (demo.last_year - year)
            save_results(
                org, year, results_for(year, D(shift) + gain, failed), ItaResult.Source.DEMO
            )


# The province whose administrator publishes provisional criteria for the current year; the
# other demo province shows the year without criteria.
PROVISIONAL_PROVINCE = "ชลบุรี"


def provisional_criteria(demo) -> list[Framework]:
    """The current year's provisional criteria the demo's organisations use, published once.

    While nobody has published the year's criteria and last year's are shipped: the province's
    own, when every organisation of the province is a demo one; else (a real organisation of
    that province must not be governed by the demo's criteria) each demo organisation's of that
    province, as its administrator would start them. Nothing when the year has official criteria.
    """
    year = demo.current_year
    if builtin_document(year) is not None or builtin_document(year - 1) is None:
        return []
    orgs = [o for o in demo.orgs.values() if o.province == PROVISIONAL_PROVINCE]
    others = Organisation.objects.filter(province=PROVISIONAL_PROVINCE).exclude(
        pk__in=[o.pk for o in orgs]
    )
    in_force = Framework.objects.filter(year=year, status__in=drafts.OWN)
    province = Province.objects.filter(name_th=PROVISIONAL_PROVINCE).first()
    if province is not None and not others.exists():
        row = in_force.filter(province=PROVISIONAL_PROVINCE, org=None).order_by("-version").first()
        if row is None:
            row = drafts.start_province_draft(PROVISIONAL_PROVINCE, province.code, year)
        if row.status == Framework.Status.DRAFT:
            drafts.publish(row)
        return [row]
    rows = []
    for org in orgs:
        row = in_force.filter(org=org).order_by("-version").first() or drafts.start_draft(org, year)
        if row.status == Framework.Status.DRAFT:
            drafts.publish(row)
        rows.append(row)
    return rows
