"""The action plan in a real browser: create a project, record its 6-month progress, download the
6-month report and find the project and its progress in it."""

from __future__ import annotations

import re
import subprocess
import unicodedata

import pytest
from django.contrib.auth import get_user_model

from prongsai.orgs.models import Membership, Organisation, Unit
from prongsai.plans.models import Progress, Project
from prongsai.plans.templates_data import create_plan

pytestmark = pytest.mark.slow  # a browser: nothing the database engine changes

PASSWORD = "a-long-browser-password"


@pytest.fixture
def plan(transactional_db):
    org = Organisation.objects.create(
        slug="ban-suan", name_th="องค์การบริหารส่วนตำบลบ้านสวน", kind="sao", province="ชลบุรี"
    )
    Unit.objects.create(org=org, name="สำนักปลัด")
    user = get_user_model().objects.create_user("officer", password=PASSWORD)
    Membership.objects.create(user=user, org=org, role="officer")
    return create_plan(org, "แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. ๒๕๖๖ – ๒๕๗๐)")


def flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_project_progress_and_report(page, live_server, plan, tmp_path):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("officer")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/o/**")

    page.goto(f"{base}/o/{plan.org.slug}/plans/{plan.pk}/")
    page.get_by_role("link", name="เพิ่มโครงการ").click()
    page.get_by_label("ภารกิจ").select_option(index=1)
    page.get_by_label("ชื่อ", exact=True).fill("โครงการอบรมจริยธรรมพนักงาน")
    page.get_by_label("ตั้งแต่ปีงบประมาณ").fill("2568")
    page.get_by_label("ถึงปีงบประมาณ").fill("2569")
    page.get_by_label("หน่วยงานที่รับผิดชอบ").select_option(label="สำนักปลัด")
    page.get_by_label("งบประมาณปี 2568 (บาท)").fill("15000")
    page.get_by_role("button", name="บันทึกรายละเอียดโครงการ").click()
    page.get_by_text("บันทึกรายละเอียดโครงการแล้ว").wait_for()
    project = Project.objects.get(name="โครงการอบรมจริยธรรมพนักงาน")

    page.goto(f"{base}/o/{plan.org.slug}/plans/{plan.pk}/projects/{project.pk}/progress/2568/h1/")
    page.get_by_label("สถานะ").select_option(label="กำลังดำเนินการ")
    page.get_by_label("ความสำเร็จ (%)").fill("60")
    page.get_by_label("งบประมาณที่ใช้ไป (บาท)").fill("9000")
    page.get_by_label("ผลการดำเนินงาน").fill("จัดอบรมพนักงานแล้ว ๒ รุ่น")
    page.get_by_role("button", name="บันทึกความก้าวหน้า").click()
    page.get_by_text("บันทึกความก้าวหน้าแล้ว").wait_for()
    assert Progress.objects.get(project=project, fiscal_year=2568, round="h1").percent == 60

    page.goto(f"{base}/o/{plan.org.slug}/plans/{plan.pk}/?year=2568&round=h1")
    with page.expect_download() as report:
        page.get_by_role("link", name="รายงานรอบ ๖ เดือน (PDF)").click()
    pdf = tmp_path / "report.pdf"
    report.value.save_as(pdf)
    text = flat(
        subprocess.run(
            ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    for phrase in ("รอบ๖เดือน", "โครงการอบรมจริยธรรมพนักงาน", "จัดอบรมพนักงานแล้ว๒รุ่น", "๙,๐๐๐"):
        assert flat(phrase) in text, phrase
