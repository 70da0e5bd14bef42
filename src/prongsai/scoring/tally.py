"""Raw responses → exact per-question tallies → an assessment per organisation.

A tally keeps integer-exact sums, never a rounded mean, so that row order cannot change a
result and the columnar bulk path (bulk.py) can build the very same tallies with SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from prongsai.scoring.criteria import Criteria, Question
from prongsai.scoring.engine import EXACT, HUNDRED, ZERO, mean, require_level, score_questions
from prongsai.scoring.errors import ProblemList
from prongsai.scoring.results import Assessment

OIT_PASS = {"pass", "ผ่าน", "100", "1", "true", "yes"}
OIT_FAIL = {"fail", "ไม่ผ่าน", "0", "false", "no"}
RESPONSE_COLUMNS = ("org", "tool", "part", "respondent", "question", "answer")


@dataclass(frozen=True)
class ResponseRow:
    org: str
    tool: str
    part: str
    respondent: str
    question: str
    answer: str
    row: int | None = None  # where it came from, for messages


@dataclass
class QuestionTally:
    """Respondents of one question (in one EIT part), grouped by how many sub-items they answered.

    by_k[k] = [sum over respondents of the sum of their k sub-item scores, respondents]. A plain
    question has only k = 1. The score is Σ_k (S_k / k) / N: each respondent's mean, averaged.
    """

    by_k: dict[int, list] = field(default_factory=dict)

    def add(self, k: int, score_sum: Decimal, respondents: int = 1) -> None:
        slot = self.by_k.setdefault(k, [ZERO, 0])
        slot[0] = EXACT.add(slot[0], score_sum)
        slot[1] += respondents

    @property
    def respondents(self) -> int:
        return sum(n for _, n in self.by_k.values())

    def score(self) -> Decimal:
        total = ZERO
        for k in sorted(self.by_k):
            total = EXACT.add(total, EXACT.divide(self.by_k[k][0], Decimal(k)))
        return EXACT.divide(total, Decimal(self.respondents))


@dataclass
class OrgTallies:
    """Everything one organisation's responses say, keyed by (part, question code)."""

    questions: dict[tuple[int, str], QuestionTally] = field(default_factory=dict)
    items: dict[str, Decimal] = field(default_factory=dict)

    def tally(self, part: int, code: str) -> QuestionTally:
        return self.questions.setdefault((part, code), QuestionTally())


def read_responses(criteria: Criteria, rows: Iterable[ResponseRow]) -> dict[str, OrgTallies]:
    """Validate every row, then fold them into tallies; raises ScoringInputError on any problem."""
    problems = ProblemList()
    # (org, tool, part, respondent, question) → [sum of sub-item scores, sub-items answered]
    answers: dict[tuple, list] = {}
    seen_sub: set[tuple] = set()
    orgs: dict[str, OrgTallies] = {}
    needs_questions = needs_items = False
    for r in rows:
        if not r.org:
            problems.add("ไม่มีรหัสหน่วยงาน", "org is empty", r.row, "org")
            continue
        org = orgs.setdefault(r.org, OrgTallies())
        if r.tool == "oit":
            needs_items = True
            _read_oit_row(criteria, r, org, problems)
            continue
        if r.tool not in ("iit", "eit"):
            problems.add(
                f"เครื่องมือ '{r.tool}' ไม่ถูกต้อง ต้องเป็น iit, eit หรือ oit",
                f"tool '{r.tool}' must be iit, eit or oit",
                r.row,
                "tool",
            )
            continue
        needs_questions = True
        part = _part(criteria, r, problems)
        question, sub_code = _question(criteria, r, problems)
        if part is None or question is None:
            continue
        score = question.score_of(r.answer)
        if score is None:
            keys = ", ".join(o.key for o in question.options)
            problems.add(
                f"คำตอบ '{r.answer}' ไม่ใช่ตัวเลือกของข้อ {question.code} (ตัวเลือก: {keys})",
                f"answer '{r.answer}' is not an option of {question.code} ({keys})",
                r.row,
                "answer",
            )
            continue
        key = (r.org, r.tool, part, r.respondent, question.code)
        if (key, sub_code) in seen_sub:
            problems.add(
                f"ผู้ตอบ {r.respondent} ตอบข้อ {sub_code} ซ้ำ",
                f"respondent {r.respondent} answered {sub_code} twice",
                r.row,
                "question",
            )
            continue
        seen_sub.add((key, sub_code))
        slot = answers.setdefault(key, [ZERO, 0])
        slot[0] = EXACT.add(slot[0], score)
        slot[1] += 1
    if needs_questions:
        require_level(criteria, questions=True)
    if needs_items:
        require_level(criteria, items=True)
    if not orgs and not problems:
        problems.add("ไฟล์ไม่มีข้อมูลคำตอบ", "the file has no response rows")
    problems.raise_if_any()
    for (org_code, _tool, part, _respondent, code), (score_sum, k) in answers.items():
        orgs[org_code].tally(part, code).add(k, score_sum)
    return orgs


def _part(criteria: Criteria, r: ResponseRow, problems: ProblemList) -> int | None:
    parts = criteria.tool(r.tool).parts
    if not parts:
        return 0  # IIT has no parts; whatever the column says is ignored
    try:
        part = int(r.part)
    except ValueError:
        part = None
    if part not in parts:
        allowed = "/".join(str(p) for p in parts)
        problems.add(
            f"ส่วนที่ '{r.part}' ไม่ถูกต้อง EIT ต้องระบุส่วนที่ {allowed}",
            f"part '{r.part}' is not valid: EIT needs part {allowed}",
            r.row,
            "part",
        )
        return None
    return part


def _question(criteria: Criteria, r: ResponseRow, problems: ProblemList):
    """The question a row answers and the sub-item code it names (the question's own code if none)."""
    code = r.question
    parent = criteria.parent_of_sub_item(code)
    question: Question | None = criteria.question(parent or code)
    if question is None or question.tool != r.tool:
        problems.add(
            f"ไม่พบข้อคำถาม '{code}' ในแบบวัด {r.tool.upper()} ปี {criteria.year}",
            f"unknown {r.tool} question '{code}' for {criteria.year}",
            r.row,
            "question",
        )
        return None, None
    if question.sub_items and parent is None:
        subs = ", ".join(question.sub_items)
        problems.add(
            f"ข้อ {code} มีข้อย่อย ต้องตอบรายข้อย่อย ({subs})",
            f"{code} has sub-items: answer each of {subs}",
            r.row,
            "question",
        )
        return None, None
    return question, code


def _read_oit_row(criteria: Criteria, r: ResponseRow, org: OrgTallies, problems: ProblemList):
    item = criteria.oit_item(r.question)
    if item is None:
        problems.add(
            f"ไม่พบข้อ OIT '{r.question}' ในปี {criteria.year}",
            f"unknown OIT item '{r.question}' for {criteria.year}",
            r.row,
            "question",
        )
        return
    answer = r.answer.strip().lower()
    if answer not in OIT_PASS | OIT_FAIL:
        problems.add(
            f"ผลข้อ {item.code} '{r.answer}' ต้องเป็น pass หรือ fail (ผ่าน/ไม่ผ่าน, 100/0)",
            f"OIT result '{r.answer}' for {item.code} must be pass or fail",
            r.row,
            "answer",
        )
        return
    if item.code in org.items:
        problems.add(
            f"ข้อ {item.code} ของหน่วยงาน {r.org} ซ้ำ",
            f"{item.code} given twice for {r.org}",
            r.row,
            "question",
        )
        return
    org.items[item.code] = HUNDRED if answer in OIT_PASS else ZERO


def assess_tallies(criteria: Criteria, org: str, tallies: OrgTallies) -> Assessment:
    """Question scores (EIT parts averaged with equal weight) → the assessment."""
    per_part: dict[int, dict[str, Decimal]] = {}
    respondents: dict[str, int] = {}
    for (part, code), tally in tallies.questions.items():
        per_part.setdefault(part, {})[code] = tally.score()
        respondents[code] = respondents.get(code, 0) + tally.respondents
    combined: dict[str, Decimal] = {}
    codes = {code for scores in per_part.values() for code in scores}
    for code in sorted(codes):
        parts = [scores[code] for _, scores in sorted(per_part.items()) if code in scores]
        combined[code] = mean(parts)
    eit_parts = {
        part: _part_tool_score(criteria, per_part.get(part, {}))
        for part in criteria.tool("eit").parts
    }
    return score_questions(
        criteria,
        combined,
        tallies.items,
        respondents=respondents,
        eit_parts=eit_parts if any(v is not None for v in eit_parts.values()) else None,
        org=org,
    )


def _part_tool_score(criteria: Criteria, scores: Mapping[str, Decimal]) -> Decimal | None:
    """EIT score of one part alone (as ITAS reports EIT ส่วนที่ 1 / ส่วนที่ 2)."""
    values = []
    for indicator in criteria.indicators_of("eit"):
        questions = criteria.questions_of(indicator.number)
        if not questions or any(q.code not in scores for q in questions):
            return None
        values.append(mean([scores[q.code] for q in questions]))
    return mean(values) if values else None


def score_responses(criteria: Criteria, rows: Iterable[ResponseRow]) -> dict[str, Assessment]:
    """Assess every organisation in a long-format response file."""
    tallies = read_responses(criteria, rows)
    return {org: assess_tallies(criteria, org, t) for org, t in sorted(tallies.items())}
