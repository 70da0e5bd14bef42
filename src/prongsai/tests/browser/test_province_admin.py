"""A province administrator in a real browser: onboards organisations (imports a register:
upload → preview → confirm; invites an organisation's administrator, who sets a password through
the one-time link and lands on their organisation's people page), and imports the province's
results and downloads the province report."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from prongsai.api.models import ApiToken
from prongsai.ita.models import ItaResult, OrgYearSummary
from prongsai.lpa.models import LpaResult
from prongsai.lpa.tests.test_seed_004 import SEED as SEED_004
from prongsai.orgs.models import Membership, Organisation, ProvinceRole
from prongsai.tests.browser.test_officer_year import flat, pdf_text

pytestmark = pytest.mark.slow  # a browser: seconds

PASSWORD = "a-long-browser-password"
REGISTER = (
    "code,name_th,kind,size,province,district,subdistrict,website\n"
    "6200301,องค์การบริหารส่วนตำบลหนองชาก,อบต.,เล็ก,ชลบุรี,บ้านบึง,หนองชาก,www.nongchak.example\n"
    "6200302,เทศบาลเมืองแสนสุข,เทศบาลเมือง,ใหญ่,ชลบุรี,เมืองชลบุรี,แสนสุข,\n"
)

# One organisation a row (wide), by official code, Thai digits in one row: ITA 2566 indicators.
RESULTS = (
    "org_code,1,2,3,4,5,6,7,8,9,10\n"
    "6200301,95.01,84.45,88.62,83.07,86.04,85.07,84.54,82.73,100,100\n"
    "๖๒๐๐๓๐๒,๗๐,๗๐,๗๐,๗๐,๗๐,๗๐,๗๐,๗๐,๗๐,๗๐\n"
)


@pytest.fixture
def province_admin(transactional_db):
    user = get_user_model().objects.create_user("province-admin", password=PASSWORD)
    ProvinceRole.objects.create(user=user, province="ชลบุรี", role=ProvinceRole.Role.ADMINISTRATOR)
    return user


def log_in(page, url, username, password):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def import_register(page, url, tmp_path):
    """Log in as the province administrator, go to the province page from the list of one's
    organisations and provinces, and import REGISTER there (upload → preview → confirm)."""
    log_in(page, url, "province-admin", PASSWORD)
    page.goto(f"{url}/o/")
    page.get_by_role("link", name="ชลบุรี").click()
    page.get_by_role("link", name="นำเข้าทะเบียนหน่วยงาน").click()
    register = tmp_path / "register.csv"
    register.write_text(REGISTER, encoding="utf-8")
    page.get_by_label("ไฟล์ทะเบียนหน่วยงาน (CSV หรือ XLSX)").set_input_files(str(register))
    page.get_by_role("button", name="ตรวจไฟล์").click()
    page.get_by_text("หน่วยงานใหม่ 2 แห่ง").wait_for()  # the preview: nothing written yet
    assert not Organisation.objects.exists()
    page.get_by_role("button", name="นำเข้า", exact=True).click()
    page.get_by_text("สร้างหน่วยงาน 2 แห่ง").wait_for()


def test_a_province_administrator_imports_a_register_and_invites(
    page, live_server, province_admin, tmp_path
):
    import_register(page, live_server.url, tmp_path)
    org = Organisation.objects.get(code="6200301")
    assert (org.province, org.district, org.subdistrict.name_th) == ("ชลบุรี", "บ้านบึง", "หนองชาก")

    page.get_by_role("link", name="องค์การบริหารส่วนตำบลหนองชาก").click()
    page.get_by_label("อีเมล").fill("palad@nongchak.example")
    page.locator("#id_first_name").fill("สมหญิง")
    page.get_by_role("button", name="ส่งคำเชิญ").click()
    page.get_by_text("ส่งคำเชิญไปที่ palad@nongchak.example แล้ว").wait_for()
    assert Membership.objects.get(org=org, user__email="palad@nongchak.example").role == "admin"

    link = re.search(r"https?://\S+/reset/\S+/", mail.outbox[-1].body)[0]
    page.context.clear_cookies()  # the province administrator leaves; the invitee opens the link
    page.goto(link)
    page.locator("#id_new_password1").fill("nongchak-admin-password")
    page.locator("#id_new_password2").fill("nongchak-admin-password")
    page.get_by_role("button", name="ตั้งรหัสผ่าน").click()
    page.get_by_text("ตั้งรหัสผ่านแล้ว").first.wait_for()
    log_in(page, live_server.url, "palad@nongchak.example", "nongchak-admin-password")
    page.goto(f"{live_server.url}/o/{org.slug}/people/")
    page.get_by_text("palad@nongchak.example").first.wait_for()


def test_a_province_administrator_imports_results_and_downloads_the_report(
    page, live_server, province_admin, tmp_path
):
    """From the province page's own links: a register, the province's ITA results (upload →
    preview → confirm), then the province report, read back with pdftotext."""
    import_register(page, live_server.url, tmp_path)  # 1. the register: two organisations
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
    text = pdf_text(report.value, tmp_path / "province-report.pdf")
    for phrase in (
        "จังหวัดชลบุรี",
        "ปีงบประมาณ พ.ศ. ๒๕๖๖",
        "๑ องค์การบริหารส่วนตำบลหนองชาก",  # ranked first, its total as imported
        "๙๑.๔๗ ผ่าน",
        "๒ เทศบาลเมืองแสนสุข ๗๐.๐๐",  # the row in Thai digits came through
    ):
        assert flat(phrase) in text, phrase

    # 4. The other actions the province page links: another province's LPA table is refused by
    # row (nothing written), and a province API token is made and shown once.
    page.goto(f"{live_server.url}/province/ชลบุรี/admin/")
    page.get_by_role("link", name="นำเข้าตาราง LPA ของจังหวัด").click()
    page.get_by_label("ปีที่ประเมิน (พ.ศ.)").fill("๒๕๖๖")
    page.get_by_label("ตารางผล LPA (CSV หรือ Excel)").set_input_files(str(SEED_004))
    page.get_by_role("button", name="ตรวจไฟล์").click()
    page.get_by_text("แถว 2 คอลัมน์ province: จังหวัด 'เชียงราย' ไม่ใช่จังหวัดชลบุรี").wait_for()
    assert not LpaResult.objects.exists()
    page.goto(f"{live_server.url}/province/ชลบุรี/admin/")
    page.get_by_role("link", name="โทเค็น API ของจังหวัด").click()
    page.get_by_label("ใช้โทเค็นนี้ทำอะไร").fill("แดชบอร์ดจังหวัด")
    page.get_by_role("button", name="สร้างโทเค็น").click()
    shown = page.locator("#new-token").inner_text()
    assert ApiToken.objects.find(shown).province == "ชลบุรี"
