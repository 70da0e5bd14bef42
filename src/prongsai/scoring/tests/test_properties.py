"""Property tests: row order cannot change a result, and bulk scoring equals the engine."""

from __future__ import annotations

import csv
import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prongsai.frameworks.library import builtin_document, criteria_of, criteria_years
from prongsai.scoring.bulk import BulkScorer
from prongsai.scoring.criteria import USABLE_STATUSES
from prongsai.scoring.results import round2
from prongsai.scoring.synthetic import generate
from prongsai.scoring.tally import ResponseRow, score_responses
from prongsai.scoring.tests.factories import tiny_criteria

CRITERIA = tiny_criteria()
# The shape of the national years: no sub-items, OIT items without sub-indicators.
FLAT = dataclasses.replace(
    tiny_criteria(grouped_oit=False),
    questions=tuple(dataclasses.replace(q, sub_items=()) for q in CRITERIA.questions),
)


@st.composite
def response_sets(draw, criteria=CRITERIA, max_orgs=3):
    """Random but valid responses: some orgs, some respondents, some answers left out."""
    out = []
    for org_no in range(draw(st.integers(1, max_orgs))):
        org = f"org{org_no}"
        for tool, parts in (("iit", ("",)), ("eit", ("1", "2"))):
            for part in parts:
                for r in range(draw(st.integers(1, 6))):
                    for q in (q for q in criteria.questions if q.tool == tool):
                        for code in q.sub_items or (q.code,):
                            if draw(st.integers(0, 9)) == 0:
                                continue  # a respondent may skip a question
                            key = draw(st.sampled_from([o.key for o in q.options]))
                            out.append(ResponseRow(org, tool, part, f"{tool}{part}-{r}", code, key))
        for item in criteria.oit_items:
            out.append(
                ResponseRow(org, "oit", "", "", item.code, draw(st.sampled_from(["pass", "fail"])))
            )
    return out


def figures(assessment) -> dict:
    return assessment.to_dict() | {"total_exact": assessment.total}


@settings(max_examples=150, deadline=None)
@given(response_sets(), st.randoms(use_true_random=False))
def test_row_order_does_not_change_any_figure(rows, rnd):
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    before = {org: figures(a) for org, a in score_responses(CRITERIA, rows).items()}
    after = {org: figures(a) for org, a in score_responses(CRITERIA, shuffled).items()}
    assert before == after


def write_csv(path: Path, rows: list[ResponseRow]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["org", "tool", "part", "respondent", "question", "answer"])
        for r in rows:
            writer.writerow([r.org, r.tool, r.part, r.respondent, r.question, r.answer])


def engine_rows(criteria, rows):
    out = {}
    for org, a in score_responses(criteria, rows).items():
        out[org] = (
            {i.number: round2(i.score) for i in a.indicators},
            {k: round2(v) for k, v in a.tools.items()},
            round2(a.total),
            a.passed,
        )
    return out


def bulk_rows(criteria, path: Path):
    scorer = BulkScorer(criteria, threads=1)
    scorer.score(path)
    return {r.org: (r.indicators, r.tools, r.total, r.passed) for r in scorer.rows()}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(response_sets(max_orgs=4))
def test_bulk_equals_the_engine_on_random_responses(tmp_path, rows):
    path = tmp_path / "responses.csv"
    write_csv(path, rows)
    assert bulk_rows(CRITERIA, path) == engine_rows(CRITERIA, rows)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(response_sets(criteria=FLAT, max_orgs=4))
def test_bulk_equals_the_engine_without_sub_items_or_groups(tmp_path, rows):
    path = tmp_path / "responses.csv"
    write_csv(path, rows)
    assert bulk_rows(FLAT, path) == engine_rows(FLAT, rows)


def test_a_figure_on_a_rounding_boundary_is_decided_by_the_exact_engine(tmp_path):
    """IIT here is the mean of 22.2233… and 66.6666…: exactly 44.445, a rounding boundary that
    floored units of 10⁻¹² cannot decide. The bulk path flags it and the engine decides: 44.45."""
    answers = {  # respondent → (i1, i2, i3)
        "r1": ("much", "no", "yes"), "r2": ("much", "no", "yes"), "r3": ("least", "no", "no"),
    }  # fmt: skip
    rows = [
        ResponseRow("a", "iit", "", r, code, key)
        for r, keys in answers.items()
        for code, key in zip(("i1", "i2", "i3"), keys, strict=True)
    ]
    eit = [("1", "yes", "much"), ("1", "no", "much"), ("2", "no", "most"), ("2", "yes", "least"),
           ("2", "no", "least"), ("2", "yes", "much")]  # fmt: skip
    for n, (part, e1, e2) in enumerate(eit):
        rows += [ResponseRow("a", "eit", part, f"e{n}", "e1", e1)]
        rows += [ResponseRow("a", "eit", part, f"e{n}", "e2", e2)]
    rows += [
        ResponseRow("a", "oit", "", "", item.code, result)
        for item, result in zip(FLAT.oit_items, ("pass", "fail", "fail"), strict=True)
    ]
    path = tmp_path / "boundary.csv"
    write_csv(path, rows)
    scorer = BulkScorer(FLAT, threads=1)
    scorer.score(path)
    [row] = scorer.rows()
    assert scorer.exact_rescored == 1
    assert row.tools["iit"] == Decimal("44.45")
    assert {row.org: (row.indicators, row.tools, row.total, row.passed)} == engine_rows(FLAT, rows)


def read_back(path: Path) -> list[ResponseRow]:
    import duckdb

    reader = "read_parquet" if path.suffix == ".parquet" else "read_csv_auto"
    con = duckdb.connect()
    query = (
        f"SELECT org, tool, coalesce(part::VARCHAR, ''), coalesce(respondent, ''), question, answer FROM {reader}('{path}', all_varchar = true)"
        if reader == "read_csv_auto"
        else f"SELECT * FROM {reader}('{path}')"
    )
    return [
        ResponseRow(*[("" if v is None else str(v)) for v in row])
        for row in con.execute(query).fetchall()
    ]


# Every shipped year whose questionnaire and OIT list can be scored (2568, 2569, …).
SCORABLE_YEARS = [
    year
    for year in criteria_years()
    if builtin_document(year)["coverage"]["questionnaire"]["status"] in USABLE_STATUSES
    and builtin_document(year)["coverage"]["oit_items"]["status"] in USABLE_STATUSES
]


def test_the_property_below_covers_every_scorable_shipped_year():
    assert SCORABLE_YEARS[:2] == [2568, 2569]


@pytest.mark.parametrize("year", SCORABLE_YEARS)
@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_bulk_equals_the_engine_on_a_synthetic_year(tmp_path, suffix, year):
    criteria = criteria_of(builtin_document(year))
    path = tmp_path / f"year{suffix}"
    generate(criteria, path, orgs=60, iit=(5, 40), eit=(5, 60))
    bulk = bulk_rows(criteria, path)
    assert len(bulk) == 60
    assert bulk == engine_rows(criteria, read_back(path))
