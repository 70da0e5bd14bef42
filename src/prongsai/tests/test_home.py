"""The landing page: Thai by default, English on request, the criteria library listed."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_it_speaks_thai_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="th">' in page
    assert "เกณฑ์การประเมิน ITA ที่มาพร้อมโปร่งใส" in page
    assert (
        "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. 2568"
        in page
    )


@pytest.mark.django_db
def test_it_switches_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "ITA criteria shipped with Prongsai" in page


@pytest.mark.django_db
def test_the_admin_login_is_there(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
