"""What the engine returns, and the one place where scores are rounded."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


def round2(value: Decimal | None) -> Decimal | None:
    """Round half-up to 2 places, as ITA results are published (91.465 → 91.47)."""
    if value is None:
        return None
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def as_json_number(value: Decimal | None) -> float | None:
    # A 2-place Decimal converts to the float whose shortest repr is the same digits.
    rounded = round2(value)
    return None if rounded is None else float(rounded)


@dataclass
class QuestionScore:
    code: str
    score: Decimal
    text_th: str = ""
    respondents: int | None = None  # known only when scored from responses

    def to_dict(self) -> dict:
        out = {"code": self.code, "score": as_json_number(self.score)}
        if self.respondents is not None:
            out["respondents"] = self.respondents
        return out


@dataclass
class IndicatorResult:
    number: int
    tool: str
    name_th: str
    score: Decimal | None
    questions: list[QuestionScore] = field(default_factory=list)  # IIT/EIT questions, OIT items
    lowest: list[str] = field(default_factory=list)  # IIT/EIT: weakest question(s), ties kept
    failed: list[str] = field(default_factory=list)  # OIT: items scored 0
    missing: list[str] = field(default_factory=list)  # codes the input did not give
    detailed: bool = True  # False when only the indicator score was given

    def to_dict(self) -> dict:
        # What the input could not tell (questions behind an indicator score) is null, not empty.
        out = {
            "number": self.number,
            "tool": self.tool,
            "name": self.name_th,
            "score": as_json_number(self.score),
            "lowest": self.lowest if self.detailed and self.tool != "oit" else None,
            "questions": [q.to_dict() for q in self.questions] if self.detailed else None,
        }
        if self.tool == "oit":
            out["failed"] = self.failed if self.detailed else None
        if self.missing:
            out["missing"] = self.missing
        return out


@dataclass
class Assessment:
    """One organisation's ITA result for one year, at full precision."""

    year: int
    tools: dict[str, Decimal | None]
    total: Decimal | None
    passed: bool | None
    rating_th: str | None
    rating_code: str | None
    indicators: list[IndicatorResult]
    eit_parts: dict[int, Decimal | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    org: str | None = None

    def indicator(self, number: int) -> IndicatorResult:
        return next(i for i in self.indicators if i.number == number)

    def to_dict(self) -> dict:
        out = {
            "year": self.year,
            "total": as_json_number(self.total),
            "pass": self.passed,
            "rating": self.rating_th,
            "rating_code": self.rating_code,
            "tools": {code: as_json_number(v) for code, v in self.tools.items()},
            "indicators": [i.to_dict() for i in self.indicators],
        }
        if self.eit_parts:
            out["eit_parts"] = {str(p): as_json_number(v) for p, v in self.eit_parts.items()}
        if self.warnings:
            out["warnings"] = self.warnings
        return out
