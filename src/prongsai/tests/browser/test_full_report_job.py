"""A province administrator on a 360 px phone asks for the province's full report (more rows
than the report prints), lands on the province's job page, watches it reach "n จาก n" without
a reload and downloads the Word file; no page scrolls sideways, axe-core checks each one."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from docx import Document

from prongsai.ita import full_report, province_report
from prongsai.ita.models import ItaResult
from prongsai.ita.results import save_results
from prongsai.jobs.models import Job
from prongsai.orgs.models import Organisation, ProvinceRole
from prongsai.test import results_2568
from prongsai.tests.browser.test_province_admin import log_in

pytestmark = pytest.mark.slow  # a browser: seconds

PASSWORD = "a-long-browser-password"
NAMES = ("องค์การบริหารส่วนตำบลหนองชาก", "เทศบาลเมืองแสนสุข", "องค์การบริหารส่วนตำบลบางพระ")


def test_the_full_province_report_on_a_phone(browser, live_server, transactional_db):
    user = get_user_model().objects.create_user("province-admin", password=PASSWORD)
    ProvinceRole.objects.create(user=user, province="ชลบุรี", role=ProvinceRole.Role.ADMINISTRATOR)
    for n, name in enumerate(NAMES):
        org = Organisation.objects.create(slug=f"p{n}", name_th=name, kind="sao", province="ชลบุรี")
        save_results(org, 2568, results_2568(), ItaResult.Source.MANUAL)
    context = browser.new_context(locale="th-TH", viewport={"width": 360, "height": 740})
    phone = context.new_page()

    def fits() -> None:
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (phone.url, width)

    # the report prints two rows here: the third is the full report's
    with (
        mock.patch.object(province_report, "REPORT_ROWS", 2),
        mock.patch.object(full_report.full_report, "delay") as delay,
    ):
        log_in(phone, live_server.url, "province-admin", PASSWORD)
        phone.goto(f"{live_server.url}/province/ชลบุรี/?year=2568")
        fits()
        phone.get_by_role(
            "button", name="รายงานฉบับเต็ม (ครบทั้ง 3 หน่วยงาน) เป็น Word จัดทำเป็นงานเบื้องหลัง"
        ).click()
        phone.get_by_text("กำลังจัดทำรายงานฉบับเต็ม หน้านี้แสดงความคืบหน้า").wait_for()
    job = Job.objects.get(kind=Job.Kind.ITA_REPORT)
    delay.assert_called_once_with(job.pk)
    assert phone.url.endswith(reverse("jobs:province-detail", args=["ชลบุรี", job.pk]))
    assert phone.locator("[data-count]").inner_text() == "0 จาก 3"
    fits()
    # a worker runs it: the bar reaches 3 of 3 and the download appears, no reload
    assert full_report.full_report.apply(args=[job.pk]).get() == "done"
    phone.locator("#job-progress[data-state=done]").wait_for(timeout=10_000)
    assert phone.locator("[data-count]").inner_text() == "3 จาก 3"
    fits()
    with phone.expect_download() as download:
        phone.get_by_role("link", name="ดาวน์โหลดผลลัพธ์").click()
    ranking = Document(io.BytesIO(open(download.value.path(), "rb").read())).tables[0]
    assert sorted(row.cells[1].text for row in ranking.rows[1:]) == sorted(NAMES)
    # the province's job list holds it
    phone.get_by_role("link", name="งานเบื้องหลัง").click()
    phone.locator(f'[data-job="{job.pk}"]').wait_for()
    fits()
    context.close()
