"""No way into another organisation's data: every URL pattern, tried with the other's ids."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from prongsai.documents import registry
from prongsai.documents.registry import PARAMS
from prongsai.test import BaseTestCase

# URLs that name no organisation's object: open to any signed-in user.
NOT_ORG_SCOPED = {
    "ita:template", "orgs:list", "surveys:survey", "surveys:thanks",
    "complaints:form", "complaints:follow-up", "complaints:public-stats",
    "oit:public", "oit:public-export", "oit:about-checker",
}  # fmt: skip
PUBLIC = {
    "surveys:survey",
    "surveys:thanks",
    "complaints:form",
    "complaints:follow-up",
    "complaints:public-stats",
    "oit:public",
    "oit:public-export",
    "oit:about-checker",  # what the website checker is, for the sites it checks
}
NAMESPACES = (
    "ita", "orgs", "surveys", "plans", "complaints", "ethics", "oit", "audit", "documents", "jobs",
    "delegation", "api", "lpa",
)  # fmt: skip


def private_kind() -> str:
    """A document only the organisation's people may download (the walk needs one)."""
    return next(k.key for k in registry.kinds() if not k.public)


def org_patterns():
    """(namespaced name, kwarg names, allowed methods) of every orgs/ita route."""
    out = []

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace in NAMESPACES and p.name:
                out.append((f"{namespace}:{p.name}", list(p.pattern.converters), p.callback))

    walk(get_resolver().url_patterns)
    return out


class CrossOrganisationTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from datetime import date

        from prongsai.surveys.models import Campaign

        cls.campaign_a = Campaign.objects.create(
            org=cls.org_a,
            year=2568,
            tool="satisfaction",
            opens=date(2025, 1, 1),
            closes=date(2025, 12, 31),
        )
        cls.eit_a = Campaign.objects.create(
            org=cls.org_a, year=2568, tool="eit", opens=date(2025, 1, 1), closes=date(2025, 12, 31)
        )
        from prongsai.plans.models import Project, RiskAssessment, RiskItem
        from prongsai.plans.templates_data import create_plan

        cls.plan_a = create_plan(cls.org_a, "แผนของเอ")
        sub = cls.plan_a.dimensions.first().subsections.first()
        cls.project_a = Project.objects.create(
            plan=cls.plan_a, subsection=sub, name="โครงการของเอ", start_year=2566, end_year=2570
        )
        from prongsai.complaints.models import Complaint

        cls.complaint_a = Complaint.objects.create(
            org=cls.org_a,
            receipt_hash="0" * 64,
            category="corruption",
            what="x",
            received_on=date(2025, 1, 2),
        )
        from prongsai.jobs.models import Job

        cls.job_a = Job.objects.create(org=cls.org_a, kind=Job.Kind.OIT_CHECK, state="done")
        # Jobs of no organisation: A's province's (its full report) and the nation's.
        cls.province_job_a = Job.objects.create(
            province=cls.org_a.province, kind=Job.Kind.ITA_REPORT, state="running"
        )
        cls.national_job = Job.objects.create(kind=Job.Kind.ITA_FOLLOW, state="running")
        cls.risk_a = RiskItem.objects.create(
            assessment=RiskAssessment.objects.create(org=cls.org_a, year=2568),
            process="การจัดซื้อจัดจ้าง", risk="ฮั้ว", likelihood=3, impact=4,
        )  # fmt: skip

    def kwargs_for(self, names, org, measure, route=""):
        values = {
            "org_slug": org.slug,
            "year": 2568,
            "number": 1,
            "pk": measure.pk,
            "fmt": "pdf",
            "name": org.province,
            "item": "o1",
            "model": "plans.integritymeasure",
            "job_id": self.job_a.pk,
        }
        if route.startswith("jobs:province-"):
            values["job_id"] = self.province_job_a.pk
        if route.startswith("jobs:national-"):
            values["job_id"] = self.national_job.pk
        if route.startswith("delegation:"):
            values["pk"] = self.officer_a.memberships.get(org=self.org_a).pk
        if route.startswith("surveys:"):
            values["pk"] = self.eit_a.pk if route == "surveys:interview" else self.campaign_a.pk
        if route.startswith("ethics:"):
            values["kind"] = "announcement"
        if route.startswith("documents:"):
            values["kind"] = private_kind()
        if route.startswith("complaints:"):
            values |= {
                "pk": self.complaint_a.pk,
                "file_pk": self.complaint_a.pk,
                "request_pk": self.complaint_a.pk,
            }
        if route.startswith("plans:"):
            values |= {
                "pk": self.plan_a.pk, "project_pk": self.project_a.pk, "item_pk": self.risk_a.pk,
                "round": "h1",
            }  # fmt: skip
            if route == "plans:measure-update":
                values["pk"] = self.measure_a.pk
        return {n: values[n] for n in names}

    def test_every_org_url_is_404_for_another_organisations_officer(self):
        self.login(self.officer_b)
        patterns = [p for p in org_patterns() if p[0] not in NOT_ORG_SCOPED]
        self.assertGreaterEqual(len(patterns), 10)
        for name, kwargs, _view in patterns:
            url = reverse(name, kwargs=self.kwargs_for(kwargs, self.org_a, self.measure_a, name))
            for method in ("get", "post"):
                response = getattr(self.client, method)(url)
                with self.subTest(name=name, method=method):
                    self.assertIn(response.status_code, (404, 405), url)
        self.measure_a.refresh_from_db()  # still there

    def test_every_org_url_is_404_for_another_provinces_administrator(self):
        """A province administrator of ขอนแก่น walks every route with A's (ชลบุรี) ids and the
        province ชลบุรี: nothing is found, nothing changes, no mail leaves."""
        from django.core import mail

        from prongsai.orgs.models import Membership

        admin_b = self.province_admin("khonkaen-admin", self.org_b.province)
        members = Membership.objects.filter(org=self.org_a).count()
        self.login(admin_b)
        patterns = [p for p in org_patterns() if p[0] not in NOT_ORG_SCOPED]
        for name, kwargs, _view in patterns:
            url = reverse(name, kwargs=self.kwargs_for(kwargs, self.org_a, self.measure_a, name))
            for method in ("get", "post"):
                response = getattr(self.client, method)(url)
                with self.subTest(name=name, method=method):
                    self.assertIn(response.status_code, (404, 405), url)
        self.assertEqual(Membership.objects.filter(org=self.org_a).count(), members)
        self.assertEqual(len(mail.outbox), 0)

    def test_a_provinces_job_is_404_under_another_provinces_address_on_every_method(self):
        """ขอนแก่น's administrator, at every route that takes a province and a job, names their
        own province with ชลบุรี's job (and the nation's): nothing is found, nothing changes."""
        from prongsai.jobs.models import Job

        admin_b = self.province_admin("khonkaen-admin", self.org_b.province)
        self.login(admin_b)
        patterns = [p for p in org_patterns() if {"name", "job_id"} <= set(p[1])]
        self.assertGreaterEqual(len(patterns), 3)
        for name, kwargs, _view in patterns:
            for job in (self.province_job_a, self.national_job, self.job_a):
                values = {"name": self.org_b.province, "job_id": job.pk}
                url = reverse(name, kwargs={k: values[k] for k in kwargs})
                for method in ("get", "post"):
                    response = getattr(self.client, method)(url)
                    with self.subTest(name=name, job=job.pk, method=method):
                        self.assertEqual(response.status_code, 404, url)
        self.assertEqual(
            set(Job.objects.filter(pk__in=[self.province_job_a.pk, self.national_job.pk])
                .values_list("state", flat=True)),
            {"running"},
        )  # fmt: skip

    def test_no_document_of_a_is_made_through_bs_own_address(self):
        """B's own slug with A's plan, campaign or year: every private kind is a 404 for B, on
        the download and the signature alike, and B's own documents still come."""
        self.login(self.officer_b)
        ids_of_a = {
            "year": "2568", "plan": str(self.plan_a.pk), "round": "6m",
            "campaign": str(self.campaign_a.pk), "period": "year",
        }  # fmt: skip
        self.assertEqual(set(ids_of_a), set(PARAMS))
        for kind in registry.kinds():
            query = {p: ids_of_a[p] for p in kind.params}
            for slug, expected in ((self.org_a.slug, 404), (self.org_b.slug, None)):
                for fmt in kind.formats:
                    url = reverse("documents:download", args=[slug, kind.key, fmt])
                    response = self.client.get(url, query)
                    with self.subTest(kind=kind.key, slug=slug, fmt=fmt):
                        if expected == 404 and not kind.public:
                            self.assertEqual(response.status_code, 404)
                        elif "plan" in kind.params or "campaign" in kind.params:
                            # A's plan or campaign asked for under B's name: not found.
                            self.assertEqual(response.status_code, 404)
                        elif not kind.offered:  # made only by its own view (province report)
                            self.assertEqual(response.status_code, 404)
                        else:
                            self.assertIn(response.status_code, (200, 409))
                if kind.signed:
                    url = reverse("documents:signoff", args=[slug, kind.key])
                    response = self.client.post(url, {**query, "name": "ก", "position": "ข"})
                    with self.subTest(kind=kind.key, slug=slug, signoff=True):
                        if (
                            slug == self.org_a.slug
                            or "plan" in kind.params
                            or "campaign" in kind.params
                        ):
                            self.assertEqual(response.status_code, 404)

    def test_a_measure_of_b_cannot_be_deleted_through_as_url(self):
        self.login(self.officer_a)
        url = reverse("ita:measure-delete", args=[self.org_a.slug, self.measure_b.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.measure_b.refresh_from_db()

    def test_anonymous_visitors_are_sent_to_log_in(self):
        for name, kwargs, _view in org_patterns():
            if name in PUBLIC:
                continue  # public pages: survey links and the complaint channel
            url = reverse(name, kwargs=self.kwargs_for(kwargs, self.org_a, self.measure_a, name))
            response = self.client.get(url)
            with self.subTest(name=name):
                self.assertIn(response.status_code, (302, 405))
                if response.status_code == 302:
                    self.assertIn(reverse("login"), response["Location"])

    def test_a_read_only_role_gets_403_on_every_change(self):
        for user in (self.auditor_a, self.province_a):
            self.login(user)
            for name in (
                "ita:results-import",
                "ita:results-entry",
                "ita:analysis-edit",
                "ita:measure-add",
            ):
                kwargs = {"org_slug": self.org_a.slug, "year": 2568}
                if name in ("ita:analysis-edit", "ita:measure-add"):
                    kwargs["number"] = 1
                with self.subTest(user=user.username, name=name):
                    self.assertEqual(
                        self.client.post(reverse(name, kwargs=kwargs)).status_code, 403
                    )
            url = reverse("ita:measure-delete", args=[self.org_a.slug, self.measure_a.pk])
            self.assertEqual(self.client.post(url).status_code, 403)
            for name in ("surveys:close", "surveys:codes"):
                url = reverse(name, args=[self.org_a.slug, self.campaign_a.pk])
                self.assertEqual(self.client.post(url).status_code, 403)
        self.measure_a.refresh_from_db()
        self.campaign_a.refresh_from_db()
        self.assertFalse(self.campaign_a.closed)

    def test_the_provincial_reader_reads_its_province_only(self):
        self.login(self.province_a)
        self.assertEqual(
            self.client.get(reverse("ita:analysis", args=[self.org_a.slug, 2568])).status_code, 200
        )
        self.assertEqual(
            self.client.get(reverse("ita:analysis", args=[self.org_b.slug, 2568])).status_code, 404
        )
        page = self.client.get(reverse("ita:province", args=["ชลบุรี"]))
        self.assertContains(page, self.org_a.name_th)
        self.assertNotContains(page, self.org_b.name_th)
        self.assertEqual(self.client.get(reverse("ita:province", args=["ขอนแก่น"])).status_code, 404)

    def test_the_organisation_list_shows_only_ones_own(self):
        self.login(self.officer_a)
        page = self.client.get(reverse("orgs:list"))
        self.assertContains(page, self.org_a.name_th)
        self.assertNotContains(page, self.org_b.name_th)

    def test_wrong_methods_are_405(self):
        self.login(self.officer_a)
        self.assertEqual(
            self.client.post(reverse("ita:dashboard", args=[self.org_a.slug, 2568])).status_code,
            405,
        )
        self.assertEqual(
            self.client.get(
                reverse("ita:analysis-edit", args=[self.org_a.slug, 2568, 1])
            ).status_code,
            405,
        )


class QueryBudgetTests(BaseTestCase):
    def test_the_province_page_costs_the_same_for_one_or_many_organisations(self):
        from prongsai.ita.models import ItaResult
        from prongsai.ita.results import save_results
        from prongsai.orgs.models import Organisation
        from prongsai.test import results_2568

        self.login(self.province_a)
        url = reverse("ita:province", args=["ชลบุรี"])
        self.client.get(url)  # warm caches (criteria parsing, sessions)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
        for n in range(3):
            org = Organisation.objects.create(
                slug=f"more-{n}", name_th=f"อบต.เพิ่ม {n}", kind="sao", province="ชลบุรี"
            )
            save_results(org, 2568, results_2568(), ItaResult.Source.MANUAL)
        with CaptureQueriesContext(connection) as four:
            page = self.client.get(url)
        self.assertContains(page, "อบต.เพิ่ม 2")
        self.assertEqual(len(four), len(one))
