"""Shared by `prongsai document action-plan|plan-report-6m|plan-report-annual`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prongsai.documents.rendering import DocumentTemplateError
from prongsai.plans.models import ActionPlan


class PlanDocumentCommand(BaseCommand):
    kind = ""  # action-plan, plan-report-6m or plan-report-annual

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organisation slug")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--plan", type=int, help="the plan's id")
        which.add_argument("--year", type=int, help="a fiscal year the plan covers (B.E.)")
        parser.add_argument(
            "--report-year", type=int, help="reports: the fiscal year reported (default --year)"
        )
        parser.add_argument("--format", choices=["docx", "pdf"], required=True)
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args, **options):
        from prongsai.plans.views import plan_document_bytes

        plans = ActionPlan.objects.select_related("org").filter(org__slug=options["org"])
        if options["plan"]:
            plan = plans.filter(pk=options["plan"]).first()
        else:
            plan = plans.filter(
                first_year__lte=options["year"], last_year__gte=options["year"]
            ).first()
        if plan is None:
            raise CommandError(
                "ไม่พบแผนนี้ของหน่วยงาน (no such plan for that organisation)", returncode=2
            )
        year = options["report_year"] or options["year"] or plan.first_year
        if self.kind != "action-plan" and not plan.first_year <= year <= plan.last_year:
            raise CommandError(f"ปี {year} อยู่นอกช่วงของแผน (outside the plan's years)", returncode=2)
        try:
            data, _name = plan_document_bytes(plan, self.kind, options["format"], year)
        except DocumentTemplateError as exc:  # the organisation's own template is broken
            raise CommandError(str(exc), returncode=2) from exc
        options["out"].write_bytes(data)
        if options["verbosity"] > 0:
            self.stdout.write(f"เขียนแล้ว (written): {options['out']} ({len(data):,} bytes)")
