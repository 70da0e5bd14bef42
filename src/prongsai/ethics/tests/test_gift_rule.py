"""The permitted-value rule of the gift register: 3,000 baht from a non-relative per giver and
occasion (data/gift-rules.yaml), enforced by the model and by the form."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse

from prongsai.ethics.forms import GiftEntryForm
from prongsai.ethics.gift_rules import gift_rule
from prongsai.ethics.models import GiftEntry
from prongsai.test import BaseTestCase


def entry(org, **overrides) -> GiftEntry:
    fields = {
        "org": org, "date": date(2025, 1, 2), "official_name": "นางสาวพิมพ์ใจ ดีงาม",
        "official_position": "นักวิชาการพัสดุ", "giver": "ห้างหุ้นส่วนจำกัด ก่อสร้างรุ่งเรือง",
        "relation": "non_relative", "occasion": "ปีใหม่ 2568", "description": "กระเช้าของขวัญ",
        "value": Decimal("2000"), "decision": "kept",
    }  # fmt: skip
    return GiftEntry(**(fields | overrides))


def saved(org, **overrides) -> GiftEntry:
    e = entry(org, **overrides)
    e.full_clean()
    e.save()
    return e


class GiftRuleDataTests(BaseTestCase):
    def test_the_default_rule_is_the_nacc_2563_one_with_its_provenance(self):
        rule = gift_rule()
        self.assertEqual(rule.code, "nacc-2563")
        self.assertEqual(rule.limit, Decimal("3000"))
        self.assertEqual(rule.exempt_relations, {"relative"})
        self.assertIn("พ.ศ. 2563", rule.name_th)
        self.assertIn("มาตรา 128", rule.legal_basis)
        self.assertEqual(rule.confidence, "secondary")
        self.assertTrue(rule.source)

    def test_an_entry_records_the_rule_it_was_checked_against(self):
        self.assertEqual(saved(self.org_a).rule, "nacc-2563")


class ModelRuleTests(BaseTestCase):
    def test_2999_baht_from_a_non_relative_may_be_kept_without_a_report(self):
        e = saved(self.org_a, value=Decimal("2999"))
        self.assertEqual(GiftEntry.objects.get(pk=e.pk).decision, "kept")

    def test_exactly_3000_is_still_allowed(self):
        saved(self.org_a, value=Decimal("3000"))

    def test_two_entries_of_one_giver_and_occasion_totalling_3500_need_a_report_and_a_decision(
        self,
    ):
        saved(self.org_a, value=Decimal("2000"))
        second = entry(self.org_a, date=date(2025, 1, 5), value=Decimal("1500"))
        with self.assertRaises(ValidationError) as raised:
            second.full_clean()
        errors = raised.exception.message_dict
        self.assertEqual(set(errors), {"reported_on", "reported_to", "decision"})
        self.assertIn("3,500.00", errors["reported_on"][0])
        # The message names the field (in the user's language: Thai once translated).
        for field in ("reported_on", "reported_to", "decision"):
            self.assertIn(str(GiftEntry._meta.get_field(field).verbose_name), errors[field][0])
        second.reported_on, second.reported_to = date(2025, 1, 6), "นายกองค์การบริหารส่วนตำบลเอ"
        second.decision = "returned"
        second.full_clean()  # now complete
        second.save()
        self.assertEqual(GiftEntry.objects.filter(org=self.org_a).count(), 2)

    def test_a_single_gift_above_the_limit_needs_the_same(self):
        with self.assertRaises(ValidationError) as raised:
            entry(self.org_a, value=Decimal("3000.01")).full_clean()
        self.assertEqual(
            set(raised.exception.message_dict), {"reported_on", "reported_to", "decision"}
        )

    def test_a_relative_is_exempt_whatever_the_value(self):
        saved(self.org_a, relation="relative", giver="นางบุญมา (มารดา)", value=Decimal("10000"))
        saved(self.org_a, relation="relative", giver="นางบุญมา (มารดา)", value=Decimal("5000"))

    def test_a_relatives_gifts_do_not_count_towards_a_non_relatives_limit(self):
        saved(self.org_a, relation="relative", value=Decimal("10000"))
        saved(self.org_a, value=Decimal("2500"))

    def test_the_same_giver_is_recognised_whatever_the_case_and_spacing(self):
        saved(self.org_a, giver="Shop  A", value=Decimal("2000"))
        with self.assertRaises(ValidationError):
            entry(self.org_a, giver=" shop a", value=Decimal("1500")).full_clean()

    def test_other_occasions_officials_organisations_and_years_are_counted_apart(self):
        saved(self.org_a, value=Decimal("2500"))
        saved(self.org_a, occasion="สงกรานต์ 2568", value=Decimal("2500"))
        saved(self.org_a, official_name="นายวิชัย ใจซื่อ", value=Decimal("2500"))
        saved(self.org_b, value=Decimal("2500"))
        saved(self.org_a, date=date(2025, 10, 2), value=Decimal("2500"))  # fiscal year 2569

    def test_a_refused_offer_does_not_count_towards_what_was_received(self):
        saved(self.org_a, value=Decimal("5000"), decision="refused", reported_on=date(2025, 1, 2),
              reported_to="นายก")  # fmt: skip
        saved(self.org_a, value=Decimal("500"))

    def test_a_refused_offer_above_the_limit_is_still_reported(self):
        with self.assertRaises(ValidationError) as raised:
            entry(self.org_a, value=Decimal("5000"), decision="refused").full_clean()
        self.assertEqual(set(raised.exception.message_dict), {"reported_on", "reported_to"})

    def test_an_official_is_a_user_of_the_organisation_or_a_written_name(self):
        with self.assertRaises(ValidationError) as raised:
            entry(self.org_a, official_name="").full_clean()
        self.assertIn("official_name", raised.exception.message_dict)
        with self.assertRaises(ValidationError) as raised:
            entry(self.org_a, official_name="", official=self.officer_b).full_clean()
        self.assertIn("official", raised.exception.message_dict)
        saved(self.org_a, official_name="", official=self.officer_a)

    def test_a_users_gifts_are_summed_by_the_user(self):
        saved(self.org_a, official_name="", official=self.officer_a, value=Decimal("2000"))
        with self.assertRaises(ValidationError):
            entry(
                self.org_a, official_name="", official=self.officer_a, value=Decimal("1500")
            ).full_clean()

    def test_editing_an_entry_does_not_count_it_twice(self):
        e = saved(self.org_a, value=Decimal("2000"))
        e.value = Decimal("2900")
        e.full_clean()


class FormRuleTests(BaseTestCase):
    def data(self, **overrides):
        data = {
            "date": "2025-01-05", "official_name": "นางสาวพิมพ์ใจ ดีงาม", "official_position": "นักวิชาการพัสดุ",
            "giver": "ห้างหุ้นส่วนจำกัด ก่อสร้างรุ่งเรือง", "relation": "non_relative", "occasion": "ปีใหม่ 2568",
            "description": "กระเช้าของขวัญ", "value": "1500", "decision": "kept", "decided_by": "",
            "reported_on": "", "reported_to": "",
        }  # fmt: skip
        return data | overrides

    def test_the_form_names_each_missing_field_once(self):
        saved(self.org_a, value=Decimal("2000"))
        form = GiftEntryForm(self.data(), org=self.org_a)
        self.assertFalse(form.is_valid())
        self.assertEqual(set(form.errors), {"reported_on", "reported_to", "decision"})
        for field in ("reported_on", "reported_to", "decision"):
            self.assertEqual(len(form.errors[field]), 1, form.errors[field])
            self.assertTrue(form.has_error(field, "gift_limit"))

    def test_the_form_offers_only_users_of_the_organisation(self):
        form = GiftEntryForm(org=self.org_a)
        users = set(form.fields["official"].queryset)
        self.assertIn(self.officer_a, users)
        self.assertNotIn(self.officer_b, users)

    def test_the_add_page_refuses_the_second_gift_and_keeps_nothing(self):
        saved(self.org_a, value=Decimal("2000"))
        self.login(self.officer_a)
        url = reverse("ethics:gift-new", args=[self.org_a.slug, 2568])
        page = self.client.post(url, self.data())
        self.assertEqual(page.status_code, 400)
        self.assertContains(page, "3,500.00", status_code=400)
        self.assertEqual(GiftEntry.objects.count(), 1)
        response = self.client.post(
            url, self.data(decision="returned", reported_on="2025-01-06", reported_to="นายก อบต.")
        )
        self.assertRedirects(response, reverse("ethics:gifts", args=[self.org_a.slug, 2568]))
        added = GiftEntry.objects.get(value=Decimal("1500"))
        self.assertEqual((added.decision, added.reported_to), ("returned", "นายก อบต."))

    def test_the_add_page_takes_2999_as_it_is(self):
        self.login(self.officer_a)
        url = reverse("ethics:gift-new", args=[self.org_a.slug, 2568])
        self.client.post(url, self.data(value="2999"))
        self.assertEqual(GiftEntry.objects.get().value, Decimal("2999"))
