"""The complaint channel in a real browser: an anonymous complaint, its receipt kept, a handler
acknowledging and replying, and the complainant reading the reply with the receipt."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from prongsai.complaints.models import Complaint, ComplaintRole
from prongsai.orgs.models import Membership, Organisation

PASSWORD = "a-long-browser-password"


@pytest.fixture
def org(transactional_db):
    org = Organisation.objects.create(
        slug="ban-suan", name_th="องค์การบริหารส่วนตำบลบ้านสวน", kind="sao", province="ชลบุรี"
    )
    handler = get_user_model().objects.create_user("handler", password=PASSWORD)
    Membership.objects.create(user=handler, org=org, role="auditor")
    ComplaintRole.objects.create(org=org, user=handler, role="handler")
    return org


def test_anonymous_complaint_reply_read_with_the_receipt(browser, page, live_server, org):
    base = live_server.url
    citizen = browser.new_context(locale="th-TH", viewport={"width": 360, "height": 740}).new_page()
    citizen.goto(f"{base}/c/{org.slug}/")
    citizen.get_by_label("การทุจริตหรือประพฤติมิชอบ").check()
    citizen.get_by_label("เกิดอะไรขึ้น").fill("มีการเรียกเงินเพิ่มเพื่อออกใบอนุญาตก่อสร้างเร็วขึ้น")
    citizen.get_by_role("button", name="ส่งเรื่องร้องเรียน").click()
    receipt = citizen.locator("[data-receipt]").inner_text().replace(" ", "")
    assert len(receipt) == 16 and receipt.isdigit()
    complaint = Complaint.objects.get()
    assert complaint.anonymous and not complaint.has_identity

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("handler")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/o/**")
    page.goto(f"{base}/o/{org.slug}/complaints/")
    page.locator("table a").first.click()
    page.get_by_label("สถานะใหม่").select_option(label="แจ้งรับเรื่องแก่ผู้ร้องแล้ว")
    page.get_by_role("button", name="บันทึกสถานะ").click()
    page.get_by_text("เปลี่ยนสถานะแล้ว").wait_for()
    page.get_by_label("ตอบผู้ร้องเรียน").fill("หน่วยงานรับเรื่องแล้ว และตั้งกรรมการตรวจสอบภายใน ๑๕ วัน")
    page.get_by_role("button", name="ส่งคำตอบ").click()
    page.get_by_text("ส่งคำตอบแล้ว").wait_for()

    citizen.goto(f"{base}/c/{org.slug}/follow-up/")
    citizen.get_by_label("เลขรับเรื่อง ๑๖ หลักของท่าน").fill(receipt)
    citizen.get_by_role("button", name="แสดงสถานะ").click()
    citizen.get_by_text("หน่วยงานรับเรื่องแล้ว และตั้งกรรมการตรวจสอบภายใน ๑๕ วัน").wait_for()
    assert citizen.locator("[data-status]").inner_text() == "แจ้งรับเรื่องแก่ผู้ร้องแล้ว"
    assert receipt not in citizen.url  # the receipt never travels in a URL
