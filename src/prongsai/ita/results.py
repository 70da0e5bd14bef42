"""ITA results of an organisation-year: reading a results file, storing it, scoring it.

A results file (CSV or XLSX) has rows `code,score[,part]`: `1`…`10` for indicators, question
codes (`i1`, `e4`; `part` 1 or 2 for an EIT part, empty for combined) and OIT items (`o12`, with
100/0 or pass/fail). Everything is checked before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from prongsai.audit.record import record_set_change
from prongsai.frameworks.library import criteria_of
from prongsai.frameworks.models import Framework
from prongsai.frameworks.store import find_document
from prongsai.ita.models import ItaResult, Score
from prongsai.scoring.criteria import Criteria
from prongsai.scoring.engine import HUNDRED, ZERO, mean, require_level, score_questions
from prongsai.scoring.errors import ProblemList
from prongsai.scoring.inputs import check_year, parse_score, read_table, require_columns
from prongsai.scoring.results import Assessment
from prongsai.scoring.tally import OIT_FAIL, OIT_PASS


@dataclass
class ParsedResults:
    indicators: dict[int, Decimal] = field(default_factory=dict)
    questions: dict[tuple[str, int], Decimal] = field(default_factory=dict)  # (code, part)
    items: dict[str, Decimal] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, str, int, Decimal]]:
        out = [(Score.Level.INDICATOR, str(n), 0, v) for n, v in sorted(self.indicators.items())]
        out += [(Score.Level.QUESTION, c, p, v) for (c, p), v in self.questions.items()]
        out += [(Score.Level.ITEM, c, 0, v) for c, v in self.items.items()]
        return out


def criteria_for_year(year: int, org=None) -> tuple[Criteria, Framework]:
    """The year's criteria: built-in, else the organisation's own published draft (drafts.py)."""
    doc = find_document(year=year, org=org)
    framework = Framework.objects.get(urn=doc["urn"], version=doc["version"])
    return criteria_of(doc), framework


def read_results_file(path: Path, criteria: Criteria, name: str | None = None) -> ParsedResults:
    """Every row checked; ScoringInputError lists all problems by row and column.

    `name` is the file's name as uploaded (messages about the file name it, not a temp copy).
    """
    header, records = read_table(path, name)
    require_columns(header, ("code", "score"))
    problems = ProblemList()
    parsed = ParsedResults()
    for row, record in records:
        check_year(record, criteria, problems, row)
        code = record.get("code", "").strip().lower()
        text = record.get("score", "")
        part_text = record.get("part", "").strip()
        if code.isdecimal():
            _indicator(criteria, parsed, int(code), text, problems, row)
        elif criteria.oit_item(code) is not None:
            _item(parsed, code, text, problems, row)
        elif criteria.question(code) is not None:
            _question(criteria, parsed, code, part_text, text, problems, row)
        else:
            problems.add(
                f"ไม่พบรหัส '{code}' ในเกณฑ์ปี {criteria.year}",
                f"unknown code '{code}' for {criteria.year}",
                row,
                "code",
            )
    if not (parsed.indicators or parsed.questions or parsed.items) and not problems:
        problems.add("ไฟล์ไม่มีข้อมูล", "the file has no data rows")
    if parsed.questions:
        require_level(criteria, questions=True)
    if parsed.items:
        require_level(criteria, items=True)
    problems.raise_if_any()
    return parsed


def _indicator(criteria, parsed, number, text, problems, row) -> None:
    if criteria.indicator(number) is None:
        problems.add(
            f"ไม่มีตัวชี้วัด {number} ในปี {criteria.year}",
            f"no indicator {number} in {criteria.year}",
            row,
            "code",
        )
    elif number in parsed.indicators:
        problems.add(f"ตัวชี้วัด {number} ซ้ำ", f"indicator {number} given twice", row, "code")
    elif (score := parse_score(text, problems, row)) is not None:
        parsed.indicators[number] = score


def _item(parsed, code, text, problems, row) -> None:
    value = text.strip().lower()
    if code in parsed.items:
        problems.add(f"ข้อ {code} ซ้ำ", f"{code} given twice", row, "code")
    elif value in OIT_PASS:
        parsed.items[code] = HUNDRED
    elif value in OIT_FAIL:
        parsed.items[code] = ZERO
    else:
        problems.add(
            f"ผลข้อ {code} '{text}' ต้องเป็น 100/0 หรือ ผ่าน/ไม่ผ่าน",
            f"OIT result '{text}' must be 100/0 or pass/fail",
            row,
            "score",
        )


def _question(criteria, parsed, code, part_text, text, problems, row) -> None:
    question = criteria.question(code)
    parts = criteria.tool(question.tool).parts
    part = int(part_text) if part_text.isdecimal() else None
    if part_text and (part not in parts):
        allowed = "/".join(str(p) for p in parts) or "-"
        problems.add(
            f"ส่วนที่ '{part_text}' ใช้กับข้อ {code} ไม่ได้ (ใช้ได้: {allowed})",
            f"part '{part_text}' is not valid for {code}",
            row,
            "part",
        )
        return
    key = (code, part or 0)
    if key in parsed.questions:
        problems.add(f"ข้อ {code} ซ้ำ", f"{code} given twice", row, "code")
    elif (score := parse_score(text, problems, row)) is not None:
        parsed.questions[key] = score


@transaction.atomic
def save_results(org, year: int, parsed: ParsedResults, source: str) -> ItaResult:
    """Replace the organisation-year's figures with the parsed ones, in one transaction."""
    _criteria, framework = criteria_for_year(year, org)
    result, _created = ItaResult.objects.update_or_create(
        org=org, year=year, defaults={"framework": framework, "source": source}
    )
    before = {score_key(s.level, s.code, s.part): s.score for s in result.scores.all()}
    result.scores.all().delete()
    rows = parsed.rows()
    Score.objects.bulk_create(
        Score(result=result, level=level, code=code, part=part, score=score)
        for level, code, part, score in rows
    )
    # The figures are replaced in bulk (no signals): one audit entry lists every change.
    after = {score_key(level, code, part): score for level, code, part, score in rows}
    record_set_change(result, "score", before, after)
    return result


def score_key(level: str, code: str, part: int) -> str:
    """'question/i1/0': how one figure is named in the audit trail."""
    return f"{level}/{code}/{part}"


def assessment_of(result: ItaResult, criteria: Criteria | None = None) -> Assessment:
    """The engine's view of stored figures: questions where given, indicators where not."""
    criteria = criteria or criteria_of(result.framework.document)
    indicators: dict[int, Decimal] = {}
    per_part: dict[str, dict[int, Decimal]] = {}
    items: dict[str, Decimal] = {}
    for s in result.scores.all():
        if s.level == Score.Level.INDICATOR:
            indicators[int(s.code)] = s.score
        elif s.level == Score.Level.ITEM:
            items[s.code] = s.score
        else:
            per_part.setdefault(s.code, {})[s.part] = s.score
    questions: dict[str, Decimal] = {}
    for code, parts in per_part.items():
        # A combined figure wins; otherwise EIT part 1 and part 2 count equally.
        questions[code] = parts[0] if 0 in parts else mean([parts[p] for p in sorted(parts)])
    eit_parts = _eit_part_scores(criteria, per_part)
    return score_questions(
        criteria,
        questions,
        items,
        indicator_scores=indicators,
        eit_parts=eit_parts or None,
        org=result.org.slug,
    )


def _eit_part_scores(criteria: Criteria, per_part: dict[str, dict[int, Decimal]]):
    out = {}
    for part in criteria.tool("eit").parts:
        values = []
        for indicator in criteria.indicators_of("eit"):
            questions = criteria.questions_of(indicator.number)
            if not questions or any(part not in per_part.get(q.code, {}) for q in questions):
                break
            values.append(mean([per_part[q.code][part] for q in questions]))
        else:
            if values:
                out[part] = mean(values)
    return out
