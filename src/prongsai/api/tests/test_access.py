"""The API's access rules: tokens and sessions reach their own organisations only; another
organisation's ids are a 404 on every method; a read token cannot write; a province token
reads its province only."""

from __future__ import annotations

import json

from django.urls import reverse

from prongsai.api.models import ApiToken, digest_of
from prongsai.oit.models import ComponentCheck, Evidence, LinkCheck
from prongsai.plans.models import Progress, Project
from prongsai.plans.templates_data import create_plan
from prongsai.test import BaseTestCase

API = "/api/v1"


class ApiTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.read_a, cls.read_a_text = ApiToken.objects.issue(name="read a", org=cls.org_a)
        cls.write_a, cls.write_a_text = ApiToken.objects.issue(
            name="write a", org=cls.org_a, write=True
        )
        cls.write_b, cls.write_b_text = ApiToken.objects.issue(
            name="write b", org=cls.org_b, write=True
        )
        cls.province_tok, cls.province_text = ApiToken.objects.issue(
            name="chonburi", province="ชลบุรี"
        )
        cls.objects = {}
        for key, org, unit in (("a", cls.org_a, cls.unit_a), ("b", cls.org_b, cls.unit_b)):
            plan = create_plan(org, f"แผนของ {key}")
            sub = plan.dimensions.first().subsections.first()
            project = Project.objects.create(
                plan=plan, subsection=sub, name=f"โครงการ {key}", start_year=2566, end_year=2570
            )
            progress = Progress.objects.create(project=project, fiscal_year=2568, round="h1")
            evidence = Evidence.objects.create(
                org=org, year=2568, item="o1", urls="https://www.example/o1", owner=unit
            )
            check = ComponentCheck.objects.create(evidence=evidence, component="o1.1", ticked=True)
            link = LinkCheck.objects.create(
                org=org, year=2568, item="o1", url="https://www.example/o1",
                run="2025-01-01T00:00:00Z", status="ok",
            )  # fmt: skip
            result = cls.result_a if key == "a" else cls.result_b
            analysis = result.analyses.create(indicator=1, cause=f"สาเหตุ {key}")
            cls.objects[key] = {
                "project": project, "progress": progress, "evidence": evidence, "check": check,
                "link": link, "analysis": analysis, "plan": plan,
                "measure": cls.measure_a if key == "a" else cls.measure_b,
            }  # fmt: skip

    def call(self, method, path, token=None, body=None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.client.generic(
            method,
            path,
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            headers=headers,
        )


# (collection under /orgs/{slug}/, key of the object, methods its detail URL answers)
DETAIL_ROUTES = [
    ("analyses", "analysis", ["GET", "PUT", "PATCH"]),
    ("measures", "measure", ["GET", "PUT", "PATCH", "DELETE"]),
    ("projects", "project", ["GET"]),
    ("progress", "progress", ["GET", "PUT", "PATCH", "DELETE"]),
    ("oit/evidence", "evidence", ["GET", "PUT", "PATCH", "DELETE"]),
    ("oit/checks", "check", ["GET", "PUT", "PATCH", "DELETE"]),
    ("oit/link-checks", "link", ["GET"]),
]
COLLECTIONS = ["results", "analyses", "measures", "projects", "progress", "oit/evidence",
               "oit/checks", "oit/link-checks"]  # fmt: skip


class CrossOrganisationTests(ApiTestCase):
    def test_own_slug_with_the_other_organisations_ids_is_404_on_every_method(self):
        for collection, key, methods in DETAIL_ROUTES:
            theirs = self.objects["b"][key].pk
            for method in methods:
                with self.subTest(collection=collection, method=method):
                    response = self.call(
                        method, f"{API}/orgs/org-a/{collection}/{theirs}/", self.write_a_text, {}
                    )
                    self.assertEqual(response.status_code, 404, response.content)
        # and the object is still there, unchanged
        self.assertTrue(Evidence.objects.filter(pk=self.objects["b"]["evidence"].pk).exists())

    def test_the_other_organisations_slug_is_404_on_every_method(self):
        for collection in COLLECTIONS:
            for method in ("GET", "POST"):
                with self.subTest(collection=collection, method=method):
                    response = self.call(
                        method, f"{API}/orgs/org-b/{collection}/", self.write_a_text, {}
                    )
                    self.assertEqual(response.status_code, 404)
        for collection, key, methods in DETAIL_ROUTES:
            theirs = self.objects["b"][key].pk
            for method in methods:
                with self.subTest(collection=collection, method=method):
                    response = self.call(
                        method, f"{API}/orgs/org-b/{collection}/{theirs}/", self.write_a_text, {}
                    )
                    self.assertEqual(response.status_code, 404)
        for method in ("GET", "PUT"):
            response = self.call(
                method, f"{API}/orgs/org-b/results/2568/", self.write_a_text, {"scores": []}
            )
            self.assertEqual(response.status_code, 404)
        self.assertEqual(self.call("GET", f"{API}/orgs/org-b/", self.write_a_text).status_code, 404)
        self.assertEqual(self.result_b.scores.count() > 0, True)

    def test_another_organisations_own_criteria_are_404(self):
        from prongsai.frameworks.models import Framework

        builtin = self.result_a.framework
        theirs = Framework.objects.create(
            urn="urn:prongsai:test:org-b", version=1, year=2568, name_th="เกณฑ์ของบี",
            org=self.org_b, document=builtin.document, checksum="0" * 64,
        )  # fmt: skip
        self.assertEqual(
            self.call("GET", f"{API}/frameworks/{theirs.pk}/", self.read_a_text).status_code, 404
        )
        listed = self.call("GET", f"{API}/frameworks/", self.read_a_text).json()["results"]
        self.assertNotIn(theirs.pk, {r["id"] for r in listed})
        self.assertIn(builtin.pk, {r["id"] for r in listed})
        # B's own token reads them
        self.assertEqual(
            self.call("GET", f"{API}/frameworks/{theirs.pk}/", self.write_b_text).status_code, 200
        )
        for method in ("PUT", "PATCH", "DELETE", "POST"):
            response = self.call(method, f"{API}/frameworks/{theirs.pk}/", self.write_b_text, {})
            self.assertEqual(response.status_code, 405)

    def test_lists_hold_only_the_own_organisations_objects(self):
        for collection in COLLECTIONS:
            with self.subTest(collection=collection):
                response = self.call("GET", f"{API}/orgs/org-a/{collection}/", self.read_a_text)
                self.assertEqual(response.status_code, 200)
                ids = {row.get("id", row.get("year")) for row in response.json()["results"]}
                theirs = {o.pk for o in self.objects["b"].values()}
                if collection == "results":
                    self.assertEqual(ids, {2568})
                else:
                    self.assertTrue(ids)
                    self.assertFalse(ids & theirs - {o.pk for o in self.objects["a"].values()})
        orgs = self.call("GET", f"{API}/orgs/", self.read_a_text).json()["results"]
        self.assertEqual([o["slug"] for o in orgs], ["org-a"])

    def test_a_body_naming_the_other_organisations_unit_or_project_is_refused(self):
        body = {"project": self.objects["b"]["project"].pk, "fiscal_year": 2568, "round": "annual"}
        response = self.call("POST", f"{API}/orgs/org-a/progress/", self.write_a_text, body)
        self.assertEqual(response.status_code, 400)
        self.assertIn("project", response.json())
        body = {
            "fiscal_year": 2569, "name": "มาตรการใหม่", "period_start": "2025-10-01",
            "period_end": "2026-09-30", "responsible": self.unit_b.pk,
        }  # fmt: skip
        response = self.call("POST", f"{API}/orgs/org-a/measures/", self.write_a_text, body)
        self.assertEqual(response.status_code, 400)
        self.assertIn("responsible", response.json())
        body = {"evidence": self.objects["b"]["evidence"].pk, "component": "o1.2", "ticked": True}
        response = self.call("POST", f"{API}/orgs/org-a/oit/checks/", self.write_a_text, body)
        self.assertEqual(response.status_code, 400)

    def test_sessions_follow_the_pages_rules(self):
        self.login(self.officer_a)
        theirs = self.objects["b"]["measure"].pk
        self.assertEqual(self.client.get(f"{API}/orgs/org-a/measures/{theirs}/").status_code, 404)
        self.assertEqual(self.client.get(f"{API}/orgs/org-b/measures/").status_code, 404)
        ours = self.objects["a"]["measure"].pk
        self.assertEqual(self.client.get(f"{API}/orgs/org-a/measures/{ours}/").status_code, 200)
        response = self.client.patch(
            f"{API}/orgs/org-a/measures/{ours}/", {"progress": 40}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 200)
        self.measure_a.refresh_from_db()
        self.assertEqual(self.measure_a.progress, 40)
        # an auditor reads but may not write
        self.login(self.auditor_a)
        self.assertEqual(self.client.get(f"{API}/orgs/org-a/measures/{ours}/").status_code, 200)
        response = self.client.patch(
            f"{API}/orgs/org-a/measures/{ours}/", {"progress": 50}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 403)
        self.measure_a.refresh_from_db()
        self.assertEqual(self.measure_a.progress, 40)

    def test_no_token_and_no_session_is_401(self):
        response = self.call("GET", f"{API}/orgs/")
        self.assertEqual(response.status_code, 401)
        response = self.call("GET", f"{API}/orgs/", "prs_not-a-real-token")
        self.assertEqual(response.status_code, 401)


class TokenScopeTests(ApiTestCase):
    def test_a_read_token_cannot_write(self):
        ours = self.objects["a"]
        cases = [
            ("PATCH", f"orgs/org-a/measures/{ours['measure'].pk}/", {"progress": 10}),
            ("DELETE", f"orgs/org-a/measures/{ours['measure'].pk}/", None),
            ("POST", "orgs/org-a/measures/", {"fiscal_year": 2569, "name": "x",
                                              "period_start": "2025-10-01", "period_end": "2026-09-30"}),
            ("PUT", "orgs/org-a/results/2568/", {"scores": [{"code": "1", "score": "90"}]}),
            ("PATCH", f"orgs/org-a/analyses/{ours['analysis'].pk}/", {"cause": "ใหม่"}),
            ("PATCH", f"orgs/org-a/progress/{ours['progress'].pk}/", {"percent": 50}),
            ("PATCH", f"orgs/org-a/oit/evidence/{ours['evidence'].pk}/", {"note": "x"}),
            ("PATCH", f"orgs/org-a/oit/checks/{ours['check'].pk}/", {"ticked": False}),
        ]  # fmt: skip
        for method, path, body in cases:
            with self.subTest(method=method, path=path):
                response = self.call(method, f"{API}/{path}", self.read_a_text, body)
                self.assertEqual(response.status_code, 403, response.content)
        self.measure_a.refresh_from_db()
        self.assertEqual(self.measure_a.progress, 0)
        self.assertTrue(
            self.objects["a"]["check"].__class__.objects.get(pk=ours["check"].pk).ticked
        )

    def test_a_write_token_writes(self):
        ours = self.objects["a"]
        response = self.call(
            "PATCH", f"{API}/orgs/org-a/oit/checks/{ours['check'].pk}/", self.write_a_text,
            {"ticked": False, "note": "ยังไม่ครบ"},
        )  # fmt: skip
        self.assertEqual(response.status_code, 200, response.content)
        check = ComponentCheck.objects.get(pk=ours["check"].pk)
        self.assertFalse(check.ticked)
        self.assertEqual(check.note, "ยังไม่ครบ")

    def test_a_province_token_reads_its_province_only(self):
        orgs = self.call("GET", f"{API}/orgs/", self.province_text).json()["results"]
        self.assertEqual([o["slug"] for o in orgs], ["org-a"])
        self.assertEqual(
            self.call("GET", f"{API}/orgs/org-a/results/2568/", self.province_text).status_code, 200
        )
        self.assertEqual(
            self.call("GET", f"{API}/orgs/org-b/results/2568/", self.province_text).status_code, 404
        )
        rows = self.call("GET", f"{API}/provinces/ชลบุรี/", self.province_text).json()["results"]
        self.assertEqual([r["slug"] for r in rows], ["org-a"])
        self.assertEqual(rows[0]["year"], 2568)
        self.assertIsNotNone(rows[0]["totals"]["total"])
        self.assertEqual(
            self.call("GET", f"{API}/provinces/ขอนแก่น/", self.province_text).status_code, 404
        )
        # a read-only province token does not write
        response = self.call(
            "PATCH", f"{API}/orgs/org-a/measures/{self.measure_a.pk}/", self.province_text,
            {"progress": 5},
        )  # fmt: skip
        self.assertEqual(response.status_code, 403)

    def test_an_organisation_token_does_not_read_the_province_comparison(self):
        self.assertEqual(
            self.call("GET", f"{API}/provinces/ชลบุรี/", self.write_a_text).status_code, 404
        )
        self.login(self.province_a)  # a provincial reader's session does
        self.assertEqual(self.client.get(f"{API}/provinces/ชลบุรี/").status_code, 200)
        self.assertEqual(self.client.get(f"{API}/provinces/ขอนแก่น/").status_code, 404)

    def test_a_revoked_token_is_refused(self):
        self.read_a.revoke()
        self.assertEqual(self.call("GET", f"{API}/orgs/", self.read_a_text).status_code, 401)

    def test_only_the_hash_is_stored(self):
        token = ApiToken.objects.get(pk=self.read_a.pk)
        self.assertEqual(token.digest, digest_of(self.read_a_text))
        self.assertEqual(len(token.digest), 64)
        self.assertTrue(self.read_a_text.startswith(token.prefix))
        self.assertNotIn(self.read_a_text, [getattr(token, f.attname) for f in token._meta.fields])

    def test_frameworks_are_the_builtin_ones_and_the_organisations_own(self):
        response = self.call("GET", f"{API}/frameworks/?year=2568", self.read_a_text)
        self.assertEqual(response.status_code, 200)
        rows = response.json()["results"]
        self.assertTrue(rows)
        self.assertTrue(all(r["year"] == 2568 for r in rows))
        detail = self.call("GET", f"{API}/frameworks/{rows[0]['id']}/", self.read_a_text).json()
        self.assertIn("indicators", json.dumps(detail["document"]))
        self.assertEqual(
            self.call("GET", f"{API}/frameworks/?year=abc", self.read_a_text).status_code, 400
        )


class TokenPageTests(ApiTestCase):
    def test_the_administrator_makes_sees_once_and_revokes_a_token(self):
        from prongsai.orgs.models import Membership

        Membership.objects.filter(user=self.officer_a).update(role="admin")
        self.login(self.officer_a)
        url = reverse("api:tokens", args=["org-a"])
        self.assertContains(self.client.get(reverse("orgs:detail", args=["org-a"])), url)
        page = self.client.post(url, {"name": "สคริปต์นำเข้าผล", "write": "on"})
        self.assertEqual(page.status_code, 200)
        token = ApiToken.objects.get(name="สคริปต์นำเข้าผล")
        text = page.context["shown"]
        self.assertEqual(token.digest, digest_of(text))
        self.assertContains(page, text)
        self.assertTrue(token.write)
        again = self.client.get(url)
        self.assertNotContains(again, text)
        self.assertContains(again, token.prefix)
        # the new token works, then is revoked from the page
        self.assertEqual(self.call("GET", f"{API}/orgs/org-a/", text).status_code, 200)
        self.client.post(reverse("api:revoke", args=["org-a", token.pk]))
        self.assertEqual(self.call("GET", f"{API}/orgs/org-a/", text).status_code, 401)

    def test_a_token_without_a_name_is_refused_and_none_is_made(self):
        from prongsai.orgs.models import Membership

        Membership.objects.filter(user=self.officer_a).update(role="admin")
        self.login(self.officer_a)
        before = ApiToken.objects.count()
        page = self.client.post(reverse("api:tokens", args=["org-a"]), {"name": " ", "write": "on"})
        self.assertEqual(page.status_code, 400)
        self.assertIsNone(page.context["shown"])
        self.assertEqual(ApiToken.objects.count(), before)

    def test_only_the_administrator_and_only_of_that_organisation(self):
        self.login(self.officer_a)
        detail = self.client.get(reverse("orgs:detail", args=["org-a"]))
        self.assertNotContains(detail, reverse("api:tokens", args=["org-a"]))
        self.assertEqual(self.client.get(reverse("api:tokens", args=["org-a"])).status_code, 403)
        self.assertEqual(self.client.get(reverse("api:tokens", args=["org-b"])).status_code, 404)
        response = self.client.post(reverse("api:revoke", args=["org-a", self.write_b.pk]))
        self.assertIn(response.status_code, (403, 404))
        self.write_b.refresh_from_db()
        self.assertIsNone(self.write_b.revoked)
