"""The OIT checklist in a real browser for the demo organisation: readiness, what-if, and an item
becoming ready when its evidence and components are recorded."""

from __future__ import annotations

import pytest

from prongsai.demo.site import load_demo

pytestmark = pytest.mark.slow  # a browser: nothing the database engine changes

PASSWORD = "a-long-browser-password"


@pytest.fixture
def demo(transactional_db):
    load_demo(PASSWORD)


def test_checklist_readiness_and_an_item_made_ready(page, live_server, demo):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("officer-bansuan")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/o/**")
    page.goto(f"{base}/o/ban-suan/oit/2568/")
    before = float(page.locator("[data-oit]").inner_text())
    assert page.locator("[data-what-if]").is_visible()
    assert page.locator('tr[data-item="o20"]').get_attribute("data-state") == "missing"

    page.locator('tr[data-item="o20"] a').first.click()
    page.get_by_label("URL บนเว็บไซต์หลัก").fill("https://www.bansuan-demo.example/ita/2568/o20")
    ticks = page.locator('input[type="checkbox"][name^="tick_"]')
    assert ticks.count() == 4  # o20's four components (participation)
    for n in range(ticks.count()):
        ticks.nth(n).check()
    page.get_by_role("button", name="บันทึกหลักฐาน").click()
    page.get_by_text("บันทึกหลักฐานข้อ o20 แล้ว").wait_for()
    assert page.locator('tr[data-item="o20"]').get_attribute("data-state") == "ready"
    after = float(page.locator("[data-oit]").inner_text())
    assert after > before
