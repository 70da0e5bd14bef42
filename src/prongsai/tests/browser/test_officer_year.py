"""One officer's year in a real browser, on today's clock (inside fiscal year 2570).

An administrator of a small organisation starts ITA 2570 from 2569 (nobody has published 2570)
and publishes it; imports last year's (2569) results from the Excel template she downloaded and
filled in; writes the analysis and adds a measure (for 2570); records the plan project's 6-month
progress for 2570; and downloads the analysis (2569), the measures announcement (2570) and the
plan's 6-month report (2570). Each PDF is read back: not empty, the organisation's name, the
right Buddhist year in Thai digits and the text she typed.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from datetime import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import load_workbook

from prongsai.frameworks.models import Framework
from prongsai.ita.models import IndicatorAnalysis, ItaResult
from prongsai.orgs.models import Membership, Organisation, Unit
from prongsai.plans.models import Budget, IntegrityMeasure, Progress, Project
from prongsai.plans.templates_data import create_plan
from prongsai.thai import fiscal_year

pytestmark = pytest.mark.slow  # a browser: nothing the database engine changes

PASSWORD = "a-long-browser-password"
# A day inside fiscal year 2570 (1 Oct 2569 – 30 Sep 2570), in its first half.
TODAY = datetime(2027, 3, 16, 10, 0, tzinfo=timezone.get_fixed_timezone(7 * 60))
ORG_NAME = "องค์การบริหารส่วนตำบลบ้านสวน"
GUIDELINE = "เผยแพร่ข้อมูลการจัดซื้อจัดจ้างบนเว็บไซต์หลักภายในเจ็ดวัน"
MEASURE = "มาตรการเปิดเผยข้อมูลการจัดซื้อจัดจ้างต่อสาธารณะ"
PROJECT = "โครงการอบรมคุณธรรมจริยธรรมพนักงานส่วนตำบล"
DONE = "จัดอบรมพนักงานแล้วหนึ่งรุ่นจำนวนสามสิบคน"


@pytest.fixture
def clock(monkeypatch):
    """The live server runs in this process: every `timezone.now()` of the app starts at TODAY
    and moves on with real time (sessions, throttles and saved times stay consistent)."""
    real_now = timezone.now
    offset = TODAY - real_now()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset)
    assert fiscal_year(timezone.localdate()) == 2570
    return TODAY


@pytest.fixture
def admin_org(transactional_db):
    org = Organisation.objects.create(
        slug="ban-suan", name_th=ORG_NAME, kind="sao", province="ชลบุรี",
        head_name="นายสมชาย ใจดี", head_position="นายกองค์การบริหารส่วนตำบลบ้านสวน",
    )  # fmt: skip
    unit = Unit.objects.create(org=org, name="สำนักปลัด")
    user = get_user_model().objects.create_user("admin-officer", password=PASSWORD)
    Membership.objects.create(user=user, org=org, role="admin")
    plan = create_plan(org, "แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. ๒๕๖๖ – ๒๕๗๐)")
    subsection = plan.dimensions.order_by("number").first().subsections.order_by("code").first()
    project = Project.objects.create(
        plan=plan, subsection=subsection, name=PROJECT, start_year=2569, end_year=2570,
        responsible=unit,
    )  # fmt: skip
    Budget.objects.create(project=project, fiscal_year=2570, amount=20000)
    return org, plan, project


def flat(text: str) -> str:
    """Table cells wrap lines; SARA AM reads back as NIKHAHIT + SARA AA (its NFKC form)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pdf_text(download, path) -> str:
    download.save_as(path)
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.strip(), f"{path.name} has no text"
    return flat(text)


def fill_template(path) -> int:
    """Every indicator and question scored, every OIT item pass (100) or fail (0, item o12)."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    assert sheet.cell(1, 1).value == "รหัส (code)" and sheet.cell(1, 3).value == "คะแนน (score)"
    filled = 0
    for row in range(2, sheet.max_row + 1):
        code = str(sheet.cell(row, 1).value or "").strip().lower()
        if not code:
            continue
        if code.isdecimal():
            score = 80 + int(code)
        elif re.fullmatch(r"o\d+", code):
            score = 0 if code == "o12" else 100
        else:
            score = 70 + row % 25
        sheet.cell(row, 3).value = score
        filled += 1
    book.save(path)
    return filled


def test_an_officer_walks_her_year(page, live_server, clock, admin_org, tmp_path):
    org, plan, project = admin_org
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("admin-officer")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/o/**")

    # 1. Start ITA 2570 from 2569 and publish it for the organisation.
    page.goto(f"{base}/o/{org.slug}/")
    page.get_by_role("link", name=re.compile("^เกณฑ์ ITA ของหน่วยงาน")).click()
    page.get_by_label("ปีงบประมาณ (พ.ศ.) ที่จะเริ่ม").fill("2570")
    page.get_by_role("button", name="เริ่มเกณฑ์ปีนี้จากปีก่อน").click()
    page.get_by_text("เริ่มฉบับร่างเกณฑ์ปี 2570 จากปี 2569 แล้ว").wait_for()
    page.get_by_role("button", name="ประกาศใช้เป็นเกณฑ์ปี 2570 ของหน่วยงาน").click()
    page.get_by_text("ประกาศใช้เกณฑ์ปี 2570 ของหน่วยงานแล้ว").wait_for()
    page.wait_for_url(f"**/o/{org.slug}/ita/2570/")
    provisional = "เกณฑ์ปี ๒๕๗๐ เป็นฉบับร่างที่หน่วยงานจัดทำจากปี ๒๕๖๙ ยังไม่ใช่เกณฑ์ที่ ป.ป.ช. ประกาศ"
    page.get_by_role("note").filter(has_text=provisional).wait_for()
    assert Framework.objects.get(org=org, year=2570).status == "published"

    # 2. Import 2569's results from the downloaded template, filled in.
    page.goto(f"{base}/o/{org.slug}/")
    page.get_by_role("link", name="2569", exact=True).click()  # "enter or import the results of"
    page.get_by_role("link", name="นำเข้าไฟล์ผลการประเมิน").click()
    with page.expect_download() as template:
        page.get_by_role("link", name="ดาวน์โหลดแม่แบบ Excel ปี 2569").click()
    workbook = tmp_path / template.value.suggested_filename
    assert workbook.suffix == ".xlsx"
    template.value.save_as(workbook)
    filled = fill_template(workbook)
    page.get_by_label("ไฟล์ผลการประเมิน (CSV หรือ Excel)").set_input_files(str(workbook))
    page.get_by_role("button", name="นำเข้า").click()
    page.get_by_text("ยังไม่มีการบันทึกข้อมูล").wait_for()  # the preview: nothing written yet
    assert not ItaResult.objects.filter(org=org, year=2569).exists()
    page.get_by_role("button", name="ยืนยันการนำเข้า").click()
    page.get_by_text("นำเข้าผลการประเมินแล้ว").wait_for()
    assert ItaResult.objects.get(org=org, year=2569).scores.count() == filled

    # 3. The analysis of 2569: a guideline for indicator 9 (OIT) and a measure for 2570.
    page.get_by_role("link", name="การวิเคราะห์และมาตรการปรับปรุง").first.click()
    section = page.locator("#indicator-9")
    section.get_by_label("แนวทางการยกระดับผลการประเมิน").fill(GUIDELINE)
    section.get_by_role("button", name="บันทึกการวิเคราะห์").click()
    section.get_by_text("บันทึกแล้ว").wait_for()
    assert IndicatorAnalysis.objects.get(result__org=org, indicator=9).guideline == GUIDELINE
    section.locator("summary").click()
    section.get_by_label("มาตรการ โครงการ หรือกิจกรรม").fill(MEASURE)
    section.get_by_label("หน่วยงานที่รับผิดชอบ").select_option(label="สำนักปลัด")
    section.get_by_role("button", name="เพิ่มมาตรการนี้").click()
    page.get_by_text("เพิ่มมาตรการแล้ว").wait_for()
    measure = IntegrityMeasure.objects.get(org=org)
    assert (measure.name, measure.ita_year, measure.fiscal_year) == (MEASURE, 2569, 2570)

    with page.expect_download() as analysis:
        page.get_by_role("link", name="ดาวน์โหลดผลการวิเคราะห์ (PDF)").click()
    text = pdf_text(analysis.value, tmp_path / "analysis-2569.pdf")
    for phrase in (ORG_NAME, "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙", GUIDELINE, MEASURE):
        assert flat(phrase) in text, phrase

    # 4. The project's 6-month progress of 2570, from the project page.
    page.goto(f"{base}/o/{org.slug}/plans/{plan.pk}/projects/{project.pk}/")
    page.get_by_role("link", name="รายงานความก้าวหน้ารอบ ๖ เดือน ปี 2570").click()
    page.get_by_label("สถานะ").select_option(label="กำลังดำเนินการ")
    page.get_by_label("ความสำเร็จ (%)").fill("50")
    page.get_by_label("งบประมาณที่ใช้ไป (บาท)").fill("12000")
    page.get_by_label("ผลการดำเนินงาน").fill(DONE)
    page.get_by_role("button", name="บันทึกความก้าวหน้า").click()
    page.get_by_text("บันทึกความก้าวหน้าแล้ว").wait_for()
    assert Progress.objects.get(project=project, fiscal_year=2570, round="h1").done == DONE

    # 5. The plan's 6-month report of 2570 and the measures announcement of 2570.
    page.goto(f"{base}/o/{org.slug}/plans/{plan.pk}/?year=2570")
    with page.expect_download() as report:
        page.get_by_role("link", name="รายงานรอบ ๖ เดือน (PDF)").click()
    text = pdf_text(report.value, tmp_path / "plan-report-2570.pdf")
    for phrase in (
        ORG_NAME,
        "ปีงบประมาณ พ.ศ. ๒๕๗๐ รอบ ๖ เดือน",
        "๑ ตุลาคม ๒๕๖๙ – ๓๑ มีนาคม ๒๕๗๐",
        PROJECT,
        DONE,
        "๒๐,๐๐๐",  # the budget of 2570
        "๑๒,๐๐๐",  # spent
        "๑๖ มีนาคม ๒๕๗๐",  # signed today, by the test's clock
    ):
        assert flat(phrase) in text, phrase

    page.goto(f"{base}/o/{org.slug}/documents/?year=2570")
    row = page.get_by_role("row").filter(
        has_text="ประกาศมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    )
    with page.expect_download() as announcement:
        row.get_by_role("link", name="PDF").click()
    text = pdf_text(announcement.value, tmp_path / "measures-announcement-2570.pdf")
    for phrase in (ORG_NAME, "ประจำปีงบประมาณ พ.ศ. ๒๕๗๐", MEASURE, "สำนักปลัด"):
        assert flat(phrase) in text, phrase
