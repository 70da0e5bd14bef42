"""The criteria library: the shipped years load, say what they know, and explain what is wrong.

No database here: the library reads YAML and builds the engine's view of it.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
import yaml

from prongsai.frameworks.library import (
    DATA_DIR,
    FrameworkError,
    builtin_document,
    builtin_documents,
    builtin_frameworks,
    checksum,
    confidence_of,
    criteria_of,
    criteria_years,
    dump,
    effective_options,
    fold_year_rules,
    item_name,
    parse_yaml,
    to_criteria,
    validate,
    year_rule_of,
    year_to_draft,
)
from prongsai.frameworks.schema import CONFIDENCE
from prongsai.frameworks.tests.helpers import line_number, replace_line

IIT_CODES = [f"i{n}" for n in range(1, 16)]
EIT_CODES = [f"e{n}" for n in range(1, 10)]
OIT_CODES = [f"o{n}" for n in range(1, 27)]


def _provenanced_nodes(doc: dict):
    """Every node of a document that states a fact, with a name for the failure message."""
    yield "document", doc
    for part, node in doc["coverage"].items():
        yield f"coverage.{part}", node
    yield "rating", doc["rating"]
    for section, key in [
        ("tools", "code"),
        ("indicators", "number"),
        ("option_sets", "code"),
        ("questions", "code"),
        ("oit_items", "code"),
        ("sample_sizes", "org_group"),
    ]:
        for node in doc.get(section, []):
            yield f"{section}[{node[key]}]", node


# ---------------------------------------------------------------- the shipped years


def test_the_shipped_years_load_and_validate_in_year_order():
    docs = builtin_documents()

    assert [d["year"] for d in docs] == [2566, 2567, 2568, 2569]
    for doc in docs:
        validate(copy.deepcopy(doc), doc["urn"])  # raises if a shipped file went bad
        assert doc["urn"] == f"urn:prongsai:ita:{doc['year']}"


def test_2568_has_the_24_questions_i1_to_i15_and_e1_to_e9_in_their_tools():
    doc = builtin_document(2568)
    tool_of = {i["number"]: i["tool"] for i in doc["indicators"]}

    codes = [q["code"] for q in doc["questions"]]

    assert codes == IIT_CODES + EIT_CODES
    assert {tool_of[q["indicator"]] for q in doc["questions"] if q["code"] in IIT_CODES} == {"iit"}
    assert {tool_of[q["indicator"]] for q in doc["questions"] if q["code"] in EIT_CODES} == {"eit"}


def test_2568_has_the_26_oit_items_o1_to_o26_all_on_oit_indicators():
    doc = builtin_document(2568)
    tool_of = {i["number"]: i["tool"] for i in doc["indicators"]}

    assert [item["code"] for item in doc["oit_items"]] == OIT_CODES
    assert {tool_of[item["indicator"]] for item in doc["oit_items"]} == {"oit"}


@pytest.mark.parametrize("year", [2566, 2567, 2568, 2569])
def test_every_fact_in_a_shipped_year_says_where_it_comes_from_and_how_sure_we_are(year):
    missing = [
        name
        for name, node in _provenanced_nodes(builtin_document(year))
        if not node.get("source") or node.get("confidence") not in CONFIDENCE
    ]

    assert missing == []


def _repeated_keys(node, found: list[str]) -> list[str]:
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key, value in node.value:
            if key.value in seen:
                found.append(f"line {key.start_mark.line + 1}: {key.value}")
            seen.add(key.value)
            _repeated_keys(value, found)
    elif isinstance(node, yaml.SequenceNode):
        for value in node.value:
            _repeated_keys(value, found)
    return found


@pytest.mark.parametrize(
    "name",
    [
        "ita-2566.yaml",
        "ita-2567.yaml",
        "ita-2568.yaml",
        "ita-2569.yaml",
    ],
)
def test_no_shipped_file_gives_a_key_twice_in_one_mapping(name):
    root = yaml.compose((DATA_DIR / name).read_text(encoding="utf-8"))

    assert _repeated_keys(root, []) == []


def test_the_shipped_years_are_honest_about_how_much_of_each_is_known():
    statuses = {
        info.year: (info.questionnaire_status, info.oit_items_status)
        for info in builtin_frameworks()
    }

    assert statuses == {
        2566: ("unknown", "unknown"),
        2567: ("unknown", "partial"),
        2568: ("provisional", "provisional"),
        2569: ("provisional", "provisional"),
    }


def test_the_shipped_list_counts_questions_and_items_per_year():
    counts = {f.year: (f.question_count, f.oit_item_count) for f in builtin_frameworks()}

    assert counts == {2566: (0, 0), 2567: (0, 5), 2568: (24, 26), 2569: (24, 26)}
    assert all(f.builtin and f.owner == "" for f in builtin_frameworks())


# ---------------------------------------------------------------- 2569 and what the audit fixed

# The 2569 OIT headings as shared/reference/ita-2569-notes.md §1 gives them; None = not given.
NAMES_2569 = {
    "o1": "โครงสร้าง หน้าที่และอำนาจ",
    "o3": "ข้อมูลการติดต่อและช่องทางการสอบถาม",
    "o10": "ระบบการให้บริการผ่านช่องทางออนไลน์ (E-SERVICE)",
    "o11": "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน ประจำปีงบประมาณ พ.ศ. 2569",
    "o12": "รายงานสรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุของหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2568",
    "o13": "หลักเกณฑ์และแผนการบริหารและพัฒนาทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ. 2569",
    "o14": "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ. 2568",
    "o15": "ประมวลจริยธรรมการขับเคลื่อนจริยธรรม",
    "o16": "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
    "o17": "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
    "o18": "ข้อมูลสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ พ.ศ. 2568",
    "o19": "ผลการเปิดโอกาสให้มีส่วนร่วมในการดำเนินงาน ปีงบประมาณ พ.ศ. 2569",
    "o20": "การขับเคลื่อนนโยบาย NO GIFT POLICY … และการเสริมสร้างความรู้เกี่ยวกับหลักเกณฑ์"
    "การรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา …",
    "o21": "การประเมินความเสี่ยงการทุจริตในหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. 2569",
    "o22": "รายงานผลการดำเนินการตามแผนบริหารจัดการความเสี่ยงการทุจริตของหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2568",
    "o23": "แผนปฏิบัติการป้องกันการทุจริต ปีงบประมาณ พ.ศ. 2569",
    "o24": "รายงานผลการดำเนินการป้องกันการทุจริต ปีงบประมาณ พ.ศ. 2568",
    "o25": "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร",
    "o26": "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ปีงบประมาณ พ.ศ. 2568",
}


def _items(year: int) -> dict[str, dict]:
    return {item["code"]: item for item in builtin_document(year)["oit_items"]}


def test_2569_has_o1_to_o26_named_only_where_the_notes_name_them():
    items = _items(2569)

    assert list(items) == OIT_CODES
    assert {code: item_name(item) or None for code, item in items.items()} == {
        code: NAMES_2569.get(code) for code in OIT_CODES
    }
    assert [code for code, item in items.items() if "name" not in item] == [
        "o2", "o4", "o5", "o6", "o7", "o8", "o9"
    ]  # fmt: skip


def test_2569_names_are_secondary_and_their_indicators_inferred():
    items = _items(2569)

    for code in NAMES_2569:
        assert items[code]["confidence"] == "secondary", code
        assert confidence_of(items[code], "name") == "secondary", code
        assert confidence_of(items[code], "indicator") == "inferred", code
    for code in set(OIT_CODES) - set(NAMES_2569):
        assert items[code]["confidence"] == "inferred", code
    assert [c for c, i in items.items() if i["indicator"] == 10] == [f"o{n}" for n in range(20, 27)]


def test_2569_reports_look_at_the_previous_year_and_plans_at_the_current_one():
    offsets = {code: item.get("year_offset", 0) for code, item in _items(2569).items()}

    assert [code for code, offset in offsets.items() if offset == -1] == [
        "o12", "o14", "o18", "o22", "o24", "o26"
    ]  # fmt: skip
    for code, offset in offsets.items():
        if code in NAMES_2569:
            assert ("พ.ศ. 2568" in NAMES_2569[code]) == (offset == -1), code


def test_2569_carries_the_2568_questionnaire_weights_and_rating_over_as_inferred():
    doc, before = builtin_document(2569), builtin_document(2568)

    assert [q["code"] for q in doc["questions"]] == IIT_CODES + EIT_CODES
    assert [q["text"] for q in doc["questions"]] == [q["text"] for q in before["questions"]]
    assert {q["confidence"] for q in doc["questions"]} == {"inferred"}
    assert [(t["code"], t["weight"]) for t in doc["tools"]] == [
        (t["code"], t["weight"]) for t in before["tools"]
    ]
    assert {t["confidence"] for t in doc["tools"]} == {"inferred"}
    assert {i["confidence"] for i in doc["indicators"]} == {"inferred"}
    assert doc["rating"]["bands"] == before["rating"]["bands"]
    assert doc["rating"]["confidence"] == "inferred"
    assert doc["coverage"]["questionnaire"]["confidence"] == "inferred"


def test_the_engine_view_of_2569_names_an_unnamed_item_by_its_code():
    criteria = to_criteria(builtin_document(2569))

    assert criteria.oit_item("o5").name_th == ""
    assert criteria.oit_item("o5").label == "o5"
    assert criteria.oit_item("o25").label == "o25 การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"
    assert len(criteria.items_of(9)) == 19 and len(criteria.items_of(10)) == 7


@pytest.mark.parametrize("year", [2566, 2567, 2568])
def test_the_eit_split_is_rated_apart_from_the_name_of_part_2(year):
    eit = next(t for t in builtin_document(year)["tools"] if t["code"] == "eit")
    part1, part2 = eit["parts"]

    assert part2["confidence"] == "inferred"
    assert part1["confidence"] == ("confirmed" if year == 2566 else "secondary")
    assert confidence_of(eit, "parts") == ("confirmed" if year == 2566 else "secondary")


def test_2566_indicator_3_cites_the_2566_results_not_2568_sources():
    ind3 = next(i for i in builtin_document(2566)["indicators"] if i["number"] == 3)

    assert ind3["confidence"] == "secondary"
    assert "seed 004" in ind3["source"]
    assert "nationthailand" not in ind3["source"] and "seed 002" not in ind3["source"]


def test_2568_items_o16_to_o20_have_secondary_names_and_inferred_membership():
    items = _items(2568)

    for code in ("o16", "o17", "o18", "o19", "o20"):
        assert confidence_of(items[code], "name") == "secondary", code
        assert confidence_of(items[code], "indicator") == "inferred", code


def test_2568_o4s_completed_component_text_is_marked_as_ours():
    o4 = _items(2568)["o4"]

    assert confidence_of(o4, "components") == "inferred"
    assert "cut off" in o4["note"]


def test_2568_items_whose_names_are_unknown_have_no_placeholder_name():
    items = _items(2568)

    assert "name" not in items["o5"] and "name" not in items["o7"]
    assert not any("ไม่ทราบ" in item_name(item) for item in items.values())


def test_2567_questionnaire_is_unknown_but_its_confirmed_iit_count_is_kept():
    questionnaire = builtin_document(2567)["coverage"]["questionnaire"]

    assert (questionnaire["status"], questionnaire["confidence"]) == ("unknown", "unknown")
    assert questionnaire["counts"] == {"iit": 30}
    assert confidence_of(questionnaire, "counts") == "confirmed"


def test_a_field_confidence_may_only_name_a_field_of_its_node(doc_2568):
    doc_2568["oit_items"][0]["field_confidence"] = {"colour": "inferred"}

    with pytest.raises(FrameworkError) as caught:
        validate(doc_2568, "x")

    assert "oit_items[0].field_confidence: 'colour' is not one of" in str(caught.value)


def test_a_year_that_was_never_shipped_has_no_document():
    assert builtin_document(2570) is None


# ---------------------------------------------------------------- reverse scoring


def test_a_reversed_four_level_question_scores_the_worst_answer_highest():
    criteria = to_criteria(builtin_document(2568))
    i5 = criteria.question("i5")

    assert i5.reverse is True
    assert [(o.key, o.score) for o in i5.options] == [
        ("most", Decimal("0")),
        ("much", Decimal("33.33")),
        ("little", Decimal("66.67")),
        ("least", Decimal("100")),
    ]


@pytest.mark.parametrize("code", ["i3", "e3"])
def test_a_reversed_yes_no_question_gives_full_marks_to_no(code):
    question = to_criteria(builtin_document(2568)).question(code)

    assert question.score_of("yes") == 0
    assert question.score_of("no") == 100


def test_a_question_that_is_not_reversed_keeps_the_option_set_scores():
    criteria = to_criteria(builtin_document(2568))

    assert criteria.question("i1").reverse is False
    assert [o.score for o in criteria.question("i1").options] == [
        Decimal("100"),
        Decimal("66.67"),
        Decimal("33.33"),
        Decimal("0"),
    ]
    assert criteria.question("e1").score_of("yes") == 100


def test_the_dump_shows_effective_scores_but_leaves_the_shared_option_set_alone():
    full = dump(builtin_document(2568))
    questions = {q["code"]: q for q in full["questions"]}
    level4 = next(s for s in full["option_sets"] if s["code"] == "level4")

    assert [o["score"] for o in questions["i5"]["options"]] == [0.0, 33.33, 66.67, 100.0]
    assert [o["score"] for o in questions["i1"]["options"]] == [100.0, 66.67, 33.33, 0.0]
    assert {o["key"]: o["score"] for o in questions["e3"]["options"]} == {"yes": 0.0, "no": 100.0}
    assert [o["score"] for o in level4["options"]] == [100, 66.67, 33.33, 0]


def test_reverse_scoring_is_exact_decimal_arithmetic_not_float():
    doc = builtin_document(2568)
    i6 = next(q for q in doc["questions"] if q["code"] == "i6")

    scores = [o["score"] for o in effective_options(doc, i6)]

    assert scores == [Decimal("0"), Decimal("33.33"), Decimal("66.67"), Decimal("100")]
    assert all(isinstance(s, Decimal) for s in scores)


# ---------------------------------------------------------------- the engine's view


def test_the_engine_view_of_2568_carries_weights_indicators_and_rating():
    criteria = to_criteria(builtin_document(2568))

    assert criteria.urn == "urn:prongsai:ita:2568"
    assert [(t.code, t.weight) for t in criteria.tools] == [
        ("iit", Decimal(30)),
        ("eit", Decimal(30)),
        ("oit", Decimal(40)),
    ]
    assert criteria.tool("eit").parts == (1, 2)
    assert [i.number for i in criteria.indicators] == list(range(1, 11))
    assert [q.code for q in criteria.questions_of(2)] == ["i4", "i5", "i6"]
    assert len(criteria.items_of(10)) == 6
    assert criteria.pass_threshold == Decimal(85)
    assert [b.code for b in criteria.rating_bands] == [
        "excellent",
        "good",
        "pass",
        "improve",
        "urgent",
    ]
    assert criteria.rating_bands[0].min_each_tool == Decimal(95)
    assert criteria.rating_bands[2].min_each_tool is None
    assert (criteria.questionnaire_status, criteria.oit_items_status) == (
        "provisional",
        "provisional",
    )


def test_criteria_are_built_once_per_content_and_again_when_the_content_changes(doc_2568):
    first = criteria_of(doc_2568)

    assert criteria_of(copy.deepcopy(doc_2568)) is first

    doc_2568["rating"]["pass_threshold"] = 80
    assert criteria_of(doc_2568).pass_threshold == Decimal(80)


# ---------------------------------------------------------------- the JSON dump


def test_the_dump_names_every_question_item_tool_and_indicator_by_urn():
    full = dump(builtin_document(2568))
    questions = {q["code"]: q for q in full["questions"]}
    items = {item["code"]: item for item in full["oit_items"]}

    assert questions["i6"]["urn"] == "urn:prongsai:ita:2568:iit:i6"
    assert questions["e9"]["urn"] == "urn:prongsai:ita:2568:eit:e9"
    assert questions["e9"]["tool"] == "eit"
    assert items["o12"]["urn"] == "urn:prongsai:ita:2568:oit:o12"
    assert [t["urn"] for t in full["tools"]] == [
        "urn:prongsai:ita:2568:iit",
        "urn:prongsai:ita:2568:eit",
        "urn:prongsai:ita:2568:oit",
    ]
    assert full["indicators"][0]["urn"] == "urn:prongsai:ita:2568:iit:ind1"
    assert full["indicators"][9]["urn"] == "urn:prongsai:ita:2568:oit:ind10"
    assert full["option_sets"][0]["urn"] == "urn:prongsai:ita:2568:options:level4"


def test_the_dump_is_plain_json_with_the_checksum_and_leaves_the_document_untouched():
    doc = builtin_document(2568)
    before = copy.deepcopy(doc)

    full = dump(doc)

    assert json.loads(json.dumps(full)) == full
    assert full["checksum"] == checksum(doc)
    assert doc == before
    assert "urn" not in doc["questions"][0]


def test_the_dump_of_a_year_without_questions_still_names_its_oit_items():
    full = dump(builtin_document(2567))

    assert "questions" not in full
    assert [item["urn"] for item in full["oit_items"]][-1] == "urn:prongsai:ita:2567:oit:o25"


# ---------------------------------------------------------------- checksum


def _reversed_keys(value):
    if isinstance(value, dict):
        return {k: _reversed_keys(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_reversed_keys(v) for v in value]
    return value


def test_the_checksum_ignores_key_order(doc_2568):
    shuffled = _reversed_keys(doc_2568)

    assert list(shuffled) != list(doc_2568)
    assert checksum(shuffled) == checksum(doc_2568)


def test_the_checksum_ignores_yaml_layout():
    block = "urn: u\nname:\n  th: ชื่อ\n  en: Name\nlist:\n  - 1\n  - 2\n"
    flow = "{list: [1, 2], name: {en: Name, th: ชื่อ}, urn: u}"

    assert checksum(yaml.safe_load(block)) == checksum(yaml.safe_load(flow))


def test_the_checksum_changes_with_any_value_and_with_list_order(doc_2568):
    original = checksum(doc_2568)
    changed = copy.deepcopy(doc_2568)
    changed["oit_items"][11]["name"]["th"] += " "
    reordered = copy.deepcopy(doc_2568)
    reordered["questions"].reverse()

    assert checksum(changed) != original
    assert checksum(reordered) != original


# ---------------------------------------------------------------- errors a person can act on


def test_a_bad_confidence_value_names_its_line_and_field(text_2568):
    i4 = line_number(text_2568, "code: i4")
    confidence = line_number(text_2568, "confidence:", after=i4)
    broken = replace_line(text_2568, confidence, "  confidence: maybe")

    with pytest.raises(FrameworkError) as caught:
        parse_yaml(broken, "ita-2568.yaml")

    message = str(caught.value)
    assert message.startswith("ita-2568.yaml: ")
    assert f"บรรทัด {confidence} questions[3].confidence:" in message
    assert "'maybe' is not one of" in message


def test_a_missing_source_names_the_line_where_the_question_starts(text_2568):
    i4 = line_number(text_2568, "code: i4")
    source = line_number(text_2568, "source:", after=i4)
    broken = replace_line(text_2568, source, None)

    with pytest.raises(FrameworkError) as caught:
        parse_yaml(broken, "ita-2568.yaml")

    assert caught.value.problems == [f"บรรทัด {i4} questions[3]: 'source' is a required property"]


def test_a_bad_value_inside_a_one_line_mapping_names_that_line(text_2568):
    number = line_number(text_2568, "{number: 3, tool: iit")
    broken = text_2568.replace("seed 002, confidence: confirmed}", "seed 002, confidence: sure}", 1)
    assert broken != text_2568

    with pytest.raises(FrameworkError) as caught:
        parse_yaml(broken, "ita-2568.yaml")

    assert f"บรรทัด {number} indicators[2].confidence" in str(caught.value)


def test_every_problem_is_reported_at_once_each_with_its_own_line(text_2568):
    i2 = line_number(text_2568, "code: i2")
    e5 = line_number(text_2568, "code: e5")
    i2_set = line_number(text_2568, "option_set:", after=i2)
    e5_confidence = line_number(text_2568, "confidence:", after=e5)
    broken = replace_line(text_2568, i2_set, "  option_set: Level4")
    broken = replace_line(broken, e5_confidence, "  confidence: certain")

    with pytest.raises(FrameworkError) as caught:
        parse_yaml(broken, "ita-2568.yaml")

    problems = caught.value.problems
    assert len(problems) == 2
    assert any(p.startswith(f"บรรทัด {i2_set} questions[1].option_set") for p in problems)
    assert any(p.startswith(f"บรรทัด {e5_confidence} questions[19].confidence") for p in problems)
    assert caught.value.lines() == [f"ita-2568.yaml: {p}" for p in problems]


def test_invalid_yaml_syntax_names_the_line(text_2568):
    i1 = line_number(text_2568, "code: i1")
    text_line = line_number(text_2568, "th:", after=i1)
    broken = replace_line(text_2568, text_line, "    th: ข้อความ: ที่มีโคลอนสองตัว")

    with pytest.raises(FrameworkError) as caught:
        parse_yaml(broken, "ita-2568.yaml")

    [problem] = caught.value.problems
    assert problem.startswith(f"บรรทัด {text_line}: ไฟล์ YAML ไม่ถูกต้อง (invalid YAML)")


@pytest.mark.parametrize("text", ["", "# only a comment\n", "- a list\n- not a mapping\n"])
def test_a_file_that_is_not_a_mapping_is_not_a_criteria_document(text):
    with pytest.raises(FrameworkError) as caught:
        parse_yaml(text, "empty.yaml")

    assert caught.value.problems == ["ไฟล์ว่างหรือไม่ใช่เอกสารเกณฑ์ (not a criteria document)"]


def test_an_unknown_top_level_key_is_refused(text_2568):
    with pytest.raises(FrameworkError) as caught:
        parse_yaml(text_2568 + "colour: blue\n", "ita-2568.yaml")

    assert "Additional properties are not allowed ('colour' was unexpected)" in str(caught.value)


# ---------------------------------------------------------------- what the schema cannot say


def _problems(doc: dict) -> list[str]:
    with pytest.raises(FrameworkError) as caught:
        validate(doc, "custom.yaml")
    return caught.value.problems


def test_it_refuses_tool_weights_that_do_not_add_up_to_100(doc_2568):
    doc_2568["tools"][0]["weight"] = 31

    [problem] = _problems(doc_2568)

    assert problem == "tools: น้ำหนักรวม 101 ต้องเท่ากับ 100 (weights must add up to 100)"
    assert problem.index("น้ำหนักรวม") < problem.index("weights")


def test_it_accepts_fractional_weights_that_add_up_exactly(doc_2568):
    for tool, weight in zip(doc_2568["tools"], [33.3, 33.3, 33.4], strict=True):
        tool["weight"] = weight

    validate(doc_2568, "custom.yaml")


def test_it_refuses_a_question_pointing_to_an_unknown_option_set(doc_2568):
    doc_2568["questions"][0]["option_set"] = "level5"

    assert _problems(doc_2568) == ["questions[i1]: ไม่มีชุดตัวเลือก 'level5' (unknown option set)"]


def test_it_refuses_an_oit_item_on_an_iit_indicator(doc_2568):
    doc_2568["oit_items"][0]["indicator"] = 1

    assert _problems(doc_2568) == ["oit_items[o1]: ต้องอยู่ในตัวชี้วัด OIT (indicator must be OIT)"]


def test_it_refuses_a_question_on_an_oit_indicator(doc_2568):
    doc_2568["questions"][0]["indicator"] = 9

    assert _problems(doc_2568) == [
        "questions[i1]: ต้องอยู่ในตัวชี้วัด IIT/EIT (indicator must be IIT/EIT)"
    ]


def test_it_refuses_an_oit_item_on_an_unknown_sub_indicator(doc_2568):
    doc_2568["oit_items"][0]["sub_indicator"] = "9.9"

    assert _problems(doc_2568) == ["oit_items[o1]: ไม่มีตัวชี้วัดย่อย '9.9' (unknown sub-indicator)"]


def test_it_refuses_duplicate_question_codes(doc_2568):
    doc_2568["questions"][1]["code"] = "i1"

    assert _problems(doc_2568) == ["questions: รหัส 'i1' ซ้ำ (duplicate code)"]


def test_it_refuses_an_oit_item_reusing_a_question_code(doc_2568):
    doc_2568["oit_items"][25]["code"] = "e9"
    del doc_2568["oit_year_rules"]["o26"]  # else the rule names an item that is gone

    assert _problems(doc_2568) == ["questions: รหัส 'e9' ซ้ำ (duplicate code)"]


def test_it_refuses_duplicate_indicator_numbers(doc_2568):
    doc_2568["indicators"].append(copy.deepcopy(doc_2568["indicators"][0]))

    assert _problems(doc_2568) == ["indicators: รหัส '1' ซ้ำ (duplicate code)"]


def test_it_refuses_duplicate_option_keys_within_a_set(doc_2568):
    doc_2568["option_sets"][0]["options"][1]["key"] = "most"

    assert _problems(doc_2568) == ["option_sets[level4]: รหัส 'most' ซ้ำ (duplicate code)"]


def test_it_refuses_a_provisional_questionnaire_with_an_indicator_lacking_questions(doc_2568):
    doc_2568["questions"] = [q for q in doc_2568["questions"] if q["indicator"] != 8]

    assert _problems(doc_2568) == ["indicators[8]: แบบวัดระบุว่าครบ แต่ตัวชี้วัดนี้ไม่มีข้อคำถาม (no questions)"]


def test_a_partial_questionnaire_may_leave_indicators_without_questions(doc_2568):
    doc_2568["questions"] = [q for q in doc_2568["questions"] if q["indicator"] != 8]
    doc_2568["coverage"]["questionnaire"]["status"] = "partial"

    validate(doc_2568, "custom.yaml")


def test_it_refuses_provisional_oit_items_with_an_oit_indicator_lacking_items(doc_2568):
    doc_2568["oit_items"] = [i for i in doc_2568["oit_items"] if i["indicator"] != 10]
    del doc_2568["oit_year_rules"]  # its rules name items that are gone

    assert _problems(doc_2568) == ["indicators[10]: รายการ OIT ระบุว่าครบ แต่ตัวชี้วัดนี้ไม่มีข้อ (no items)"]


def test_it_refuses_a_builtin_style_urn_that_does_not_end_with_the_year(doc_2568):
    doc_2568["urn"] = "urn:prongsai:ita:2569"

    assert _problems(doc_2568) == ["urn: URN ต้องลงท้ายด้วยปี 2568 (urn must end with the year)"]


def test_it_refuses_a_tool_without_indicators(doc_2568):
    doc_2568["indicators"] = [i for i in doc_2568["indicators"] if i["tool"] != "eit"]
    doc_2568["questions"] = [q for q in doc_2568["questions"] if q["code"] not in EIT_CODES]

    assert _problems(doc_2568) == ["tools: เครื่องมือ eit ไม่มีตัวชี้วัด (tool has no indicator)"]


def test_semantic_problems_wait_until_the_schema_is_satisfied(doc_2568):
    doc_2568["tools"][0]["weight"] = 31
    del doc_2568["questions"][0]["source"]

    assert _problems(doc_2568) == ["questions[0]: 'source' is a required property"]


def test_semantic_problems_in_a_yaml_file_are_reported_with_the_file_name(text_2568):
    broken = text_2568.replace("  - code: oit\n    weight: 40", "  - code: oit\n    weight: 45", 1)
    assert broken != text_2568

    with pytest.raises(FrameworkError) as caught:
        parse_yaml(broken, "ita-2568.yaml")

    assert caught.value.lines() == [
        "ita-2568.yaml: tools: น้ำหนักรวม 105 ต้องเท่ากับ 100 (weights must add up to 100)"
    ]


def test_a_key_given_twice_is_refused_with_its_line():
    text = "urn: urn:prongsai:ita:2568\nyear: 2568\nyear: 2569\n"
    with pytest.raises(FrameworkError) as caught:
        parse_yaml(text, "twice.yaml")
    assert "บรรทัด 3: คีย์ 'year' ซ้ำ" in str(caught.value)


# ---------------------------------------------------------------- year rules of OIT items


def test_year_rules_are_data_folded_into_the_items_by_the_loader():
    doc = builtin_document(2569)
    items = {item["code"]: item for item in doc["oit_items"]}
    # the block at the end of the file keeps its provenance
    assert doc["oit_year_rules"]["o12"]["confidence"] == "secondary"
    assert doc["oit_year_rules"]["o23"]["confidence"] == "inferred"
    assert (items["o12"]["year_rule"], items["o12"]["year_offset"]) == ("previous", -1)
    assert items["o23"]["year_rule"] == "current_or_covering"
    assert items["o11"]["year_rule"] == "current"
    assert "year_rule" not in items["o1"]  # no rule: judged as current
    assert year_rule_of(doc, items["o1"]) == "current"
    # 2568: the reports the RTRDA page dates 2567
    doc_2568 = builtin_document(2568)
    rules = {i["code"]: year_rule_of(doc_2568, i) for i in doc_2568["oit_items"]}
    assert {code for code, rule in rules.items() if rule == "previous"} == {
        "o13", "o15", "o19", "o24", "o26"
    }  # fmt: skip


def test_year_offset_alone_still_means_the_previous_year(doc_2568):
    del doc_2568["oit_year_rules"]
    item = next(i for i in doc_2568["oit_items"] if i["code"] == "o3")
    item.pop("year_rule", None)
    item["year_offset"] = -1
    validate(doc_2568, "custom.yaml")
    assert year_rule_of(doc_2568, item) == "previous"
    assert fold_year_rules(doc_2568)["oit_items"][2]["year_rule"] == "previous"


def test_an_unknown_year_rule_is_refused_with_the_rules_it_may_be(text_2568):
    text = text_2568.replace("o12: {rule: current,", "o12: {rule: this_year,")
    with pytest.raises(FrameworkError) as caught:
        parse_yaml(text, "ita-2568.yaml")
    (problem,) = caught.value.problems
    assert problem.startswith("oit_year_rules.o12: ไม่รู้จักกฎปี 'this_year' ใช้ได้: current")
    assert "previous" in problem and "current_or_covering" in problem
    assert problem.endswith("(unknown year rule)")


def test_a_year_rule_on_the_item_itself_is_checked_too(doc_2568):
    doc_2568["oit_items"][0]["year_rule"] = "last_year"
    assert _problems(doc_2568) == [
        "oit_items[o1].year_rule: ไม่รู้จักกฎปี 'last_year' ใช้ได้: "
        "current (ปีงบประมาณปัจจุบัน), previous (ปีงบประมาณก่อน),"
        " current_or_covering (ปีปัจจุบันหรือแผนหลายปีที่ครอบคลุมปีนั้น) (unknown year rule)"
    ]


def test_a_year_rule_for_an_item_that_does_not_exist_is_refused(doc_2568):
    doc_2568["oit_year_rules"]["o99"] = {"rule": "current", "source": "x", "confidence": "inferred"}
    assert _problems(doc_2568) == ["oit_year_rules.o99: ไม่มีข้อ OIT 'o99' ในเกณฑ์นี้ (unknown OIT item)"]


def test_year_offset_minus_one_and_a_current_rule_contradict_each_other(doc_2568):
    doc_2568["oit_year_rules"]["o12"]["rule"] = "current"
    next(i for i in doc_2568["oit_items"] if i["code"] == "o12").update(
        year_offset=-1, year_rule="current"
    )
    assert _problems(doc_2568) == [
        "oit_items[o12]: year_offset: -1 (ปีก่อน) ขัดกับกฎปี 'current'"
        " (year_offset -1 means the previous year: use the rule previous)"
    ]


def test_a_rule_on_the_item_must_agree_with_the_block(doc_2568):
    next(i for i in doc_2568["oit_items"] if i["code"] == "o14")["year_rule"] = "current"
    assert _problems(doc_2568) == [
        "oit_items[o14]: กฎปี 'current' ไม่ตรงกับ oit_year_rules ('current_or_covering')"
        " (year rule conflicts with oit_year_rules)"
    ]


def test_the_rule_block_needs_a_source_and_confidence(doc_2568):
    del doc_2568["oit_year_rules"]["o12"]["source"]
    (problem,) = _problems(doc_2568)
    assert problem.startswith("oit_year_rules.o12: 'source' is a required property")


def test_the_year_offered_for_a_draft_is_the_users_year_until_criteria_ship_for_it():
    newest = max(criteria_years())
    assert year_to_draft(newest + 1) == newest + 1  # the year the user is in, none shipped
    assert year_to_draft(newest) == newest + 1  # shipped already: the next one
    assert year_to_draft(newest - 3) == newest + 1
