"""Fuzzing every importer: random bytes, random CSV, broken packages, Thai in the wrong encoding.

Each importer may accept a file or refuse it with our own Thai error; anything else (a
UnicodeDecodeError, a KeyError deep in openpyxl, a database error) fails the test. A refused
import leaves every table it writes to as it was.

The parse-only importers write nothing, so they run in the SQLite pass only (skipped when
DATABASE_URL is set, as scripts/test.sh does for its PostgreSQL pass); the ones that write run on
both databases, since PostgreSQL refuses values SQLite stores (NUL characters, numbers past a
column's digits: the first fuzz run on PostgreSQL found a NUL in criteria YAML).
Examples are bounded and `deadline=None`; the whole module takes well under a minute.
"""

from __future__ import annotations

import io
import os
import zipfile
from contextlib import suppress
from pathlib import Path

import docx
import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from prongsai.documents.models import DocumentTemplate
from prongsai.frameworks.importer import read_framework_file
from prongsai.frameworks.library import FrameworkError, builtin_document, criteria_of
from prongsai.frameworks.models import Framework
from prongsai.frameworks.store import import_custom
from prongsai.frameworks.tests.helpers import custom_yaml
from prongsai.ita.models import ItaResult, Score
from prongsai.ita.results import read_results_file
from prongsai.oit.evidence_file import read_evidence
from prongsai.oit.extract import UnsupportedContent, text_of
from prongsai.orgs.models import Membership, Organisation
from prongsai.plans.models import ActionPlan, Budget, Project
from prongsai.plans.templates_data import create_plan
from prongsai.plans.workbook import columns, import_plan
from prongsai.scoring.bulk import BulkScorer
from prongsai.scoring.errors import ScoringInputError
from prongsai.scoring.inputs import read_indicator_scores, read_question_scores, read_response_rows

CRITERIA = criteria_of(builtin_document(2568))
# As surveys/tests/test_intake_bench.py: scripts/test.sh runs the suite again with DATABASE_URL.
SQLITE_PASS = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="runs in the SQLite pass"
)
# PRONGSAI_FUZZ_EXAMPLES=1000 fuzzes deeper by hand; the suite keeps it short.
EXAMPLES = int(os.environ.get("PRONGSAI_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# ---------------------------------------------------------------- what goes into the files

THAI = "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรฤลฦวศษสหฬอฮะัาำิีึืฺุูเแโใไๅๆ็่้๊๋์ํ๎๏๐๑๒๓๔๕๖๗๘๙"
COLUMN_NAMES = [
    "code", "score", "part", "year", "item", "url", "org", "tool", "respondent", "question",
    "answer", "indicator", "id", "order", "subsection", "kind", "name", "start_year", "end_year",
    "budget_2566", "responsible", "key", "value", "หมายเหตุ",
]  # fmt: skip
TRICKY = [
    "", "o1", "o26", "i1", "e4", "1", "10", "100", "0", "-5", "1e999", "NaN", "-Infinity", "²",
    "๑๒", "9" * 30, "ผ่าน", "ไม่ผ่าน", "pass", "=1+1", "'=1+1", "@SUM(A1)", "\t=x", "1.1.1",
    "2.1.1", "โครงการ", "http://127.0.0.1/", "https://x.go.th/ก.pdf", "iit", "eit", "oit",
    "\x00", "\ufeff", "\u200b", 'a"b', "a,b", "a\nb", " ", "2566", "2570",
]  # fmt: skip
cells = st.one_of(
    st.sampled_from(TRICKY + COLUMN_NAMES),
    st.text(alphabet=THAI + "abc019 ,.-=+@'\"\t\r\n", max_size=12),
    st.text(max_size=8),
)
tables = st.lists(st.lists(cells, max_size=8), max_size=12)
header_rows = st.lists(st.sampled_from(COLUMN_NAMES), min_size=1, max_size=8)


@st.composite
def csv_files(draw) -> bytes:
    """A CSV as some program might save it: our columns, random cells, some encoding."""
    rows = [draw(header_rows), *draw(tables)]
    text = "\r\n".join(",".join(_quote(c) for c in row) for row in rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp874", "utf-16", "mojibake", "mix"]))
    if encoding == "mojibake":  # UTF-8 read as Latin-1 and saved again as UTF-8
        return text.encode("utf-8").decode("latin-1").encode("utf-8")
    if encoding == "mix":  # half the file in each encoding
        half = len(text) // 2
        return text[:half].encode("utf-8") + text[half:].encode("cp874", errors="replace")
    return text.encode(encoding, errors="replace")


@st.composite
def results_csv(draw) -> bytes:
    """`code,score[,part]` files as the results import expects, a few cells gone wrong."""
    header = ["code", "score", *draw(st.sampled_from([[], ["part"]]))]
    score = st.decimals(0, 100, places=2).map(str)
    good = st.one_of(
        st.tuples(st.sampled_from([str(n) for n in range(1, 11)]), score, st.just("")),
        st.tuples(st.sampled_from(["o1", "o12", "o26"]), st.sampled_from(["ผ่าน", "0", "fail"])),
        st.tuples(st.just("i1"), score, st.just("")),
        st.tuples(st.sampled_from(["e1", "e4"]), score, st.sampled_from(["", "1", "2"])),
    ).map(list)
    rows = draw(
        st.lists(st.one_of(good, good, st.lists(cells, max_size=4)), max_size=5, unique_by=str)
    )
    text = "\r\n".join(
        ",".join(_quote(str(c)) for c in row[: len(header)]) for row in [header, *rows]
    )
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "cp874"])), errors="replace")


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\r\n') else cell


def _mutate(data: bytes, draw) -> bytes:
    """Leave a package whole, or truncate it, flip some bytes, or replace one member."""
    how = draw(st.sampled_from(["whole", "truncate", "flip", "member"]))
    if how == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    if how == "flip":
        out = bytearray(data)
        for position in draw(st.lists(st.integers(0, len(data) - 1), min_size=1, max_size=8)):
            out[position] ^= 0xFF
        return bytes(out)
    if how == "member":
        source = zipfile.ZipFile(io.BytesIO(data))
        victim = draw(st.sampled_from(source.namelist()))
        junk = draw(st.binary(max_size=300))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for name in source.namelist():
                target.writestr(name, junk if name == victim else source.read(name))
        return out.getvalue()
    return data


def _append(sheet, row) -> None:
    # openpyxl cannot write control characters or values past Excel's: the file never has them.
    with suppress(IllegalCharacterError, ValueError):
        sheet.append(row)


values = st.one_of(cells, st.integers(-(10**15), 10**15), st.floats(), st.none(), st.booleans())
SHEET_NAMES = ["projects", "framework", "oit_items", "questions", "option_sets", "coverage", "x"]


@st.composite
def xlsx_files(draw) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title in draw(st.lists(st.sampled_from(SHEET_NAMES), min_size=1, max_size=3, unique=True)):
        sheet = book.create_sheet(title)
        sheet.append(draw(header_rows))
        for row in draw(st.lists(st.lists(values, max_size=8), max_size=10)):
            _append(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return _mutate(out.getvalue(), draw)


SHEET_LINES = [
    "มิติที่ ๑ การสร้างวัฒนธรรมสุจริต", "๑.๑.๑ เสริมสร้างจิตสำนึก", "๑. ชื่อโครงการ : อบรม",
    "๒. หลักการและเหตุผล", "๕. ระยะเวลาดำเนินการ ปี ๒๕๖๖ – ๒๕๖๗", "๖. งบประมาณ ๒๕,๕๐๐ บาท",
    "๗. ผู้รับผิดชอบ สำนักปลัด", "๖. งบประมาณ ๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙ บาท", "๕. ระยะเวลา ปี ๙๙๙๙",
]  # fmt: skip
lines = st.one_of(st.sampled_from(SHEET_LINES), st.text(alphabet=THAI + " .:-๐123", max_size=30))


@st.composite
def plan_books(draw) -> tuple[str, bytes]:
    text = "\n".join(draw(st.lists(lines, max_size=25)))
    if draw(st.booleans()):
        document = docx.Document()
        for line in text.splitlines():
            with suppress(ValueError):
                document.add_paragraph(line)
        out = io.BytesIO()
        document.save(out)
        return "แผน.docx", _mutate(out.getvalue(), draw)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp874", "utf-16"]))
    return "แผน.txt", text.encode(encoding, errors="replace")


yaml_values = st.recursive(
    st.one_of(cells, st.integers(-(10**20), 10**20), st.floats(), st.none(), st.booleans()),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "urn",
                    "version",
                    "year",
                    "base",
                    "name",
                    "th",
                    "oit_items",
                    "code",
                    "indicator",
                    "source",
                    "confidence",
                    "questions",
                    "option_sets",
                ]
            ),
            children,
            max_size=5,
        ),  # fmt: skip
    ),
    max_leaves=20,
)


@st.composite
def yaml_files(draw) -> bytes:
    doc = draw(st.dictionaries(st.sampled_from(["urn", "version", "year", "base", "name",
                                                "oit_items", "coverage"]), yaml_values))  # fmt: skip
    if draw(st.booleans()):
        doc |= {"urn": "urn:prongsai:custom:fuzz:2568", "version": 1, "base": 2568}
    if draw(st.booleans()):  # a valid custom document, often with one value replaced
        doc = yaml.safe_load(custom_yaml())
        doc["oit_items"][0]["name"]["th"] = draw(st.text(THAI + " =-", min_size=1, max_size=30))
        doc["version"] = draw(st.integers(1, 10**6))
        if draw(st.sampled_from([False, False, True])):
            item = doc["oit_items"][draw(st.integers(0, 1))]
            key = draw(st.sampled_from(["code", "indicator", "name", "source", "confidence"]))
            item[key] = draw(yaml_values)
    text = yaml.safe_dump(doc, allow_unicode=True)
    how = draw(st.sampled_from(["plain", "plain", "cp874", "alias", "cut", "bytes"]))
    if how == "alias":
        text = "x: &a [1, 2]\ny: *a\n" + text
    if how == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    if how == "bytes":
        return draw(st.binary(max_size=200))
    return text.encode("cp874" if how == "cp874" else "utf-8", errors="replace")


def any_file(structured):
    return st.one_of(structured, st.binary(max_size=600))


# ---------------------------------------------------------------- the organisation and its data


@pytest.fixture
def org(db):
    org = Organisation.objects.create(
        slug="fuzz", name_th="องค์การบริหารส่วนตำบลทดสอบ", kind="sao", province="ชลบุรี"
    )
    return org


def counts() -> tuple[int, ...]:
    models = (ActionPlan, Project, Budget, Framework, ItaResult, Score, DocumentTemplate)
    return tuple(m.objects.count() for m in models)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- importers that only read

TABLE_READERS = [
    lambda path: read_results_file(path, CRITERIA),
    lambda path: read_evidence(path, CRITERIA),
    lambda path: read_indicator_scores(path, CRITERIA),
    lambda path: read_question_scores(path, CRITERIA),
    lambda path: list(read_response_rows(path)),
]


@SQLITE_PASS
@FUZZ
@given(data=any_file(csv_files()), reader=st.sampled_from(TABLE_READERS))
def test_csv_readers_accept_or_refuse_in_thai(tmp_path, data, reader):
    with suppress(ScoringInputError):
        reader(write(tmp_path, "ผล.csv", data))


@SQLITE_PASS
@FUZZ
@given(data=any_file(xlsx_files()), reader=st.sampled_from(TABLE_READERS))
def test_xlsx_readers_accept_or_refuse_in_thai(tmp_path, data, reader):
    with suppress(ScoringInputError):
        reader(write(tmp_path, "ผล.xlsx", data))


@SQLITE_PASS
@settings(FUZZ, max_examples=max(1, EXAMPLES * 5 // 8))
@given(data=any_file(csv_files()))
def test_bulk_scoring_accepts_or_refuses_in_thai(tmp_path, data):
    with suppress(ScoringInputError):
        BulkScorer(CRITERIA, threads=1).score(write(tmp_path, "national.csv", data))


DOCUMENT_TYPES = [
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/pdf",
    "text/html; charset=tis-620",
    "text/csv",
    "application/octet-stream",
]


@SQLITE_PASS
@FUZZ
@given(
    data=st.one_of(
        xlsx_files(),
        plan_books().map(lambda book: book[1]),
        st.binary(max_size=600),
        st.binary(max_size=600).map(lambda b: b"%PDF-1.4\n" + b),
    ),
    content_type=st.sampled_from(DOCUMENT_TYPES),
)
def test_published_documents_are_read_or_reported_unsupported(data, content_type):
    with suppress(UnsupportedContent):
        text_of(data, content_type, "https://x.go.th/เอกสาร")


# ---------------------------------------------------------------- importers that write


@FUZZ
@given(data=any_file(xlsx_files()))
def test_the_plan_workbook_import_writes_all_or_nothing(org, data):
    plan = ActionPlan.objects.filter(org=org).first() or create_plan(org, "แผนทดสอบ")
    before = counts()
    try:
        import_plan(plan, data, "แผน.xlsx")
    except ScoringInputError:
        assert counts() == before


years = st.one_of(st.sampled_from([2566, 2567, 2570, "2566", "๒๕๖๗"]), values)
amounts = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str), st.floats(), st.integers(), values
)


@st.composite
def plan_rows(draw, header: list[str]) -> list:
    """A row under the plan's real header: valid but for at most one field, so most reach the
    checks of every field and many reach the database."""
    broken = draw(st.sampled_from([None, None, None, "name", "order", "kind", "years", "budget"]))
    row = {column: draw(cells) for column in header}
    row |= {"id": None, "order": draw(st.integers(0, 999)), "kind": "project"}
    row |= {"name": draw(st.text(THAI + "=+-@ ", min_size=1, max_size=40).filter(str.strip))}
    row |= {"start_year": 2566, "end_year": draw(st.sampled_from([2566, 2567, "๒๕๗๐"]))}
    row |= {c: draw(st.one_of(st.none(), st.integers(0, 10**9))) for c in header if "budget_" in c}
    if broken == "name":
        row["name"] = draw(values)
    if broken == "order":
        row["order"] = draw(st.one_of(st.integers(-5, 10**6), values))
    if broken == "kind":
        row["kind"] = draw(values)
    if broken == "years":
        row["start_year"], row["end_year"] = draw(years), draw(years)
    if broken == "budget":
        row["budget_2566"] = draw(amounts)
    return [row[column] for column in header]


@FUZZ
@given(data=st.data())
def test_plan_rows_with_any_values_are_written_or_refused_whole(org, data):
    """Workbooks with the plan's real header, so rows reach the checks and the database."""
    plan = ActionPlan.objects.filter(org=org).first() or create_plan(org, "แผนทดสอบ")
    header = columns(plan)
    subsection = plan.dimensions.first().subsections.first().code
    book = Workbook()
    sheet = book.active
    sheet.title = "projects"
    sheet.append(header)
    for row in data.draw(st.lists(plan_rows(header), min_size=1, max_size=3)):
        row[header.index("subsection")] = subsection
        _append(sheet, row)
    out = io.BytesIO()
    book.save(out)
    before = counts()
    try:
        import_plan(plan, out.getvalue(), "แผน.xlsx")
        event("imported")
    except ScoringInputError:
        event("refused")
        assert counts() == before


@settings(FUZZ, max_examples=max(1, EXAMPLES * 3 // 4))
@given(book=plan_books())
def test_plan_sheets_import_writes_all_or_nothing(org, tmp_path, book):
    name, data = book
    before = counts()
    try:
        call_command(
            "plans_import_sheets", str(write(tmp_path, name, data)), "--org", org.slug,
            stdout=io.StringIO(),
        )  # fmt: skip
        event("imported")
    except CommandError as exc:
        event("refused")
        assert exc.returncode == 2
        assert counts() == before


@FUZZ
@given(
    data=any_file(st.one_of(yaml_files(), xlsx_files())), suffix=st.sampled_from(["yaml", "xlsx"])
)
def test_criteria_import_writes_all_or_nothing(org, tmp_path, data, suffix):
    path = write(tmp_path, f"เกณฑ์.{suffix}", data)
    before = counts()
    try:
        import_custom(read_framework_file(path), org, path.name)
        event("imported")
    except FrameworkError:
        event("refused")
        assert counts() == before


@settings(FUZZ, max_examples=max(1, EXAMPLES * 3 // 4))
@given(
    data=any_file(st.one_of(results_csv(), csv_files())), suffix=st.sampled_from(["csv", "xlsx"])
)
def test_the_results_upload_answers_with_a_page_and_writes_all_or_nothing(
    org, client, django_user_model, data, suffix
):
    user = django_user_model.objects.filter(username="fuzz-officer").first()
    if user is None:
        user = django_user_model.objects.create_user("fuzz-officer")
        Membership.objects.create(user=user, org=org, role="officer")
    client.force_login(user)
    before = counts()

    response = client.post(
        reverse("ita:results-import", args=[org.slug, 2568]),
        {"file": SimpleUploadedFile(f"ผล.{suffix}", data)},
    )

    assert response.status_code in (200, 302, 400)
    event(f"status {response.status_code}")
    if response.status_code != 302:
        assert counts() == before


@settings(FUZZ, max_examples=max(1, EXAMPLES // 2))
@given(data=any_file(plan_books().map(lambda book: book[1])))
def test_an_uploaded_word_template_is_accepted_or_refused_in_the_form(org, data):
    template = DocumentTemplate(
        org=org, kind="complaint_statistics", file=SimpleUploadedFile("แบบ.docx", data)
    )
    with suppress(ValidationError):
        template.full_clean()
