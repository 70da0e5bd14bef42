"""Summaries made for results an upgraded instance already holds (the data migration), and
results that follow criteria coming into force for their year (published by an organisation or
a province, or official ones shipped): moved onto them, summarised again, at once or as a job."""

from __future__ import annotations

import io
from decimal import Decimal
from importlib import import_module
from unittest import mock

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from prongsai.audit.models import AuditEntry
from prongsai.frameworks import drafts
from prongsai.frameworks.library import checksum, criteria_of, criteria_years
from prongsai.frameworks.models import Framework
from prongsai.frameworks.store import sync_builtin_frameworks
from prongsai.ita import follow
from prongsai.ita.models import ItaResult, OrgYearSummary, WeakPoint
from prongsai.ita.results import ParsedResults, assessment_of, save_results
from prongsai.jobs.models import Job
from prongsai.orgs.models import Organisation
from prongsai.scoring.results import round2
from prongsai.test import BaseTestCase, results_2568

D = Decimal
MIGRATION = "0003_summaries_of_existing_results"
YEAR = max(criteria_years()) + 1  # a year nobody has published: provisional criteria only


def draft_year_results(failed=("o12",)) -> ParsedResults:
    """Indicators 1–8 given, OIT from its 26 items."""
    parsed = ParsedResults()
    parsed.indicators = {n: D(90) for n in range(1, 9)}
    parsed.items = {f"o{n}": D(0 if f"o{n}" in failed else 100) for n in range(1, 27)}
    return parsed


class DataMigrationTests(TransactionTestCase):
    """Run by Django's migration executor: back to 0002 (nothing undone) and forward again."""

    def test_results_held_before_summaries_are_summarised_once(self):
        org = Organisation.objects.create(
            slug="old", name_th="อบต.เก่า", kind="sao", province="ชลบุรี"
        )
        other = Organisation.objects.create(
            slug="new", name_th="อบต.ใหม่", kind="sao", province="ชลบุรี"
        )
        old = save_results(org, 2568, results_2568(), ItaResult.Source.MANUAL)
        new = save_results(other, 2568, results_2568(("o3",)), ItaResult.Source.MANUAL)
        kept = OrgYearSummary.objects.get(result=new)
        OrgYearSummary.objects.filter(result=old).delete()  # as before 0002 existed
        executor = MigrationExecutor(connection)
        executor.migrate([("ita", "0002_org_year_summaries")])
        self.assertEqual(OrgYearSummary.objects.count(), 1)  # the reversal undoes nothing
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())  # 0003, and whatever follows it
        summary = OrgYearSummary.objects.get(result=old)
        engine = assessment_of(old)
        self.assertEqual(summary.total, round2(engine.total))
        self.assertEqual(summary.oit, round2(engine.tools["oit"]))
        self.assertEqual(summary.rating_th, engine.rating_th)
        self.assertEqual(
            set(
                WeakPoint.objects.filter(summary=summary, level="item").values_list(
                    "code", flat=True
                )
            ),
            {"o12"},
        )
        again = OrgYearSummary.objects.get(result=new)
        self.assertEqual(again.updated, kept.updated)  # already summarised: left as it was
        self.assertEqual(OrgYearSummary.objects.count(), 2)

    def test_a_result_its_criteria_cannot_score_is_left_out(self):
        org = Organisation.objects.create(slug="odd", name_th="อบต.แปลก", kind="sao")
        result = save_results(org, 2568, results_2568(), ItaResult.Source.MANUAL)
        OrgYearSummary.objects.all().delete()
        migration = import_module(f"prongsai.ita.migrations.{MIGRATION}")
        loader = MigrationExecutor(connection).loader
        apps = loader.project_state(("ita", MIGRATION)).apps
        with mock.patch.object(migration, "assessment_of", side_effect=KeyError("i1")):
            migration.summarise_existing(apps, None)
        self.assertFalse(OrgYearSummary.objects.exists())
        migration.summarise_existing(apps, None)
        self.assertEqual(OrgYearSummary.objects.get().result_id, result.pk)


class FollowCriteriaTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.org_c = Organisation.objects.create(
            slug="org-c", name_th="เทศบาลตำบลซี", kind="subdistrict_municipality", province="ชลบุรี"
        )
        cls.province = drafts.publish(drafts.start_province_draft("ชลบุรี", "20", YEAR))

    def test_an_organisations_own_criteria_take_its_results_and_the_summary_follows(self):
        result = save_results(self.org_a, YEAR, draft_year_results(), ItaResult.Source.MANUAL)
        save_results(self.org_c, YEAR, draft_year_results(), ItaResult.Source.MANUAL)
        self.assertEqual(result.framework, self.province)
        before = OrgYearSummary.objects.get(result=result)
        self.assertTrue(before.weak_points.filter(code="o12").exists())
        own = drafts.start_draft(self.org_a, YEAR)
        # the organisation's criteria weigh OIT differently: its indicator 9 has only o1–o11
        doc = own.document
        doc["oit_items"] = [
            i for i in doc["oit_items"] if not (i["indicator"] == 9 and int(i["code"][1:]) > 11)
        ]
        own.document, own.checksum = doc, checksum(doc)
        own.save()
        drafts.publish(own)
        result.refresh_from_db()
        self.assertEqual(result.framework, own)
        after = OrgYearSummary.objects.get(result=result)
        engine = assessment_of(result, criteria_of(own.document))
        self.assertEqual(after.total, round2(engine.total))
        self.assertNotEqual(after.oit, before.oit)
        self.assertFalse(after.weak_points.filter(code="o12").exists())
        # C, in the same province without criteria of its own, is untouched
        other = ItaResult.objects.get(org=self.org_c, year=YEAR)
        self.assertEqual(other.framework, self.province)
        changes = [e.changes for e in AuditEntry.objects.get_for_object(result)]
        self.assertIn({"framework": [str(self.province.pk), str(own.pk)]}, changes)
        self.assertFalse(Job.objects.exists())  # two results: done in the request

    def test_official_criteria_shipped_for_the_year_take_over_every_result(self):
        save_results(self.org_a, YEAR, draft_year_results(), ItaResult.Source.MANUAL)
        doc = {**self.province.document, "urn": f"urn:prongsai:ita:{YEAR}", "version": 1}
        # the next release ships the year's official criteria: the sync after `migrate` adds them
        with (
            mock.patch("prongsai.frameworks.store.builtin_documents", return_value=[doc]),
            mock.patch("prongsai.ita.results.find_document", return_value=doc),
        ):
            sync_builtin_frameworks()
        official = Framework.objects.get(urn=doc["urn"], builtin=True)
        self.assertEqual(ItaResult.objects.get(org=self.org_a, year=YEAR).framework, official)

    def test_many_results_follow_as_a_job_with_progress(self):
        result = save_results(self.org_a, YEAR, draft_year_results(), ItaResult.Source.MANUAL)
        own = drafts.start_draft(self.org_a, YEAR)
        with (
            mock.patch.object(follow, "FOLLOW_AT_ONCE", 0),
            mock.patch.object(follow.follow_task, "delay") as delay,
            self.captureOnCommitCallbacks(execute=True) as sent,
        ):
            drafts.publish(own)
        self.assertEqual(len(sent), 1)
        job = Job.objects.get()
        delay.assert_called_once_with(job.pk)
        self.assertEqual((job.kind, job.state, job.total), ("ita_follow", "queued", 1))
        result.refresh_from_db()
        self.assertEqual(result.framework, self.province)  # not yet: the job moves it
        self.assertEqual(follow.follow_task.apply(args=[job.pk]).get(), "done")
        job.refresh_from_db()
        self.assertEqual((job.state, job.done, job.errors), ("done", 1, []))
        self.assertIn("1 หน่วยงาน", job.message)
        result.refresh_from_db()
        self.assertEqual(result.framework, own)
        self.assertEqual(OrgYearSummary.objects.get(result=result).result.framework, own)
        self.assertEqual(follow.follow_task.apply(args=[job.pk]).get(), "skipped")

    def test_the_summarise_command_moves_what_a_lost_job_left_behind(self):
        result = save_results(self.org_a, YEAR, draft_year_results(), ItaResult.Source.MANUAL)
        own = drafts.start_draft(self.org_a, YEAR)
        with mock.patch.object(follow, "FOLLOW_AT_ONCE", 0):
            drafts.publish(own)  # the job is queued; say its worker never runs it
        out = io.StringIO()
        call_command("ita_summarise", "--year", str(YEAR), stdout=out)
        self.assertIn("1 results summarised, 1 moved onto the criteria in force", out.getvalue())
        result.refresh_from_db()
        self.assertEqual(result.framework, own)

    def test_a_result_the_new_criteria_cannot_score_keeps_its_own_and_is_named(self):
        result = save_results(self.org_a, YEAR, draft_year_results(), ItaResult.Source.MANUAL)
        summary = OrgYearSummary.objects.get(result=result)
        own = drafts.start_draft(self.org_a, YEAR)
        with mock.patch.object(follow, "assessment_of", side_effect=KeyError("o12")):
            drafts.publish(own)
            moved, problems = follow.follow_criteria(follow.governed_by(own))
        self.assertEqual(moved, 0)
        self.assertIn("องค์การบริหารส่วนตำบลเอ", problems[0])
        result.refresh_from_db()
        self.assertEqual(result.framework, self.province)
        self.assertEqual(OrgYearSummary.objects.get(result=result).updated, summary.updated)
