"""Stored SSRF: an evidence URL that names the server's own network is refused on every path
(the checklist's button, `prongsai oit check` in both modes, the nightly `prongsai oit
recheck`), before any connection, and recorded as a finding of its own in Thai. Only
`--allow-private` or `PRONGSAI_OIT_ALLOW_PRIVATE=1` lets a check reach a site on this machine.

The loopback test website logs every request it receives, so `site.log == []` proves that
nothing was fetched, whatever host name the URL used to reach it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from django.core.management import call_command
from django.urls import reverse

from prongsai.jobs.models import Job
from prongsai.oit.models import Evidence, LinkCheck
from prongsai.oit.tasks import check_org
from prongsai.oit.tests.site import EvidenceSite, main_site_public
from prongsai.test import BaseTestCase

# Every way an officer can write "this machine": names, IPv4-mapped IPv6, integer, hex,
# octal and short forms, the unspecified address (Linux connects it to loopback) and ::1.
FORMS = [
    "127.0.0.1",
    "localhost",
    "[::ffff:127.0.0.1]",
    "2130706433",
    "0x7f.1",
    "017700000001",
    "127.1",
    "0.0.0.0",
    "[::1]",
]
REFUSED = "ที่อยู่ภายในเครือข่าย ไม่ตรวจ"


class StoredSsrfTests(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.site = EvidenceSite().__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.site.__exit__(None, None, None)
        super().tearDownClass()

    def setUp(self):
        self.site.clear_log()
        self.org_a.website = self.site.main_site
        self.org_a.save()

    # ------------------------------------------------------------ helpers

    def internal_urls(self) -> list[str]:
        """The main website's good o1 page, addressed in every internal form."""
        port = self.site.main.server_address[1]
        return [f"http://{host}:{port}/o1.html" for host in FORMS]

    def redirect_targets(self) -> list[str]:
        """The other loopback server, in every form: where a "public" page redirects."""
        port = self.site.other.server_address[1]
        return [f"http://{host}:{port}/doc.html" for host in FORMS]

    def via_public_page(self, target: str) -> str:
        return self.site.url("/go?to=" + quote(target, safe=""))

    def store(self, urls: list[str]) -> None:
        Evidence.objects.update_or_create(
            org=self.org_a, year=2568, item="o1", defaults={"urls": "\n".join(urls)}
        )

    def evidence_file(self, urls: list[str]) -> Path:
        path = Path(self.enterContext(tempfile.TemporaryDirectory())) / "evidence.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([["item", "url"], *[["o1", url] for url in urls]])
        return path

    def oit_check(self, *args: str) -> dict:
        out = io.StringIO()
        call_command("oit_check", "--year", "2568", "--json", "--timeout", "2", *args, stdout=out)
        return json.loads(out.getvalue())

    def recorded(self) -> dict[str, LinkCheck]:
        return {c.url: c for c in LinkCheck.objects.filter(org=self.org_a)}

    def assert_refused(self, findings: dict[str, dict], urls: list[str]) -> None:
        """`findings`: url → {status, finding, fix, http, …} as the JSON or the database has them."""
        self.assertEqual(set(findings), set(urls))
        for url, f in findings.items():
            with self.subTest(url=url):
                self.assertEqual(f["status"], "private_address")
                self.assertTrue(f["finding"].startswith(REFUSED), f["finding"])
                self.assertIn("ใช้ลิงก์บนเว็บไซต์หลัก", f["fix"])
                self.assertIsNone(f["http"])

    @staticmethod
    def as_dicts(checks: dict[str, LinkCheck]) -> dict[str, dict]:
        return {
            url: {
                "status": c.status,
                "finding": c.finding,
                "fix": c.fix,
                "http": c.http,
                "final_url": c.final_url,
            }
            for url, c in checks.items()
        }

    # ------------------------------------------------------------ refused on every path

    def test_the_command_with_an_evidence_file_refuses_every_internal_form(self):
        urls = self.internal_urls()
        data = self.oit_check("--main-site", self.site.main_site, "--evidence", str(self.evidence_file(urls)))  # fmt: skip
        self.assert_refused({i["url"]: i for i in data["items"]}, urls)
        self.assertEqual(self.site.log, [])  # nothing reached any server

    def test_the_command_table_names_the_status_in_thai(self):
        path = self.evidence_file(self.internal_urls()[:1])
        out = io.StringIO()
        call_command("oit_check", "--year", "2568", "--main-site", self.site.main_site,
                     "--evidence", str(path), stdout=out)  # fmt: skip
        self.assertIn(f"o1  {REFUSED} (private_address)  —", out.getvalue())
        self.assertIn(f"สรุป 1 ลิงก์: {REFUSED} 1", out.getvalue())

    def test_the_command_for_an_organisation_refuses_and_records_every_internal_form(self):
        urls = self.internal_urls()
        self.store(urls)
        data = self.oit_check("--org", self.org_a.slug)
        self.assert_refused({i["url"]: i for i in data["items"]}, urls)
        self.assert_refused(self.as_dicts(self.recorded()), urls)
        self.assertEqual(self.site.log, [])

    def test_the_nightly_recheck_refuses_every_internal_form(self):
        urls = self.internal_urls()
        self.store(urls)
        call_command("oit_recheck", "--year", "2568", "--timeout", "2", stdout=io.StringIO())
        self.assert_refused(self.as_dicts(self.recorded()), urls)
        self.assertEqual(self.site.log, [])

    def test_the_checklist_button_refuses_every_internal_form_and_shows_the_thai_status(self):
        urls = self.internal_urls()
        self.store(urls)
        self.login(self.officer_a)
        self.client.post(reverse("oit:check", args=[self.org_a.slug, 2568]))
        check_org.apply(args=[Job.objects.latest("pk").pk])  # the queued job, run
        self.assert_refused(self.as_dicts(self.recorded()), urls)
        self.assertEqual(self.site.log, [])
        page = self.client.get(reverse("oit:checklist", args=[self.org_a.slug, 2568]))
        self.assertContains(page, f'<div data-status="private_address">{REFUSED}:', count=len(urls))

    # ------------------------------------------------------------ a public page redirecting inside

    def assert_refused_after_redirect(self, findings: dict[str, dict]) -> None:
        targets = self.redirect_targets()
        starts = [self.via_public_page(t) for t in targets]
        self.assert_refused(findings, starts)
        for start, target in zip(starts, targets, strict=True):
            with self.subTest(target=target):
                self.assertEqual(findings[start]["final_url"], target)
                self.assertIn(f"เปลี่ยนทางไปยัง {target}", findings[start]["finding"])
        # the "public" first hop was fetched, the internal target never was
        hops = sorted("/go?to=" + quote(t, safe="") for t in targets)
        self.assertEqual(sorted(self.site.paths("main")), hops)
        self.assertEqual(self.site.paths("other"), [])

    def test_the_command_refuses_a_redirect_into_the_servers_network(self):
        starts = [self.via_public_page(t) for t in self.redirect_targets()]
        path = self.evidence_file(starts)
        with main_site_public(self.site):
            data = self.oit_check("--main-site", self.site.main_site, "--evidence", str(path))
        self.assert_refused_after_redirect({i["url"]: i for i in data["items"]})
        self.assertEqual(
            [i["redirects"] for i in data["items"]], [[t] for t in self.redirect_targets()]
        )

    def test_the_command_for_an_organisation_refuses_a_redirect_into_the_servers_network(self):
        self.store([self.via_public_page(t) for t in self.redirect_targets()])
        with main_site_public(self.site):
            data = self.oit_check("--org", self.org_a.slug)
        self.assert_refused_after_redirect({i["url"]: i for i in data["items"]})
        self.assert_refused_after_redirect(self.as_dicts(self.recorded()))

    def test_the_recheck_refuses_a_redirect_into_the_servers_network(self):
        self.store([self.via_public_page(t) for t in self.redirect_targets()])
        with main_site_public(self.site):
            call_command("oit_recheck", "--year", "2568", stdout=io.StringIO())
        self.assert_refused_after_redirect(self.as_dicts(self.recorded()))

    def test_the_checklist_button_refuses_a_redirect_into_the_servers_network(self):
        self.store([self.via_public_page(t) for t in self.redirect_targets()])
        self.login(self.officer_a)
        with main_site_public(self.site):
            self.client.post(reverse("oit:check", args=[self.org_a.slug, 2568]))
            check_org.apply(args=[Job.objects.latest("pk").pk])  # the queued job, run
        self.assert_refused_after_redirect(self.as_dicts(self.recorded()))

    # ------------------------------------------------------------ the operator's opt-in

    def loopback_urls(self) -> list[str]:
        port = self.site.main.server_address[1]
        return [f"http://{host}:{port}/o1.html" for host in ("127.0.0.1", "localhost", "2130706433")]  # fmt: skip

    def test_allow_private_on_the_command_line_checks_the_loopback_site(self):
        urls = self.loopback_urls()
        path = self.evidence_file(urls)
        data = self.oit_check(
            "--main-site", "http://2130706433/", "--evidence", str(path), "--allow-private"
        )
        self.assertEqual([i["http"] for i in data["items"]], [200, 200, 200])
        self.assertNotIn("private_address", [i["status"] for i in data["items"]])
        self.assertEqual(self.site.paths("main"), ["/o1.html"] * 3)

    def test_allow_private_for_an_organisation_and_the_recheck(self):
        self.store([self.site.url("/o1.html")])
        data = self.oit_check("--org", self.org_a.slug, "--allow-private")
        self.assertEqual([i["status"] for i in data["items"]], ["ok"])
        call_command("oit_recheck", "--year", "2568", "--allow-private", stdout=io.StringIO())
        self.assertEqual(list(LinkCheck.objects.values_list("status", flat=True)), ["ok", "ok"])
        self.assertEqual(self.site.paths("main"), ["/o1.html", "/o1.html"])

    def test_the_environment_setting_lets_the_installed_command_check_the_loopback_site(self):
        path = self.evidence_file([self.site.url("/o1.html")])
        script = Path(sys.executable).with_name("prongsai")
        base = os.environ | {"PRONGSAI_DEBUG": "1", "PRONGSAI_DATA_DIR": str(path.parent)}
        base.pop("DJANGO_SETTINGS_MODULE", None)
        for name in ("PRONGSAI_OIT_ALLOW_PRIVATE", "PRONGSAI_OIT_CHECK_ALLOW_PRIVATE"):
            base.pop(name, None)
        for extra, status in [
            ({}, "private_address"),
            ({"PRONGSAI_OIT_ALLOW_PRIVATE": "1"}, "ok"),
            ({"PRONGSAI_OIT_CHECK_ALLOW_PRIVATE": "1"}, "ok"),  # the old name, an alias
        ]:
            with self.subTest(env=extra):
                self.site.clear_log()
                done = subprocess.run(
                    [str(script), "oit", "check", "--year", "2568", "--json",
                     "--main-site", self.site.main_site, "--evidence", str(path)],
                    capture_output=True, text=True, env=base | extra, check=False,
                )  # fmt: skip
                self.assertEqual(done.returncode, 0, done.stderr)
                (item,) = json.loads(done.stdout)["items"]
                self.assertEqual(item["status"], status)
                self.assertEqual(self.site.paths(), [] if status != "ok" else ["/o1.html"])
