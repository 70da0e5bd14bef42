"""Writing through the API: the same checks as the pages and the results import, nothing
written on a refused request; pagination and ?year=; the CLI; throttling."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from prongsai.api.models import ApiToken, digest_of
from prongsai.api.tests.test_access import API, ApiTestCase
from prongsai.ita.models import IndicatorAnalysis, ItaResult, Score
from prongsai.oit.models import Evidence
from prongsai.plans.models import IntegrityMeasure, Progress


class ResultWriteTests(ApiTestCase):
    def test_put_creates_a_year_then_replaces_it(self):
        body = {"scores": [{"code": str(n), "score": "90.5"} for n in range(1, 11)]}
        response = self.call("PUT", f"{API}/orgs/org-a/results/2567/", self.write_a_text, body)
        self.assertEqual(response.status_code, 201, response.content)
        result = ItaResult.objects.get(org=self.org_a, year=2567)
        self.assertEqual(result.scores.count(), 10)
        self.assertEqual(response.json()["totals"]["total"], "90.50")
        body = {"scores": [{"code": str(n), "score": 80} for n in range(1, 11)]}
        response = self.call("PUT", f"{API}/orgs/org-a/results/2567/", self.write_a_text, body)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(set(result.scores.values_list("score", flat=True)), {Decimal("80.0000")})
        read = self.call("GET", f"{API}/orgs/org-a/results/2567/", self.read_a_text).json()
        self.assertEqual(read["totals"]["total"], "80.00")

    def test_the_results_files_rules_apply_and_nothing_is_written(self):
        before = list(Score.objects.filter(result=self.result_a).values_list("code", "score"))
        body = {
            "scores": [
                {"code": "1", "score": "101"},
                {"code": "o1", "score": "maybe"},
                {"code": "zz9", "score": "50"},
                {"code": "1", "score": "50"},
                {"code": "i1", "score": "50", "part": 7},
            ]
        }
        response = self.call("PUT", f"{API}/orgs/org-a/results/2568/", self.write_a_text, body)
        self.assertEqual(response.status_code, 400)
        messages = "\n".join(response.json()["scores"])
        self.assertIn("แถว 1 คอลัมน์ score", messages)  # row = position in the list
        self.assertIn("ต้องอยู่ระหว่าง 0 ถึง 100", messages)
        self.assertIn("แถว 2", messages)
        self.assertIn("ไม่พบรหัส 'zz9'", messages)
        self.assertIn("แถว 5 คอลัมน์ part", messages)
        after = list(Score.objects.filter(result=self.result_a).values_list("code", "score"))
        self.assertEqual(before, after)

    def test_a_year_without_criteria_or_an_empty_list_is_a_400(self):
        for year, body in (
            (2450, {"scores": [{"code": "1", "score": "5"}]}),
            (2568, {"scores": []}),
        ):
            with self.subTest(year=year):
                response = self.call(
                    "PUT", f"{API}/orgs/org-a/results/{year}/", self.write_a_text, body
                )
                self.assertEqual(response.status_code, 400, response.content)
        self.assertFalse(ItaResult.objects.filter(year=2450).exists())

    def test_oit_items_take_pass_and_fail_in_thai(self):
        body = {"scores": [{"code": "o1", "score": "ผ่าน"}, {"code": "o2", "score": "ไม่ผ่าน"}]}
        response = self.call("PUT", f"{API}/orgs/org-a/results/2568/", self.write_a_text, body)
        self.assertEqual(response.status_code, 200, response.content)
        items = dict(self.result_a.scores.filter(level="item").values_list("code", "score"))
        self.assertEqual(items, {"o1": Decimal(100), "o2": Decimal(0)})


class OtherWriteTests(ApiTestCase):
    def test_analysis_is_made_for_an_existing_year_and_indicator(self):
        url = f"{API}/orgs/org-a/analyses/"
        response = self.call(
            "POST", url, self.write_a_text, {"year": 2568, "indicator": 2, "cause": "ช้า"}
        )
        self.assertEqual(response.status_code, 201, response.content)
        analysis = IndicatorAnalysis.objects.get(pk=response.json()["id"])
        self.assertEqual(
            (analysis.result, analysis.indicator, analysis.cause), (self.result_a, 2, "ช้า")
        )
        for body, field in (
            ({"year": 2560, "indicator": 2}, "year"),
            ({"year": 2568, "indicator": 42}, "indicator"),
        ):
            response = self.call("POST", url, self.write_a_text, body)
            self.assertEqual(response.status_code, 400)
            self.assertIn(field, response.json())
        patched = self.call(
            "PATCH",
            f"{url}{analysis.pk}/",
            self.write_a_text,
            {"guideline": "อบรม", "indicator": 9},
        )
        self.assertEqual(patched.status_code, 200)
        analysis.refresh_from_db()
        self.assertEqual((analysis.indicator, analysis.guideline), (2, "อบรม"))

    def test_measure_period_must_be_in_order(self):
        body = {"fiscal_year": 2569, "name": "อบรม", "period_start": "2026-09-30",
                "period_end": "2025-10-01", "responsible": self.unit_a.pk}  # fmt: skip
        url = f"{API}/orgs/org-a/measures/"
        response = self.call("POST", url, self.write_a_text, body)
        self.assertEqual(response.status_code, 400)
        self.assertIn("period_end", response.json())
        body["period_start"], body["period_end"] = body["period_end"], body["period_start"]
        response = self.call("POST", url, self.write_a_text, body)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(IntegrityMeasure.objects.get(pk=response.json()["id"]).org, self.org_a)
        deleted = self.call("DELETE", f"{url}{response.json()['id']}/", self.write_a_text)
        self.assertEqual(deleted.status_code, 204)

    def test_progress_year_must_be_within_the_project(self):
        project = self.objects["a"]["project"]
        body = {"project": project.pk, "fiscal_year": 2575, "round": "annual", "percent": 50}
        response = self.call("POST", f"{API}/orgs/org-a/progress/", self.write_a_text, body)
        self.assertEqual(response.status_code, 400)
        body["fiscal_year"] = 2569
        response = self.call("POST", f"{API}/orgs/org-a/progress/", self.write_a_text, body)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Progress.objects.get(pk=response.json()["id"]).percent, 50)
        body["percent"] = 101
        body["fiscal_year"] = 2570
        response = self.call("POST", f"{API}/orgs/org-a/progress/", self.write_a_text, body)
        self.assertEqual(response.status_code, 400)

    def test_evidence_of_a_known_item_once_per_year(self):
        url = f"{API}/orgs/org-a/oit/evidence/"
        body = {"year": 2568, "item": "o2", "urls": ["https://www.example/o2"]}
        response = self.call("POST", url, self.write_a_text, body)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            Evidence.objects.get(pk=response.json()["id"]).urls, "https://www.example/o2"
        )
        self.assertEqual(response.json()["urls"], ["https://www.example/o2"])
        again = self.call("POST", url, self.write_a_text, body)
        self.assertEqual(again.status_code, 400)
        for bad in ({"item": "o99"}, {"urls": ["ftp://www.example/x"]}, {"urls": ["not a url"]}):
            response = self.call("POST", url, self.write_a_text, body | {"item": "o3"} | bad)
            self.assertEqual(response.status_code, 400, bad)
        self.assertFalse(Evidence.objects.filter(org=self.org_a, item__in=["o3", "o99"]).exists())


class ListTests(ApiTestCase):
    def test_year_filter_and_pages(self):
        start, end = IntegrityMeasure.default_period(2570)
        for n in range(5):
            IntegrityMeasure.objects.create(
                org=self.org_a,
                fiscal_year=2570,
                name=f"มาตรการ {n}",
                period_start=start,
                period_end=end,
            )
        url = f"{API}/orgs/org-a/measures/"
        all_rows = self.call("GET", f"{url}?page_size=2", self.read_a_text).json()
        self.assertEqual(all_rows["count"], 6)
        self.assertEqual(len(all_rows["results"]), 2)
        self.assertIn("page=2", all_rows["next"])
        year = self.call("GET", f"{url}?year=2570", self.read_a_text).json()
        self.assertEqual(year["count"], 5)
        self.assertTrue(all(r["fiscal_year"] == 2570 for r in year["results"]))
        for bad in ("abc", "1", "99999999999999999999", "๒๕๖๘x"):
            with self.subTest(year=bad):
                response = self.call("GET", f"{url}?year={bad}", self.read_a_text)
                self.assertEqual(response.status_code, 400)
                self.assertIn("year", response.json())
        results = self.call("GET", f"{API}/orgs/org-a/results/?year=2569", self.read_a_text).json()
        self.assertEqual(results["count"], 0)

    @override_settings(API_RATE="3/minute")
    def test_requests_past_the_rate_are_throttled(self):
        cache.clear()
        codes = [self.call("GET", f"{API}/orgs/", self.read_a_text).status_code for _ in range(4)]
        self.assertEqual(codes, [200, 200, 200, 429])
        # another token has its own budget
        self.assertEqual(self.call("GET", f"{API}/orgs/", self.write_a_text).status_code, 200)
        cache.clear()


class CommandTests(ApiTestCase):
    def run_command(self, *args) -> str:
        out, err = StringIO(), StringIO()
        call_command("api_token", *args, stdout=out, stderr=err)
        return out.getvalue().strip()

    def test_prints_a_working_token_once_and_stores_its_hash(self):
        text = self.run_command("--org", "org-a", "--write")
        token = ApiToken.objects.get(digest=digest_of(text))
        self.assertEqual((token.org, token.write, token.province), (self.org_a, True, ""))
        response = self.call(
            "PATCH", f"{API}/orgs/org-a/measures/{self.measure_a.pk}/", text, {"progress": 30}
        )
        self.assertEqual(response.status_code, 200)

    def test_province_token(self):
        text = self.run_command("--province", "ขอนแก่น")
        token = ApiToken.objects.get(digest=digest_of(text))
        self.assertEqual((token.org, token.province, token.write), (None, "ขอนแก่น", False))
        orgs = self.call("GET", f"{API}/orgs/", text).json()["results"]
        self.assertEqual([o["slug"] for o in orgs], ["org-b"])

    def test_the_console_script_words_reach_the_commands(self):
        from django.core.management import get_commands

        from prongsai.cli import resolve_argv

        known = set(get_commands())
        self.assertEqual(
            resolve_argv(["api", "token", "--org", "org-a"], known), ["api_token", "--org", "org-a"]
        )
        self.assertEqual(resolve_argv(["api", "tokens"], known), ["api_tokens"])
        self.assertEqual(resolve_argv(["api", "revoke", "prs_x"], known), ["api_revoke", "prs_x"])

    def test_list_and_revoke(self):
        import json as jsonlib

        out = StringIO()
        call_command("api_tokens", "--org", "org-a", "--json", stdout=out)
        rows = jsonlib.loads(out.getvalue())
        self.assertEqual({r["prefix"] for r in rows}, {self.read_a.prefix, self.write_a.prefix})
        self.assertNotIn(self.read_a_text, out.getvalue())
        self.assertNotIn(self.read_a.digest, out.getvalue())
        call_command("api_revoke", self.read_a.prefix + "…", stdout=StringIO())
        self.assertEqual(self.call("GET", f"{API}/orgs/", self.read_a_text).status_code, 401)
        self.assertEqual(self.call("GET", f"{API}/orgs/", self.write_a_text).status_code, 200)
        with self.assertRaisesMessage(CommandError, "ไม่พบโทเค็น"):
            call_command("api_revoke", self.read_a.prefix, stdout=StringIO())

    def test_unknown_organisation_or_province(self):
        with self.assertRaisesMessage(CommandError, "ไม่พบหน่วยงาน"):
            self.run_command("--org", "no-such-org")
        with self.assertRaisesMessage(CommandError, "ไม่มีหน่วยงานในจังหวัด"):
            self.run_command("--province", "ไม่มีจังหวัดนี้")


class AuditTests(ApiTestCase):
    def test_a_change_made_with_a_token_names_the_token_in_the_audit_trail(self):
        from prongsai.audit.models import AuditEntry

        response = self.call(
            "PATCH", f"{API}/orgs/org-a/measures/{self.measure_a.pk}/", self.write_a_text,
            {"progress": 70},
        )  # fmt: skip
        self.assertEqual(response.status_code, 200)
        entry = AuditEntry.objects.filter(object_pk=str(self.measure_a.pk)).latest("timestamp")
        self.assertEqual(entry.source, f"API {self.write_a.prefix}… write a")
        self.assertIsNone(entry.actor)

    def test_making_and_revoking_a_token_is_in_the_audit_trail_without_the_token(self):
        from prongsai.audit.models import AuditEntry
        from prongsai.orgs.models import Membership

        Membership.objects.filter(user=self.officer_a).update(role="admin")
        self.login(self.officer_a)
        page = self.client.post(reverse("api:tokens", args=["org-a"]), {"name": "แดชบอร์ด"})
        text = page.context["shown"]
        token = ApiToken.objects.get(digest=digest_of(text))
        self.client.post(reverse("api:revoke", args=["org-a", token.pk]))
        entries = AuditEntry.objects.filter(content_type__model="apitoken", object_pk=str(token.pk))
        self.assertEqual(entries.count(), 2)  # made, revoked
        self.assertEqual({e.actor for e in entries}, {self.officer_a})
        recorded = " ".join(str(e.changes) for e in entries)
        self.assertIn(token.prefix, recorded)
        self.assertNotIn(text, recorded)
        self.assertNotIn(token.digest, recorded)


class AdminTests(ApiTestCase):
    def test_a_superuser_lists_and_revokes_tokens_but_never_sees_a_hash(self):
        from django.contrib.auth import get_user_model

        root = get_user_model().objects.create_superuser(
            "root-api", password="a-long-test-password"
        )
        self.client.force_login(root)
        page = self.client.get(reverse("admin:api_apitoken_changelist"))
        self.assertContains(page, self.read_a.prefix)
        detail = self.client.get(reverse("admin:api_apitoken_change", args=[self.read_a.pk]))
        self.assertEqual(detail.status_code, 200)
        self.assertNotContains(detail, self.read_a.digest)
        self.client.post(
            reverse("admin:api_apitoken_changelist"),
            {"action": "revoke", "_selected_action": [self.read_a.pk]},
        )
        self.read_a.refresh_from_db()
        self.assertIsNotNone(self.read_a.revoked)
        self.assertEqual(self.call("GET", f"{API}/orgs/", self.read_a_text).status_code, 401)


class QueryBudgetTests(ApiTestCase):
    """A list costs the same number of queries for a few rows or many."""

    def count(self, path: str, token: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.call("GET", path, token)  # warm caches (criteria parsing)
        with CaptureQueriesContext(connection) as queries:
            response = self.call("GET", path, token)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_province_results_and_evidence_lists(self):
        from prongsai.ita.results import save_results
        from prongsai.orgs.models import Organisation
        from prongsai.test import results_2568

        paths = {
            f"{API}/provinces/ชลบุรี/": self.province_text,
            f"{API}/orgs/org-a/results/": self.read_a_text,
            f"{API}/orgs/org-a/oit/evidence/": self.read_a_text,
            f"{API}/orgs/org-a/projects/": self.read_a_text,
            f"{API}/orgs/org-a/measures/": self.read_a_text,
        }
        before = {path: self.count(path, token) for path, token in paths.items()}
        for n in range(4):
            org = Organisation.objects.create(
                slug=f"chon-{n}", name_th=f"อบต.ชล {n}", kind="sao", province="ชลบุรี"
            )
            save_results(org, 2568, results_2568(), ItaResult.Source.MANUAL)
        for year in (2566, 2567):
            save_results(self.org_a, year, results_2568(), ItaResult.Source.MANUAL)
        for item in ("o2", "o3", "o4"):
            evidence = Evidence.objects.create(org=self.org_a, year=2568, item=item, urls="")
            evidence.checks.create(component=f"{item}.1", ticked=True, checked_by=self.officer_a)
        plan = self.objects["a"]["plan"]
        sub = plan.dimensions.first().subsections.first()
        for n in range(3):
            project = plan.projects.create(
                subsection=sub, name=f"โครงการ {n}", start_year=2566, end_year=2570
            )
            project.budgets.create(fiscal_year=2568, amount=Decimal(1000))
            project.progress.create(fiscal_year=2568, round="annual")
        start, end = IntegrityMeasure.default_period(2569)
        for n in range(3):
            IntegrityMeasure.objects.create(
                org=self.org_a, fiscal_year=2569, name=f"ม {n}", period_start=start, period_end=end
            )
        for path, token in paths.items():
            with self.subTest(path=path):
                self.assertEqual(self.count(path, token), before[path])
