"""The engine on indicator and question scores: figures the seeds publish, and the rules."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

import pytest

from prongsai.frameworks.library import builtin_document, criteria_of
from prongsai.frameworks.seed_figures import SEED_002_QUESTIONS_2568, SEED_004_INDICATORS_2566
from prongsai.scoring.engine import score_indicators, score_questions
from prongsai.scoring.errors import ScoringInputError
from prongsai.scoring.results import round2
from prongsai.scoring.tally import ResponseRow, score_responses
from prongsai.scoring.tests.factories import tiny_criteria

D = Decimal
SEED_004_INDICATORS = SEED_004_INDICATORS_2566
SEED_002_QUESTIONS = SEED_002_QUESTIONS_2568


def criteria(year: int):
    return criteria_of(builtin_document(year))


def test_it_reproduces_seed_004_for_2566():
    scores = {n: D(v) for n, v in enumerate(SEED_004_INDICATORS, start=1)}
    a = score_indicators(criteria(2566), scores)
    assert round2(a.tools["iit"]) == D("87.44")
    assert round2(a.tools["eit"]) == D("84.11")
    assert round2(a.tools["oit"]) == D("100.00")
    assert round2(a.total) == D("91.47")
    assert a.passed is True
    assert a.rating_th == "ผ่าน"  # EIT below 85: not ผ่านดี


def test_banker_rounding_of_rounded_tools_would_have_said_91_46():
    # Why the engine keeps full precision and rounds half-up once: the shortcut is wrong.
    shortcut = D("0.3") * D("87.44") + D("0.3") * D("84.11") + D("0.4") * D("100")
    assert shortcut.quantize(D("0.01"), rounding=ROUND_HALF_EVEN) == D("91.46")


def test_it_finds_seed_002_weakest_questions():
    scores = {code: D(v) for code, v in SEED_002_QUESTIONS.items()}
    a = score_questions(criteria(2568), scores, {})
    lowest = {i.number: i.lowest for i in a.indicators if i.tool != "oit"}
    assert lowest == {
        1: ["i2"],
        2: ["i6"],
        3: ["i7"],
        4: ["i10", "i11"],
        5: [],
        6: ["e2"],
        7: ["e6"],
        8: ["e8"],
    }
    assert a.indicator(3).questions[0].text_th.startswith("ท่านเคยถูกผู้บังคับบัญชา")
    assert round2(a.tools["iit"]) == D("99.63")
    assert a.tools["oit"] is None and a.total is None and a.passed is None


def test_questions_json_has_the_promised_shape():
    scores = {code: D(v) for code, v in SEED_002_QUESTIONS.items()}
    items = {f"o{n}": D(100) for n in range(1, 27)} | {"o12": D(0)}
    data = score_questions(criteria(2568), scores, items).to_dict()
    assert data["year"] == 2568
    assert set(data["tools"]) == {"iit", "eit", "oit"}
    first = data["indicators"][0]
    assert first == {
        "number": 1,
        "tool": "iit",
        "name": "การปฏิบัติหน้าที่",
        "score": 99.79,
        "lowest": ["i2"],
        "questions": [
            {"code": "i1", "score": 100.0},
            {"code": "i2", "score": 99.38},
            {"code": "i3", "score": 100.0},
        ],
    }
    assert data["indicators"][8]["failed"] == ["o12"]
    assert data["indicators"][8]["score"] == 95.0  # 19 of 20 items, flat mean in 2568
    assert data["warnings"]  # 2568 criteria are provisional, and the output says so


def test_a_2569_result_scores_with_the_carried_over_questions_and_the_2569_items():
    scores = {code: D(v) for code, v in SEED_002_QUESTIONS.items()}
    items = {f"o{n}": D(100) for n in range(1, 27)} | {"o5": D(0), "o25": D(0)}

    a = score_questions(criteria(2569), scores, items)

    assert a.year == 2569
    assert [q.code for q in a.indicator(9).questions] == [f"o{n}" for n in range(1, 20)]
    assert round2(a.indicator(9).score) == D("94.74")  # 18 of 19, flat
    assert round2(a.indicator(10).score) == D("85.71")  # 6 of 7
    assert a.indicator(9).failed == ["o5"] and a.indicator(10).failed == ["o25"]
    assert a.indicator(9).questions[4].text_th == ""  # o5's name is not known
    assert round2(a.tools["iit"]) == round2(
        score_questions(criteria(2568), scores, {}).tools["iit"]
    )
    assert a.total is not None and a.rating_th
    assert a.warnings  # provisional criteria, and the output says so


def test_indicator_input_leaves_question_detail_null():
    scores = {n: D(v) for n, v in enumerate(SEED_004_INDICATORS, start=1)}
    data = score_indicators(criteria(2566), scores).to_dict()
    assert data["indicators"][0]["questions"] is None
    assert data["indicators"][0]["lowest"] is None


def test_a_missing_indicator_leaves_its_tool_and_the_total_null():
    scores = {n: D(90) for n in range(1, 11) if n != 7}
    a = score_indicators(criteria(2566), scores)
    assert a.tools["eit"] is None and a.total is None
    assert a.tools["iit"] == D(90)


def test_no_lowest_question_when_all_score_100():
    a = score_questions(criteria(2568), {"i1": D(100), "i2": D(100), "i3": D(100)}, {})
    assert a.indicator(1).lowest == []
    assert a.indicator(2).score is None and a.indicator(2).missing == ["i4", "i5", "i6"]


def test_ties_are_decided_on_the_published_figure():
    # 99.374 and 99.375 both publish as 99.37/99.38: only equal published figures tie.
    a = score_questions(criteria(2568), {"i1": D("99.374"), "i2": D("99.3749"), "i3": D(99)}, {})
    assert a.indicator(1).lowest == ["i3"]
    b = score_questions(criteria(2568), {"i1": D("98.996"), "i2": D("99.004"), "i3": D(100)}, {})
    assert b.indicator(1).lowest == ["i1", "i2"]


def test_oit_indicator_is_a_mean_of_sub_indicator_means():
    items = {"o1": D(100), "o2": D(0), "o3": D(100)}
    grouped = score_questions(tiny_criteria(), {}, items)
    flat = score_questions(tiny_criteria(grouped_oit=False), {}, items)
    assert grouped.indicator(4).score == D(75)  # (50 + 100) / 2
    assert round2(flat.indicator(4).score) == D("66.67")  # 2 of 3
    assert grouped.indicator(4).failed == ["o2"]


@pytest.mark.parametrize(
    ("iit", "eit", "oit", "label"),
    [
        ("96", "95", "100", "ผ่านดีเยี่ยม"),
        ("96", "94.99", "100", "ผ่านดี"),
        ("90", "84", "100", "ผ่าน"),
        ("70", "70", "75", "ต้องปรับปรุง"),
        ("50", "60", "60", "ต้องปรับปรุงโดยด่วน"),
    ],
)
def test_rating_follows_the_years_bands(iit, eit, oit, label):
    scores = {n: D(iit) for n in range(1, 6)} | {n: D(eit) for n in (6, 7, 8)}
    scores |= {9: D(oit), 10: D(oit)}
    assert score_indicators(criteria(2568), scores).rating_th == label


def test_pass_is_judged_on_the_published_total():
    # total 84.996 publishes as 85.00: it passes, as the published figure says.
    scores = {n: D("84.996") for n in range(1, 11)}
    a = score_indicators(criteria(2568), scores)
    assert round2(a.total) == D("85.00") and a.passed is True


def test_question_and_item_levels_are_refused_for_years_without_them():
    rows = [ResponseRow("x", "iit", "", "r1", "i1", "most", 2)]
    with pytest.raises(ScoringInputError) as err:
        score_responses(criteria(2566), rows)
    assert "2566" in str(err.value) and "คะแนนรายตัวชี้วัด" in str(err.value)
    rows = [ResponseRow("x", "oit", "", "", "o1", "pass", 2)]
    with pytest.raises(ScoringInputError, match="OIT"):
        score_responses(criteria(2567), rows)
