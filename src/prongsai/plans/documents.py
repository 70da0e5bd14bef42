"""Contexts of the integrity programme's documents: the plan book, its reports, the risk
assessment and the integrity measures. Figures are formatted here (Thai digits by default)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from prongsai import thai
from prongsai.documents.charts import risk_heatmap_png, risk_heatmap_svg
from prongsai.documents.registry import DocumentRequest, Kind, NothingToReport, Variant
from prongsai.documents.rendering import render_document
from prongsai.plans.models import ActionPlan, IntegrityMeasure, Progress, Project, RiskAssessment
from prongsai.plans.risk import matrix
from prongsai.plans.rollups import ZERO, budgets_by_project, progress_by_project, rollup
from prongsai.plans.texts import effective, hold_years, plan_title
from prongsai.thai import Formatter as DocumentFormatter
from prongsai.thai import fiscal_year_bounds

KIND_TH = {"project": "โครงการ", "activity": "กิจกรรม", "measure": "มาตรการ"}
STATUS_TH = {
    "not_started": "ยังไม่ดำเนินการ",
    "in_progress": "อยู่ระหว่างดำเนินการ",
    "done": "ดำเนินการแล้ว",
    "cancelled": "ยกเลิก",
}
MONITORING_TH = {
    "h1": "รายงานผู้บริหารทุก ๖ เดือน",
    "annual": "รายงานผู้บริหารปีละครั้ง",
    "both": "รายงานผู้บริหารรอบ ๖ เดือนและประจำปี",
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


# (the plan book and its reports: see plan_documents below)


def risk_context(assessment: RiskAssessment) -> dict:

    org, f = assessment.org, Formatter(assessment.org)
    m = matrix(assessment.matrix)
    items = list(assessment.items.select_related("owner"))
    counts: dict[tuple[int, int], int] = {}
    for item in items:
        counts[(item.likelihood, item.impact)] = counts.get((item.likelihood, item.impact), 0) + 1
    rows = []
    for n, item in enumerate(items, start=1):
        level = m.level(item.likelihood, item.impact)
        rows.append(
            {
                "number": f.digits(n), "process": item.process, "risk": item.risk,
                "likelihood": f.digits(f"{item.likelihood} {m.likelihood[item.likelihood - 1]}"),
                "impact": f.digits(f"{item.impact} {m.impact[item.impact - 1]}"),
                "level": level.name, "level_color": level.color,
                "existing": item.existing_controls, "new": item.new_controls,
                "owner": item.owner.name if item.owner else "", "review": f.date(item.review_on),
            }
        )  # fmt: skip
    return {
        "org": {"name": org.name_th},
        "title": f"การประเมินความเสี่ยงการทุจริตและมาตรการบริหารจัดการความเสี่ยง ประจำปีงบประมาณ พ.ศ. {f.digits(assessment.year)}",
        "year": f.digits(assessment.year),
        "matrix_name": m.name,
        "heatmap_svg": risk_heatmap_svg(
            m.grid(), counts, list(m.likelihood), list(m.impact), thai_digits=f.thai
        ),
        # Word takes pictures, not SVG: the same heat map as PNG.
        "heatmap_png": risk_heatmap_png(
            m.grid(), counts, list(m.likelihood), list(m.impact), thai_digits=f.thai
        ),
        "rows": rows,
        **_people(org),
        "date": f.today(),
    }


def measures_for(org, fiscal_year: int) -> list[IntegrityMeasure]:
    return list(
        IntegrityMeasure.objects.filter(org=org, fiscal_year=fiscal_year)
        .select_related("responsible")
        .order_by("indicator", "id")
    )


def measures_announcement_context(org, fiscal_year: int) -> dict:
    f = Formatter(org)
    rows = [
        {"number": f.digits(n), "name": m.name, "steps": m.steps, "responsible": m.responsible.name if m.responsible else "",
         "monitoring": MONITORING_TH[m.monitoring]}
        for n, m in enumerate(measures_for(org, fiscal_year), start=1)
    ]  # fmt: skip
    return {
        "org": {"name": org.name_th},
        "title": f"มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {f.digits(fiscal_year)}",
        "year": f.digits(fiscal_year),
        "intro": (
            f"เพื่อยกระดับคุณธรรมและความโปร่งใสในการดำเนินงานของ{org.name_th} ตามผลการวิเคราะห์การประเมิน ITA "
            "จึงกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ดังนี้"
        ),
        "rows": rows,
        "signatory": {"name": org.head_name, "position": org.head_position},
        "date": f.today(),
    }


def measures_report_context(org, fiscal_year: int, round: str = "annual") -> dict:
    f = Formatter(org)
    rows = []
    for n, m in enumerate(measures_for(org, fiscal_year), start=1):
        result = m.round_results.filter(fiscal_year=fiscal_year, round=round).first()
        rows.append(
            {"number": f.digits(n), "name": m.name, "steps": m.steps,
             "results": result.result if result else m.results, "success": m.success,
             "evidence": (result.evidence if result and result.evidence else m.evidence)}
        )  # fmt: skip
    first = measures_for(org, fiscal_year)[:1]
    reporter = (
        {"name": first[0].reporter_name, "position": first[0].reporter_position}
        if first
        else {"name": "", "position": ""}
    )
    certifier = (
        {
            "name": first[0].certifier_name or org.head_name,
            "position": first[0].certifier_position or org.head_position,
        }
        if first
        else {"name": org.head_name, "position": org.head_position}
    )
    return {
        "org": {"name": org.name_th},
        "title": f"รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {f.digits(fiscal_year)}",
        "year": f.digits(fiscal_year),
        "round_label": "รอบ ๖ เดือน" if round == "h1" else "ประจำปี",
        "rows": rows,
        "reporter": reporter,
        "certifier": certifier,
        "date": f.today(),
    }


def render(kind: str, context: dict, fmt: str, org) -> bytes:
    return render_document(kind, context, fmt, org=org)


# --- The plan book and its monitoring report, through the one registry of documents ---------

LAYOUTS = Path(__file__).resolve().parent / "layouts"
ROUND_OF = {"6m": Progress.Round.HALF, "annual": Progress.Round.ANNUAL}
NO_BUDGET = "ไม่ใช้งบประมาณ"
NOT_RUNNING = "–"


def _lines(text: str) -> list[str]:
    return [hold_years(line.strip()) for line in (text or "").splitlines() if line.strip()]


def _plan_of(request: DocumentRequest) -> ActionPlan | None:
    return ActionPlan.objects.filter(org=request.org, pk=request.params.get("plan")).first()


def _plans_covering(org, year: int) -> list[ActionPlan]:
    return list(ActionPlan.objects.filter(org=org, first_year__lte=year, last_year__gte=year))


def _running(plan: ActionPlan, year: int) -> list[Project]:
    return list(plan.projects.filter(start_year__lte=year, end_year__gte=year))


def action_plan_variants(org, year: int) -> list[Variant]:
    fmt = DocumentFormatter(org.thai_digits)
    return [Variant(plan_title(p, fmt), {"plan": p.pk}) for p in _plans_covering(org, year)]


def action_plan_check(request: DocumentRequest) -> str | None:
    plan = _plan_of(request)
    if plan is None:
        return "ไม่พบแผนปฏิบัติการป้องกันการทุจริตนี้ของหน่วยงาน"
    if not plan.projects.exists():
        return "แผนนี้ยังไม่มีโครงการ/กิจกรรม/มาตรการ: เพิ่มโครงการหรือนำเข้าจากไฟล์ก่อน"
    return None


def _budget_cell(f, project: Project, amounts: dict, year: int) -> str:
    if not project.start_year <= year <= project.end_year:
        return NOT_RUNNING
    amount = amounts.get(year)
    return f.baht(amount) if amount else NO_BUDGET


def action_plan_build(request: DocumentRequest) -> dict:
    reason = action_plan_check(request)
    if reason:
        raise NothingToReport(reason)
    plan, f = _plan_of(request), request.fmt
    texts = effective(plan)
    title = plan_title(plan, f)
    summary, budgets, years = rollup(plan), budgets_by_project(plan), plan.years
    dims, projects, number = [], [], 0
    for dim in summary.dimensions:
        rows = []
        for project in dim.projects:
            number += 1
            amounts = budgets.get(project.pk, {})
            total = sum(amounts.values(), ZERO)
            rows.append({
                "number": f.digits(number), "name": project.name,
                "kind": KIND_TH[project.kind],
                "budgets": [_budget_cell(f, project, amounts, y) for y in years],
                "total": f.baht(total) if total else NO_BUDGET,
            })  # fmt: skip
            projects.append({
                "dimension": f"{f.digits(dim.number)} {dim.name}",
                "first_of_dimension": len(rows) == 1,
                "subsection": f"{f.digits(project.subsection.code)} {project.subsection.name}",
                "number": f.digits(number), "kind": KIND_TH[project.kind], "name": project.name,
                "rationale": _lines(project.rationale) or ["–"],
                "objectives": _lines(project.objectives) or ["–"],
                "target_group": _lines(project.target_group) or ["–"],
                "method": _lines(project.method) or ["–"],
                "period": f"ปีงบประมาณ {f.years(project.start_year, project.end_year)}",
                "budget": f.baht_words(total) if total else NO_BUDGET,
                "responsible": project.responsible.name if project.responsible
                else (project.responsible_text or "–"),
                "outputs": _lines(project.outputs) or ["–"],
                "outcomes": _lines(project.outcomes) or ["–"],
                "indicators": [
                    {"kind": "ผลผลิต" if i.kind == "output" else "ผลลัพธ์", "text": i.text,
                     "target": "–" if i.target is None
                     else f.digits(f"{i.target.normalize():f} {i.unit}".strip())}
                    for i in project.indicators.all()
                ],
            })  # fmt: skip
        if rows:
            dims.append({
                "number": f.digits(dim.number), "name": dim.name, "rows": rows,
                "count": f.digits(dim.count),
                "totals": [f.baht(dim.budgets.get(y, ZERO)) for y in years],
                "total": f.baht(dim.total),
            })  # fmt: skip
    targets: dict[str, dict[int, str]] = {}
    for t in plan.targets.all():
        targets.setdefault(t.indicator, {})[t.fiscal_year] = t.target
    span = f.years(plan.first_year, plan.last_year)
    parts = [
        f"ส่วนที่ {f.digits(1)} บทนำ",
        f"ส่วนที่ {f.digits(2)} แผนปฏิบัติการป้องกันการทุจริต",
        f"ส่วนที่ {f.digits(3)} รายละเอียดโครงการ/กิจกรรม/มาตรการ",
    ]
    contents = [{"text": "ประกาศ", "level": 1}, {"text": "คำนำ", "level": 1}]
    contents += [{"text": parts[0], "level": 1}, {"text": parts[1], "level": 1},
                 {"text": parts[2], "level": 1}]  # fmt: skip
    contents += [{"text": f"มิติที่ {d['number']} {d['name']}", "level": 2} for d in dims]
    return {
        "plan_title": title,
        "span": span,
        "parts": parts,
        "contents": contents,
        "announcement": {
            "body": (
                f"{request.org.name_th} ได้จัดทำ{title} เพื่อเป็นกรอบแนวทางในการป้องกันการทุจริต "
                "และยกระดับคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงาน จึงประกาศใช้แผนดังกล่าว "
                f"สำหรับปีงบประมาณ {span}"
            ),
            "date": f.date(texts["announced_on"]),
            "name": texts["signatory_name"] or "",
            "position": texts["signatory_position"] or "",
        },
        "preface": _lines(texts["preface"]),
        "rationale": _lines(texts["rationale"]),
        "objectives": _lines(texts["objectives"]),
        "goals": _lines(texts["goals"]),
        "benefits": _lines(texts["benefits"]),
        "targets": {
            "years": [f.be(y) for y in years],
            "rows": [
                {"indicator": k, "values": [f.digits(v.get(y, "–")) for y in years]}
                for k, v in targets.items()
            ],
        },
        "years": [f.be(y) for y in years],
        "summary": {
            "dimensions": dims,
            "count": f.digits(summary.count),
            "totals": [f.baht(summary.budgets.get(y, ZERO)) for y in years],
            "total": f.baht(summary.total),
            "total_words": f.baht_words(summary.total) if summary.total else NO_BUDGET,
        },
        "projects": projects,
    }


def plan_report_variants(org, year: int) -> list[Variant]:
    fmt = DocumentFormatter(org.thai_digits)
    out = []
    for plan in _plans_covering(org, year):
        title = plan_title(plan, fmt)
        out.append(
            Variant(f"รายงานรอบ ๖ เดือน – {title}", {"plan": plan.pk, "year": year, "round": "6m"})
        )
        out.append(
            Variant(f"รายงานประจำปี – {title}", {"plan": plan.pk, "year": year, "round": "annual"})
        )
    return out


def plan_report_check(request: DocumentRequest) -> str | None:
    plan, year = _plan_of(request), request.year
    if plan is None:
        return "ไม่พบแผนปฏิบัติการป้องกันการทุจริตนี้ของหน่วยงาน"
    if not plan.first_year <= year <= plan.last_year:
        return f"แผนนี้ไม่ครอบคลุมปีงบประมาณ {request.fmt.be(year)}"
    if not _running(plan, year):
        return f"แผนนี้ไม่มีโครงการที่ดำเนินการในปีงบประมาณ {request.fmt.be(year)} จึงไม่มีผลให้รายงาน"
    round = ROUND_OF[request.params["round"]]
    if not Progress.objects.filter(project__plan=plan, fiscal_year=year, round=round).exists():
        label = "รอบ ๖ เดือน" if round == Progress.Round.HALF else "ประจำปี"
        return (
            f"ยังไม่มีการบันทึกผลการดำเนินงาน{label} ปีงบประมาณ {request.fmt.be(year)} ของโครงการใดในแผนนี้"
        )
    return None


def plan_report_build(request: DocumentRequest) -> dict:
    reason = plan_report_check(request)
    if reason:
        raise NothingToReport(reason)
    plan, f, year = _plan_of(request), request.fmt, request.year
    half = request.params["round"] == "6m"
    round = ROUND_OF[request.params["round"]]
    running = {p.pk for p in _running(plan, year)}
    summary = rollup(plan, fiscal_year=year, round=round)
    progress = progress_by_project(plan, year, round)
    budgets = budgets_by_project(plan)
    start, end = fiscal_year_bounds(year)
    if half:
        heading = f"รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริต {f.fiscal_year(year)} รอบ ๖ เดือน"
        covered = f"{f.date(start)} – {f.date(date(start.year + 1, 3, 31))}"
    else:
        heading = f"รายงานผลการดำเนินการป้องกันการทุจริต {f.fiscal_year(year)}"
        covered = f"{f.date(start)} – {f.date(end)}"
    dims, rows, number = [], [], 0
    totals = {
        "count": 0,
        "done": 0,
        "in_progress": 0,
        "not_started": 0,
        "budget": ZERO,
        "spent": ZERO,
        "percent": 0,
    }
    for dim in summary.dimensions:
        projects = [p for p in dim.projects if p.pk in running]
        if not projects:
            continue
        reports = [progress.get(p.pk) for p in projects]
        status = [r.status if r else "not_started" for r in reports]
        budget = sum((budgets.get(p.pk, {}).get(year, ZERO) for p in projects), ZERO)
        spent = sum((r.spent for r in reports if r), ZERO)
        percent = sum(r.percent for r in reports if r) / len(projects)
        counts = {
            "done": status.count("done"), "in_progress": status.count("in_progress"),
            "not_started": status.count("not_started") + status.count("cancelled"),
        }  # fmt: skip
        for key, value in counts.items():
            totals[key] += value
        totals["count"] += len(projects)
        totals["budget"] += budget
        totals["spent"] += spent
        totals["percent"] += percent * len(projects)
        dims.append({
            "number": f.digits(dim.number), "name": dim.name, "count": f.digits(len(projects)),
            **{k: f.digits(v) for k, v in counts.items()},
            "budget": f.baht(budget), "spent": f.baht(spent), "percent": f.digits(f"{percent:.0f}"),
        })  # fmt: skip
        for project, report in zip(projects, reports, strict=True):
            number += 1
            amount = budgets.get(project.pk, {}).get(year)
            rows.append({
                "number": f.digits(number), "name": project.name,
                "dimension": f"{f.digits(dim.number)} {dim.name}",
                "status": STATUS_TH[report.status if report else "not_started"],
                "percent": f.digits(report.percent if report else 0),
                "budget": f.baht(amount) if amount else NO_BUDGET,
                "spent": f.baht(report.spent) if report and report.spent else "–",
                "done": f.digits(report.done) if report and report.done else "–",
                "achieved": f.digits(report.achieved) if report and report.achieved else "–",
                "problems": report.problems if report and report.problems else "–",
                "evidence": report.evidence if report and report.evidence else "–",
            })  # fmt: skip
    problems = [f"{r['name']}: {r['problems']}" for r in rows if r["problems"] != "–"] or [
        "ไม่มีปัญหาอุปสรรคที่ต้องรายงานในรอบนี้"
    ]
    count = totals["count"]
    return {
        "heading": heading,
        "plan_title": plan_title(plan, f),
        "round_label": ("รอบ ๖ เดือน" if half else "ประจำปี") + f" ({covered})",
        "summary": {
            "dimensions": dims,
            "count": f.digits(count),
            "done": f.digits(totals["done"]),
            "in_progress": f.digits(totals["in_progress"]),
            "not_started": f.digits(totals["not_started"]),
            "budget": f.baht(totals["budget"]),
            "spent": f.baht(totals["spent"]),
            "percent": f.digits(f"{totals['percent'] / count:.0f}"),
        },
        "projects": rows,
        "problems": problems,
    }


ACTION_PLAN = Kind(
    key="action_plan",
    title_th="แผนปฏิบัติการป้องกันการทุจริต",
    title_en="Anti-corruption action plan",
    layout=LAYOUTS / "action_plan.docx",
    build=action_plan_build,
    fields=frozenset(
        {
            "plan_title",
            "span",
            "parts",
            "contents",
            "announcement",
            "preface",
            "rationale",
            "objectives",
            "goals",
            "benefits",
            "targets",
            "years",
            "summary",
            "projects",
        }
    ),  # fmt: skip
    params=("plan",),
    variants=action_plan_variants,
    check=action_plan_check,
    toc=True,
    signed=False,  # the announcement is signed by whom the plan's texts page names
)
PLAN_REPORT = Kind(
    key="plan_report",
    title_th="รายงานผลการดำเนินการตามแผนปฏิบัติการป้องกันการทุจริต",
    title_en="Monitoring report of the anti-corruption action plan",
    layout=LAYOUTS / "plan_report.docx",
    build=plan_report_build,
    fields=frozenset({"heading", "plan_title", "round_label", "summary", "projects", "problems"}),
    params=("plan", "year", "round"),
    variants=plan_report_variants,
    check=plan_report_check,
)
KINDS = (ACTION_PLAN, PLAN_REPORT)
