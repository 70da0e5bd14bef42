"""Raw responses: means over respondents, sub-items, EIT parts, and rows that are refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from prongsai.frameworks.library import builtin_document, criteria_of
from prongsai.scoring.errors import ScoringInputError
from prongsai.scoring.results import round2
from prongsai.scoring.tally import ResponseRow, score_responses
from prongsai.scoring.tests.factories import tiny_criteria

D = Decimal


def rows(*specs: str) -> list[ResponseRow]:
    """'org tool part respondent question answer' per spec; row numbers from 2 like a sheet."""
    out = []
    for n, spec in enumerate(specs, start=2):
        org, tool, part, respondent, question, answer = spec.split()
        out.append(ResponseRow(org, tool, part.strip("-"), respondent, question, answer, n))
    return out


def full_org(org: str = "a") -> list[str]:
    return [
        f"{org} iit - r1 i1 most", f"{org} iit - r1 i2a yes", f"{org} iit - r1 i2b no",
        f"{org} iit - r1 i3 yes", f"{org} iit - r2 i1 little", f"{org} iit - r2 i2a yes",
        f"{org} iit - r2 i3 no",
        f"{org} eit 1 p1 e1 yes", f"{org} eit 1 p1 e2 most", f"{org} eit 1 p2 e1 no",
        f"{org} eit 1 p2 e2 much", f"{org} eit 2 s1 e1 yes", f"{org} eit 2 s1 e2 least",
        f"{org} oit - - o1 pass", f"{org} oit - - o2 fail", f"{org} oit - - o3 ผ่าน",
    ]  # fmt: skip


def test_it_scores_questions_as_means_over_respondents():
    a = score_responses(tiny_criteria(), rows(*full_org()))["a"]
    scores = {q.code: q.score for i in a.indicators for q in i.questions}
    assert scores["i1"] == D("66.665")  # (100 + 33.33) / 2
    # r1 answered both sub-items (mean 50), r2 only one (100): (50 + 100) / 2
    assert scores["i2"] == D(75)
    assert scores["i3"] == D(50)
    respondents = {q.code: q.respondents for i in a.indicators for q in i.questions}
    assert respondents["i2"] == 2 and respondents["e1"] == 3


def test_eit_is_the_equal_mean_of_its_two_parts():
    a = score_responses(tiny_criteria(), rows(*full_org()))["a"]
    # part 1: e1 = 50, e2 = (100 + 66.67) / 2; part 2: e1 = 100, e2 = 0
    part1 = (D(50) + (D(100) + D("66.67")) / 2) / 2
    part2 = (D(100) + D(0)) / 2
    assert a.eit_parts == {1: part1, 2: part2}
    assert round2(a.tools["eit"]) == round2((part1 + part2) / 2)
    e1 = next(q for q in a.indicator(3).questions if q.code == "e1")
    assert e1.score == D(75)  # (50 + 100) / 2, not the pooled 2/3


def test_each_organisation_is_scored_apart():
    result = score_responses(tiny_criteria(), rows(*full_org("a"), *full_org("b")[:-1]))
    assert set(result) == {"a", "b"}
    assert result["a"].tools["oit"] is not None
    assert result["b"].tools["oit"] is None and result["b"].indicator(4).missing == ["o3"]


def test_reverse_scored_2568_questions_give_100_for_the_good_answer():
    c = criteria_of(builtin_document(2568))
    a = score_responses(c, rows("x iit - r1 i5 least", "x iit - r2 i5 most"))["x"]
    i5 = next(q for q in a.indicator(2).questions if q.code == "i5")
    assert i5.score == D(50)


@pytest.mark.parametrize(
    ("spec", "row", "column", "words"),
    [
        ("a iit - r1 i9 most", 2, "question", "ไม่พบข้อคำถาม 'i9'"),
        ("a iit - r1 i1 sometimes", 2, "answer", "ไม่ใช่ตัวเลือกของข้อ i1"),
        ("a eit 3 r1 e1 yes", 2, "part", "ส่วนที่ '3'"),
        ("a eit - r1 e1 yes", 2, "part", "EIT ต้องระบุส่วนที่ 1/2"),
        ("a xit - r1 i1 most", 2, "tool", "เครื่องมือ 'xit'"),
        ("a iit - r1 i2 yes", 2, "question", "ข้อ i2 มีข้อย่อย"),
        ("a oit - - o1 maybe", 2, "answer", "ต้องเป็น pass หรือ fail"),
        ("a eit 1 r1 i1 most", 2, "question", "ในแบบวัด EIT"),
    ],
)
def test_a_bad_row_is_named_with_its_column(spec, row, column, words):
    with pytest.raises(ScoringInputError) as err:
        score_responses(tiny_criteria(), rows(spec))
    problem = err.value.problems[0]
    assert (problem.row, problem.column) == (row, column)
    assert words in problem.message_th
    assert str(problem).startswith(f"แถว {row} คอลัมน์ {column}:")


def test_duplicate_answers_are_refused():
    with pytest.raises(ScoringInputError, match="ตอบข้อ i1 ซ้ำ"):
        score_responses(tiny_criteria(), rows("a iit - r1 i1 most", "a iit - r1 i1 least"))
    with pytest.raises(ScoringInputError, match="ซ้ำ"):
        score_responses(tiny_criteria(), rows("a oit - - o1 pass", "a oit - - o1 fail"))


def test_every_problem_is_reported_at_once_and_nothing_is_scored():
    with pytest.raises(ScoringInputError) as err:
        score_responses(
            tiny_criteria(), rows("a iit - r1 i9 x", "a iit - r1 i1 x", "ok iit - r1 i1 most")
        )
    assert [p.row for p in err.value.problems] == [2, 3]


def test_an_empty_file_is_refused():
    with pytest.raises(ScoringInputError, match="ไม่มีข้อมูล"):
        score_responses(tiny_criteria(), [])
