"""Plan books as files: a Thai-Windows text file is read, a Word bomb is refused before unpacking."""

from __future__ import annotations

import io
import time
import tracemalloc

import pytest
from django.core.management import CommandError, call_command

from prongsai.orgs.models import Organisation
from prongsai.plans.models import ActionPlan, Project
from prongsai.plans.tests.test_sheets import SMALL_BOOK
from prongsai.tests import hostile_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Organisation:
    return Organisation.objects.create(
        slug="wapi",
        name_th="เทศบาลตำบลวาปีปทุม",
        kind="subdistrict_municipality",
        province="มหาสารคาม",
    )


def run(path) -> str:
    out = io.StringIO()
    call_command("plans_import_sheets", str(path), "--org", "wapi", stdout=out)
    return out.getvalue()


def test_a_plan_book_saved_as_windows_874_text_is_imported(org, tmp_path):
    path = tmp_path / "แผนเดิม.txt"
    path.write_bytes(SMALL_BOOK.replace("\n", "\r\n").encode("cp874"))

    text = run(path)

    assert "นำเข้าแล้ว" in text
    names = list(Project.objects.filter(plan__org=org).values_list("name", flat=True))
    assert names and all("\ufffd" not in name for name in names)
    assert any(name in SMALL_BOOK for name in names)


def test_a_word_file_that_unpacks_to_gigabytes_is_refused_before_reading(org, tmp_path):
    path = tmp_path / "แผน.docx"
    path.write_bytes(hostile_files.docx_bomb(40))
    assert path.stat().st_size < 1_000_000

    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(CommandError) as err:
        run(path)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    message = str(err.value)
    assert "แผน.docx" in message and "word/document.xml" in message and "25 MB" in message
    assert elapsed < 2 and peak < 20 * 1024 * 1024
    assert not ActionPlan.objects.filter(org=org).exists()


def test_a_binary_file_named_txt_is_refused_in_thai(org, tmp_path):
    path = tmp_path / "แผน.txt"
    path.write_bytes(hostile_files.BINARY)

    with pytest.raises(CommandError) as err:
        run(path)

    assert "ไฟล์ 'แผน.txt' ไม่ใช่ไฟล์ข้อความ" in str(err.value)
