"""OIT files from outside: an evidence list saved the Thai-Windows way, documents that are bombs."""

from __future__ import annotations

import time

import pytest

from prongsai.frameworks.library import builtin_document, criteria_of
from prongsai.oit.evidence_file import read_evidence
from prongsai.oit.extract import UnsupportedContent, text_of
from prongsai.scoring.errors import ScoringInputError
from prongsai.tests import hostile_files

CRITERIA = criteria_of(builtin_document(2568))
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_an_evidence_list_saved_as_windows_874_is_read(tmp_path):
    path = tmp_path / "หลักฐาน.csv"
    text = "item,url,หมายเหตุ\r\no1,https://bansuan.go.th/โครงสร้าง.pdf,ผังองค์กร\r\n"
    path.write_bytes(text.encode("cp874"))

    assert read_evidence(path, CRITERIA) == [(2, "o1", "https://bansuan.go.th/โครงสร้าง.pdf")]


def test_a_binary_evidence_list_is_refused_in_thai(tmp_path):
    path = tmp_path / "evidence.csv"
    path.write_bytes(hostile_files.BINARY)

    with pytest.raises(ScoringInputError) as caught:
        read_evidence(path, CRITERIA)

    assert "ไฟล์ 'evidence.csv' ไม่ใช่ไฟล์ข้อความ" in str(caught.value)


@pytest.mark.parametrize(
    ("content", "content_type", "url"),
    [
        (hostile_files.rows_bomb(["a"], 3_000_000), XLSX_TYPE, "https://x.go.th/ita.xlsx"),
        (hostile_files.wide_bomb(1_000_000), XLSX_TYPE, "https://x.go.th/ita.xlsx"),
        (hostile_files.docx_bomb(40), DOCX_TYPE, "https://x.go.th/plan.docx"),
    ],
)
def test_a_published_document_that_is_a_bomb_is_a_finding_not_a_stall(content, content_type, url):
    started = time.perf_counter()
    with pytest.raises(UnsupportedContent) as caught:
        text_of(content, content_type, url)

    assert time.perf_counter() - started < 5
    assert "เกินขีดจำกัด" in caught.value.message_th
