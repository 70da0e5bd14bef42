"""What the engine needs to know about one ITA year: tools, indicators, questions, OIT items.

The frameworks app builds these from the YAML criteria files; tests build them by hand. Nothing
here knows where the data came from, only what the scoring rules need.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

TOOLS = ("iit", "eit", "oit")

# How much of a year's criteria is known. Scoring at a level that needs unknown data is refused.
KNOWN = "known"
PROVISIONAL = "provisional"  # usable, but built partly on inference: results carry a warning
PARTIAL = "partial"  # some entries known, not all: cannot score at this level
UNKNOWN = "unknown"
USABLE_STATUSES = (KNOWN, PROVISIONAL)


@dataclass(frozen=True)
class Option:
    key: str
    label_th: str
    score: Decimal  # effective score, reverse-scoring already applied


@dataclass(frozen=True)
class Question:
    code: str
    tool: str
    indicator: int
    text_th: str
    options: tuple[Option, ...]
    sub_items: tuple[str, ...] = ()  # codes answered separately; the question is their mean
    reverse: bool = False

    def score_of(self, key: str) -> Decimal | None:
        for option in self.options:
            if option.key == key:
                return option.score
        return None


@dataclass(frozen=True)
class OitItem:
    code: str
    indicator: int
    name_th: str  # "" when the official name is not known
    sub_indicator: str | None = None

    @property
    def label(self) -> str:
        """Code and name, or the code alone when the name is not known."""
        return f"{self.code} {self.name_th}" if self.name_th else self.code


@dataclass(frozen=True)
class Indicator:
    number: int
    tool: str
    name_th: str
    name_en: str = ""


@dataclass(frozen=True)
class Tool:
    code: str
    weight: Decimal  # percent of the total, e.g. 30
    parts: tuple[int, ...] = ()  # EIT: (1, 2)


@dataclass(frozen=True)
class RatingBand:
    """One label of the year's rating scheme; bands are tried top-down, the first match wins."""

    code: str
    label_th: str
    label_en: str
    min_total: Decimal
    min_each_tool: Decimal | None = None


@dataclass(frozen=True)
class Criteria:
    year: int
    version: int
    urn: str
    tools: tuple[Tool, ...]
    indicators: tuple[Indicator, ...]
    questions: tuple[Question, ...] = ()
    oit_items: tuple[OitItem, ...] = ()
    pass_threshold: Decimal = Decimal(85)
    rating_bands: tuple[RatingBand, ...] = ()
    questionnaire_status: str = UNKNOWN
    oit_items_status: str = UNKNOWN
    # Lookups built once; the engine asks them for every row.
    _question_by_code: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)
    _sub_item_parent: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _oit_by_code: dict[str, OitItem] = field(default_factory=dict, compare=False, repr=False)
    _by_indicator: dict[int, tuple[tuple[Question, ...], tuple[OitItem, ...]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        self._question_by_code.update({q.code: q for q in self.questions})
        self._sub_item_parent.update({s: q.code for q in self.questions for s in q.sub_items})
        self._oit_by_code.update({item.code: item for item in self.oit_items})
        numbers = {i.number for i in self.indicators}
        numbers |= {q.indicator for q in self.questions} | {i.indicator for i in self.oit_items}
        self._by_indicator.update(
            {
                n: (
                    tuple(q for q in self.questions if q.indicator == n),
                    tuple(item for item in self.oit_items if item.indicator == n),
                )
                for n in numbers
            }
        )

    def tool(self, code: str) -> Tool:
        return next(t for t in self.tools if t.code == code)

    def indicators_of(self, tool: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.tool == tool)

    def indicator(self, number: int) -> Indicator | None:
        return next((i for i in self.indicators if i.number == number), None)

    def question(self, code: str) -> Question | None:
        return self._question_by_code.get(code)

    def parent_of_sub_item(self, code: str) -> str | None:
        return self._sub_item_parent.get(code)

    def oit_item(self, code: str) -> OitItem | None:
        return self._oit_by_code.get(code)

    def questions_of(self, indicator: int) -> tuple[Question, ...]:
        return self._by_indicator.get(indicator, ((), ()))[0]

    def items_of(self, indicator: int) -> tuple[OitItem, ...]:
        return self._by_indicator.get(indicator, ((), ()))[1]
