"""A province administrator's journey in a real browser, from the province page's own links:
imports a register of organisations, imports their ITA results for the province (upload →
preview → confirm), and downloads the province report, read back with pdftotext."""

from __future__ import annotations

import re
import subprocess
import unicodedata

import pytest
from django.contrib.auth import get_user_model

from prongsai.ita.models import ItaResult, OrgYearSummary
from prongsai.orgs.models import Organisation, ProvinceAdministrator

pytestmark = pytest.mark.slow  # a browser: seconds

PASSWORD = "a-long-browser-password"
REGISTER = (
    "code,name_th,kind,size,province,district,subdistrict\n"
    "6200301,องค์การบริหารส่วนตำบลหนองชาก,อบต.,เล็ก,ชลบุรี,บ้านบึง,หนองชาก\n"
    "6200302,เทศบาลเมืองแสนสุข,เทศบาลเมือง,ใหญ่,ชลบุรี,เมืองชลบุรี,แสนสุข\n"
)
# One organisation a row (wide), by official code, Thai digits in one row: ITA 2566 indicators.
RESULTS = (
    "org_code,1,2,3,4,5,6,7,8,9,10\n"
    "6200301,95.01,84.45,88.62,83.07,86.04,85.07,84.54,82.73,100,100\n"
    "๖๒๐๐๓๐๒,๗๐,๗๐,๗๐,๗๐,๗๐,๗๐,๗๐,๗๐,๗๐,๗๐\n"
)


@pytest.fixture
def province_admin(transactional_db):
    user = get_user_model().objects.create_user("chonburi-admin", password=PASSWORD)
    ProvinceAdministrator.objects.create(user=user, province="ชลบุรี")
    return user


def flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_register_results_and_the_province_report(page, live_server, province_admin, tmp_path):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("chonburi-admin")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.goto(f"{base}/o/")
    page.get_by_role("link", name="ชลบุรี").click()

    # 1. The register: two organisations of the province.
    page.get_by_role("link", name="นำเข้าทะเบียนหน่วยงาน").click()
    register = tmp_path / "register.csv"
    register.write_text(REGISTER, encoding="utf-8")
    page.get_by_label("ไฟล์ทะเบียนหน่วยงาน (CSV หรือ XLSX)").set_input_files(str(register))
    page.get_by_role("button", name="ตรวจไฟล์").click()
    page.get_by_text("หน่วยงานใหม่ 2 แห่ง").wait_for()
    page.get_by_role("button", name="นำเข้า", exact=True).click()
    page.get_by_text("สร้างหน่วยงาน 2 แห่ง").wait_for()
    assert set(Organisation.objects.values_list("code", flat=True)) == {"6200301", "6200302"}

    # 2. Their results, from the province page's link for ITA 2566.
    page.get_by_role("link", name="ITA 2566").click()
    results = tmp_path / "results-2566.csv"
    results.write_text(RESULTS, encoding="utf-8")
    page.get_by_label("ไฟล์ผลการประเมิน (CSV หรือ Excel)").set_input_files(str(results))
    page.get_by_role("button", name="นำเข้า", exact=True).click()
    page.get_by_role("button", name="ยืนยันการนำเข้า").wait_for()
    assert not ItaResult.objects.exists()  # the preview wrote nothing
    page.get_by_role("button", name="ยืนยันการนำเข้า").click()
    page.get_by_text("นำเข้าผลการประเมินของ 2 หน่วยงานแล้ว").wait_for()
    assert ItaResult.objects.filter(year=2566, org__province="ชลบุรี").count() == 2
    assert OrgYearSummary.objects.filter(year=2566).count() == 2

    # 3. The province report, from the comparison page the import returned to.
    with page.expect_download() as report:
        page.get_by_role("link", name="รายงานระดับจังหวัด (PDF)").click()
    path = tmp_path / "province-report.pdf"
    report.value.save_as(path)
    text = flat(
        subprocess.run(
            ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    for phrase in (
        "จังหวัดชลบุรี",
        "ปีงบประมาณ พ.ศ. ๒๕๖๖",
        "๑ องค์การบริหารส่วนตำบลหนองชาก",  # ranked first, its total as imported
        "๙๑.๔๗ ผ่าน",
        "๒ เทศบาลเมืองแสนสุข ๗๐.๐๐",  # the row in Thai digits came through
    ):
        assert flat(phrase) in text, phrase
