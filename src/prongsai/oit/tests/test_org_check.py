"""Checking an organisation's evidence against a real (loopback) website: the checklist's button,
`prongsai oit check --org` and the nightly re-check, with history and what changed."""

from __future__ import annotations

import io
import json
from unittest import mock

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape

from prongsai.jobs.models import Job
from prongsai.oit import checklist, tasks
from prongsai.oit.models import Evidence, LinkCheck
from prongsai.oit.tests.site import EvidenceSite, LoopbackOnly
from prongsai.test import BaseTestCase


@override_settings(OIT_ALLOW_PRIVATE=True)
class OrgCheckTests(BaseTestCase):
    def evidence(self, site, paths: dict[str, str]) -> None:
        self.org_a.website = site.main_site
        self.org_a.save()
        for item, path in paths.items():
            Evidence.objects.create(org=self.org_a, year=2568, item=item, urls=site.url(path))

    def test_the_checklist_button_checks_and_records(self):
        with EvidenceSite() as site:
            self.evidence(site, {"o1": "/o1.html", "o4": "/last-year.pdf", "o5": "/gone.html"})
            self.login(self.officer_a)
            response = self.client.post(reverse("oit:check", args=[self.org_a.slug, 2568]))
            # The button queues a job and shows its page; a worker runs it (here: the body).
            job = Job.objects.get(org=self.org_a, kind=Job.Kind.OIT_CHECK)
            self.assertRedirects(response, reverse("jobs:detail", args=[self.org_a.slug, job.pk]))
            self.assertEqual(job.state, Job.State.QUEUED)
            tasks.check_org.apply(args=[job.pk])
            response = self.client.get(response.url)
            outside = [
                p for p in site.paths() if p not in {"/o1.html", "/last-year.pdf", "/gone.html"}
            ]
        statuses = dict(LinkCheck.objects.values_list("item", "status"))
        self.assertEqual(statuses["o1"], "ok")
        self.assertEqual(statuses["o4"], "stale")
        self.assertEqual(statuses["o5"], "dead")
        self.assertEqual(outside, [])  # nothing but the evidence URLs was fetched
        self.assertContains(response, "ตรวจแล้ว ๓ ลิงก์ พบปัญหา ๒ ลิงก์")  # the org writes Thai digits
        self.assertContains(response, '<progress max="3" value="3">')
        # The English page gives the message and each item's finding in English.
        english = self.client.get("/en" + job.links["detail"])
        self.assertContains(english, "Checked 3 links, 2 with a problem")
        findings = [f"Item {item}: {finding}" for item, finding in LinkCheck.objects.filter(
            status__in=["stale", "dead"]).values_list("item", "finding_en")]  # fmt: skip
        self.assertEqual(len(findings), 2)
        for finding in findings:
            self.assertContains(english, escape(finding))
        self.assertNotContains(english, "พบปัญหา")

    def test_the_web_button_refuses_private_addresses_by_default(self):
        with EvidenceSite() as site, self.settings(OIT_ALLOW_PRIVATE=False):
            self.evidence(site, {"o1": "/o1.html"})
            self.login(self.officer_a)
            self.client.post(reverse("oit:check", args=[self.org_a.slug, 2568]))
            tasks.check_org.apply(args=[Job.objects.get().pk])
            fetched = site.paths()
        self.assertEqual(fetched, [])  # the server never asked its own network
        self.assertNotEqual(LinkCheck.objects.get().status, "ok")

    def test_the_command_in_org_mode_and_the_recheck_list_changes(self):
        guard = LoopbackOnly()
        with EvidenceSite() as site:
            self.evidence(site, {"o1": "/o1.html", "o3": "/o3-missing.html"})
            out = io.StringIO()
            with mock.patch.object(checklist, "checker_guard", lambda allow_private=False: guard):
                call_command(
                    "oit_check", "--org", self.org_a.slug, "--year", "2568", "--json", stdout=out
                )
            data = json.loads(out.getvalue())
            self.assertEqual(
                {i["item"]: i["status"] for i in data["items"]}, {"o1": "ok", "o3": "incomplete"}
            )
            # Overnight the o1 page disappears from the website: the re-check lists the regression.
            site.pages["/o1.html"] = (404, {"Content-Type": "text/html"}, b"not found")
            out = io.StringIO()
            call_command("oit_recheck", "--year", "2568", stdout=out)
        self.assertIn("!! o1", out.getvalue())
        self.assertEqual(LinkCheck.objects.values("run").distinct().count(), 2)
