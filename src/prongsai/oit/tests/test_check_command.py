"""`prongsai oit check` in plain mode: a main website and an item,url file, no account, no database.

Every check here runs with a loopback-only guard, so nothing here can leave 127.0.0.1.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from prongsai.oit import checklist
from prongsai.oit.tests.site import EvidenceSite, LoopbackOnly


@pytest.fixture(scope="module")
def site():
    with EvidenceSite() as running:
        yield running


@pytest.fixture
def guard():
    return LoopbackOnly()


def run(guard, *args: str) -> str:
    out = io.StringIO()
    with mock.patch.object(checklist, "checker_guard", lambda allow_private=False: guard):
        call_command("oit_check", *args, "--timeout", "0.5", "--retries", "1", stdout=out)
    return out.getvalue()


def fails(guard, *args: str) -> str:
    with pytest.raises(CommandError) as err:
        run(guard, *args)
    assert err.value.returncode == 2
    return str(err.value)


@pytest.fixture
def evidence_csv(tmp_path, site):
    path = tmp_path / "evidence.csv"
    rows = [
        ("o1", site.url("/o1.html")),
        ("O3", site.url("/o3-missing.html")),  # codes are read case-insensitively
        ("o4", site.url("/gone.html")),
        ("o12", site.url("/last-year.pdf")),
        ("o4", site.url("/offsite")),
    ]
    path.write_text("item,url\n" + "\n".join(f"{i},{u}" for i, u in rows) + "\n", encoding="utf-8")
    return path


def test_json_lists_every_item_with_its_status(site, guard, evidence_csv):
    out = run(
        guard, "--year", "2568", "--main-site", site.main_site,
        "--evidence", str(evidence_csv), "--json",
    )  # fmt: skip
    data = json.loads(out)
    assert data["year"] == 2568 and data["main_site"] == site.main_site
    items = data["items"]
    assert [(i["item"], i["status"]) for i in items] == [
        ("o1", "ok"),
        ("o3", "incomplete"),
        ("o4", "dead"),
        ("o12", "stale"),
        ("o4", "off_site"),
    ]
    assert items[0]["http"] == 200 and items[0]["year_found"] == 2568
    assert items[0]["final_url"] == site.url("/o1.html") and items[0]["redirects"] == []
    assert items[1]["missing_components"] == ["o3.2"] and items[1]["fix"]
    assert items[2]["http"] == 404
    assert items[3]["year_found"] == 2567
    assert items[4]["final_url"] == site.other_url("/doc.html")
    assert guard.refused == []


def test_an_excel_file_works_the_same(site, guard, tmp_path):
    book = Workbook()
    book.active.append(["item", "url"])
    book.active.append(["o2", site.url("/o2-tis620.html")])
    path = tmp_path / "evidence.xlsx"
    book.save(path)
    out = run(
        guard,
        "--year",
        "2568",
        "--main-site",
        site.main_site,
        "--evidence",
        str(path),
        "--json",
    )
    assert [i["status"] for i in json.loads(out)["items"]] == ["ok"]


def test_the_table_is_thai_with_findings_and_fixes(site, guard, evidence_csv):
    text = run(
        guard, "--year", "2568", "--main-site", site.main_site, "--evidence", str(evidence_csv)
    )
    assert f"ผลตรวจลิงก์หลักฐาน OIT ปี 2568 — เว็บไซต์หลัก {site.main_site}" in text
    assert "o1  ผ่าน (ok)  HTTP 200" in text
    assert "o3  องค์ประกอบไม่ครบ (incomplete)" in text and "ไม่พบองค์ประกอบ o3.2" in text
    assert f"เปลี่ยนทาง: {site.other_url('/doc.html')}" in text
    assert "วิธีแก้:" in text
    assert "สรุป 5 ลิงก์: ผ่าน 1" in text


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("code,link\no1,http://127.0.0.1/\n", "แถว 1: ไม่มีคอลัมน์ item, url"),
        ("item,url\no99,http://127.0.0.1/\n", "แถว 2 คอลัมน์ item: ไม่มีข้อ OIT 'o99' ในเกณฑ์ปี 2568"),
        ("item,url\no1,ftp://127.0.0.1/a.pdf\n", "แถว 2 คอลัมน์ url: ลิงก์ 'ftp://127.0.0.1/a.pdf' ไม่ใช่ที่อยู่เว็บ"),
        ("item,url\no1,www.bansuan.go.th/o1\n", "แถว 2 คอลัมน์ url: ลิงก์ 'www.bansuan.go.th/o1'"),
        ("item,url\no1,\n", "แถว 2 คอลัมน์ url: ไม่ได้ระบุลิงก์"),
        (",url\n,http://127.0.0.1/\n", "แถว 1: ไม่มีคอลัมน์ item"),
        ("", "ไฟล์ว่าง"),
        ("item,url\n", "ไฟล์ไม่มีข้อมูล"),
    ],
)  # fmt: skip
def test_a_malformed_file_exits_2_naming_the_row_and_fetches_nothing(
    site, guard, tmp_path, content, words
):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    site.clear_log()
    message = fails(guard, "--year", "2568", "--main-site", site.main_site, "--evidence", str(path))
    assert words in message
    assert site.log == [] and guard.connected == [] and guard.refused == []


def test_every_problem_of_a_file_is_listed_at_once(site, guard, tmp_path):
    path = tmp_path / "bad.csv"
    good = site.url("/o1.html")
    path.write_text(f"item,url\no1,{good}\nx1,{good}\no2,file:///etc/passwd\n", encoding="utf-8")
    site.clear_log()
    message = fails(guard, "--year", "2568", "--main-site", site.main_site, "--evidence", str(path))
    assert "แถว 3 คอลัมน์ item" in message and "แถว 4 คอลัมน์ url" in message
    assert site.log == []


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--year", "2568"), "ต้องระบุ --org หรือทั้ง --main-site และ --evidence"),
        (("--year", "2568", "--main-site", "http://127.0.0.1/"), "ต้องระบุ --org"),
        (("--year", "2568", "--org", "ban-suan", "--main-site", "http://127.0.0.1/"), "อย่างใดอย่างหนึ่ง"),
        (("--year", "2568", "--main-site", "bansuan.go.th", "--evidence", "x.csv"), "ต้องขึ้นต้นด้วย http://"),
        (("--year", "2570", "--main-site", "http://127.0.0.1/", "--evidence", "x.csv"), "ไม่มีเกณฑ์ ITA ของปี 2570"),
        (("--year", "2568", "--main-site", "http://127.0.0.1/", "--evidence", "missing.csv"), "ไม่พบไฟล์"),
        (("--year", "2568", "--main-site", "http://127.0.0.1/", "--evidence", "x.csv", "--per-host", "0"), "--per-host อย่างน้อย 1"),
    ],
)  # fmt: skip
def test_bad_arguments_exit_2(guard, args, words):
    assert words in fails(guard, *args)
    assert guard.connected == []


def test_the_console_script_exits_2_without_a_traceback(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("item,url\no1,ftp://x/\n", encoding="utf-8")
    env = os.environ | {"PRONGSAI_DEBUG": "1", "PRONGSAI_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    script = Path(sys.executable).with_name("prongsai")
    done = subprocess.run(
        [str(script), "oit", "check", "--year", "2568",
         "--main-site", "http://127.0.0.1:9/", "--evidence", str(path)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "แถว 2 คอลัมน์ url" in done.stderr and "Traceback" not in done.stderr
