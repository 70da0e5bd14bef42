"""The value of an ethics indicator in a fiscal year: entered, or computed from Prongsai's own data.

- complaints: complaints received in the year, by category and outcome, from the complaints app
  (`prongsai.complaints.stats.count_for`);
- satisfaction: the % satisfied of the organisation's satisfaction survey of that year
  (`prongsai.surveys.results`), which only speaks from K_ANONYMITY responses up;
- entered and training: the figure typed in for the year.

A computed indicator falls back to the entered figure when Prongsai has no data for the year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from prongsai.complaints.stats import count_for
from prongsai.ethics.models import Indicator, IndicatorYear, Standard
from prongsai.surveys.models import Campaign
from prongsai.surveys.results import overall_satisfied, question_results

YEARS_OF_TREND = 2  # previous years shown beside a year's value


@dataclass(frozen=True)
class Value:
    """A year's figure and where it came from (an `Indicator.Source` value)."""

    value: Decimal | None
    source: str


@dataclass
class IndicatorRow:
    indicator: Indicator
    year: int
    value: Value
    target: Decimal | None
    note: str
    entered: Decimal | None = None  # what was typed in for the year, computed or not
    previous: list[tuple[int, Value]] = field(default_factory=list)

    @property
    def met(self) -> bool | None:
        """Whether the value meets the target (None when either is missing)."""
        if self.value.value is None or self.target is None:
            return None
        if self.indicator.direction == Indicator.Direction.AT_MOST:
            return self.value.value <= self.target
        return self.value.value >= self.target


class Computer:
    """Computes indicator values for one organisation, remembering what it has asked already.

    One instance serves one page or document: the satisfaction survey of a year is read once
    however many indicators use it.
    """

    def __init__(self, org):
        self.org = org
        self._memo: dict[tuple, Decimal | None] = {}

    def computed(self, indicator: Indicator, year: int) -> Decimal | None:
        """The figure from Prongsai's data, or None when there is none (this reads the database)."""
        if indicator.source == Indicator.Source.COMPLAINTS:
            key = ("complaints", year, indicator.complaint_category, indicator.complaint_outcome)
            if key not in self._memo:
                self._memo[key] = self._complaints(year, *key[2:])
            return self._memo[key]
        if indicator.source == Indicator.Source.SATISFACTION:
            key = ("satisfaction", year)
            if key not in self._memo:
                self._memo[key] = self._satisfaction(year)
            return self._memo[key]
        return None

    def _complaints(self, year: int, category: str, outcome: str) -> Decimal | None:
        return Decimal(
            count_for(self.org, year, category=category or None, outcome=outcome or None)
        )

    def _satisfaction(self, year: int) -> Decimal | None:
        campaign = Campaign.objects.filter(
            org=self.org, year=year, tool=Campaign.Tool.SATISFACTION
        ).first()
        if campaign is None:
            return None
        _count, shares = question_results(campaign)
        return overall_satisfied(shares)

    def value(self, indicator: Indicator, year: int, entered: IndicatorYear | None) -> Value:
        computed = self.computed(indicator, year)
        if computed is not None:
            return Value(computed, indicator.source)
        entered_value = entered.value if entered else None
        if indicator.source == Indicator.Source.TRAINING:
            return Value(entered_value, Indicator.Source.TRAINING)
        return Value(entered_value, Indicator.Source.ENTERED)


def standards_of(org) -> list[Standard]:
    """The organisation's standards with their behaviour groups and indicators (three queries)."""
    return list(
        Standard.objects.filter(org=org)
        .select_related("behaviour_group")
        .prefetch_related("indicators")
        .order_by("number")
    )


def indicator_rows(
    org, year: int, standards: list[Standard] | None = None
) -> dict[int, IndicatorRow]:
    """{indicator id: row} for every indicator of the organisation in `year`, with the trend of
    the YEARS_OF_TREND years before (oldest first)."""
    standards = standards if standards is not None else standards_of(org)
    indicators = [i for s in standards for i in s.indicators.all()]
    years = list(range(year - YEARS_OF_TREND, year + 1))
    entered = {
        (y.indicator_id, y.fiscal_year): y
        for y in IndicatorYear.objects.filter(indicator__in=indicators, fiscal_year__in=years)
    }
    computer = Computer(org)
    rows = {}
    for indicator in indicators:
        this = entered.get((indicator.pk, year))
        target = (
            this.target
            if this and this.target is not None
            else _latest_target(entered, indicator.pk, years)
        )
        rows[indicator.pk] = IndicatorRow(
            indicator=indicator,
            year=year,
            value=computer.value(indicator, year, this),
            target=target,
            note=this.note if this else "",
            entered=this.value if this else None,
            previous=[
                (y, computer.value(indicator, y, entered.get((indicator.pk, y))))
                for y in years[:-1]
            ],
        )
    return rows


def _latest_target(entered: dict, indicator_id: int, years: list[int]) -> Decimal | None:
    """A target carries over from an earlier year until a new one is set."""
    for y in reversed(years[:-1]):
        row = entered.get((indicator_id, y))
        if row and row.target is not None:
            return row.target
    return None
