"""Contexts of the integrity programme's documents: the plan book, its reports, the risk
assessment and the integrity measures. Figures are formatted here (Thai digits by default)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from prongsai import thai
from prongsai.documents.rendering import render_document
from prongsai.plans.models import ActionPlan, RiskAssessment
from prongsai.plans.risk import matrix
from prongsai.plans.rollups import budgets_by_project, progress_by_project, rollup

KIND_TH = {"project": "โครงการ", "activity": "กิจกรรม", "measure": "มาตรการ"}
STATUS_TH = {
    "not_started": "ยังไม่ดำเนินการ",
    "in_progress": "อยู่ระหว่างดำเนินการ",
    "done": "ดำเนินการแล้ว",
    "cancelled": "ยกเลิก",
}


class Formatter:
    """Numbers, money and dates as the organisation prints them."""

    def __init__(self, org):
        self.thai = org.thai_digits

    def digits(self, value) -> str:
        return thai.to_thai_digits(str(value)) if self.thai else str(value)

    def baht(self, amount: Decimal | None) -> str:
        if not amount:
            return "ไม่ใช้งบประมาณ"
        return thai.format_baht(amount, thai_digits=self.thai)

    def date(self, value) -> str:
        return thai.thai_date(value, thai_digits=self.thai) if value else ""

    def today(self) -> str:
        return self.date(timezone.localdate())


def _people(org, position: str = "") -> dict:
    return {
        "reporter": {"name": "", "position": position},
        "certifier": {"name": org.head_name, "position": org.head_position},
    }


def action_plan_context(plan: ActionPlan) -> dict:
    org, f = plan.org, Formatter(plan.org)
    summary = rollup(plan)
    budgets = budgets_by_project(plan)
    years = plan.years
    dims = []
    number = 0
    for dim in summary.dimensions:
        rows = []
        for project in dim.projects:
            number += 1
            amounts = budgets.get(project.pk, {})
            rows.append(
                {
                    "number": f.digits(number),
                    "name": project.name,
                    "kind": KIND_TH[project.kind],
                    "budgets": [f.baht(amounts.get(y)) for y in years],
                    "total": f.baht(sum(amounts.values(), Decimal(0))),
                }
            )
        dims.append(
            {
                "number": f.digits(dim.number),
                "name": dim.name,
                "rows": rows,
                "count": f.digits(dim.count),
                "totals": [f.baht(dim.budgets.get(y)) for y in years],
                "total": f.baht(dim.total),
            }
        )
    risk = RiskAssessment.objects.filter(org=org).order_by("-year").first()
    risk_rows = []
    if risk:
        m = matrix(risk.matrix)
        for n, item in enumerate(risk.items.all(), start=1):
            risk_rows.append(
                {"number": f.digits(n), "process": item.process, "risk": item.risk,
                 "level": m.level(item.likelihood, item.impact).name,
                 "controls": "\n".join(t for t in (item.existing_controls, item.new_controls) if t)}
            )  # fmt: skip
    targets: dict[str, dict[int, str]] = {}
    for t in plan.targets.all():
        targets.setdefault(t.indicator, {})[t.fiscal_year] = t.target
    projects = []
    number = 0
    for dim in summary.dimensions:
        for project in dim.projects:
            number += 1
            amounts = budgets.get(project.pk, {})
            total = sum(amounts.values(), Decimal(0))
            budget = f.baht(total) + (f" บาท ({thai.bahttext(total)})" if total else "")
            projects.append(
                {
                    "dimension": f"{f.digits(dim.number)} {dim.name}",
                    "subsection": f"{f.digits(project.subsection.code)} {project.subsection.name}",
                    "number": f.digits(number),
                    "kind": KIND_TH[project.kind],
                    "name": project.name,
                    "rationale": project.rationale,
                    "objectives": project.objectives,
                    "target_group": project.target_group,
                    "method": project.method,
                    "period": f"ปีงบประมาณ พ.ศ. {f.digits(project.start_year)} – {f.digits(project.end_year)}",
                    "budget": budget,
                    "responsible": project.responsible.name
                    if project.responsible
                    else project.responsible_text,
                    "outputs": project.outputs,
                    "outcomes": project.outcomes,
                    "indicators": [
                        {
                            "kind": "ผลผลิต" if i.kind == "output" else "ผลลัพธ์",
                            "text": i.text,
                            "target": ""
                            if i.target is None
                            else f.digits(f"{i.target.normalize():f} {i.unit}".strip()),
                        }
                        for i in project.indicators.all()
                    ],
                }  # fmt: skip
            )
    span = f"{f.digits(plan.first_year)} – {f.digits(plan.last_year)}"
    return {
        "org": {"name": org.name_th},
        "title": plan.title,
        "years": [f.digits(y) for y in years],
        "announcement": {
            "body": (
                f"{org.name_th} ได้จัดทำ{plan.title} เพื่อเป็นกรอบแนวทางในการป้องกันการทุจริต "
                "และยกระดับคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงาน จึงประกาศใช้แผนดังกล่าว "
                f"สำหรับปีงบประมาณ พ.ศ. {span}"
            ),
            "date": f.date(plan.announced_on),
            "signatory": {"name": plan.signatory_name, "position": plan.signatory_position},
        },
        "preface": plan.preface,
        "risk_rows": risk_rows,
        "rationale": plan.rationale,
        "objectives": plan.objectives,
        "goals": plan.goals,
        "benefits": plan.benefits,
        "targets": {
            "years": [f.digits(y) for y in years],
            "rows": [
                {"indicator": k, "values": [f.digits(v.get(y, "–")) for y in years]}
                for k, v in targets.items()
            ],
        },
        "summary": {
            "dimensions": dims,
            "count": f.digits(summary.count),
            "totals": [f.baht(summary.budgets.get(y)) for y in years],
            "total": f.baht(summary.total),
            "total_text": thai.bahttext(summary.total) if summary.total else "ไม่ใช้งบประมาณ",
        },
        "projects": projects,
    }


def plan_report_context(plan: ActionPlan, fiscal_year: int, round: str) -> dict:
    org, f = plan.org, Formatter(plan.org)
    summary = rollup(plan, fiscal_year=fiscal_year, round=round)
    progress = progress_by_project(plan, fiscal_year, round)
    budgets = budgets_by_project(plan)
    round_label = "รอบ ๖ เดือน (ตุลาคม – มีนาคม)" if round == "h1" else "ประจำปี"
    if round == "h1":
        title = f"รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. {f.digits(fiscal_year)} รอบ ๖ เดือน"
    else:
        title = f"รายงานผลการดำเนินการป้องกันการทุจริตประจำปีงบประมาณ พ.ศ. {f.digits(fiscal_year)}"
    dims, rows, number = [], [], 0
    for dim in summary.dimensions:
        budget = dim.budgets.get(fiscal_year, Decimal(0))
        dims.append(
            {
                "number": f.digits(dim.number), "name": dim.name, "count": f.digits(dim.count),
                "done": f.digits(dim.status.get("done", 0)), "in_progress": f.digits(dim.status.get("in_progress", 0)),
                "not_started": f.digits(dim.status.get("not_started", 0) + dim.status.get("cancelled", 0)),
                "budget": f.baht(budget), "spent": f.baht(dim.spent), "percent": f.digits(f"{dim.percent:.0f}"),
            }
        )  # fmt: skip
        for project in dim.projects:
            number += 1
            report = progress.get(project.pk)
            rows.append(
                {
                    "number": f.digits(number), "name": project.name, "dimension": f"{f.digits(dim.number)} {dim.name}",
                    "status": STATUS_TH[report.status if report else "not_started"],
                    "percent": f.digits(report.percent if report else 0),
                    "budget": f.baht(budgets.get(project.pk, {}).get(fiscal_year)),
                    "spent": f.baht(report.spent if report else None),
                    "done": report.done if report else "", "achieved": report.achieved if report else "",
                    "problems": report.problems if report else "", "evidence": report.evidence if report else "",
                }
            )  # fmt: skip
    problems = [r["problems"] for r in rows if r["problems"]]
    return {
        "org": {"name": org.name_th},
        "title": title,
        "plan_title": plan.title,
        "round_label": round_label,
        "year": f.digits(fiscal_year),
        "summary": {
            "dimensions": dims,
            "count": f.digits(summary.count),
            "done": f.digits(sum(d.status.get("done", 0) for d in summary.dimensions)),
            "in_progress": f.digits(
                sum(d.status.get("in_progress", 0) for d in summary.dimensions)
            ),
            "not_started": f.digits(
                sum(
                    d.status.get("not_started", 0) + d.status.get("cancelled", 0)
                    for d in summary.dimensions
                )
            ),
            "percent": f.digits(f"{summary.percent:.0f}"),
            "budget": f.baht(summary.budgets.get(fiscal_year)),
            "spent": f.baht(summary.spent),
        },
        "projects": rows,
        "problems_summary": "\n".join(problems) or "ไม่มี",
        **_people(org),
        "date": f.today(),
    }


def render(kind: str, context: dict, fmt: str, org) -> bytes:
    return render_document(kind, context, fmt, org=org)
