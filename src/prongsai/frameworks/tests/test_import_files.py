"""Criteria files meant to hurt, or saved the Thai-Windows way: refused in Thai, or read."""

from __future__ import annotations

import copy
import io
import time
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from prongsai.frameworks.importer import read_framework_file, write_template
from prongsai.frameworks.library import builtin_document
from prongsai.frameworks.models import Framework
from prongsai.frameworks.tests.helpers import CUSTOM_URN, custom_yaml, line_number
from prongsai.tests import hostile_files


def refused(path) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("ita_import_framework", str(path), "--org", "ban-rai", stdout=io.StringIO())
    assert caught.value.returncode == 2
    return str(caught.value)


@pytest.mark.django_db
def test_an_alias_is_refused_naming_its_line(org, tmp_path):
    text = custom_yaml().replace(
        "source: คู่มือการประเมิน ITA 2568 หน้า 30", "source: &page30 คู่มือการประเมิน ITA 2568 หน้า 30"
    )
    text = text.replace("source: คู่มือการประเมิน ITA 2568 หน้า 41", "source: *page30")
    path = tmp_path / "aliases.yaml"
    path.write_text(text, encoding="utf-8")

    message = refused(path)

    assert f"บรรทัด {line_number(text, 'source: *page30')}" in message
    assert "ไม่รับ alias" in message
    assert not Framework.objects.filter(urn=CUSTOM_URN).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("base", ["", "base: 2568\n"])
def test_billion_laughs_is_refused_at_once(org, tmp_path, base):
    path = tmp_path / "laughs.yaml"
    path.write_text(base + hostile_files.billion_laughs(12), encoding="utf-8")
    before = Framework.objects.count()

    started = time.perf_counter()
    message = refused(path)

    assert time.perf_counter() - started < 2
    assert "ไม่รับ alias" in message
    assert Framework.objects.count() == before


@pytest.mark.django_db
def test_a_nul_character_is_refused_naming_its_line(org, tmp_path):
    # SQLite stored it; PostgreSQL's JSON refused it with a DataError (a 500 on the web).
    text = custom_yaml(oit_name='"ผัง\\0องค์กร"')
    path = tmp_path / "nul.yaml"
    path.write_text(text, encoding="utf-8")

    message = refused(path)

    line = line_number(text, 'name: {th: "ผัง')
    assert f"บรรทัด {line}" in message and "NUL" in message
    assert not Framework.objects.filter(urn=CUSTOM_URN).exists()


@pytest.mark.django_db
def test_a_criteria_file_saved_as_windows_874_is_read(org, tmp_path):
    path = tmp_path / "เกณฑ์.yaml"
    path.write_bytes(custom_yaml().encode("cp874"))

    call_command("ita_import_framework", str(path), "--org", "ban-rai", stdout=io.StringIO())

    stored = Framework.objects.get(urn=CUSTOM_URN).document
    assert stored["oit_items"][0]["name"]["th"] == "โครงสร้างและอำนาจหน้าที่ (ฉบับหน่วยงาน)"


@pytest.mark.django_db
def test_a_binary_file_named_yaml_is_refused_in_thai(org, tmp_path):
    path = tmp_path / "criteria.yaml"
    path.write_bytes(hostile_files.BINARY)

    assert "ไฟล์ 'criteria.yaml' ไม่ใช่ไฟล์ข้อความ" in refused(path)


@pytest.mark.django_db
def test_a_criteria_workbook_of_millions_of_rows_is_refused_in_seconds(org, tmp_path):
    path = tmp_path / "criteria.xlsx"
    path.write_bytes(hostile_files.rows_bomb(["key", "value"], 3_000_000, sheet="framework"))
    before = Framework.objects.count()

    started = time.perf_counter()
    message = refused(path)

    assert time.perf_counter() - started < 5
    assert "criteria.xlsx" in message and "เกินขีดจำกัด" in message
    assert Framework.objects.count() == before


def test_an_item_named_like_a_formula_survives_the_template_round_trip(tmp_path):
    doc = copy.deepcopy(builtin_document(2568))
    doc["oit_items"][0]["name"]["th"] = "=1+1"
    doc["oit_items"][0]["note"] = "-ดูหน้า 30"
    path = tmp_path / "template.xlsx"

    write_template(path, doc)

    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet2.xml")
    assert b"<f>" not in sheet_xml
    first = read_framework_file(path)["oit_items"][0]
    assert (first["name"]["th"], first["note"]) == ("=1+1", "-ดูหน้า 30")
