"""A legal officer's afternoon, in a real browser: log in, import the results, open the
analysis, edit a guideline, add a measure, download the PDF."""

from __future__ import annotations

import re
import subprocess
import unicodedata

import pytest
from django.contrib.auth import get_user_model

from prongsai.ita.models import IndicatorAnalysis, ItaResult
from prongsai.orgs.models import Membership, Organisation, Unit
from prongsai.plans.models import IntegrityMeasure
from prongsai.test import QUESTION_SCORES_2568

pytestmark = pytest.mark.slow  # a browser: nothing the database engine changes

PASSWORD = "a-long-browser-password"


@pytest.fixture
def officer(transactional_db):
    org = Organisation.objects.create(
        slug="ban-suan", name_th="องค์การบริหารส่วนตำบลบ้านสวน", kind="sao", province="ชลบุรี",
        head_name="นายสมชาย ใจดี", head_position="นายกองค์การบริหารส่วนตำบลบ้านสวน",
    )  # fmt: skip
    Unit.objects.create(org=org, name="กองคลัง")
    user = get_user_model().objects.create_user("officer", password=PASSWORD)
    Membership.objects.create(user=user, org=org, role="officer")
    return org


def results_file(tmp_path):
    lines = ["code,score"] + [f"{code},{score}" for code, score in QUESTION_SCORES_2568.items()]
    lines += [f"o{n},{'fail' if n == 12 else 'pass'}" for n in range(1, 27)]
    path = tmp_path / "ita-2568.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_officer_goes_from_results_to_the_analysis_pdf(page, live_server, officer, tmp_path):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("officer")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.get_by_role("link", name="องค์การบริหารส่วนตำบลบ้านสวน").click()

    page.get_by_role("link", name="2568", exact=True).click()
    page.get_by_role("link", name="นำเข้าไฟล์ผลการประเมิน").click()
    page.get_by_label("ไฟล์ผลการประเมิน (CSV หรือ Excel)").set_input_files(str(results_file(tmp_path)))
    page.get_by_role("button", name="นำเข้า").click()
    page.get_by_text("ยังไม่มีการบันทึกข้อมูล").wait_for()  # the preview: nothing written yet
    assert not ItaResult.objects.filter(org=officer, year=2568).exists()
    page.get_by_role("button", name="ยืนยันการนำเข้า").click()
    page.get_by_text("นำเข้าผลการประเมินแล้ว").wait_for()
    assert ItaResult.objects.get(org=officer, year=2568).scores.count() == 24 + 26

    page.get_by_role("link", name="การวิเคราะห์และมาตรการปรับปรุง").first.click()
    section = page.locator("#indicator-2")
    section.get_by_label("แนวทางการยกระดับ").fill("เผยแพร่แผนการใช้จ่ายงบประมาณบนเว็บไซต์หลักทุกไตรมาส")
    section.get_by_role("button", name="บันทึกการวิเคราะห์").click()
    section.get_by_text("บันทึกแล้ว").wait_for()  # htmx swapped the status in, no reload
    assert IndicatorAnalysis.objects.get(indicator=2).guideline.startswith("เผยแพร่แผนการใช้จ่าย")

    section.locator("summary").click()
    section.get_by_label("มาตรการ โครงการ หรือกิจกรรม").fill("โครงการเปิดเผยการใช้งบประมาณ")
    section.get_by_label("หน่วยงานที่รับผิดชอบ").select_option(label="กองคลัง")
    section.get_by_role("button", name="เพิ่มมาตรการนี้").click()
    page.locator("#indicator-2").get_by_text("โครงการเปิดเผยการใช้งบประมาณ").wait_for()
    assert IntegrityMeasure.objects.get(org=officer).indicator == 2

    with page.expect_download() as download_info:
        page.get_by_role("link", name="ดาวน์โหลดผลการวิเคราะห์ (PDF)").click()
    pdf = tmp_path / "analysis.pdf"
    download_info.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # Table cells wrap lines; SARA AM reads back as NIKHAHIT + SARA AA (its NFKC form).
    flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    for phrase in (
        "การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน",
        "เผยแพร่แผนการใช้จ่ายงบประมาณบนเว็บไซต์หลัก",
        "โครงการเปิดเผยการใช้งบประมาณ",
    ):
        assert unicodedata.normalize("NFKC", phrase) in flat
