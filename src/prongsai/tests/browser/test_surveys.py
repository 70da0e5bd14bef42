"""Surveys in a real browser: an IIT form with a code from a printed slip (refused the second
time), the EIT form from the QR poster's URL, and the counts and scores moving for the officer."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from prongsai.orgs.models import Membership, Organisation
from prongsai.surveys import results
from prongsai.surveys.models import Campaign, Response

pytestmark = pytest.mark.slow  # a browser: nothing the database engine changes

PASSWORD = "a-long-browser-password"


@pytest.fixture
def setting(transactional_db):
    org = Organisation.objects.create(
        slug="ban-suan", name_th="องค์การบริหารส่วนตำบลบ้านสวน", kind="sao", province="ชลบุรี"
    )
    user = get_user_model().objects.create_user("officer", password=PASSWORD)
    Membership.objects.create(user=user, org=org, role="officer")
    today = timezone.localdate()
    iit = Campaign.objects.create(
        org=org, year=2568, tool="iit", opens=today, closes=today + timedelta(days=30)
    )
    eit = Campaign.objects.create(
        org=org, year=2568, tool="eit", opens=today, closes=today + timedelta(days=30)
    )
    return org, iit, eit


def pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def log_in(page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("officer")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/o/**")


def answer_everything(page) -> None:
    """Pick the first choice of every question, as a hurried but honest respondent would."""
    for fieldset in page.locator("fieldset.question").all():
        fieldset.locator("label.choice").first.click()


def test_codes_posters_and_live_counts(browser, page, live_server, setting, tmp_path, settings):
    org, iit, eit = setting
    base = live_server.url
    settings.BASE_URL = base  # printed matter carries the site's configured address
    log_in(page, base)

    # Print two slips and read a code off the PDF, as a person reads it off paper.
    page.goto(f"{base}/o/{org.slug}/surveys/{iit.pk}/")
    page.get_by_label("จำนวนบุคลากร (คน)").fill("2")
    with page.expect_download() as slips:
        page.get_by_role("button", name="พิมพ์บัตรรหัส (PDF)").click()
    slips_pdf = tmp_path / "slips.pdf"
    slips.value.save_as(slips_pdf)
    codes = re.findall(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b", pdf_text(slips_pdf))
    assert len(set(codes)) == 2

    staff = browser.new_context(locale="th-TH").new_page()
    staff.goto(f"{base}/s/{iit.token}/")
    staff.get_by_label("รหัสใช้ครั้งเดียวของท่าน").fill(codes[0])
    staff.get_by_role("button", name="ไปยังแบบสอบถาม").click()
    answer_everything(staff)
    staff.get_by_role("button", name="ส่งคำตอบ").click()
    staff.get_by_text("ได้รับคำตอบของท่านแล้ว").wait_for()

    # The same code again is refused at once, before a single question.
    staff.goto(f"{base}/s/{iit.token}/")
    staff.get_by_label("รหัสใช้ครั้งเดียวของท่าน").fill(codes[0])
    staff.get_by_role("button", name="ไปยังแบบสอบถาม").click()
    staff.get_by_text("รหัสนี้ไม่ถูกต้องหรือถูกใช้แล้ว").wait_for()
    assert staff.locator("input[type=radio]").count() == 0
    assert Response.objects.filter(campaign=iit).count() == 1

    # The EIT poster: its URL, read off the PDF, is where the public goes.
    page.goto(f"{base}/o/{org.slug}/surveys/{eit.pk}/")
    with page.expect_download() as poster:
        page.get_by_role("link", name="โปสเตอร์ QR (PDF)").click()
    poster_pdf = tmp_path / "poster.pdf"
    poster.value.save_as(poster_pdf)
    url = re.search(r"https?://\S+/s/[\w-]+/", pdf_text(poster_pdf)).group(0)
    assert url == f"{base}/s/{eit.token}/"

    page.reload()
    assert page.locator('[data-score="eit"]').count() == 0  # k-anonymity: no score yet
    counts = []
    for _person in range(5):
        phone = browser.new_context(
            locale="th-TH", viewport={"width": 360, "height": 740}
        ).new_page()
        phone.goto(url)
        answer_everything(phone)
        phone.get_by_role("button", name="ส่งคำตอบ").click()
        phone.get_by_text("ได้รับคำตอบของท่านแล้ว").wait_for()
        phone.goto(url)  # the same phone again: one response per browser
        phone.get_by_text("อุปกรณ์นี้ตอบแบบสำรวจนี้แล้ว").wait_for()
        page.reload()
        counts.append(int(page.locator("[data-count]").inner_text()))
        phone.context.close()
    assert counts == [1, 2, 3, 4, 5]
    # From five responses on, the engine's EIT score appears, the same as the engine gives.
    expected = results.engine_scores(eit).to_dict()["tools"]["eit"]
    assert page.locator('[data-score="eit"]').inner_text() == f"{expected:.2f}"
