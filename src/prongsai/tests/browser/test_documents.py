"""The documents page in a real browser: a PDF takes seconds to make, and the page says so while
it is being made and when it has arrived."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from prongsai.orgs.models import Membership, Organisation

PASSWORD = "a-long-browser-password"


@pytest.mark.slow  # a browser and LibreOffice: nothing the database engine changes
def test_a_download_shows_that_the_document_is_being_made(page, live_server, transactional_db):
    org = Organisation.objects.create(
        slug="ban-suan", name_th="องค์การบริหารส่วนตำบลบ้านสวน", kind="sao", province="ชลบุรี",
        head_name="นายสมชาย ใจดี", head_position="นายกองค์การบริหารส่วนตำบลบ้านสวน",
    )  # fmt: skip
    user = get_user_model().objects.create_user("officer", password=PASSWORD)
    Membership.objects.create(user=user, org=org, role="officer")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("officer")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.goto(f"{live_server.url}/o/ban-suan/documents/?year=2569")

    # Everything the status line says is recorded as it changes: a document made in under half
    # a second is "ready" before a test could look, and the page must still have said "making".
    page.evaluate(
        """() => {
            const status = document.getElementById("download-status");
            window.said = [];
            new MutationObserver(() => window.said.push(status.hidden ? "" : status.textContent))
                .observe(status, {childList: true, characterData: true, subtree: true,
                                  attributes: true});
        }"""
    )
    status = page.get_by_role("status").filter(has_text="เอกสาร")
    row = page.get_by_role("row").filter(has_text="ข้อมูลเชิงสถิติเรื่องร้องเรียน")
    with page.expect_download() as download:
        row.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    status.filter(has_text="เอกสารพร้อมแล้ว").wait_for()
    said = page.evaluate("() => window.said")
    making = [s for s in said if s.startswith("กำลังจัดทำเอกสาร: ข้อมูลเชิงสถิติเรื่องร้องเรียน")]
    assert making, said
    assert said.index(making[0]) < max(i for i, s in enumerate(said) if "เอกสารพร้อมแล้ว" in s)
