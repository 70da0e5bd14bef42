"""A province administrator onboards organisations in a real browser: imports a register
(upload → preview → confirm), invites an organisation's administrator, who sets a password
through the one-time link and lands on their organisation's people page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from prongsai.orgs.models import Membership, Organisation, ProvinceAdministrator

pytestmark = pytest.mark.slow  # a browser: seconds

PASSWORD = "a-long-browser-password"
REGISTER = (
    "code,name_th,kind,size,province,district,subdistrict,website\n"
    "6200301,องค์การบริหารส่วนตำบลหนองชาก,อบต.,เล็ก,ชลบุรี,บ้านบึง,หนองชาก,www.nongchak.example\n"
    "6200302,เทศบาลเมืองแสนสุข,เทศบาลเมือง,ใหญ่,ชลบุรี,เมืองชลบุรี,แสนสุข,\n"
)


@pytest.fixture
def province_admin(transactional_db):
    user = get_user_model().objects.create_user("province-admin", password=PASSWORD)
    ProvinceAdministrator.objects.create(user=user, province="ชลบุรี")
    return user


def log_in(page, url, username, password):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def test_a_province_administrator_imports_a_register_and_invites(
    page, live_server, province_admin, tmp_path
):
    log_in(page, live_server.url, "province-admin", PASSWORD)
    page.goto(f"{live_server.url}/o/")
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
