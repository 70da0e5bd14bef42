"""The landing page: Thai by default, English on request, the criteria library listed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.orgs.models import Membership
from prongsai.test import PASSWORD, BaseTestCase
from prongsai.thai import fiscal_year


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


class LandingTests(BaseTestCase):
    """After logging in, each role lands where its work is."""

    def landing(self, user) -> str:
        self.client.force_login(user)
        return self.client.get("/")["Location"]

    def test_an_officer_of_one_organisation_lands_on_its_current_year_dashboard(self):
        year = fiscal_year(timezone.localdate())
        self.assertEqual(
            self.landing(self.officer_a), reverse("ita:dashboard", args=[self.org_a.slug, year])
        )

    def test_a_province_reader_lands_on_the_province_page(self):
        self.assertEqual(self.landing(self.province_a), reverse("ita:province", args=["ชลบุรี"]))

    def test_a_province_administrator_lands_on_the_province_page(self):
        admin = self.province_admin("khonkaen-admin", "ขอนแก่น")
        self.assertEqual(self.landing(admin), reverse("ita:province", args=["ขอนแก่น"]))
        page = self.client.get(reverse("ita:province", args=["ขอนแก่น"]))
        self.assertContains(page, reverse("delegation:province", args=["ขอนแก่น"]))

    def test_someone_of_two_organisations_chooses_from_the_list(self):
        Membership.objects.create(user=self.officer_a, org=self.org_b, role="officer")
        self.assertEqual(self.landing(self.officer_a), reverse("orgs:list"))

    def test_the_login_form_sends_the_officer_there_too(self):
        response = self.client.post(
            reverse("login"), {"username": "officer-a", "password": PASSWORD}, follow=True
        )
        year = fiscal_year(timezone.localdate())
        self.assertEqual(
            response.redirect_chain[-1][0], reverse("ita:dashboard", args=[self.org_a.slug, year])
        )
