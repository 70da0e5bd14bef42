"""Every create, change and delete of an organisation's records is kept: who, when, old → new."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connections
from django.test import TransactionTestCase
from django.urls import reverse
from openpyxl import load_workbook

from prongsai.audit.models import AuditEntry
from prongsai.audit.record import plain
from prongsai.audit.tests.base import AuditTestCase
from prongsai.audit.views import entries_of
from prongsai.cli import main as prongsai_cli
from prongsai.documents.models import DocumentTemplate
from prongsai.ethics.models import GiftEntry
from prongsai.frameworks.models import Framework
from prongsai.ita.models import IndicatorAnalysis, ItaResult, Score
from prongsai.oit.models import ComponentCheck, Evidence
from prongsai.orgs.models import Membership, Organisation, ProvinceRole, Unit
from prongsai.plans.models import (
    Budget,
    IntegrityMeasure,
    Project,
    RiskAssessment,
    RiskItem,
    SubSection,
)
from prongsai.plans.templates_data import create_plan
from prongsai.plans.tests.test_sheets import SMALL_BOOK

CREATE, UPDATE, DELETE = (
    AuditEntry.Action.CREATE,
    AuditEntry.Action.UPDATE,
    AuditEntry.Action.DELETE,
)


class WebEditsTests(AuditTestCase):
    def test_an_analysis_note_is_recorded_with_its_author_and_old_and_new_text(self):
        self.login(self.officer_a)
        url = reverse("ita:analysis-edit", args=[self.org_a.slug, 2568, 1])
        self.client.post(url, {"cause": "สาเหตุแรก", "guideline": "แนวทางแรก"})
        self.client.post(url, {"cause": "สาเหตุที่แก้", "guideline": "แนวทางแรก"})
        created, changed = self.new_entries(IndicatorAnalysis)
        analysis = IndicatorAnalysis.objects.get(result=self.result_a, indicator=1)
        self.assertEqual((created.action, changed.action), (CREATE, UPDATE))
        self.assertEqual(changed.object_id, analysis.pk)
        self.assertEqual(changed.changes, {"cause": ["สาเหตุแรก", "สาเหตุที่แก้"]})
        for entry in (created, changed):
            self.assertEqual(entry.actor, self.officer_a)
            self.assertEqual(entry.actor_name, "สมชาย ตั้งใจทำ")
            self.assertEqual(entry.organisation_id, self.org_a.pk)
            self.assertEqual((entry.root_type, entry.root_id), ("ita.itaresult", self.result_a.pk))
            self.assertEqual(entry.source, "")

    def test_a_reimport_records_each_changed_figure_once_on_the_result(self):
        """Scores are replaced in bulk (no signals): one entry on the result, per-figure diff."""
        self.login(self.officer_a)
        old_9 = self.result_a.scores.get(level="item", code="o9").score
        rows = "code,score\n" + "\n".join(
            f"o{n},{0 if n in (9, 12) else 100}" for n in range(1, 27)
        )
        url = reverse("ita:results-import", args=[self.org_a.slug, 2568])
        preview = self.client.post(url, {"file": SimpleUploadedFile("r.csv", rows.encode())})
        self.client.post(url, {"confirm": preview.context["token"]})
        self.assertEqual(self.new_entries(Score), [])
        source, entry = self.new_entries(ItaResult)
        self.assertEqual(source.changes, {"source": ["manual", "import"]})
        self.assertEqual((entry.action, entry.actor), (UPDATE, self.officer_a))
        self.assertEqual(entry.object_id, self.result_a.pk)
        self.assertEqual(entry.changes["score:item/o9/0"], [plain(old_9), "0"])
        self.assertNotIn("score:item/o12/0", entry.changes)  # failed before, fails now
        self.assertIn("score:question/i1/0", entry.changes)  # the questions are gone
        self.assertEqual(entry.changes["score:question/i1/0"][1], "None")
        # The same file again changes nothing, and nothing is recorded.
        preview = self.client.post(url, {"file": SimpleUploadedFile("r.csv", rows.encode())})
        self.client.post(url, {"confirm": preview.context["token"]})
        self.assertEqual(len(self.new_entries(ItaResult)), 2)

    def test_a_deleted_measure_keeps_who_deleted_it_and_its_last_values(self):
        self.login(self.officer_a)
        pk = self.measure_a.pk
        self.client.post(reverse("ita:measure-delete", args=[self.org_a.slug, pk]))
        self.assertFalse(IntegrityMeasure.objects.filter(pk=pk).exists())
        (entry,) = self.new_entries(IntegrityMeasure)
        self.assertEqual((entry.action, entry.actor, entry.object_id), (DELETE, self.officer_a, pk))
        self.assertEqual(entry.organisation_id, self.org_a.pk)
        self.assertEqual(entry.object_repr, "มาตรการเอ")
        self.assertEqual(entry.changes["name"], ["มาตรการเอ", "None"])

    def test_evidence_and_its_ticks_are_recorded_under_the_evidence(self):
        self.login(self.officer_a)
        url = reverse("oit:evidence", args=[self.org_a.slug, 2568, "o3"])
        data = {"urls": "https://www.a-org.example/contact", "tick_o3.1": "on"}
        self.client.post(url, data)
        self.client.post(url, data | {"urls": "https://www.a-org.example/contact-us"})
        evidence = Evidence.objects.get(org=self.org_a, item="o3")
        created, changed = self.new_entries(Evidence)
        self.assertEqual(
            changed.changes["urls"],
            ["https://www.a-org.example/contact", "https://www.a-org.example/contact-us"],
        )
        ticks = self.new_entries(ComponentCheck)
        self.assertTrue(ticks)
        for entry in ticks:
            self.assertEqual((entry.root_type, entry.root_id), ("oit.evidence", evidence.pk))
            self.assertEqual(entry.organisation_id, self.org_a.pk)
            self.assertEqual(entry.actor, self.officer_a)

    def test_a_gift_entry_is_recorded(self):
        self.login(self.officer_a)
        data = {
            "date": "2025-01-05", "official_name": "นางสาวพิมพ์ใจ ดีงาม", "official_position": "นักวิชาการพัสดุ",
            "giver": "ร้านดอกไม้", "relation": "non_relative", "occasion": "ปีใหม่ 2568",
            "description": "กระเช้า", "value": "1500", "decision": "kept",
        }  # fmt: skip
        self.client.post(reverse("ethics:gift-new", args=[self.org_a.slug, 2568]), data)
        gift = GiftEntry.objects.get(org=self.org_a, giver="ร้านดอกไม้")
        self.client.post(
            reverse("ethics:gift", args=[self.org_a.slug, gift.pk]), data | {"value": "900"}
        )
        created, changed = self.new_entries(GiftEntry)
        self.assertEqual((created.action, created.actor), (CREATE, self.officer_a))
        self.assertEqual(changed.changes, {"value": ["1500.00", "900.00"]})

    def test_a_project_sheet_and_each_budget_change(self):
        plan = create_plan(self.org_a, "แผนของเอ")
        sub = plan.dimensions.get(number=1).subsections.first()
        self.login(self.officer_a)
        data = {
            "subsection": sub.pk, "order": 1, "kind": "project", "name": "โครงการอบรม",
            "start_year": 2566, "end_year": 2567, "budget_2566": "12500.50", "budget_2567": "",
        }  # fmt: skip
        self.client.post(reverse("plans:project-new", args=[self.org_a.slug, plan.pk]), data)
        project = Project.objects.get(name="โครงการอบรม")
        url = reverse("plans:project", args=[self.org_a.slug, plan.pk, project.pk])
        self.client.post(url, data | {"budget_2566": "13000", "budget_2567": "500"})
        (project_created,) = self.new_entries(Project)
        self.assertEqual((project_created.action, project_created.actor), (CREATE, self.officer_a))
        budgets = self.new_entries(Budget)
        self.assertEqual(
            [(e.action, e.changes["amount"]) for e in budgets],
            [
                (CREATE, ["None", "12500.50"]),
                (UPDATE, ["12500.50", "13000.00"]),
                (CREATE, ["None", "500"]),
            ],
        )
        for entry in budgets:
            self.assertEqual((entry.root_type, entry.root_id), ("plans.project", project.pk))
            self.assertEqual(entry.actor, self.officer_a)

    def test_the_excel_import_records_budgets_row_by_row_not_in_bulk(self):
        plan = create_plan(self.org_a, "แผนของเอ")
        sub = plan.dimensions.get(number=1).subsections.first()
        project = Project.objects.create(
            plan=plan, subsection=sub, order=1, name="เดิม", start_year=2566, end_year=2570
        )
        Budget.objects.create(project=project, fiscal_year=2567, amount=Decimal(1000))
        self.login(self.officer_a)
        book = load_workbook(
            BytesIO(
                self.client.get(reverse("plans:export", args=[self.org_a.slug, plan.pk])).content
            )
        )
        sheet = book["projects"]
        header = [c.value for c in sheet[1]]
        sheet.cell(row=2, column=header.index("budget_2567") + 1).value = None
        sheet.cell(row=2, column=header.index("budget_2568") + 1, value=3000)
        out = BytesIO()
        book.save(out)
        out.seek(0)
        out.name = "plan.xlsx"
        response = self.client.post(
            reverse("plans:import", args=[self.org_a.slug, plan.pk]), {"file": out}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(list(project.budgets.values_list("fiscal_year", flat=True)), [2568])
        imported = [e for e in self.new_entries(Budget) if e.actor == self.officer_a]
        self.assertEqual(
            sorted((e.action, e.object_repr) for e in imported),
            [(CREATE, "เดิม – 2568"), (DELETE, "เดิม – 2567")],
        )


class ModelTests(AuditTestCase):
    def test_memberships_and_provincial_readers(self):
        membership = Membership.objects.create(user=self.officer_b, org=self.org_a, role="auditor")
        membership.role = "officer"
        membership.save()
        reader = ProvinceRole.objects.create(user=self.officer_b, province="ชลบุรี")
        created, changed = self.new_entries(Membership)
        self.assertEqual(changed.changes, {"role": ["auditor", "officer"]})
        self.assertEqual(created.organisation_id, self.org_a.pk)
        (entry,) = self.new_entries(ProvinceRole)
        self.assertEqual((entry.organisation_id, entry.province), (None, "ชลบุรี"))
        self.assertEqual(entry.object_id, reader.pk)
        # Who may read every organisation of ชลบุรี shows in the history of A (ชลบุรี), not B's.
        self.assertIn(entry, entries_of(self.org_a))
        self.assertNotIn(entry, entries_of(self.org_b))
        self.assertNotIn(created, entries_of(self.org_b))

    def test_a_document_template_upload(self):
        template = DocumentTemplate.objects.create(
            org=self.org_a,
            kind="complaint_statistics",
            file=SimpleUploadedFile("a.docx", b"PK not really a Word file"),
        )
        (entry,) = self.new_entries(DocumentTemplate)
        self.assertEqual((entry.action, entry.organisation_id), (CREATE, self.org_a.pk))
        self.assertEqual(entry.object_id, template.pk)
        self.assertNotIn("uploaded", entry.changes)  # the entry's own time says when

    def test_an_organisations_own_criteria_are_kept_without_the_document_and_built_ins_are_not(
        self,
    ):
        Framework.objects.create(
            urn="urn:test:own", version=1, year=2568, name_th="เกณฑ์ของเอ", org=self.org_a,
            document={"big": "x" * 1000}, checksum="0" * 64,
        )  # fmt: skip
        Framework.objects.create(
            urn="urn:test:builtin", version=1, year=2568, name_th="เกณฑ์กลาง", builtin=True,
            document={}, checksum="1" * 64,
        )  # fmt: skip
        (entry,) = self.new_entries(Framework)
        self.assertEqual(
            (entry.organisation_id, entry.object_repr), (self.org_a.pk, "เกณฑ์ของเอ (v1)")
        )
        self.assertNotIn("document", entry.changes)

    def test_linking_a_risk_to_a_project_is_recorded(self):
        plan = create_plan(self.org_a, "แผนของเอ")
        sub = plan.dimensions.get(number=1).subsections.first()
        project = Project.objects.create(
            plan=plan, subsection=sub, name="โครงการป้องกัน", start_year=2566, end_year=2570
        )
        risk = RiskItem.objects.create(
            assessment=RiskAssessment.objects.create(org=self.org_a, year=2568),
            process="การจัดซื้อ", risk="ฮั้ว", likelihood=3, impact=4,
        )  # fmt: skip
        risk.projects.add(project)
        created, linked = self.new_entries(RiskItem)
        self.assertEqual(linked.changes["projects"]["operation"], "add")
        self.assertEqual(linked.changes["projects"]["objects"], ["โครงการป้องกัน"])
        self.assertEqual(linked.organisation_id, self.org_a.pk)

    def test_creating_a_plan_from_the_template_records_every_sub_section(self):
        plan = create_plan(self.org_a, "แผนของเอ")
        entries = self.new_entries(SubSection)
        self.assertEqual(len(entries), SubSection.objects.filter(dimension__plan=plan).count())
        self.assertTrue(all(e.root_type == "plans.actionplan" for e in entries))


class FailedSaveTests(TransactionTestCase):
    """Outside a transaction, as a view saves: a refused change must not be in the trail."""

    def test_a_change_the_database_refuses_leaves_no_entry(self):
        org = Organisation.objects.create(slug="t", name_th="อบต.ที", kind="sao", province="ตาก")
        Unit.objects.create(org=org, name="สำนักปลัด")
        other = Unit.objects.create(org=org, name="กองคลัง")
        other.name = "สำนักปลัด"  # taken: the unique constraint refuses it
        with self.assertRaises(IntegrityError):
            other.save()
        entries = AuditEntry.objects.filter(content_type__model="unit", object_id=other.pk)
        self.assertEqual([e.action for e in entries.order_by("id")], [CREATE])
        other.refresh_from_db()
        other.order = 3
        other.save(update_fields=["order"])
        self.assertEqual(entries.order_by("id").last().changes, {"order": ["0", "3"]})


class CommandLineTests(AuditTestCase):
    def test_a_command_is_named_as_the_actor(self):
        create_plan(self.org_a, "แผนของเอ")
        path = self.tmp_path / "book.txt"
        path.write_text(SMALL_BOOK, encoding="utf-8")
        # The real console entry point; Django closes connections after a command, which would
        # end the test's transaction on PostgreSQL.
        with mock.patch.object(connections, "close_all"):
            prongsai_cli(["plans", "import-sheets", str(path), "--org", self.org_a.slug])
        entries = self.new_entries(Project)
        self.assertEqual(len(entries), 2)
        for entry in entries + self.new_entries(Budget):
            self.assertEqual(entry.source, "prongsai plans import-sheets")
            self.assertIsNone(entry.actor)
            self.assertEqual(entry.organisation_id, self.org_a.pk)
        self.assertEqual(len(self.new_entries(Budget)), 1)

    def setUp(self):
        super().setUp()
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp_path = Path(self._tmp.name)
        self.addCleanup(self._tmp.cleanup)
