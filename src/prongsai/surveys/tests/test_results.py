"""Counts, k-anonymity, engine scores equal to the CLI on the export, exports and commands."""

from __future__ import annotations

import io
import json
import tempfile
from datetime import timedelta
from pathlib import Path

from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from prongsai.nonces import new_nonce
from prongsai.surveys.intake import submit
from prongsai.surveys.models import Campaign
from prongsai.surveys.tests.test_anonymity import answers_for
from prongsai.test import BaseTestCase


class ResultsTests(BaseTestCase):
    def setUp(self):
        today = timezone.localdate()
        self.eit = Campaign.objects.create(
            org=self.org_a,
            year=2568,
            tool="eit",
            opens=today,
            closes=today + timedelta(days=9),
            minimum_sample=20,
        )

    def answer(self, n: int, part: int = 1, campaign=None, **kwargs):
        campaign = campaign or self.eit
        for i in range(n):
            submit(campaign, answers_for(campaign, i), nonce=new_nonce(), part=part, **kwargs)

    def test_below_five_responses_only_the_count_shows(self):
        self.login(self.officer_a)
        self.answer(4)
        page = self.client.get(reverse("surveys:campaign", args=[self.org_a.slug, self.eit.pk]))
        self.assertIsNone(page.context["shares"])
        self.assertContains(page, "ตั้งแต่ 5 คำตอบ")
        self.assertNotContains(page, "data-score")
        self.answer(1)
        page = self.client.get(reverse("surveys:campaign", args=[self.org_a.slug, self.eit.pk]))
        self.assertEqual(len(page.context["shares"]), 9)
        self.assertEqual(page.context["progress"], 25)  # 5 of a minimum of 20

    def test_live_scores_equal_the_cli_on_the_export(self):
        self.answer(7, part=1)
        self.answer(3, part=2)
        self.login(self.officer_a)
        page = self.client.get(reverse("surveys:campaign", args=[self.org_a.slug, self.eit.pk]))
        export = self.client.get(
            reverse("surveys:export", args=[self.org_a.slug, self.eit.pk, "csv"])
        )
        header = export.content.decode().splitlines()[0]
        self.assertEqual(header, "org,tool,part,respondent,question,answer")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "export.csv"
            path.write_bytes(export.content)
            out = io.StringIO()
            call_command(
                "ita_score", "--year", "2568", "--responses", str(path), "--json", stdout=out
            )
        cli = json.loads(out.getvalue())
        self.assertEqual(page.context["assessment"].to_dict()["tools"], cli["tools"])
        self.assertIsNotNone(cli["tools"]["eit"])
        self.assertEqual(set(cli["eit_parts"]), {"1", "2"})

    def test_the_export_names_no_one(self):
        self.answer(5)
        self.login(self.auditor_a)
        rows = self.client.get(
            reverse("surveys:export", args=[self.org_a.slug, self.eit.pk, "csv"])
        ).content.decode()
        respondents = {line.split(",")[3] for line in rows.splitlines()[1:]}
        self.assertEqual(len(respondents), 5)
        self.assertTrue(
            all(len(r) == 36 for r in respondents)
        )  # random UUIDs, not sequence numbers

    def test_the_commands_open_report_and_close(self):
        with tempfile.TemporaryDirectory() as tmp:
            out, err = io.StringIO(), io.StringIO()
            codes = Path(tmp) / "codes.csv"
            call_command(
                "survey_open",
                "--org",
                "org-a",
                "--year",
                "2568",
                "--tool",
                "iit",
                "--codes",
                "3",
                "--out",
                str(codes),
                stdout=out,
                stderr=err,
            )
            self.assertRegex(out.getvalue(), r"^https?://.+/s/[\w-]+/\n$")
            lines = codes.read_text().splitlines()
            self.assertEqual(len(lines), 4)
        campaign = Campaign.objects.get(org=self.org_a, tool="iit")
        code = lines[1].split(",")[0]
        submit(campaign, answers_for(campaign), nonce=new_nonce(), code=code)
        out = io.StringIO()
        call_command(
            "survey_results",
            "--org",
            "org-a",
            "--year",
            "2568",
            "--tool",
            "iit",
            "--json",
            stdout=out,
        )
        self.assertEqual(json.loads(out.getvalue())["responses"], 1)
        call_command(
            "survey_close",
            "--org",
            "org-a",
            "--year",
            "2568",
            "--tool",
            "iit",
            stdout=io.StringIO(),
        )
        campaign.refresh_from_db()
        self.assertTrue(campaign.closed)
        with self.assertRaises(CommandError) as caught:
            call_command("survey_open", "--org", "nobody", "--year", "2568", "--tool", "eit")
        self.assertEqual(caught.exception.returncode, 2)


class CampaignCreationTests(BaseTestCase):
    def test_a_year_without_itas_questions_cannot_be_surveyed(self):
        self.login(self.officer_a)
        url = reverse("surveys:list", args=[self.org_a.slug])
        data = {
            "year": 2566,
            "tool": "iit",
            "opens": "2025-01-01",
            "closes": "2025-02-01",
            "minimum_sample": 0,
        }
        page = self.client.post(url, data)
        self.assertContains(page, "ไม่มีข้อคำถาม IIT", status_code=400)
        self.assertFalse(Campaign.objects.exists())
        with self.assertRaises(CommandError) as caught:
            call_command("survey_open", "--org", "org-a", "--year", "2570", "--tool", "eit")
        self.assertEqual(caught.exception.returncode, 2)

    def test_the_officer_creates_a_survey(self):
        self.login(self.officer_a)
        url = reverse("surveys:list", args=[self.org_a.slug])
        data = {
            "year": 2568,
            "tool": "eit",
            "opens": "2025-01-01",
            "closes": "2025-02-01",
            "minimum_sample": 40,
        }
        response = self.client.post(url, data)
        campaign = Campaign.objects.get(org=self.org_a)
        self.assertRedirects(
            response, reverse("surveys:campaign", args=[self.org_a.slug, campaign.pk])
        )
        self.assertEqual(len(campaign.token), 16)
