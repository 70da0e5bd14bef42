"""From scores to an assessment: indicators, tools, total, pass, rating and weakest points.

The method (see shared/reference/ita-method.md §2.2): question = mean over respondents;
indicator = mean of its questions; OIT indicator = mean of its sub-indicator means of 0/100
items (flat mean when the year defines no groups); tool = mean of its indicators;
total = Σ weight · tool. Every figure is kept at full precision; rounding is `results.round2`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Context, Decimal

from prongsai.scoring.criteria import USABLE_STATUSES, Criteria
from prongsai.scoring.errors import ProblemList
from prongsai.scoring.results import Assessment, IndicatorResult, QuestionScore, round2

# 40 significant digits: far beyond anything a 2-place result can show, and the same context
# everywhere so the per-organisation and bulk paths agree to the last digit.
EXACT = Context(prec=40)
HUNDRED = Decimal(100)
ZERO = Decimal(0)


def mean(values: Sequence[Decimal]) -> Decimal:
    total = ZERO
    for value in values:
        total = EXACT.add(total, value)
    return EXACT.divide(total, Decimal(len(values)))


def score_indicators(criteria: Criteria, scores: Mapping[int, Decimal], org: str | None = None):
    """Assess from indicator scores (what ITAS announces). Missing indicators leave their tool null."""
    indicators = [
        IndicatorResult(ind.number, ind.tool, ind.name_th, scores.get(ind.number), detailed=False)
        for ind in criteria.indicators
    ]
    return _assess(criteria, indicators, org=org)


def score_questions(
    criteria: Criteria,
    question_scores: Mapping[str, Decimal],
    item_scores: Mapping[str, Decimal],
    *,
    respondents: Mapping[str, int] | None = None,
    eit_parts: Mapping[int, Decimal | None] | None = None,
    indicator_scores: Mapping[int, Decimal] | None = None,
    org: str | None = None,
) -> Assessment:
    """Assess from IIT/EIT question scores and OIT item scores (100 or 0).

    `indicator_scores` fill in an indicator whose questions or items were not given (ITAS often
    reports OIT only as indicators 9 and 10): that indicator then carries no question detail.
    """
    respondents = respondents or {}
    fallback = indicator_scores or {}
    indicators: list[IndicatorResult] = []
    for ind in criteria.indicators:
        if ind.tool == "oit":
            indicators.append(_oit_indicator(criteria, ind.number, ind.name_th, item_scores))
            _fall_back(indicators[-1], fallback)
            continue
        result = IndicatorResult(ind.number, ind.tool, ind.name_th, None)
        for question in criteria.questions_of(ind.number):
            if question.code in question_scores:
                result.questions.append(
                    QuestionScore(
                        question.code,
                        question_scores[question.code],
                        question.text_th,
                        respondents.get(question.code),
                    )
                )
            else:
                result.missing.append(question.code)
        if result.questions and not result.missing:
            result.score = mean([q.score for q in result.questions])
            result.lowest = lowest_questions(result.questions)
        indicators.append(result)
        _fall_back(result, fallback)
    return _assess(criteria, indicators, eit_parts=eit_parts, org=org)


def _fall_back(result: IndicatorResult, indicator_scores: Mapping[int, Decimal]) -> None:
    if result.score is None and result.number in indicator_scores:
        result.score = indicator_scores[result.number]
        result.detailed = False
        result.missing = []


def lowest_questions(questions: Sequence[QuestionScore]) -> list[str]:
    """The weakest question(s) as published (2 places), ties kept; none when all score 100."""
    shown = [(round2(q.score), q.code) for q in questions]
    low = min(score for score, _ in shown)
    if low >= HUNDRED:
        return []
    return [code for score, code in shown if score == low]


def _oit_indicator(
    criteria: Criteria, number: int, name_th: str, item_scores: Mapping[str, Decimal]
) -> IndicatorResult:
    result = IndicatorResult(number, "oit", name_th, None)
    groups: dict[str | None, list[Decimal]] = {}
    for item in criteria.items_of(number):
        if item.code not in item_scores:
            result.missing.append(item.code)
            continue
        score = item_scores[item.code]
        result.questions.append(QuestionScore(item.code, score, item.name_th))
        if score < HUNDRED:
            result.failed.append(item.code)
        groups.setdefault(item.sub_indicator, []).append(score)
    if result.questions and not result.missing:
        result.score = mean([mean(scores) for scores in groups.values()])
    return result


def tool_scores(
    criteria: Criteria, indicators: Sequence[IndicatorResult]
) -> dict[str, Decimal | None]:
    tools: dict[str, Decimal | None] = {}
    for tool in criteria.tools:
        values = [i.score for i in indicators if i.tool == tool.code]
        tools[tool.code] = mean(values) if values and None not in values else None  # type: ignore[arg-type]
    return tools


def _assess(
    criteria: Criteria,
    indicators: list[IndicatorResult],
    *,
    eit_parts: Mapping[int, Decimal | None] | None = None,
    org: str | None = None,
) -> Assessment:
    tools = tool_scores(criteria, indicators)
    total: Decimal | None = None
    if None not in tools.values():
        total = ZERO
        for tool in criteria.tools:
            weighted = EXACT.multiply(tool.weight, tools[tool.code])
            total = EXACT.add(total, EXACT.divide(weighted, HUNDRED))
    passed = None if total is None else round2(total) >= criteria.pass_threshold
    band = rate(criteria, total, tools)
    return Assessment(
        year=criteria.year,
        tools=tools,
        total=total,
        passed=passed,
        rating_th=band.label_th if band else None,
        rating_code=band.code if band else None,
        indicators=indicators,
        eit_parts=dict(eit_parts or {}),
        warnings=provisional_warnings(criteria, indicators),
        org=org,
    )


def rate(criteria: Criteria, total: Decimal | None, tools: Mapping[str, Decimal | None]):
    """The first rating band the published (2-place) figures satisfy, or None without a total."""
    if total is None:
        return None
    shown_total = round2(total)
    shown_tools = [round2(v) for v in tools.values()]
    for band in criteria.rating_bands:
        if shown_total < band.min_total:
            continue
        if band.min_each_tool is not None and any(v < band.min_each_tool for v in shown_tools):
            continue
        return band
    return None


def provisional_warnings(criteria: Criteria, indicators: Sequence[IndicatorResult]) -> list[str]:
    warnings = []
    used_questions = any(i.questions for i in indicators if i.tool != "oit")
    used_items = any(i.questions for i in indicators if i.tool == "oit")
    if used_questions and criteria.questionnaire_status != "known":
        warnings.append(
            f"แบบวัด IIT/EIT ปี {criteria.year} อ้างอิงข้อมูลที่ยังไม่ยืนยันจากคู่มือ ป.ป.ช. "
            f"(the {criteria.year} questionnaire is provisional)"
        )
    if used_items and criteria.oit_items_status != "known":
        warnings.append(
            f"รายการข้อ OIT ปี {criteria.year} ยังไม่ยืนยันจากคู่มือ ป.ป.ช. "
            f"(the {criteria.year} OIT item list is provisional)"
        )
    return warnings


def require_level(criteria: Criteria, *, questions: bool = False, items: bool = False) -> None:
    """Refuse an input level that needs criteria the year does not hold."""
    problems = ProblemList()
    if questions and criteria.questionnaire_status not in USABLE_STATUSES:
        problems.add(
            f"ปี {criteria.year} ไม่มีข้อมูลข้อคำถาม IIT/EIT ({criteria.questionnaire_status}) "
            "จึงคำนวณจากคะแนนรายข้อหรือคำตอบไม่ได้ ใช้คะแนนรายตัวชี้วัดแทน",
            f"the {criteria.year} IIT/EIT questionnaire is {criteria.questionnaire_status}: "
            "score from indicator scores instead",
        )
    if items and criteria.oit_items_status not in USABLE_STATUSES:
        problems.add(
            f"ปี {criteria.year} มีรายการข้อ OIT ไม่ครบ ({criteria.oit_items_status}) "
            "จึงคำนวณจากผลรายข้อ OIT ไม่ได้ ใช้คะแนนตัวชี้วัดที่ 9 และ 10 แทน",
            f"the {criteria.year} OIT item list is {criteria.oit_items_status}: "
            "give indicators 9 and 10 instead",
        )
    problems.raise_if_any()
