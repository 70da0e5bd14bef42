"""The organisation's public ITA page and its HTML and Excel exports: ready items only, one
organisation's evidence only, read back from the files; the navigation steps and their
suggestion from a walk of a (loopback) main website."""

from __future__ import annotations

from html.parser import HTMLParser
from io import BytesIO
from types import SimpleNamespace
from unittest import mock

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from prongsai.demo.site import load_demo
from prongsai.jobs.models import Job
from prongsai.oit import checklist, navigation, public_page, tasks
from prongsai.oit.demo import DEMO, STEPS
from prongsai.oit.models import ComponentCheck, Evidence, LinkCheck
from prongsai.oit.tests.site import HTML, EvidenceSite, LoopbackOnly, page
from prongsai.orgs.models import Organisation
from prongsai.orgs.panels import current_year
from prongsai.test import BaseTestCase


class ItaPageParser(HTMLParser):
    """What a visitor (or a CMS) gets from the page: items, their links and steps, and every
    attribute that would make the browser fetch something."""

    def __init__(self):
        super().__init__()
        self.items: dict[str, dict] = {}
        self.fetches: list[tuple[str, str, str]] = []
        self.styles = ""
        self._item = None
        self._in = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "srcset", "data", "poster"):
            if attrs.get(name):
                self.fetches.append((tag, name, attrs[name]))
        if tag == "link" or tag == "script":
            self.fetches.append((tag, "", str(attrs)))
        if tag == "article" and "data-item" in attrs:
            self._item = {"links": [], "steps": [], "open": []}
            self.items[attrs["data-item"]] = self._item
        if self._item is not None and tag == "a" and "ita-open" in (attrs.get("class") or ""):
            self._item["links"].append(attrs["href"])
        if self._item is not None and tag == "ol":
            self._item["steps"].append([])
        self._in.append(tag)

    def handle_endtag(self, tag):
        if tag == "article":
            self._item = None
        if self._in:
            self._in.pop()

    def handle_data(self, data):
        if self._in and self._in[-1] == "style":
            self.styles += data
        if self._item is not None and self._in and self._in[-1] == "li" and "ol" in self._in:
            if data.strip():
                self._item["steps"][-1].append(data.strip())


def parse(html: str) -> ItaPageParser:
    parser = ItaPageParser()
    parser.feed(html)
    parser.close()
    return parser


def xlsx_rows(data: bytes) -> list[tuple]:
    book = load_workbook(BytesIO(data))
    return [tuple(c.value for c in row) for row in book.active.iter_rows()]


class DemoPublicPageTests(BaseTestCase):
    """The demo organisation's page of the current checklist year, and both exports read back."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_demo("a-long-demo-password")
        cls.demo = Organisation.objects.get(slug="ban-suan")
        (fiscal,) = current_year()
        cls.year = checklist.year_for(fiscal, cls.demo)  # its province's provisional year

    def expected(self) -> dict[str, tuple[list[str], list[str]]]:
        ready = {r.code for r in checklist.rows(self.demo, self.year) if r.ready}
        self.assertTrue(ready)  # the demo's page of the current year is not empty
        site = self.demo.website.rstrip("/")
        return {
            item: ([f"{site}/ita/{self.year}/{item}"], [s.strip() for s in STEPS[item].split(">")])
            for item in DEMO
            if item in ready
        }

    def test_the_page_needs_no_login_and_shows_every_ready_item_with_link_and_steps(self):
        response = self.client.get(reverse("oit:public", args=[self.demo.slug, self.year]))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        found = parse(html)
        expected = self.expected()
        self.assertEqual(set(found.items), set(expected))
        for item, (links, steps) in expected.items():
            self.assertEqual(found.items[item]["links"], links, item)
            self.assertEqual(found.items[item]["steps"], [steps], item)
        self.assertIn("เปิด", html)  # the open button, in Thai
        for fmt in ("html", "xlsx"):  # the visitor may download the same list
            self.assertIn(reverse("oit:public-export", args=[self.demo.slug, self.year, fmt]), html)
        self.assertIn("เส้นทางจากหน้าหลัก", html)
        self.assertNotIn("<script", html)

    def test_the_html_export_is_self_contained_and_reads_back_the_same(self):
        url = reverse("oit:public-export", args=[self.demo.slug, self.year, "html"])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        html = response.content.decode()
        found = parse(html)
        self.assertEqual(found.fetches, [])  # no stylesheet, script, image or frame to fetch
        self.assertIn(".ita-item", found.styles)  # the page's CSS, inline
        self.assertNotIn("url(", found.styles)
        self.assertNotIn("@import", found.styles)
        expected = self.expected()
        self.assertEqual({k: (v["links"], v["steps"][0]) for k, v in found.items.items()}, expected)
        self.assertIn('lang="th"', html)
        self.assertIn(self.demo.name_th, html)

    def test_the_excel_list_reads_back_item_url_and_steps(self):
        url = reverse("oit:public-export", args=[self.demo.slug, self.year, "xlsx"])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        rows = xlsx_rows(response.content)
        self.assertEqual(list(rows[0]), public_page.XLSX_HEADER)
        got = {row[1]: ([row[3]], [s.strip() for s in row[4].split(">")]) for row in rows[1:]}
        self.assertEqual(got, self.expected())
        names = {r.code: r.name for r in checklist.rows(self.demo, self.year)}
        self.assertTrue(all(row[2] == (names[row[1]] or None) for row in rows[1:]))

    def test_the_organisation_page_and_the_checklist_link_the_page_and_its_exports(self):
        self.client.force_login(get_user_model().objects.get(username="officer-bansuan"))
        public = reverse("oit:public", args=[self.demo.slug, self.year])
        self.assertContains(self.client.get(reverse("orgs:detail", args=[self.demo.slug])), public)
        response = self.client.get(reverse("oit:checklist", args=[self.demo.slug, self.year]))
        self.assertContains(response, public)
        for fmt in ("html", "xlsx"):
            self.assertContains(
                response, reverse("oit:public-export", args=[self.demo.slug, self.year, fmt])
            )


class PublicPageTests(BaseTestCase):
    YEAR = 2568  # o1–o4 carry components this year

    def evidence(self, org, item, url, *, tick=True, steps=""):
        evidence = Evidence.objects.create(
            org=org, year=self.YEAR, item=item, urls=url, steps=steps
        )
        for row in checklist.rows(org, self.YEAR):
            if row.code == item:
                for c in row.components:
                    ComponentCheck.objects.create(evidence=evidence, component=c.code, ticked=tick)
        return evidence

    def page_of(self, org) -> str:
        response = self.client.get(reverse("oit:public", args=[org.slug, self.YEAR]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def exports_of(self, org) -> str:
        """The HTML export and the Excel list, as one text to search."""
        html = self.client.get(reverse("oit:public-export", args=[org.slug, self.YEAR, "html"]))
        xlsx = self.client.get(reverse("oit:public-export", args=[org.slug, self.YEAR, "xlsx"]))
        cells = [str(v) for row in xlsx_rows(xlsx.content) for v in row if v is not None]
        return html.content.decode() + "\n".join(cells)

    def test_items_not_ready_are_hidden_and_the_officer_sees_why(self):
        self.evidence(self.org_a, "o1", "https://www.a-org.example/o1", steps="หน้าหลัก > โครงสร้าง")
        self.evidence(self.org_a, "o2", "https://www.a-org.example/o2-unticked", tick=False)
        self.evidence(self.org_a, "o5", "https://www.a-org.example/o5-dead")
        LinkCheck.objects.create(
            org=self.org_a, year=self.YEAR, item="o5", url="https://www.a-org.example/o5-dead",
            run="2025-01-01T00:00Z", status="dead", finding="เปิดลิงก์ไม่ได้",
        )  # fmt: skip
        o6 = Evidence.objects.create(org=self.org_a, year=self.YEAR, item="o6", file="oit/x.pdf")
        for c in ("o6.1", "o6.2"):  # its components confirmed: only the file keeps it off
            ComponentCheck.objects.create(evidence=o6, component=c, ticked=True)
        html = self.page_of(self.org_a)
        self.assertEqual(set(parse(html).items), {"o1"})
        text = html + self.exports_of(self.org_a)
        for hidden in ("o2-unticked", "o5-dead", "x.pdf"):
            self.assertNotIn(hidden, text)
        self.assertIn("https://www.a-org.example/o1", text)
        # The officer's checklist lists every item left out, with the reason.
        self.login(self.officer_a)
        response = self.client.get(reverse("oit:checklist", args=[self.org_a.slug, self.YEAR]))
        self.assertContains(response, 'data-hidden="o2"')
        self.assertContains(response, "ยังไม่ได้ยืนยันองค์ประกอบ: o2.1, o2.2")
        self.assertContains(
            response, "การตรวจอัตโนมัติพบปัญหา: เปิดไม่ได้ (https://www.a-org.example/o5-dead)"
        )
        self.assertContains(response, "มีแต่ไฟล์ที่อัปโหลด")
        self.assertContains(response, 'data-hidden="o7"')  # no evidence at all
        self.assertNotContains(response, 'data-hidden="o1"')
        self.assertContains(response, "หน้าหลัก › โครงสร้าง")  # the steps, on the checklist too

    def test_another_organisations_evidence_never_shows(self):
        self.evidence(self.org_a, "o1", "https://www.a-org.example/o1")
        self.evidence(self.org_b, "o1", "https://www.b-org.example/published-o1")
        self.evidence(self.org_b, "o2", "https://www.b-org.example/unpublished-o2", tick=False)
        self.evidence(self.org_b, "o3", "https://www.b-org.example/secret-o3", steps="หน้าหลัก > ลับ")
        LinkCheck.objects.create(
            org=self.org_b, year=self.YEAR, item="o3", url="https://www.b-org.example/secret-o3",
            run="2025-01-01T00:00Z", status="stale",
        )  # fmt: skip
        a_text = self.page_of(self.org_a) + self.exports_of(self.org_a)
        self.assertNotIn("b-org.example", a_text)
        b_text = self.page_of(self.org_b) + self.exports_of(self.org_b)
        self.assertIn("published-o1", b_text)
        for unpublished in ("unpublished-o2", "secret-o3", "ลับ", "a-org.example"):
            self.assertNotIn(unpublished, b_text)

    def test_unknown_organisation_year_or_format_is_a_404(self):
        self.evidence(self.org_a, "o1", "https://www.a-org.example/o1")
        for url in (
            reverse("oit:public", args=["no-such-org", self.YEAR]),
            reverse("oit:public", args=[self.org_a.slug, 2590]),  # no criteria that year
            reverse("oit:public-export", args=["no-such-org", self.YEAR, "html"]),
            reverse("oit:public-export", args=[self.org_a.slug, 2590, "xlsx"]),
            reverse("oit:public-export", args=[self.org_a.slug, self.YEAR, "csv"]),
            f"/p/{self.org_a.slug}/ita/1999/",  # outside the years Prongsai knows
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(
            self.client.post(reverse("oit:public", args=[self.org_a.slug, self.YEAR])).status_code,
            405,
        )

    def test_a_year_with_nothing_ready_says_so(self):
        html = self.page_of(self.org_a)
        self.assertIn("data-empty", html)
        self.assertEqual(parse(html).items, {})

    def test_in_english_the_page_is_english_and_the_exports_stay_thai(self):
        self.evidence(self.org_a, "o1", "https://www.a-org.example/o1", steps="หน้าหลัก > โครงสร้าง")
        self.addCleanup(translation.activate, "th")  # an /en/ request leaves English active
        response = self.client.get(f"/en/p/{self.org_a.slug}/ita/{self.YEAR}/")
        self.assertContains(
            response, "Integrity and Transparency Assessment (ITA), fiscal year 2568"
        )
        self.assertContains(response, "Indicator 9")
        export = self.client.get(f"/en/p/{self.org_a.slug}/ita/{self.YEAR}/ita-page.html")
        self.assertContains(export, "ตัวชี้วัดที่ 9")
        self.assertContains(export, "ประจำปีงบประมาณ พ.ศ. 2568")

    def test_groups_follow_the_criteria_sub_indicators_and_item_numbers(self):
        for item in ("o10", "o2", "o1"):
            self.evidence(self.org_a, item, f"https://www.a-org.example/{item}")
        page = public_page.build(self.org_a, self.YEAR)
        self.assertEqual([i.code for i in page.items], ["o1", "o2", "o10"])
        self.assertEqual(page.groups[0].title, "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล")
        o4 = Evidence.objects.create(
            org=self.org_a, year=2567, item="o4", urls="https://a.example/o4"
        )
        for c in ("o4.1",):  # its one component, confirmed
            ComponentCheck.objects.create(evidence=o4, component=c, ticked=True)
        page_2567 = public_page.build(self.org_a, 2567)
        self.assertEqual(page_2567.groups[0].title, "9.1 ข้อมูลพื้นฐาน")  # 2567 knows 9.1

    def test_spreadsheet_cells_are_never_formulas(self):
        self.evidence(self.org_a, "o1", "https://www.a-org.example/o1", steps='=HYPERLINK("x")')
        data = self.client.get(
            reverse("oit:public-export", args=[self.org_a.slug, self.YEAR, "xlsx"])
        ).content
        cell = load_workbook(BytesIO(data)).active["E2"]
        self.assertEqual(cell.value, '=HYPERLINK("x")')
        self.assertEqual(cell.data_type, "s")


class PointerTests(BaseTestCase):
    PDF = "https://www.a-org.example/plan.pdf"

    def test_page_pointers_from_a_check_result_are_shown_on_the_page(self):
        check = SimpleNamespace(
            pointers=[
                {"component": "o1.1", "kind": "page", "page": 47,
                 "excerpt": "แผนผัง  โครงสร้าง\nการแบ่งส่วนราชการ"},
                {"component": "o1.2", "kind": "sheet", "page": None, "sheet": "สรุป", "excerpt": ""},
                {"component": "o1.3", "kind": "anchor", "anchor": "ส่วนที่ 2", "excerpt": "ส่วนงาน"},
                {"component": "o1.4", "page": None, "excerpt": "ไม่มีที่"},  # names no place
                "not a pointer",
            ]
        )  # fmt: skip
        pointers = public_page.page_pointers(check, self.PDF)
        self.assertEqual(
            [(p.component, p.page, p.excerpt, p.href) for p in pointers],
            [
                ("o1.1", "หน้า 47", "แผนผัง โครงสร้าง การแบ่งส่วนราชการ", f"{self.PDF}#page=47"),
                ("o1.2", "ชีต สรุป", "", self.PDF),
                ("o1.3", "#ส่วนที่ 2", "ส่วนงาน", f"{self.PDF}#%E0%B8%AA%E0%B9%88%E0%B8%A7%E0%B8%99%E0%B8%97%E0%B8%B5%E0%B9%88%202"),
            ],
        )  # fmt: skip
        self.assertEqual(public_page.page_pointers(SimpleNamespace()), [])
        self.assertEqual(public_page.page_pointers(SimpleNamespace(pointers=None)), [])
        link = public_page.PublicLink(self.PDF, pointers)
        item = public_page.PublicItem("o1", "โครงสร้าง", [link], [["หน้าหลัก", "แผน"]])
        built = public_page.PublicPage(
            self.org_a, 2568, [public_page.Group("9", "ตัวชี้วัดที่ 9", [item])]
        )
        html = render_to_string(
            "oit/public_export.html", {"org": self.org_a, "page": built, "css": ""}
        )
        self.assertIn(
            f'o1.1 <a href="{self.PDF}#page=47" rel="noopener noreferrer"><strong>หน้า 47</strong>'
            "</a>: “แผนผัง โครงสร้าง การแบ่งส่วนราชการ”",
            html,
        )
        self.assertIn("o1.2 <strong>ชีต สรุป</strong>", html)  # no link to the same document
        rows = xlsx_rows(public_page.xlsx(built))
        self.assertEqual(
            rows[1][5],
            "o1.1 หน้า 47: แผนผัง โครงสร้าง การแบ่งส่วนราชการ\no1.2 ชีต สรุป\no1.3 #ส่วนที่ 2: ส่วนงาน",
        )

    def test_pointers_stored_with_a_check_reach_the_public_page(self):
        """Through the model, where the checker stores them."""
        evidence = Evidence.objects.create(org=self.org_a, year=2568, item="o20", urls=self.PDF)
        LinkCheck.objects.create(
            org=self.org_a, year=2568, item="o20", url=self.PDF, run="2025-01-01T00:00Z",
            status="ok", pointers=[{"component": "o20.1", "kind": "page", "page": 3, "excerpt": "ไม่รับของขวัญ"}],
        )  # fmt: skip
        for row in checklist.rows(self.org_a, 2568):  # every component the criteria list, ticked
            if row.code == "o20":
                for c in row.components:
                    ComponentCheck.objects.create(evidence=evidence, component=c.code, ticked=True)
        html = self.client.get(reverse("oit:public", args=[self.org_a.slug, 2568])).content.decode()
        self.assertIn(f"{self.PDF}#page=3", html)
        self.assertIn("ไม่รับของขวัญ", html)


class StepsTests(BaseTestCase):
    def test_the_officer_types_the_steps_in_the_evidence_form(self):
        self.login(self.officer_a)
        url = reverse("oit:evidence", args=[self.org_a.slug, 2568, "o20"])
        response = self.client.post(
            url,
            {"urls": "https://www.a-org.example/o20", "steps": "หน้าหลัก→ ข้อมูลหน่วยงาน »นโยบาย\n\n"},
        )
        self.assertEqual(response.status_code, 302)
        evidence = Evidence.objects.get(org=self.org_a, item="o20")
        self.assertEqual(evidence.steps, "หน้าหลัก > ข้อมูลหน่วยงาน > นโยบาย")
        self.assertEqual(evidence.step_paths(), [["หน้าหลัก", "ข้อมูลหน่วยงาน", "นโยบาย"]])
        response = self.client.post(
            url, {"urls": "https://www.a-org.example/o20", "steps": "หน้าหลัก > " + "ก" * 121}
        )
        self.assertContains(response, "บรรทัดที่ 1", status_code=400)
        self.assertContains(response, "ก" * 121, status_code=400)  # the input is kept
        evidence.refresh_from_db()
        self.assertEqual(evidence.steps, "หน้าหลัก > ข้อมูลหน่วยงาน > นโยบาย")

    def test_the_officer_takes_the_suggested_steps(self):
        Evidence.objects.create(
            org=self.org_a, year=2568, item="o20", urls="https://www.a-org.example/o20",
            suggested_steps="หน้าหลัก > ITA > o20",
        )  # fmt: skip
        self.login(self.officer_a)
        url = reverse("oit:evidence", args=[self.org_a.slug, 2568, "o20"])
        self.assertContains(self.client.get(url), "data-suggested-steps")
        self.client.post(
            url, {"urls": "https://www.a-org.example/o20", "steps": "", "use_suggestion": "1"}
        )
        self.assertEqual(Evidence.objects.get(item="o20").steps, "หน้าหลัก > ITA > o20")


class SuggestedStepsJobTests(BaseTestCase):
    def test_the_job_walks_two_levels_of_the_main_website_only(self):
        guard = LoopbackOnly()
        loopback = mock.patch.object(checklist, "checker_guard", lambda allow_private=False: guard)
        with EvidenceSite() as site, loopback:
            site.pages["/"] = (
                200,
                {"Content-Type": HTML},
                page("หน้าหลัก", "<a href='/about.html'> ข้อมูล\nหน่วยงาน </a>"
                     "<a href='/o1.html'>โครงสร้าง</a><a href='/report.pdf'>รายงาน</a>"
                     f"<a href='{site.other_url('/doc.html')}'>เว็บอื่น</a>"),
            )  # fmt: skip
            site.pages["/about.html"] = (  # Thai TIS-620, said only in the page's <meta>
                200,
                {"Content-Type": "text/html"},
                page(
                    "ข้อมูลหน่วยงาน",
                    "<a href='/o3-missing.html#top'><img alt='ติดต่อเรา'></a>",
                    charset="tis-620",
                ),
            )
            self.org_a.website = site.main_site
            self.org_a.save()
            for item, path in (("o1", "/o1.html"), ("o3", "/o3-missing.html"), ("o4", "/no.html")):
                Evidence.objects.create(org=self.org_a, year=2568, item=item, urls=site.url(path))
            self.login(self.officer_a)
            response = self.client.post(reverse("oit:steps", args=[self.org_a.slug, 2568]))
            job = Job.objects.get(org=self.org_a, kind=Job.Kind.OIT_STEPS)
            self.assertRedirects(response, reverse("jobs:detail", args=[self.org_a.slug, job.pk]))
            tasks.suggest_steps.apply(args=[job.pk])
            fetched = sorted(p for name, _host, p in site.log if name == "main")
            other = [p for name, _host, p in site.log if name != "main"]
        suggested = dict(Evidence.objects.values_list("item", "suggested_steps"))
        self.assertEqual(suggested["o1"], "หน้าหลัก > โครงสร้าง")
        self.assertEqual(suggested["o3"], "หน้าหลัก > ข้อมูล หน่วยงาน > ติดต่อเรา")
        self.assertEqual(suggested["o4"], "")
        # The home page and the one page it links to; no file, no evidence, no other site.
        self.assertEqual(fetched, ["/", "/about.html", "/linked-page.html"])
        self.assertEqual(other, [])
        self.assertEqual(Evidence.objects.get(item="o1").steps, "")  # only the officer sets it
        job.refresh_from_db()
        self.assertEqual(job.state, Job.State.DONE)
        self.assertIn("ข้อ o4", " ".join(job.errors))
        # English pages read the same in English: the three pages read, steps to two of three.
        self.assertEqual(
            job.message_en, "Read 3 pages of the main website; found the steps to 2 of 3 links"
        )
        self.assertEqual(len(job.errors_en), len(job.errors))
        self.assertIn("Item o4: no link to", " ".join(job.errors_en))
        checklist_page = self.client.get(reverse("oit:checklist", args=[self.org_a.slug, 2568]))
        self.assertContains(checklist_page, "เส้นทางที่ระบบเสนอ: หน้าหลัก &gt; โครงสร้าง")

    def test_the_walk_refuses_private_addresses_by_default(self):
        with EvidenceSite() as site, self.settings(OIT_ALLOW_PRIVATE=False):
            self.org_a.website = site.main_site
            self.org_a.save()
            Evidence.objects.create(org=self.org_a, year=2568, item="o1", urls=site.url("/o1.html"))
            self.login(self.officer_a)
            self.client.post(reverse("oit:steps", args=[self.org_a.slug, 2568]))
            tasks.suggest_steps.apply(args=[Job.objects.get(kind=Job.Kind.OIT_STEPS).pk])
            self.assertEqual(site.paths(), [])


class NavigationTests(BaseTestCase):
    def test_links_are_read_with_their_words_and_compared_without_scheme_or_www(self):
        markup = (
            "<nav><a href='/a'> ข้อมูล <b>หน่วยงาน</b></a><script>var x='<a href=/x>'</script>"
            "<a href='mailto:a@b.example'>mail</a><a title='ติดต่อ' href='b.html#x'></a></nav>"
        )
        self.assertEqual(
            navigation.anchors(markup, "https://www.a.example/dir/"),
            [
                ("https://www.a.example/a", "ข้อมูล หน่วยงาน"),
                ("https://www.a.example/dir/b.html", "ติดต่อ"),
            ],
        )
        self.assertEqual(
            navigation.same_page("https://www.a.example/ita/o1/#top"),
            navigation.same_page("http://a.example/ita/o1"),
        )
        self.assertNotEqual(
            navigation.same_page("https://a.example/ita?o=1"),
            navigation.same_page("https://a.example/ita?o=2"),
        )
