"""A year nobody has published (2570): surveys use the organisation's own published criteria."""

from __future__ import annotations

import io
from datetime import date

from django.core.management import call_command

from prongsai.frameworks.drafts import publish, start_draft
from prongsai.nonces import new_nonce
from prongsai.surveys import results
from prongsai.surveys.forms import CampaignForm
from prongsai.surveys.intake import submit
from prongsai.surveys.models import Campaign
from prongsai.surveys.questionnaire import ita_questionnaire
from prongsai.surveys.sampling import default_minimum
from prongsai.surveys.tests.test_anonymity import answers_for
from prongsai.test import BaseTestCase


class OwnCriteriaTests(BaseTestCase):
    def setUp(self):
        publish(start_draft(self.org_a, 2570))  # copied from 2569; org_b has none

    def codes(self, questionnaire) -> list[str]:
        return [item.code for item in questionnaire.items]

    def test_the_questionnaire_comes_from_the_organisations_published_criteria(self):
        own = ita_questionnaire(2570, "eit", self.org_a)
        self.assertTrue(own.items)
        self.assertEqual(self.codes(own), self.codes(ita_questionnaire(2569, "eit")))
        with self.assertRaises(ValueError):
            ita_questionnaire(2570, "eit")
        with self.assertRaises(ValueError):
            ita_questionnaire(2570, "eit", self.org_b)

    def test_a_2570_campaign_can_be_opened_only_by_the_organisation_with_criteria(self):
        data = {"year": 2570, "tool": "iit", "opens": "2026-12-01", "closes": "2027-01-31",
                "minimum_sample": 0}  # fmt: skip
        self.assertTrue(CampaignForm(data, org=self.org_a).is_valid())
        form = CampaignForm(data, org=self.org_b)
        self.assertFalse(form.is_valid())
        self.assertIn("2570", str(form.errors["year"]))

    def test_the_sample_size_is_the_organisations_criteria(self):
        self.org_a.size = "S"
        self.org_a.save()
        self.assertEqual(default_minimum(self.org_a, 2570, "eit"), 30)  # อบต. ขนาดเล็ก
        self.assertEqual(default_minimum(self.org_b, 2570, "eit"), 0)
        call_command(
            "survey_open", "--org", self.org_a.slug, "--year", "2570", "--tool", "eit",
            stdout=io.StringIO(),
        )  # fmt: skip
        self.assertEqual(Campaign.objects.get(org=self.org_a, year=2570).minimum_sample, 30)

    def test_scores_are_computed_with_the_organisations_criteria(self):
        campaign = Campaign.objects.create(
            org=self.org_a, year=2570, tool="eit", opens=date(2026, 12, 1),
            closes=date(2027, 1, 31),
        )  # fmt: skip
        for i in range(5):
            submit(campaign, answers_for(campaign, i), nonce=new_nonce(), part=1)
        scores = results.engine_scores(campaign).to_dict()
        self.assertIsNotNone(scores["tools"]["eit"])
