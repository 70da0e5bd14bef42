"""ITA results of an organisation-year: reading a results file, storing it, scoring it.

A results file (CSV or XLSX) has rows `code,score[,part]`: `1`…`10` for indicators, question
codes (`i1`, `e4`; `part` 1 or 2 for an EIT part, empty for combined) and OIT items (`o12`, with
100/0 or pass/fail). Everything is checked before anything is written.

The Excel template names its columns in Thai with the code beside them ("คะแนน (score)"): a
header is known by the code in its brackets. A row whose score is blank is skipped, so the
template imports as downloaded with only the figures ITAS gave filled in. The OIT items of a year
whose list is partial are kept as items (for the failed-item detail) while indicators 9 and 10
come from their own scores: a few known items cannot stand for the whole list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.dispatch import Signal

from prongsai.audit.record import record_set_change
from prongsai.frameworks.library import FrameworkError, criteria_of
from prongsai.frameworks.models import Framework
from prongsai.frameworks.store import find_document
from prongsai.ita.models import ItaResult, Score
from prongsai.scoring.criteria import USABLE_STATUSES, Criteria
from prongsai.scoring.engine import HUNDRED, ZERO, mean, require_level, score_questions
from prongsai.scoring.errors import ProblemList, ScoringInputError
from prongsai.scoring.inputs import check_year, parse_score, read_table, require_columns
from prongsai.scoring.results import Assessment, QuestionScore
from prongsai.scoring.tally import OIT_FAIL, OIT_PASS

# Sent inside save_results' transaction with `result` once its figures are replaced: the stored
# summary (summary.py) is refreshed by it.
results_saved = Signal()
# What scoring stored figures with criteria that do not fit them raises: a page, a summary or a
# migration that meets it leaves that result out rather than failing.
UNSCORABLE = (ScoringInputError, FrameworkError, KeyError, ValueError)


@dataclass
class ParsedResults:
    indicators: dict[int, Decimal] = field(default_factory=dict)
    questions: dict[tuple[str, int], Decimal] = field(default_factory=dict)  # (code, part)
    items: dict[str, Decimal] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows) -> ParsedResults:
        """Back from `rows()` (as kept between the preview and the confirmation)."""
        parsed = cls()
        for level, code, part, score in rows:
            value = Decimal(score)
            if level == Score.Level.INDICATOR:
                parsed.indicators[int(code)] = value
            elif level == Score.Level.QUESTION:
                parsed.questions[(code, int(part))] = value
            else:
                parsed.items[code] = value
        return parsed

    def rows(self) -> list[tuple[str, str, int, Decimal]]:
        out = [(Score.Level.INDICATOR, str(n), 0, v) for n, v in sorted(self.indicators.items())]
        out += [(Score.Level.QUESTION, c, p, v) for (c, p), v in self.questions.items()]
        out += [(Score.Level.ITEM, c, 0, v) for c, v in self.items.items()]
        return out


def criteria_for_year(
    year: int, org=None, province: str | None = None
) -> tuple[Criteria, Framework]:
    """The year's criteria: built-in, else the organisation's own published draft (drafts.py),
    else the province's."""
    doc = find_document(year=year, org=org, province=province)
    framework = Framework.objects.get(urn=doc["urn"], version=doc["version"])
    return criteria_of(doc), framework


def read_results_file(path: Path, criteria: Criteria, name: str | None = None) -> ParsedResults:
    """Every row checked; ScoringInputError lists all problems by row and column.

    `name` is the file's name as uploaded (messages about the file name it, not a temp copy).
    """
    raw_header, raw_records = read_table(path, name)
    header = [column_code(h) for h in raw_header]
    require_columns(header, ("code", "score"))
    records = ((row, {column_code(k): v for k, v in raw.items()}) for row, raw in raw_records)
    return parse_result_records(records, criteria)


def parse_result_records(records, criteria: Criteria) -> ParsedResults:
    """(row number, {code, score[, part][, year][, column]}) records checked by the rules of a
    results file: the file import, the province's file (province_import.py) and the API's
    results read through here. `column`, where given, is the spreadsheet column the figure came
    from (a wide file: one column per code) and is named by the problems about the figure.
    ScoringInputError lists every problem by row and column; nothing is returned half-checked."""
    problems = ProblemList()
    parsed = ParsedResults()
    for row, record in records:
        code = record.get("code", "").strip().lower()
        text = record.get("score", "")
        part_text = record.get("part", "").strip()
        if not text.strip():  # a template row left blank: nothing was reported for it
            continue
        check_year(record, criteria, problems, row)
        before = len(problems)
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
        if record.get("column"):
            _name_column(problems, before, record["column"])
    if not (parsed.indicators or parsed.questions or parsed.items) and not problems:
        problems.add("ไฟล์ไม่มีข้อมูล", "the file has no data rows")
    if parsed.questions:
        require_level(criteria, questions=True)
    problems.raise_if_any()
    return parsed


def _name_column(problems: ProblemList, since: int, column: str) -> None:
    """The problems added since `since` name the file's own column instead of code/score."""
    for i in range(since, len(problems)):
        p = problems[i]
        problems[i] = type(p)(p.message_th, p.message_en, p.row, column)


def column_code(header: str) -> str:
    """'คะแนน (score)' → 'score'; a header without a code in brackets stays as it is."""
    match = _BRACKETED_CODE.search(header)
    return match.group(1) if match else header


_BRACKETED_CODE = re.compile(r"\(([a-z_]+)\)\s*$")


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


@dataclass(frozen=True)
class Change:
    """One figure of an import against what is stored (None: not there)."""

    level: str
    code: str
    part: int
    before: Decimal | None
    after: Decimal | None
    label: str = ""


@dataclass
class Preview:
    """What an import would write, against what the organisation-year holds now."""

    new: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)

    @property
    def replaces(self) -> bool:
        return bool(self.changed or self.unchanged or self.removed)


def preview_import(org, year: int, parsed: ParsedResults, criteria: Criteria) -> Preview:
    """New, changed, unchanged and removed figures, in the order of the criteria."""
    stored = {
        (s.level, s.code, s.part): s.score
        for s in Score.objects.filter(result__org=org, result__year=year)
    }
    incoming = {(level, code, part): score for level, code, part, score in parsed.rows()}
    order = _criteria_order(criteria)
    preview = Preview()
    for key in sorted(set(stored) | set(incoming), key=lambda k: (order.get(k[1], 10_000), k)):
        before, after = stored.get(key), incoming.get(key)
        change = Change(*key, before=before, after=after, label=_label(criteria, key))
        if before is None:
            preview.new.append(change)
        elif after is None:
            preview.removed.append(change)
        elif before == after:
            preview.unchanged.append(change)
        else:
            preview.changed.append(change)
    return preview


def _criteria_order(criteria: Criteria) -> dict[str, int]:
    codes: list[str] = []
    for indicator in criteria.indicators:
        codes.append(str(indicator.number))
        codes += [q.code for q in criteria.questions_of(indicator.number)]
        codes += [i.code for i in criteria.items_of(indicator.number)]
    return {code: n for n, code in enumerate(codes)}


def _label(criteria: Criteria, key: tuple[str, str, int]) -> str:
    level, code, _part = key
    if level == Score.Level.INDICATOR:
        indicator = criteria.indicator(int(code))
        return indicator.name_th if indicator else ""
    if level == Score.Level.ITEM:
        item = criteria.oit_item(code)
        return item.name_th if item else ""
    question = criteria.question(code)
    return question.text_th if question else ""


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
    results_saved.send(sender=ItaResult, result=result)
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
    whole_list = criteria.oit_items_status in USABLE_STATUSES
    assessment = score_questions(
        criteria,
        questions,
        items if whole_list else {},
        indicator_scores=indicators,
        eit_parts=eit_parts or None,
        org=result.org.slug,
    )
    if not whole_list and items:
        _attach_items(criteria, assessment, items)
    return assessment


def _attach_items(criteria: Criteria, assessment: Assessment, items: dict[str, Decimal]) -> None:
    """The items of a partial list as detail of their indicator; its score stays the given one."""
    for indicator in assessment.indicators:
        for item in criteria.items_of(indicator.number):
            if item.code in items:
                score = items[item.code]
                indicator.questions.append(QuestionScore(item.code, score, item.name_th))
                if score < HUNDRED:
                    indicator.failed.append(item.code)


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
