"""The shared helpers every importer and exporter uses (prongsai.incoming, prongsai.spreadsheets)."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from prongsai import incoming, spreadsheets
from prongsai.incoming import FileRefused, ZipBudget
from prongsai.spreadsheets import SheetBudget
from prongsai.tests import hostile_files

# ---------------------------------------------------------------- cells going out

starts = st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "'", "''", "'=", "-1", "ก"])
texts = st.builds(lambda a, b: a + b, starts, st.text(max_size=20))


@given(texts)
def test_the_csv_escape_is_undone_exactly_by_the_importer(text):
    written = spreadsheets.csv_value(text)

    assert spreadsheets.csv_text(written) == text
    assert not spreadsheets.looks_like_formula(written)


@given(texts)
def test_a_csv_round_trip_through_the_csv_module_keeps_every_text(text):
    out = io.StringIO()
    spreadsheets.csv_writer(out).writerow([text, 5])
    [row] = csv.reader(io.StringIO(out.getvalue(), newline=""))

    assert [spreadsheets.csv_text(v) for v in row] == [text, "5"]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("-ลงพื้นที่", "'-ลงพื้นที่"),
        ("'=1", "''=1"),  # an apostrophe the user typed survives the round trip
        ("-5", "-5"),  # a negative number in text is no formula
        ("-1,250.50", "-1,250.50"),
        ("+66", "+66"),
        (-5, -5),  # numbers are never touched
        (None, None),
        ("โครงการ", "โครงการ"),
    ],
)
def test_csv_values(value, written):
    assert spreadsheets.csv_value(value) == written


def test_xlsx_cells_write_text_as_text_and_numbers_as_numbers():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("x")
    spreadsheets.append_row(sheet, ["=1+1", "-5", -5, "#N/A", "ระฆัง\x07", None])
    out = io.BytesIO()
    book.save(out)

    [row] = load_workbook(out).active.iter_rows()

    assert [(c.value, c.data_type) for c in row[:5]] == [
        ("=1+1", "s"),
        ("-5", "s"),
        (-5, "n"),
        ("#N/A", "s"),  # openpyxl alone would write an error value
        ("ระฆัง", "s"),  # a control character XML cannot hold is left out, not a crash
    ]
    assert [c.quotePrefix for c in row[:3]] == [True, False, False]


# ---------------------------------------------------------------- ZIP budgets


def zipped(*members: tuple[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, data)
    return out.getvalue()


def test_the_zip_budget_counts_parts_total_and_each_xml_part():
    budget = ZipBudget(total=3000, part=1000, members=3)
    incoming.check_zip(zipped(("a.xml", b"x" * 1000), ("b.png", b"y" * 1500)), "ok.docx", budget)

    with pytest.raises(FileRefused, match="a.xml"):
        incoming.check_zip(zipped(("a.xml", b"x" * 1001)), "f.docx", budget)
    with pytest.raises(FileRefused, match="เกินขีดจำกัด"):
        incoming.check_zip(zipped(("a.png", b"x" * 2000), ("b.png", b"x" * 1001)), "f", budget)
    with pytest.raises(FileRefused, match="4 ส่วนย่อย"):
        incoming.check_zip(zipped(*((f"{n}.png", b"") for n in range(4))), "f", budget)


def test_a_file_that_is_not_a_zip_is_left_to_its_parser():
    assert incoming.check_zip(b"not a zip", "f.xlsx", incoming.XLSX_BUDGET) is None


# ---------------------------------------------------------------- text files


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("รหัส,คะแนน\n".encode(), "utf-8-sig"),
        (codecs.BOM_UTF8 + "รหัส,คะแนน\n".encode(), "utf-8-sig"),
        ("รหัส,คะแนน\n".encode("cp874"), "cp874"),
        ("ราคา 5 €\n".encode("cp874"), "cp874"),  # Windows-874 beyond TIS-620
        (b"", "utf-8-sig"),
    ],
)
def test_text_is_read_as_utf8_or_thai_windows(data, encoding):
    assert incoming.text_encoding(io.BytesIO(data), "f.csv") == encoding
    assert incoming.decode_text(data, "f.csv").lstrip("\ufeff") == data.decode(encoding)


def test_a_utf8_character_split_across_chunks_is_still_utf8(monkeypatch):
    monkeypatch.setattr(incoming, "CHUNK", 7)
    data = ("ก" * 40).encode()  # 3 bytes a character: chunks of 7 split most of them

    assert incoming.text_encoding(io.BytesIO(data), "f.csv") == "utf-8-sig"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (hostile_files.BINARY, "ไม่ใช่ไฟล์ข้อความ"),
        (b"code,score\n1,\x00\n", "ไม่ใช่ไฟล์ข้อความ"),
        (b"code,score\n1,\x1b[0m\n", "ไม่ใช่ไฟล์ข้อความ"),
        ("code".encode("utf-16"), "UTF-16"),
        (b"code,\xff\xfe\xfd\n", "Windows-874"),  # bytes neither encoding has
    ],
)
def test_what_is_not_text_is_refused_naming_the_file(data, words):
    with pytest.raises(FileRefused) as caught:
        incoming.decode_text(data, "ผล.csv")

    assert "'ผล.csv'" in caught.value.message_th and words in str(caught.value)


# ---------------------------------------------------------------- YAML


def test_yaml_without_aliases_loads_as_safe_load_does():
    text = "a: 1\nb: [x, {c: ก}]\n"
    assert incoming.load_yaml(text) == yaml.safe_load(text)
    with pytest.raises(yaml.constructor.ConstructorError):
        incoming.load_yaml("!!python/object/apply:os.system ['true']")


@pytest.mark.parametrize("loader", [incoming.load_yaml, incoming.compose_yaml])
def test_yaml_aliases_and_deep_nesting_are_yaml_errors(loader):
    with pytest.raises(yaml.YAMLError, match="alias"):
        loader(hostile_files.billion_laughs(30))
    with pytest.raises(yaml.YAMLError):
        loader("[" * 100_000)


# ---------------------------------------------------------------- workbooks coming in


def sheet_xml_rows(count: int, prefix: str = "", text: str = "ก" * 500) -> list[bytes]:
    """`count` rows of two cells, ~1.5 KB each, so rows straddle the scanner's 1 MB chunks."""
    p = f"{prefix}:" if prefix else ""
    row = f'<{p}row><{p}c t="inlineStr"><{p}is><{p}t>{text}</{p}t></{p}is></{p}c><{p}c><{p}v>1</{p}v></{p}c></{p}row>'
    return [row.encode()] * count


@pytest.mark.parametrize("prefix", ["", "x"])
def test_the_row_count_is_exact_across_chunks_and_namespace_prefixes(prefix):
    budget = SheetBudget(rows=1000, columns=5, cells=10_000)
    fits = hostile_files.xlsx(sheet_xml_rows(1000, prefix))
    assert len(zipfile.ZipFile(io.BytesIO(fits)).read("xl/worksheets/sheet1.xml")) > 1_100_000
    if prefix:  # the same workbook, its elements in a prefixed namespace as some tools write
        fits = fits.replace(b"<worksheet xmlns=", b"<worksheet xmlns:x=")

    spreadsheets._scan_sheets(io.BytesIO(fits), "fits.xlsx", budget)
    with pytest.raises(FileRefused, match="มากกว่า 1,000 แถว"):
        over = hostile_files.xlsx(sheet_xml_rows(1001, prefix))
        spreadsheets._scan_sheets(io.BytesIO(over), "over.xlsx", budget)


def test_a_sheet_of_any_other_elements_is_refused_by_its_tag_count():
    junk = hostile_files.xlsx([b"<x/>" * 2_000_000])

    with pytest.raises(FileRefused, match="แท็ก XML"):
        spreadsheets.open_workbook(junk, "junk.xlsx")


def test_a_workbook_within_budget_streams_its_rows():
    book = Workbook()
    for n in range(50):
        book.active.append([f"o{n}", n, None])
    out = io.BytesIO()
    book.save(out)

    opened = spreadsheets.open_workbook(out.getvalue(), "ok.xlsx")
    rows = list(spreadsheets.sheet_rows(opened.worksheets[0], "ok.xlsx"))

    assert rows[49] == ("o49", 49, None) and len(rows) == 50
