"""`prongsai demo`: the whole fictional demo, relative to today, safe to run again."""

from __future__ import annotations

import io
import ipaddress
from datetime import date
from unittest import mock
from urllib.parse import urlsplit

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory, TestCase
from django.urls import reverse

from prongsai.demo.site import current_year_lines, load_demo
from prongsai.frameworks.library import builtin_document
from prongsai.frameworks.models import Framework
from prongsai.ita.models import ItaResult
from prongsai.jobs.models import Job
from prongsai.oit import checklist
from prongsai.oit import tasks as oit_tasks
from prongsai.oit.models import Evidence
from prongsai.orgs.models import Membership, Organisation, ProvinceRole
from prongsai.plans.models import IntegrityMeasure
from prongsai.surveys import results
from prongsai.surveys.models import Answer, Campaign
from prongsai.surveys.questionnaire import for_campaign


def row_counts() -> dict[str, int]:
    from django.apps import apps

    return {m._meta.label: m._base_manager.count() for m in apps.get_models()}


class DemoCommandTests(TestCase):
    def test_it_builds_the_demo_and_a_second_run_changes_nothing(self):
        out = io.StringIO()
        call_command("demo", "--password", "demo-password-1", stdout=out)
        first = row_counts()
        call_command("demo", stdout=io.StringIO())
        self.assertEqual(row_counts(), first)
        provinces = Organisation.objects.values_list("province", flat=True)
        self.assertEqual(len(provinces), 6)
        self.assertEqual(set(provinces), {"ชลบุรี", "ขอนแก่น"})
        self.assertEqual(
            set(Membership.objects.values_list("role", flat=True)),
            {"admin", "officer", "executive", "auditor"},
        )
        readers = ProvinceRole.objects.filter(role=ProvinceRole.Role.READER)
        self.assertEqual(set(readers.values_list("province", flat=True)), {"ชลบุรี", "ขอนแก่น"})
        # delegated administration: a province administrator for each province, an
        # administrator and a code for each organisation, each placed in its subdistrict
        self.assertEqual(
            set(
                ProvinceRole.objects.filter(role=ProvinceRole.Role.ADMINISTRATOR).values_list(
                    "province", flat=True
                )
            ),
            {"ชลบุรี", "ขอนแก่น"},
        )
        for org in Organisation.objects.all():
            with self.subTest(org=org.slug):
                self.assertTrue(org.memberships.filter(role="admin").exists())
                self.assertRegex(org.code, r"^99[0-9]{5}$")
                self.assertEqual(org.subdistrict.district.name_th, org.district)
        request = RequestFactory().post("/accounts/login/")  # django-axes needs the request
        user = authenticate(request, username="officer-bansuan", password="demo-password-1")
        self.assertEqual(user.get_full_name(), "นางสาวสมศรี ดูแลดี")

    def test_a_generated_password_is_printed_once(self):
        first, second = io.StringIO(), io.StringIO()
        call_command("demo", stdout=first)
        call_command("demo", stdout=second)
        password = first.getvalue().split(": ")[1].split()[0]
        request = RequestFactory().post("/accounts/login/")
        self.assertIsNotNone(authenticate(request, username="admin", password=password))
        self.assertNotIn(password, second.getvalue())


class DemoInTodayTests(TestCase):
    def test_the_last_completed_year_has_results_for_every_organisation(self):
        demo, _password = load_demo("demo-password-1", today=date(2026, 12, 4))
        self.assertEqual((demo.current_year, demo.last_year), (2570, 2569))
        years = set(ItaResult.objects.values_list("year", flat=True))
        self.assertIn(2569, years)
        self.assertNotIn(2570, years)  # the current year's assessment is under way
        totals = {r.org.slug: r for r in ItaResult.objects.filter(year=2569)}
        self.assertEqual(len(totals), 6)
        measures = IntegrityMeasure.objects.filter(ita_year=2569, fiscal_year=2570)
        self.assertTrue(measures.exists())
        self.assertTrue(Campaign.objects.filter(org=demo.main, year=2570).exists())

    def test_the_fiscal_years_follow_the_date(self):
        for today, current in ((date(2026, 10, 1), 2570), (date(2026, 9, 30), 2569)):
            with self.subTest(today=today):
                demo, _password = load_demo("demo-password-1", today=today)
                self.assertEqual((demo.current_year, demo.last_year), (current, current - 1))


def fictional(url: str) -> bool:
    """A host under `.example` or a loopback address: nothing the demo points at is fetched."""
    host = urlsplit(url).hostname or ""
    if host.endswith(".example") or host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class DemoCurrentYearTests(TestCase):
    """The year the user is in (2570 on 4 December 2026) is live: nobody has published its
    criteria, so the demo's ชลบุรี province administrator has published provisional ones from
    2569; ขอนแก่น has none and shows the "no criteria yet" path."""

    @classmethod
    def setUpTestData(cls):
        cls.demo, _password = load_demo("demo-password-1", today=date(2026, 12, 4))

    def test_nacc_has_not_published_the_current_year(self):
        # The premise of the tests below; when 2570 ships, the demo uses it and these change.
        self.assertIsNone(builtin_document(2570))
        self.assertIsNotNone(builtin_document(2569))

    def test_chonburi_has_provisional_criteria_for_the_year_with_their_provenance(self):
        row = Framework.objects.get(year=2570)
        self.assertEqual((row.province, row.org, row.builtin), ("ชลบุรี", None, False))
        self.assertEqual((row.status, row.based_on_year), (Framework.Status.PUBLISHED, 2569))
        doc = row.document
        self.assertEqual(doc["confidence"], "provisional")
        self.assertIn("ฉบับร่าง", doc["name"]["th"])
        self.assertIn("จากเกณฑ์ปี 2569", doc["name"]["th"])
        source = builtin_document(2569)
        self.assertEqual(
            doc["source"],
            f"ฉบับร่างที่ผู้ดูแลจังหวัดคัดลอกจาก {source['urn']} เวอร์ชัน {source['version']}",
        )
        self.assertTrue(all(i["confidence"] == "provisional" for i in doc["oit_items"]))
        self.assertFalse(Framework.objects.filter(year=2570, province="ขอนแก่น").exists())

    def test_the_checklist_of_bansuan_opens_on_the_current_year_marked_provisional(self):
        self.client.force_login(self.demo.users["admin-bansuan"])
        response = self.client.get(reverse("oit:checklist-default", args=["ban-suan"]))
        self.assertRedirects(response, reverse("oit:checklist", args=["ban-suan", 2570]))
        page = self.client.get(response.url).content.decode()
        self.assertNotIn("data-other-year", page)
        self.assertIn("ยังไม่ใช่เกณฑ์ที่ ป.ป.ช. ประกาศ", page)
        self.assertIn("จังหวัดชลบุรีจัดทำจากปี ๒๕๖๙", page)
        rows = {r.code: r for r in checklist.rows(self.demo.main, 2570)}
        self.assertEqual(rows["o1"].state, "ready")
        self.assertEqual(rows["o12"].state, "incomplete")
        self.assertEqual(rows["o13"].state, "missing")

    def test_the_checklist_lists_what_is_missing_by_unit_in_order(self):
        todo = checklist.stale_or_missing(self.demo.main, 2570, self.demo.today)
        owners = [t["owner"] for t in todo]
        self.assertEqual(owners[0], "กองคลัง")  # o12, a component missing
        self.assertEqual(owners[-1], "")  # items nobody owns yet come last
        nobody = [t["item"] for t in todo if not t["owner"]]
        self.assertLess(nobody.index("o5"), nobody.index("o10"))
        self.client.force_login(self.demo.users["officer-bansuan"])
        page = self.client.get(reverse("oit:checklist", args=["ban-suan", 2570]))
        self.assertContains(page, "<li>ยังไม่กำหนดผู้รับผิดชอบ: o5")
        self.assertNotContains(page, "<li>–:")

    def test_the_dashboard_of_the_year_points_to_its_work_and_last_years_results(self):
        self.client.force_login(self.demo.users["officer-bansuan"])
        page = self.client.get(reverse("ita:dashboard", args=["ban-suan", 2570]))
        self.assertContains(page, "ผลการประเมินล่าสุดเป็นของปี 2569 คะแนนรวม")
        self.assertContains(page, reverse("ita:dashboard", args=["ban-suan", 2569]))
        self.assertContains(page, reverse("oit:checklist", args=["ban-suan", 2570]))
        self.assertContains(page, reverse("surveys:list", args=["ban-suan"]))
        self.assertContains(page, "งานของปี 2570 ที่กำลังดำเนินการ")
        self.assertNotContains(page, "data-no-criteria")
        # the organisation page offers the year for entry: the province's criteria count
        detail = self.client.get(reverse("orgs:detail", args=["ban-suan"]))
        entry = reverse("ita:dashboard", args=["ban-suan", 2570])
        self.assertContains(
            detail, f'บันทึกหรือนำเข้าผลการประเมินของปี:\n<a class="button secondary" href="{entry}">'
        )

    def test_the_surveys_of_the_year_say_their_questions_are_a_draft(self):
        self.client.force_login(self.demo.users["officer-bansuan"])
        campaigns = Campaign.objects.filter(org=self.demo.main, year=2570)
        for tool, notice in (("iit", True), ("eit", True), ("satisfaction", False)):
            with self.subTest(tool=tool):
                campaign = campaigns.get(tool=tool)
                page = self.client.get(reverse("surveys:campaign", args=["ban-suan", campaign.pk]))
                self.assertEqual(page.status_code, 200)
                said = "ยังไม่ใช่เกณฑ์ที่ ป.ป.ช. ประกาศ" in page.content.decode()
                self.assertEqual(said, notice)

    def test_the_survey_answers_are_mostly_favourable_whatever_the_wording(self):
        campaign = Campaign.objects.get(org=self.demo.main, year=2570, tool="eit")
        items = {item.code: item for item in for_campaign(campaign).items}
        answers = Answer.objects.filter(response__campaign=campaign)
        self.assertTrue(answers.exists())
        for code, item in items.items():
            with self.subTest(question=code):
                best = max(item.choices, key=lambda c: c.score).key
                given = list(answers.filter(question=code).values_list("option", flat=True))
                self.assertGreater(given.count(best), len(given) / 2)
        self.assertGreater(results.engine_scores(campaign).tools["eit"], 75)

    def test_the_summary_says_what_each_province_shows(self):
        lines = current_year_lines(self.demo)
        self.assertIn("ป.ป.ช. ยังไม่ประกาศเกณฑ์", lines[0])
        self.assertIn(
            "  ชลบุรี: เกณฑ์ปี 2570 เป็นฉบับร่างที่จังหวัดชลบุรีจัดทำจากปี 2569 "
            "ยังไม่ใช่เกณฑ์ที่ ป.ป.ช. ประกาศ (provisional criteria)",
            lines,
        )
        self.assertTrue(any(line.startswith("  ขอนแก่น: ยังไม่มีเกณฑ์ปี 2570") for line in lines))

    def test_khon_kaen_shows_the_year_without_criteria(self):
        self.client.force_login(self.demo.users["admin-mueangkhok"])
        response = self.client.get(reverse("oit:checklist-default", args=["mueang-khok"]))
        self.assertRedirects(response, reverse("oit:checklist", args=["mueang-khok", 2569]))
        page = self.client.get(response.url).content.decode()
        self.assertIn("data-other-year", page)
        self.assertIn(reverse("ita:criteria", args=["mueang-khok"]), page)

    def test_the_year_has_evidence_and_surveys_and_last_year_stays_complete(self):
        main = self.demo.main
        self.assertTrue(Evidence.objects.filter(org=main, year=2570).exists())
        self.assertTrue(Evidence.objects.filter(org=main, year=2569).exists())
        self.assertTrue(Evidence.objects.filter(org__slug="saen-suk", year=2570).exists())
        self.assertFalse(Evidence.objects.filter(org__province="ขอนแก่น").exists())
        self.assertEqual(
            set(Campaign.objects.filter(org=main).values_list("year", "tool")),
            {(2570, "iit"), (2570, "eit"), (2570, "satisfaction")},
        )
        self.assertFalse(ItaResult.objects.filter(year=2570).exists())
        self.assertEqual(ItaResult.objects.filter(year=2569).count(), 6)

    def test_every_evidence_link_is_fictional_and_the_night_leaves_the_demo_alone(self):
        urls = [u for e in Evidence.objects.all() for u in e.url_list()]
        self.assertTrue(urls)
        self.assertEqual([u for u in urls if not fictional(u)], [])
        for org in self.demo.orgs.values():
            self.assertTrue(fictional(org.website), org.website)
        self.assertFalse(checklist.orgs_to_recheck(2570).exists())
        self.assertFalse(checklist.orgs_to_recheck(2569).exists())

    def test_the_night_checks_no_demo_website_and_by_hand_one_is_named(self):
        with mock.patch.object(oit_tasks.timezone, "localdate", return_value=self.demo.today):
            self.assertEqual(oit_tasks.recheck_all.apply().get(), "fanned out")
        night = Job.objects.get(kind=Job.Kind.OIT_RECHECK, org=None)
        self.assertEqual(night.params["year"], 2570)
        self.assertFalse(Job.objects.filter(kind=Job.Kind.OIT_CHECK).exists())
        out = io.StringIO()
        with mock.patch("prongsai.oit.management.commands.oit_recheck.check_sync") as check:
            call_command("oit_recheck", "--year", "2570", stdout=out)
            self.assertFalse(check.called)
            self.assertEqual(out.getvalue(), "")
            check.return_value = []
            call_command("oit_recheck", "--year", "2570", "--org", "ban-suan", stdout=out)
            self.assertTrue(check.called)  # by hand, one named organisation


class DemoBesideRealOrganisationsTests(TestCase):
    def test_a_real_organisation_of_the_province_is_not_governed_by_the_demo(self):
        real = Organisation.objects.create(
            slug="real-org", name_th="องค์การบริหารส่วนตำบลจริง", province="ชลบุรี"
        )
        demo, _password = load_demo("demo-password-1", today=date(2026, 12, 4))
        self.assertFalse(Framework.objects.filter(province="ชลบุรี").exists())
        own = Framework.objects.filter(year=2570, status=Framework.Status.PUBLISHED)
        self.assertEqual(
            set(own.values_list("org__slug", flat=True)), {"ban-suan", "saen-suk", "nong-khla"}
        )
        self.assertEqual(checklist.year_for(2570, real), 2569)
        self.assertEqual(checklist.year_for(2570, demo.main), 2570)
        self.client.force_login(demo.users["admin-bansuan"])
        page = self.client.get(reverse("oit:checklist", args=["ban-suan", 2570]))
        self.assertContains(page, "หน่วยงานจัดทำจากปี ๒๕๖๙")
