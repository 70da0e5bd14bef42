"""The ethics pages: who may see and change what, and what they show."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from prongsai.ethics.models import (
    EthicsAddition,
    GiftEntry,
    Indicator,
    IndicatorYear,
    NoGiftActivity,
    NoGiftAnnouncement,
)
from prongsai.ethics.standards import load_standards
from prongsai.test import BaseTestCase

YEAR = 2568


def ethics_patterns() -> list[tuple[str, list[str], object]]:
    """(name, kwarg names, view) of every route of the ethics app."""
    out = []

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace == "ethics" and p.name:
                out.append((f"ethics:{p.name}", list(p.pattern.converters), p.callback))

    walk(get_resolver().url_patterns)
    return out


class EthicsViewTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_standards(cls.org_a)
        cls.indicator_a = Indicator.objects.get(
            standard__org=cls.org_a, standard__number=2, number=1
        )
        cls.addition_a = EthicsAddition.objects.create(org=cls.org_a, number=1, text="ข้อกำหนดของเอ")
        cls.activity_a = NoGiftActivity.objects.create(
            org=cls.org_a, held_on=date(2025, 1, 15), name="ประชุมชี้แจงนโยบาย"
        )
        cls.gift_a = GiftEntry.objects.create(
            org=cls.org_a, date=date(2025, 1, 2), official_name="นางสาวพิมพ์ใจ ดีงาม", giver="ร้าน ก",
            relation="non_relative", occasion="ปีใหม่", description="กระเช้า", value=Decimal(500),
            decision="refused",
        )  # fmt: skip

    def kwargs_for(self, route: str, names: list[str]) -> dict:
        pk = {
            "ethics:addition": self.addition_a.pk,
            "ethics:addition-delete": self.addition_a.pk,
            "ethics:indicator-year": self.indicator_a.pk,
            "ethics:activity-delete": self.activity_a.pk,
            "ethics:gift": self.gift_a.pk,
        }.get(route)
        values = {
            "org_slug": self.org_a.slug,
            "year": YEAR,
            "pk": pk,
        }
        return {n: values[n] for n in names}


class AccessTests(EthicsViewTestCase):
    def test_there_are_routes_for_every_page(self):
        # The documents are made by the documents app's one download view.
        self.assertGreaterEqual(len(ethics_patterns()), 12)

    def test_every_ethics_url_is_404_for_another_organisations_officer(self):
        self.login(self.officer_b)
        for name, kwargs, _view in ethics_patterns():
            url = reverse(name, kwargs=self.kwargs_for(name, kwargs))
            for method in ("get", "post"):
                response = getattr(self.client, method)(url)
                with self.subTest(name=name, method=method):
                    self.assertIn(response.status_code, (404, 405), url)
        self.addition_a.refresh_from_db()
        self.activity_a.refresh_from_db()
        self.gift_a.refresh_from_db()

    def test_org_bs_officer_cannot_reach_as_objects_through_its_own_slug(self):
        self.login(self.officer_b)
        for name, kwargs, _view in ethics_patterns():
            if "pk" not in kwargs:
                continue
            url = reverse(
                name, kwargs=self.kwargs_for(name, kwargs) | {"org_slug": self.org_b.slug}
            )
            for method in ("get", "post"):
                with self.subTest(name=name, method=method):
                    self.assertIn(getattr(self.client, method)(url).status_code, (404, 405))
        self.assertTrue(EthicsAddition.objects.filter(pk=self.addition_a.pk).exists())

    def test_anonymous_visitors_are_sent_to_log_in(self):
        for name, kwargs, _view in ethics_patterns():
            url = reverse(name, kwargs=self.kwargs_for(name, kwargs))
            for method in ("get", "post"):
                response = getattr(self.client, method)(url)
                with self.subTest(name=name, method=method):
                    self.assertIn(response.status_code, (302, 405))
                    if response.status_code == 302:
                        self.assertIn(reverse("login"), response["Location"])

    def test_read_only_roles_get_403_on_every_change(self):
        for user in (self.auditor_a, self.province_a):
            self.login(user)
            for name, kwargs, _view in ethics_patterns():
                url = reverse(name, kwargs=self.kwargs_for(name, kwargs))
                response = self.client.post(url, {"text": "x", "number": 9, "value": "1"})
                with self.subTest(user=user.username, name=name):
                    self.assertIn(response.status_code, (403, 405))
        self.assertEqual(EthicsAddition.objects.count(), 1)
        self.assertEqual(NoGiftActivity.objects.count(), 1)
        self.assertFalse(IndicatorYear.objects.exists())
        self.assertFalse(NoGiftAnnouncement.objects.exists())

    def test_read_only_roles_read_every_page(self):
        self.login(self.auditor_a)
        for name in (
            "ethics:overview",
            "ethics:code",
            "ethics:standards",
            "ethics:ngp",
            "ethics:gifts",
            "ethics:gift",
        ):
            kwargs = [k for n, k, _v in ethics_patterns() if n == name][0]
            with self.subTest(name=name):
                self.assertEqual(
                    self.client.get(
                        reverse(name, kwargs=self.kwargs_for(name, kwargs))
                    ).status_code,
                    200,
                )

    def test_a_read_only_role_gets_no_blank_gift_form(self):
        self.login(self.auditor_a)
        url = reverse("ethics:gift-new", args=[self.org_a.slug, YEAR])
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_wrong_methods_are_405(self):
        self.login(self.officer_a)
        for name, args in (
            ("ethics:overview", [self.org_a.slug]),
            ("ethics:gifts", [self.org_a.slug, YEAR]),
        ):
            self.assertEqual(self.client.post(reverse(name, args=args)).status_code, 405)
        for name, args in (
            ("ethics:addition-delete", [self.org_a.slug, self.addition_a.pk]),
            ("ethics:activity-add", [self.org_a.slug, YEAR]),
            ("ethics:activity-delete", [self.org_a.slug, self.activity_a.pk]),
        ):
            self.assertEqual(self.client.get(reverse(name, args=args)).status_code, 405)

    def test_a_year_that_is_not_buddhist_era_is_404(self):
        self.login(self.officer_a)
        # <year:…> refuses it in reverse() too: the path is written out.
        self.assertEqual(self.client.get("/o/org-a/ethics/gifts/2025/").status_code, 404)

    def test_the_document_buttons_go_to_the_one_download_view(self):
        self.login(self.officer_a)
        pages = (
            (reverse("ethics:code", args=[self.org_a.slug]), "ethics_code"),
            (reverse("ethics:ngp", args=[self.org_a.slug, YEAR]), "ngp_announcement"),
            (reverse("ethics:ngp", args=[self.org_a.slug, YEAR]), "ngp_poster"),
            (reverse("ethics:gifts", args=[self.org_a.slug, YEAR]), "ngp_report"),
        )
        for url, kind in pages:
            with self.subTest(kind=kind):
                page = self.client.get(url).content.decode()
                download = reverse("documents:download", args=[self.org_a.slug, kind, "pdf"])
                self.assertIn(f"{download}?year=", page)


class CodePageTests(EthicsViewTestCase):
    def test_it_shows_the_national_code_and_the_additions(self):
        self.login(self.auditor_a)
        page = self.client.get(reverse("ethics:code", args=[self.org_a.slug]))
        self.assertContains(page, "ประมวลจริยธรรมพนักงานส่วนท้องถิ่น")
        self.assertContains(page, "ยึดมั่นในสถาบันหลักของประเทศ")
        self.assertContains(page, "ต้องปฏิบัติตามประมวลจริยธรรมอย่างตรงไปตรงมา")
        self.assertContains(page, "มาตรา 76 วรรคสาม")
        self.assertContains(page, "ข้อกำหนดของเอ")
        self.assertNotContains(page, 'name="text"')  # no form for a reader

    def test_an_officer_adds_edits_and_removes_an_addition(self):
        self.login(self.officer_a)
        url = reverse("ethics:code", args=[self.org_a.slug])
        self.assertContains(self.client.get(url), 'value="2"')  # the next number is offered
        response = self.client.post(
            url, {"number": 2, "text": "ไม่ใช้รถราชการไปธุระส่วนตัว", "adopted_on": "2025-01-10"}
        )
        self.assertRedirects(response, url)
        added = EthicsAddition.objects.get(org=self.org_a, number=2)
        self.assertEqual(added.adopted_on, date(2025, 1, 10))
        self.client.post(
            reverse("ethics:addition", args=[self.org_a.slug, added.pk]),
            {"number": 2, "text": "แก้แล้ว"},
        )
        added.refresh_from_db()
        self.assertEqual(added.text, "แก้แล้ว")
        self.client.post(reverse("ethics:addition-delete", args=[self.org_a.slug, added.pk]))
        self.assertFalse(EthicsAddition.objects.filter(pk=added.pk).exists())

    def test_a_number_used_already_is_refused(self):
        self.login(self.officer_a)
        page = self.client.post(
            reverse("ethics:code", args=[self.org_a.slug]), {"number": 1, "text": "ซ้ำ"}
        )
        self.assertEqual(page.status_code, 400)
        self.assertEqual(EthicsAddition.objects.count(), 1)


class StandardsPageTests(EthicsViewTestCase):
    def test_it_lists_the_standards_with_their_indicators(self):
        self.login(self.auditor_a)
        page = self.client.get(reverse("ethics:standards", args=[self.org_a.slug, YEAR]))
        self.assertContains(page, "พึงปฏิบัติหน้าที่อย่างเปิดเผย โปร่งใส พร้อมให้ตรวจสอบ")
        self.assertContains(page, "จำนวนประชาชนที่มีส่วนร่วมในการตัดสินใจ")
        self.assertContains(page, "มีความซื่อสัตย์")

    def test_an_organisation_without_standards_starts_from_the_template(self):
        self.login(self.officer_b)
        url = reverse("ethics:standards", args=[self.org_b.slug, YEAR])
        self.assertContains(self.client.get(url), 'method="post"')
        self.assertRedirects(self.client.post(url), url)
        self.assertEqual(self.org_b.ethical_standards.count(), 5)
        standard = self.org_b.ethical_standards.get(number=1)
        standard.name = "ถ้อยคำของหน่วยงานเอง"
        standard.save()
        self.client.post(url)  # a second start does not overwrite the organisation's wording
        standard.refresh_from_db()
        self.assertEqual(standard.name, "ถ้อยคำของหน่วยงานเอง")

    def test_an_officer_enters_a_value_and_target(self):
        self.login(self.officer_a)
        url = reverse("ethics:indicator-year", args=[self.org_a.slug, self.indicator_a.pk, YEAR])
        response = self.client.post(url, {"value": "142", "target": "100", "note": ""})
        self.assertRedirects(response, reverse("ethics:standards", args=[self.org_a.slug, YEAR]))
        row = IndicatorYear.objects.get(indicator=self.indicator_a, fiscal_year=YEAR)
        self.assertEqual((row.value, row.target), (Decimal(142), Decimal(100)))

    def test_htmx_gets_the_updated_row_back(self):
        self.login(self.officer_a)
        url = reverse("ethics:indicator-year", args=[self.org_a.slug, self.indicator_a.pk, YEAR])
        response = self.client.post(
            url, {"value": "7", "target": "5", "note": ""}, HTTP_HX_REQUEST="true"
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'id="indicator-{self.indicator_a.pk}"')
        self.assertNotContains(response, "<html")

    def test_a_negative_value_is_refused(self):
        self.login(self.officer_a)
        url = reverse("ethics:indicator-year", args=[self.org_a.slug, self.indicator_a.pk, YEAR])
        self.assertEqual(
            self.client.post(url, {"value": "-1", "target": "", "note": ""}).status_code, 400
        )
        self.assertFalse(IndicatorYear.objects.exists())


class NoGiftPageTests(EthicsViewTestCase):
    def test_the_announcement_starts_from_the_organisations_data(self):
        self.login(self.auditor_a)
        page = self.client.get(reverse("ethics:ngp", args=[self.org_a.slug, YEAR]))
        self.assertContains(page, "งดให้ งดรับ")
        self.assertContains(page, self.org_a.head_name)
        self.assertContains(page, "ประชุมชี้แจงนโยบาย")

    def test_an_officer_saves_the_announcement(self):
        self.login(self.officer_a)
        url = reverse("ethics:ngp", args=[self.org_a.slug, YEAR])
        self.client.post(url, {
            "slogan": "งดให้ งดรับ", "tagline": "", "signatory_name": "นายเอ ผู้บริหาร",
            "signatory_position": "นายก", "contact": "โทร 038-000000", "announced_on": "2024-10-01",
        })  # fmt: skip
        a = NoGiftAnnouncement.objects.get(org=self.org_a, fiscal_year=YEAR)
        self.assertEqual((a.contact, a.announced_on), ("โทร 038-000000", date(2024, 10, 1)))

    def test_an_activity_must_fall_in_the_year(self):
        self.login(self.officer_a)
        url = reverse("ethics:activity-add", args=[self.org_a.slug, YEAR])
        page = self.client.post(url, {"held_on": "2025-10-01", "name": "นอกปี"})
        self.assertEqual(page.status_code, 400)
        response = self.client.post(
            url,
            {"held_on": "2025-09-30", "name": "ติดป้าย", "evidence_url": "https://example.go.th/a"},
        )
        self.assertRedirects(response, reverse("ethics:ngp", args=[self.org_a.slug, YEAR]))
        self.assertEqual(NoGiftActivity.of_year(self.org_a, YEAR).count(), 2)


class GiftPageTests(EthicsViewTestCase):
    def test_the_register_lists_the_years_entries_with_totals(self):
        self.login(self.auditor_a)
        page = self.client.get(reverse("ethics:gifts", args=[self.org_a.slug, YEAR]))
        self.assertContains(page, "นางสาวพิมพ์ใจ ดีงาม")
        self.assertContains(page, "500.00")
        self.assertNotContains(
            self.client.get(reverse("ethics:gifts", args=[self.org_a.slug, 2569])), "ร้าน ก"
        )

    def test_the_decider_is_shown_as_written(self):
        # `decided_by` is a name typed in (not a user): it was once given to the `person` filter,
        # and the page failed with a server error.
        GiftEntry.objects.filter(pk=self.gift_a.pk).update(decided_by="นายวีระ มั่นคง")
        self.login(self.officer_a)
        for url in (
            reverse("ethics:gifts", args=[self.org_a.slug, YEAR]),
            reverse("ethics:gift", args=[self.org_a.slug, self.gift_a.pk]),
        ):
            self.assertContains(self.client.get(url), "นายวีระ มั่นคง")

    def test_the_register_costs_the_same_for_one_or_many_entries(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.login(self.officer_a)
        url = reverse("ethics:gifts", args=[self.org_a.slug, YEAR])
        self.client.get(url)
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
        for n in range(5):
            GiftEntry.objects.create(
                org=self.org_a, date=date(2025, 2, 1 + n), official=self.officer_a, giver=f"ผู้ให้ {n}",
                relation="non_relative", occasion="ตรุษจีน", description="ส้ม", value=Decimal(100), decision="kept",
            )  # fmt: skip
        with CaptureQueriesContext(connection) as six:
            self.client.get(url)
        self.assertEqual(len(six), len(one))
