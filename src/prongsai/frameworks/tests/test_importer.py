"""Reading an organisation's criteria from a workbook or a YAML file, and saying what is wrong.

Workbook problems name the sheet, the row and the column, the way a person finds them in Excel.
"""

from __future__ import annotations

import os

import pytest
import yaml
from openpyxl import load_workbook

from prongsai.frameworks.importer import SHEETS, read_framework_file, write_template
from prongsai.frameworks.library import DATA_DIR, FrameworkError, builtin_document, to_criteria
from prongsai.frameworks.models import Framework
from prongsai.frameworks.store import import_custom
from prongsai.frameworks.tests.helpers import (
    CUSTOM_URN,
    OIT_COLUMNS,
    custom_yaml,
    framework_rows,
    line_number,
    oit_row,
    replace_line,
    write_workbook,
)


def _problems(path) -> list[str]:
    with pytest.raises(FrameworkError) as caught:
        read_framework_file(path)
    assert caught.value.origin == path.name
    return caught.value.problems


def _two_items() -> list[list]:
    """An OIT sheet that covers both OIT indicators, as a provisional list must."""
    return [
        OIT_COLUMNS,
        oit_row(
            "o1",
            9,
            "โครงสร้างและอำนาจหน้าที่",
            name_en="Structure",
            components="แสดงแผนผังโครงสร้าง\nแสดงอำนาจหน้าที่",
            keywords="โครงสร้าง, อำนาจหน้าที่",
            note="ตรวจกับคู่มือแล้ว",
        ),
        oit_row("o2", 10, "มาตรการป้องกันการทุจริต"),
    ]


# ---------------------------------------------------------------- a workbook from the template


def test_it_reads_a_workbook_in_the_template_shape(tmp_path):
    path = write_workbook(
        tmp_path / "ban-rai.xlsx", {"framework": framework_rows(), "oit_items": _two_items()}
    )

    doc = read_framework_file(path)

    assert doc == {
        "urn": CUSTOM_URN,
        "version": 1,
        "year": 2568,
        "name": {
            "th": "เกณฑ์ ITA 2568 ฉบับแก้ไขของ อบต.บ้านไร่",
            "en": "ITA 2568, Ban Rai's corrected edition",
        },
        "base": "2568",
        "source": "คู่มือการประเมิน ITA 2568 หน้า 12",
        "confidence": "confirmed",
        "oit_items": [
            {
                "code": "o1",
                "indicator": 9,
                "name": {"th": "โครงสร้างและอำนาจหน้าที่", "en": "Structure"},
                "components": [
                    {
                        "code": "o1.1",
                        "text": {"th": "แสดงแผนผังโครงสร้าง"},
                        "keywords": ["โครงสร้าง", "อำนาจหน้าที่"],
                    },
                    {"code": "o1.2", "text": {"th": "แสดงอำนาจหน้าที่"}},
                ],
                "source": "คู่มือการประเมิน ITA 2568 หน้า 30",
                "confidence": "confirmed",
                "note": "ตรวจกับคู่มือแล้ว",
            },
            {
                "code": "o2",
                "indicator": 10,
                "name": {"th": "มาตรการป้องกันการทุจริต"},
                "source": "คู่มือการประเมิน ITA 2568 หน้า 30",
                "confidence": "confirmed",
            },
        ],
    }


@pytest.mark.django_db
def test_a_template_shaped_workbook_imports_over_its_base_year(tmp_path, org):
    path = write_workbook(
        tmp_path / "ban-rai.xlsx", {"framework": framework_rows(), "oit_items": _two_items()}
    )

    row, created = import_custom(read_framework_file(path), org, path.name)

    assert created
    row.refresh_from_db()
    assert [item["code"] for item in row.document["oit_items"]] == ["o1", "o2"]
    assert row.document["questions"] == builtin_document(2568)["questions"]
    assert to_criteria(row.document).oit_item("o2").indicator == 10


def test_blank_rows_in_a_sheet_are_skipped(tmp_path):
    rows = _two_items()
    rows.insert(2, [None] * len(OIT_COLUMNS))
    path = write_workbook(
        tmp_path / "gaps.xlsx", {"framework": framework_rows(), "oit_items": rows}
    )

    assert [item["code"] for item in read_framework_file(path)["oit_items"]] == ["o1", "o2"]


def test_columns_may_come_in_any_order_and_optional_ones_may_be_left_out(tmp_path):
    rows = [
        ["confidence", "source", "name_th", "indicator", "code"],
        ["inferred", "คู่มือ หน้า 3", "ข้อมูลผู้บริหาร", 9, "o2"],
    ]
    path = write_workbook(tmp_path / "min.xlsx", {"framework": framework_rows(), "oit_items": rows})

    assert read_framework_file(path)["oit_items"] == [
        {
            "code": "o2",
            "indicator": 9,
            "name": {"th": "ข้อมูลผู้บริหาร"},
            "source": "คู่มือ หน้า 3",
            "confidence": "inferred",
        }
    ]


def test_numbers_typed_as_text_or_as_decimals_are_read_as_whole_numbers(tmp_path):
    rows = framework_rows(version="2", year=2568.0)
    path = write_workbook(
        tmp_path / "typed.xlsx",
        {"framework": rows, "oit_items": [OIT_COLUMNS, oit_row("o1", "9", "โครงสร้าง")]},
    )

    doc = read_framework_file(path)

    assert (doc["version"], doc["year"], doc["oit_items"][0]["indicator"]) == (2, 2568, 9)


@pytest.mark.django_db
def test_a_workbook_can_replace_the_questionnaire_with_its_own_scales(tmp_path, org):
    source = "คู่มือ หน้า 20"
    sheets = {
        "framework": framework_rows(),
        "option_sets": [
            list(SHEETS["option_sets"]),
            ["agree", "เห็นด้วย / ไม่เห็นด้วย", "agree", "เห็นด้วย", 100, source, "confirmed"],
            ["agree", "เห็นด้วย / ไม่เห็นด้วย", "disagree", "ไม่เห็นด้วย", 0, source, "confirmed"],
        ],
        "questions": [
            list(SHEETS["questions"]),
            ["i1", 1, "เจ้าหน้าที่ทำงานตามขั้นตอน", "agree", "no", source, "confirmed", None],
            ["i2", 2, "มีการเบิกจ่ายเป็นเท็จ", "agree", "yes", source, "confirmed", "กลับคะแนน"],
        ],
        "coverage": [
            list(SHEETS["coverage"]),
            ["questionnaire", "partial", source, "confirmed", "มีเพียงสองข้อ"],
            ["oit_items", "provisional", source, "secondary", None],
        ],
    }
    path = write_workbook(tmp_path / "questions.xlsx", sheets)

    row, _ = import_custom(read_framework_file(path), org, path.name)

    criteria = to_criteria(row.document)
    assert [q.code for q in criteria.questions] == ["i1", "i2"]
    assert criteria.question("i1").score_of("agree") == 100
    assert criteria.question("i2").reverse is True
    assert criteria.question("i2").score_of("agree") == 0
    assert criteria.questionnaire_status == "partial"
    assert row.document["coverage"]["questionnaire"]["note"] == "มีเพียงสองข้อ"
    assert len(row.document["oit_items"]) == 26  # not in the workbook: the base year's stay


# ---------------------------------------------------------------- the template round trip


def test_the_template_is_prefilled_from_the_years_oit_items(tmp_path):
    path = tmp_path / "template.xlsx"

    write_template(path, builtin_document(2568))

    book = load_workbook(path)
    assert book.sheetnames == ["framework", "oit_items"]
    settings = {row[0]: row[1] for row in book["framework"].iter_rows(min_row=2, values_only=True)}
    assert settings["urn"] == "urn:prongsai:custom:my-org:2568"
    assert settings["base"] == 2568
    items = list(book["oit_items"].iter_rows(values_only=True))
    assert list(items[0]) == [
        *OIT_COLUMNS, "year_offset", "components_status", "components_source", "year_rule"
    ]  # fmt: skip
    assert [row[0] for row in items[1:]] == [f"o{n}" for n in range(1, 27)]
    status = {row[0]: row[12] for row in items[1:]}  # how much of each item's components is known
    assert (status["o1"], status["o5"], status["o20"]) == ("known", "unknown", "inferred")
    assert items[1][5].splitlines() == [
        c["text"]["th"] for c in builtin_document(2568)["oit_items"][0]["components"]
    ]


@pytest.mark.django_db
def test_the_template_with_its_urn_filled_in_imports_as_26_items(tmp_path, org):
    path = tmp_path / "template.xlsx"
    write_template(path, builtin_document(2568))
    book = load_workbook(path)
    for row in book["framework"].iter_rows():
        if row[0].value == "urn":
            row[1].value = "urn:prongsai:custom:test:2568"
    book.save(path)

    row, created = import_custom(read_framework_file(path), org, path.name)

    assert created
    base_items = builtin_document(2568)["oit_items"]
    items = row.document["oit_items"]
    assert len(items) == 26
    assert [i["code"] for i in items] == [i["code"] for i in base_items]
    assert [i.get("name") for i in items] == [i.get("name") for i in base_items]
    assert [(i["source"], i["confidence"]) for i in items] == [
        (i["source"], i["confidence"]) for i in base_items
    ]
    assert row.document["confidence"] == "confirmed"
    assert Framework.objects.get(urn="urn:prongsai:custom:test:2568").org == org


@pytest.mark.django_db
def test_the_template_as_written_is_refused_until_its_urn_is_made_unique(tmp_path, org, other_org):
    path = tmp_path / "template.xlsx"
    write_template(path, builtin_document(2568))
    import_custom(read_framework_file(path), org, path.name)

    with pytest.raises(FrameworkError) as caught:
        import_custom(read_framework_file(path), other_org, path.name)

    assert "urn:prongsai:custom:my-org:2568 เวอร์ชัน 1 มีอยู่แล้ว" in str(caught.value)


def test_an_unedited_template_gives_back_the_base_years_oit_items_unchanged(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path, builtin_document(2568))

    items = read_framework_file(path)["oit_items"]

    assert items == builtin_document(2568)["oit_items"]


# ---------------------------------------------------------------- a workbook that is wrong


def test_a_workbook_without_the_framework_sheet_is_refused(tmp_path):
    path = write_workbook(tmp_path / "nosheet.xlsx", {"oit_items": _two_items()})

    assert _problems(path) == ["ไม่มีชีต 'framework' (sheet 'framework' is missing)"]


def test_a_framework_sheet_without_urn_names_the_missing_key(tmp_path):
    path = write_workbook(tmp_path / "nourn.xlsx", {"framework": framework_rows(urn=None)})

    assert _problems(path) == ["ชีต framework: ต้องมี 'urn' (required key)"]


def test_an_unknown_key_in_the_framework_sheet_names_its_row(tmp_path):
    rows = framework_rows()
    rows.insert(3, ["colour", "blue"])
    path = write_workbook(tmp_path / "colour.xlsx", {"framework": rows})

    assert _problems(path) == ["ชีต framework แถว 4 คอลัมน์ A: ไม่รู้จัก 'colour' (unknown key)"]


def test_a_version_that_is_not_a_number_is_named(tmp_path):
    path = write_workbook(tmp_path / "v.xlsx", {"framework": framework_rows(version="หนึ่ง")})

    assert _problems(path) == ["ชีต framework 'version': 'หนึ่ง' ไม่ใช่ตัวเลข (not a number)"]


def test_a_missing_required_column_names_the_sheet_and_the_column(tmp_path):
    rows = [
        [cell for column, cell in zip(OIT_COLUMNS, row, strict=True) if column != "confidence"]
        for row in _two_items()
    ]
    path = write_workbook(
        tmp_path / "nocol.xlsx", {"framework": framework_rows(), "oit_items": rows}
    )

    assert _problems(path) == ["ชีต oit_items แถว 1: ไม่มีคอลัมน์ confidence (missing columns)"]


def test_an_empty_required_cell_names_the_sheet_row_and_column(tmp_path):
    rows = _two_items()
    rows[2][OIT_COLUMNS.index("confidence")] = None
    path = write_workbook(
        tmp_path / "empty.xlsx", {"framework": framework_rows(), "oit_items": rows}
    )

    problems = _problems(path)

    assert problems == ["ชีต oit_items แถว 3 คอลัมน์ confidence: ว่าง (empty)"]


def test_an_empty_name_cell_is_an_item_whose_name_is_not_known(tmp_path):
    rows = _two_items()
    rows[2][OIT_COLUMNS.index("name_th")] = None
    rows[2][OIT_COLUMNS.index("field_confidence")] = "indicator: inferred"
    path = write_workbook(
        tmp_path / "unnamed.xlsx", {"framework": framework_rows(), "oit_items": rows}
    )

    items = read_framework_file(path)["oit_items"]

    assert "name" in items[0]
    assert "name" not in items[1]
    assert items[1]["field_confidence"] == {"indicator": "inferred"}


def test_a_field_confidence_cell_that_is_not_field_colon_level_names_its_row(tmp_path):
    rows = _two_items()
    rows[2][OIT_COLUMNS.index("field_confidence")] = "indicator inferred"
    path = write_workbook(tmp_path / "bad.xlsx", {"framework": framework_rows(), "oit_items": rows})

    assert _problems(path) == [
        "ชีต oit_items แถว 3 คอลัมน์ field_confidence: 'indicator inferred' ต้องเป็น ช่อง: ระดับ "
        "(use field: level, e.g. indicator: inferred)"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("indicator: perhaps", "oit_items[1].field_confidence.indicator: 'perhaps' is not one of"),
        ("colour: inferred", "oit_items[1].field_confidence: 'colour' is not one of"),
    ],
)
def test_a_field_confidence_the_schema_does_not_know_is_refused_on_import(
    tmp_path, org, cell, problem
):
    rows = _two_items()
    rows[2][OIT_COLUMNS.index("field_confidence")] = cell
    path = write_workbook(tmp_path / "bad.xlsx", {"framework": framework_rows(), "oit_items": rows})

    with pytest.raises(FrameworkError) as caught:
        import_custom(read_framework_file(path), org, path.name)

    [message] = caught.value.problems
    assert message.startswith(problem)


def test_a_cell_of_only_spaces_counts_as_empty(tmp_path):
    rows = _two_items()
    rows[1][OIT_COLUMNS.index("source")] = "   "
    path = write_workbook(
        tmp_path / "spaces.xlsx", {"framework": framework_rows(), "oit_items": rows}
    )

    assert _problems(path) == ["ชีต oit_items แถว 2 คอลัมน์ source: ว่าง (empty)"]


def test_an_indicator_that_is_not_a_number_names_the_row_and_column(tmp_path):
    rows = _two_items()
    rows[1][OIT_COLUMNS.index("indicator")] = "เก้า"
    path = write_workbook(tmp_path / "nan.xlsx", {"framework": framework_rows(), "oit_items": rows})

    assert _problems(path) == ["ชีต oit_items แถว 2 คอลัมน์ indicator: 'เก้า' ไม่ใช่ตัวเลข (not a number)"]


def test_every_problem_in_a_workbook_is_reported_at_once(tmp_path):
    rows = _two_items()
    rows[1][OIT_COLUMNS.index("indicator")] = "x"
    rows[2][OIT_COLUMNS.index("code")] = None
    path = write_workbook(tmp_path / "two.xlsx", {"framework": framework_rows(), "oit_items": rows})

    assert _problems(path) == [
        "ชีต oit_items แถว 3 คอลัมน์ code: ว่าง (empty)",
        "ชีต oit_items แถว 2 คอลัมน์ indicator: 'x' ไม่ใช่ตัวเลข (not a number)",
    ]


def test_a_reverse_cell_other_than_yes_or_no_is_named(tmp_path):
    rows = [
        list(SHEETS["questions"]),
        ["i1", 1, "ข้อคำถาม", "level4", "maybe", "คู่มือ", "confirmed", None],
    ]
    path = write_workbook(tmp_path / "rev.xlsx", {"framework": framework_rows(), "questions": rows})

    assert _problems(path) == ["ชีต questions แถว 2 คอลัมน์ reverse: ใช้ yes/no (use yes or no)"]


def test_a_coverage_row_for_an_unknown_part_is_named(tmp_path):
    rows = [list(SHEETS["coverage"]), ["survey", "known", "คู่มือ", "confirmed", None]]
    path = write_workbook(tmp_path / "cov.xlsx", {"framework": framework_rows(), "coverage": rows})

    assert _problems(path) == ["ชีต coverage แถว 2 คอลัมน์ part: ใช้ questionnaire หรือ oit_items"]


def test_a_score_that_is_not_a_number_is_named(tmp_path):
    rows = [
        list(SHEETS["option_sets"]),
        ["agree", "เห็นด้วย", "agree", "เห็นด้วย", "เต็ม", "คู่มือ", "confirmed"],
        ["agree", "เห็นด้วย", "disagree", "ไม่เห็นด้วย", 0, "คู่มือ", "confirmed"],
    ]
    path = write_workbook(tmp_path / "s.xlsx", {"framework": framework_rows(), "option_sets": rows})

    assert _problems(path) == ["ชีต option_sets แถว 2 คอลัมน์ score: 'เต็ม' ไม่ใช่ตัวเลข (not a number)"]


@pytest.mark.django_db
def test_a_workbook_that_reads_but_breaks_the_rules_is_refused_on_import(tmp_path, org):
    rows = _two_items()
    rows[2][OIT_COLUMNS.index("confidence")] = "sure"
    path = write_workbook(
        tmp_path / "rules.xlsx", {"framework": framework_rows(), "oit_items": rows}
    )
    doc = read_framework_file(path)

    with pytest.raises(FrameworkError) as caught:
        import_custom(doc, org, path.name)

    assert caught.value.problems == [
        "oit_items[1].confidence: 'sure' is not one of "
        "['confirmed', 'secondary', 'inferred', 'unknown', 'provisional']"
    ]
    assert not Framework.objects.filter(org=org).exists()


# ---------------------------------------------------------------- files that are not workbooks


@pytest.mark.parametrize("name", ["criteria.csv", "criteria.xls", "criteria.json", "criteria"])
def test_a_file_that_is_neither_yaml_nor_xlsx_is_refused(tmp_path, name):
    path = tmp_path / name
    path.write_text("urn,year\n", encoding="utf-8")

    assert _problems(path) == ["ใช้ได้เฉพาะไฟล์ .yaml หรือ .xlsx (use a .yaml or .xlsx file)"]


def test_a_missing_file_is_named_not_raised(tmp_path):
    assert _problems(tmp_path / "nowhere.xlsx") == ["ไม่พบไฟล์ (file not found)"]


def test_a_corrupt_workbook_is_a_framework_error_not_a_traceback(tmp_path):
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(os.urandom(2048))

    [problem] = _problems(path)

    assert problem.startswith("เปิดไฟล์ Excel ไม่ได้ (cannot open workbook)")


def test_a_yaml_file_renamed_to_xlsx_is_a_framework_error(tmp_path):
    path = tmp_path / "really-yaml.xlsx"
    path.write_text(custom_yaml(), encoding="utf-8")

    [problem] = _problems(path)

    assert problem.startswith("เปิดไฟล์ Excel ไม่ได้")


# ---------------------------------------------------------------- YAML files


def test_a_complete_yaml_file_is_validated_on_reading(tmp_path):
    text = (DATA_DIR / "ita-2568.yaml").read_text(encoding="utf-8")
    path = tmp_path / "mine.yml"
    path.write_text(text.replace("urn:prongsai:ita:2568", CUSTOM_URN), encoding="utf-8")

    doc = read_framework_file(path)

    assert doc["urn"] == CUSTOM_URN
    assert len(doc["questions"]) == 24


def test_an_upper_case_suffix_is_accepted(tmp_path):
    path = tmp_path / "MINE.YAML"
    path.write_text(custom_yaml(), encoding="utf-8")

    assert read_framework_file(path)["urn"] == CUSTOM_URN


def test_a_broken_complete_yaml_file_names_the_line(tmp_path):
    text = (DATA_DIR / "ita-2568.yaml").read_text(encoding="utf-8")
    o12 = line_number(text, "code: o12")
    o13 = line_number(text, "code: o13", after=o12)
    for _ in range(o13 - o12 - 1):  # the rest of o12's block mapping
        text = replace_line(text, o12 + 1, None)
    path = tmp_path / "mine.yaml"
    path.write_text(replace_line(text, o12, "  - {code: o12, indicator: nine}"), encoding="utf-8")

    problems = _problems(path)

    assert f"บรรทัด {o12} oit_items[11]: 'source' is a required property" in problems
    assert f"บรรทัด {o12} oit_items[11].indicator: 'nine' is not of type 'integer'" in problems


def test_a_yaml_file_with_a_base_is_read_as_written_and_checked_on_import(tmp_path):
    path = tmp_path / "custom.yaml"
    path.write_text(custom_yaml(), encoding="utf-8")

    doc = read_framework_file(path)

    assert doc == yaml.safe_load(custom_yaml())
    assert "tools" not in doc


def test_a_yaml_file_with_broken_syntax_names_the_line_even_with_a_base(tmp_path):
    text = custom_yaml() + "  - code: [o3\n"
    path = tmp_path / "custom.yaml"
    path.write_text(text, encoding="utf-8")

    [problem] = _problems(path)

    assert problem.startswith(f"บรรทัด {len(text.splitlines()) + 1}: ไฟล์ YAML ไม่ถูกต้อง")


@pytest.mark.django_db
def test_a_yaml_file_with_a_number_for_urn_is_refused_not_crashed(tmp_path, org):
    path = tmp_path / "custom.yaml"
    path.write_text(custom_yaml().replace(f"urn: {CUSTOM_URN}", "urn: 2568"), encoding="utf-8")

    with pytest.raises(FrameworkError):
        import_custom(read_framework_file(path), org, path.name)
