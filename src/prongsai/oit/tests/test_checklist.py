"""The OIT checklist: evidence, ticks, readiness scored like the OIT, what-if, history."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from prongsai.oit import checker, checklist, extract, history
from prongsai.oit.models import ComponentCheck, Evidence
from prongsai.oit.readiness import readiness
from prongsai.test import BaseTestCase


@dataclass
class FakeFinding:
    item: str
    url: str
    status: str
    http: int | None = 200
    final_url: str | None = None
    year_found: int | None = 2568
    missing_components: list = field(default_factory=list)
    finding_th: str = ""
    fix_th: str = ""
    finding_en: str = ""
    fix_en: str = ""
    pointers: list = field(default_factory=list)


class ReadyMixin:
    def make_ready(self, item: str, url: str | None = None):
        evidence = Evidence.objects.create(
            org=self.org_a, year=2568, item=item, urls=url or f"https://www.a-org.example/{item}"
        )
        for row in checklist.rows(self.org_a, 2568):
            if row.code == item:
                for c in row.components:
                    ComponentCheck.objects.create(evidence=evidence, component=c.code, ticked=True)
        return evidence


class ChecklistTests(ReadyMixin, BaseTestCase):
    def test_every_item_of_the_year_is_listed_and_nothing_is_ready_at_first(self):
        table = checklist.rows(self.org_a, 2568)
        self.assertEqual(len(table), 26)
        self.assertEqual({r.state for r in table}, {"missing"})
        ready = readiness(self.org_a, 2568, table)
        self.assertEqual(ready.now.tools["oit"], Decimal(0))
        self.assertEqual(ready.if_fixed.tools["oit"], Decimal(100))
        self.assertEqual(len(ready.failing), 26)
        # IIT/EIT come from the organisation's stored 2568 results, so the totals are known.
        self.assertIsNotNone(ready.now.total)
        self.assertGreater(ready.if_fixed.total, ready.now.total)

    def test_an_item_is_ready_with_evidence_and_every_component_ticked(self):
        self.make_ready("o1")
        Evidence.objects.create(
            org=self.org_a, year=2568, item="o2", urls="https://www.a-org.example/o2"
        )  # nothing ticked
        table = {r.code: r for r in checklist.rows(self.org_a, 2568)}
        self.assertEqual((table["o1"].state, table["o2"].state), ("ready", "incomplete"))
        ready = readiness(self.org_a, 2568, list(table.values()))
        self.assertEqual(ready.now.indicator(9).score, Decimal(5))  # 1 of 20, flat mean in 2568

    def test_a_failed_automatic_check_makes_the_item_a_problem_and_changes_are_listed(self):
        self.make_ready("o1", "https://www.a-org.example/o1")
        history.record(self.org_a, 2568, [FakeFinding("o1", "https://www.a-org.example/o1", "ok")])
        self.assertEqual(checklist.rows(self.org_a, 2568)[0].state, "ready")
        history.record(
            self.org_a,
            2568,
            [FakeFinding("o1", "https://www.a-org.example/o1", "stale", finding_th="เอกสารปีเก่า")],
        )
        self.assertEqual(checklist.rows(self.org_a, 2568)[0].state, "problem")
        self.assertEqual(
            history.changes(self.org_a, 2568),
            [
                {
                    "item": "o1",
                    "url": "https://www.a-org.example/o1",
                    "before": "ok",
                    "after": "stale",
                    "regression": True,
                }
            ],
        )

    def test_the_page_shows_readiness_what_if_and_generated_sources(self):
        self.make_ready("o1")
        self.login(self.auditor_a)
        page = self.client.get(reverse("oit:checklist", args=[self.org_a.slug, 2568]))
        self.assertContains(page, 'data-state="ready"')
        self.assertContains(page, "data-what-if")
        self.assertContains(
            page, reverse("complaints:public-stats", args=[self.org_a.slug])
        )  # o19 made here

    def test_the_officer_records_evidence_and_ticks(self):
        self.login(self.officer_a)
        url = reverse("oit:evidence", args=[self.org_a.slug, 2568, "o3"])
        data = {
            "urls": "https://www.a-org.example/contact",
            "owner": self.unit_a.pk,
            "tick_o3.1": "on",
            "note_o3.1": "หน้าติดต่อ",
            "tick_o3.2": "on",
        }
        self.assertRedirects(
            self.client.post(url, data), reverse("oit:checklist", args=[self.org_a.slug, 2568])
        )
        evidence = Evidence.objects.get(item="o3")
        self.assertEqual(
            sorted(evidence.checks.filter(ticked=True).values_list("component", flat=True)),
            ["o3.1", "o3.2"],
        )
        self.assertEqual(evidence.checks.get(component="o3.1").checked_by, self.officer_a)
        bad = self.client.post(url, {"urls": "ftp://files.example/x"})
        self.assertContains(bad, "http(s)", status_code=400)

    def test_findings_as_excel(self):
        self.make_ready("o1", "https://www.a-org.example/o1")
        history.record(
            self.org_a,
            2568,
            [
                FakeFinding(
                    "o1", "https://www.a-org.example/o1", "off_site", finding_th="ไม่อยู่บนเว็บไซต์หลัก"
                )
            ],
        )
        self.login(self.auditor_a)
        response = self.client.get(reverse("oit:findings", args=[self.org_a.slug, 2568, "xlsx"]))
        sheet = load_workbook(BytesIO(response.content)).active
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(rows), 26)
        self.assertEqual(
            rows[0][:4], ("o1", rows[0][1], "https://www.a-org.example/o1", "อยู่นอกเว็บไซต์หลัก")
        )


class Checklist2569Tests(BaseTestCase):
    def test_2569_lists_o1_to_o26_with_unnamed_items_by_their_code(self):
        table = {r.code: r for r in checklist.rows(self.org_a, 2569)}

        self.assertEqual(list(table), [f"o{n}" for n in range(1, 27)])
        self.assertEqual(table["o5"].name, "")
        self.assertEqual(table["o25"].name, "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร")

    def test_the_page_tells_the_officer_which_names_are_not_known(self):
        self.login(self.auditor_a)

        page = self.client.get(reverse("oit:checklist", args=[self.org_a.slug, 2569]))

        self.assertContains(page, "ยังไม่ทราบชื่อข้ออย่างเป็นทางการ", count=7)  # o2, o4–o9
        self.assertContains(page, reverse("complaints:public-stats", args=[self.org_a.slug]))
        edit = self.client.get(reverse("oit:evidence", args=[self.org_a.slug, 2569, "o5"]))
        self.assertContains(edit, "ยังไม่ทราบชื่อข้ออย่างเป็นทางการ")

    def test_2569_reports_are_checked_against_the_previous_year(self):
        Evidence.objects.create(
            org=self.org_a, year=2569, item="o12", urls="https://www.a-org.example/p"
        )
        Evidence.objects.create(
            org=self.org_a, year=2569, item="o11", urls="https://www.a-org.example/m"
        )

        _site, targets = checklist.check_targets(self.org_a, 2569)

        self.assertEqual({t.item: t.year_offset for t in targets}, {"o11": 0, "o12": -1})
        self.assertEqual(
            checklist.previous_year_items(2569), {"o12", "o14", "o18", "o22", "o24", "o26"}
        )


class FindingsDocumentTests(ReadyMixin, BaseTestCase):
    def test_findings_as_word_through_the_documents_view(self):
        import docx

        self.make_ready("o1", "https://www.a-org.example/o1")
        history.record(
            self.org_a,
            2568,
            [
                FakeFinding(
                    "o1",
                    "https://www.a-org.example/o1",
                    "stale",
                    finding_th="เอกสารระบุปี พ.ศ. 2567",
                    fix_th="เผยแพร่ฉบับปี 2568",
                )
            ],
        )
        self.login(self.auditor_a)
        url = reverse("documents:download", args=[self.org_a.slug, "oit_findings", "docx"])
        word = self.client.get(url, {"year": "2568"})
        self.assertEqual(word.status_code, 200)
        cells = "\n".join(
            c.text
            for t in docx.Document(BytesIO(word.content)).tables
            for r in t.rows
            for c in r.cells
        )
        self.assertIn("เอกสารระบุปี พ.ศ. 2567", cells)
        page = self.client.get(reverse("oit:checklist", args=[self.org_a.slug, 2568]))
        self.assertContains(page, f"{url}?year=2568")
        self.assertIn("https://www.a-org.example/o1", cells)


class ChecklistLanguageTests(BaseTestCase):
    """An item's state reads in the page's language: Thai by default, English when chosen."""

    def test_states_follow_the_language(self):
        self.login(self.officer_a)
        url = reverse("oit:checklist", args=[self.org_a.slug, 2568])
        thai = self.client.get(url)
        self.assertContains(thai, "ยังไม่มีหลักฐาน")
        self.assertNotContains(thai, ">missing<")
        with translation.override("en"):  # English pages live under /en/
            english = self.client.get(reverse("oit:checklist", args=[self.org_a.slug, 2568]))
        self.assertContains(english, "no evidence yet")
        self.assertNotContains(english, "ยังไม่มีหลักฐาน")

    def test_findings_names_and_labels_are_english_on_english_pages(self):
        """The checker's English finding, the criteria's English names (indicators, items), the
        English labels of what Prongsai makes and of the calendar; the Thai page stays Thai."""
        url = "https://www.a-org.example/o1"
        Evidence.objects.create(org=self.org_a, year=2568, item="o1", urls=url)
        stale = checker._content_finding(
            checker.Target("o1", url, [("o1.2", ["อำนาจหน้าที่"])]),
            checker._Fetched(final_url=url, redirects=[]),
            extract.Document("html", [extract.Part("โครงสร้าง ประจำปีงบประมาณ พ.ศ. 2567")]),
            2568,
        )
        self.assertEqual(stale.status, "stale")
        history.record(self.org_a, 2568, [stale])
        self.login(self.officer_a)
        with translation.override("en"):
            page = self.client.get(reverse("oit:checklist", args=[self.org_a.slug, 2568]))
        html = page.content.decode()
        self.assertEqual(page.status_code, 200)
        self.assertIn('<html lang="en">', html)
        self.assertIn("The information is of B.E. 2567, not yet of 2568", html)
        self.assertIn("Components not found: o1.2", html)
        self.assertNotIn(stale.finding_th.split(";")[0], html)
        self.assertIn("9. Information disclosure", html)
        self.assertNotIn("การเปิดเผยข้อมูล", html)
        self.assertIn("Structure and authority", html)
        self.assertNotIn(
            "โครงสร้างและอำนาจหน้าที่", html
        )  # the item's name, in the table and the to-do
        self.assertIn("Complaint channel (public form and QR poster)", html)
        self.assertIn("Confirm the OIT", html)
        self.assertIn("inferred from earlier years, not confirmed", html)
        thai = self.client.get(reverse("oit:checklist", args=[self.org_a.slug, 2568]))
        self.assertContains(thai, "ข้อมูลเป็นของปี พ.ศ. 2567 ยังไม่ใช่ปี 2568")
        self.assertContains(thai, "โครงสร้างและอำนาจหน้าที่")
        self.assertNotContains(thai, "Information disclosure")

    def test_a_check_stored_without_english_shows_its_status_word_alone(self):
        url = "https://www.a-org.example/o1"
        Evidence.objects.create(org=self.org_a, year=2568, item="o1", urls=url)
        history.record(self.org_a, 2568, [FakeFinding("o1", url, "dead", finding_th="เปิดไม่ได้เลย")])
        self.login(self.officer_a)
        with translation.override("en"):
            page = self.client.get(reverse("oit:checklist", args=[self.org_a.slug, 2568]))
        self.assertContains(page, '<div data-status="dead">cannot be opened</div>', html=False)
        self.assertNotContains(page, "เปิดไม่ได้เลย")

    def test_the_evidence_page_names_the_item_in_english(self):
        self.login(self.officer_a)
        with translation.override("en"):
            page = self.client.get(reverse("oit:evidence", args=[self.org_a.slug, 2568, "o1"]))
            made_here = self.client.get(
                reverse("oit:evidence", args=[self.org_a.slug, 2568, "o18"])
            )
        self.assertContains(page, "<h1>o1 Structure and authority</h1>", html=True)
        self.assertNotContains(page, "โครงสร้างและอำนาจหน้าที่")
        self.assertContains(made_here, "Complaint channel (public form and QR poster)")
        thai = self.client.get(reverse("oit:evidence", args=[self.org_a.slug, 2568, "o1"]))
        self.assertContains(thai, "<h1>o1 โครงสร้างและอำนาจหน้าที่</h1>", html=True)
