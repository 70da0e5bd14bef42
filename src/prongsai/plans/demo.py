"""The demo action plan, risk assessment and integrity measures of one organisation.

The data are in data/demo-plan.yaml (seed 003's 36 projects, cleaned), data/demo-risks.yaml (seed
003's four risk topics, assessed for 2568) and data/demo-measures.yaml (seed 001's measures for
2568). Everything is created through the models' own rules (full_clean before save) and found
again by natural keys, so loading twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from functools import cache

import yaml
from django.db import models, transaction

from prongsai.plans.models import (
    ActionPlan,
    Budget,
    IntegrityMeasure,
    MeasureResult,
    PlanTarget,
    Progress,
    Project,
    ProjectIndicator,
    RiskAssessment,
    RiskItem,
    RiskReview,
    SubSection,
)
from prongsai.plans.risk import matrix
from prongsai.plans.templates_data import DATA_DIR, create_plan
from prongsai.thai import fiscal_year_bounds, to_thai_digits

PLAN_KEYS = {"order", "subsection", "kind", "name", "rationale", "objectives", "target_group",
             "method", "start_year", "end_year", "budget", "responsible", "responsible_text",
             "outputs", "outcomes", "indicators"}  # fmt: skip
PROGRESS_KEYS = {"order", "status", "percent", "spent", "done", "achieved", "evidence", "problems"}
MEASURE_KEYS = {"number", "name", "steps", "responsible", "monitoring", "status", "progress",
                "results", "success", "evidence"}  # fmt: skip
RISK_KEYS = {"order", "process", "risk", "likelihood", "impact", "level", "existing_controls",
             "new_controls", "owner", "projects", "measures", "reviews"}  # fmt: skip
ROUNDS_BY_MONITORING = {"h1": {"h1"}, "annual": {"annual"}, "both": {"h1", "annual"}}


@cache
def demo_data(name: str) -> dict:
    """One of the demo files: "plan", "risks" or "measures"."""
    return yaml.safe_load((DATA_DIR / f"demo-{name}.yaml").read_text(encoding="utf-8"))


def _check_keys(row: dict, allowed: set[str], what: str) -> None:
    unknown = set(row) - allowed
    if unknown:
        raise ValueError(f"{what}: unknown keys {sorted(unknown)} in demo data")


def _upsert(model: type[models.Model], lookup: dict, values: dict) -> models.Model:
    """update_or_create through full_clean: the row found by its natural key, or a new one."""
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    for field, value in values.items():
        setattr(obj, field, value)
    obj.full_clean()
    obj.save()
    return obj


def _sync_indicators(project: Project, rows: list[dict], text: Callable[[str], str]) -> None:
    """The project's indicators become the rows, in order; rows are matched by position."""
    existing = list(project.indicators.order_by("id"))
    for position, row in enumerate(rows):
        indicator = existing[position] if position < len(existing) else ProjectIndicator()
        indicator.project = project
        indicator.kind = row["kind"]
        indicator.text = text(row["text"])
        indicator.target = None if row.get("target") is None else Decimal(str(row["target"]))
        indicator.unit = text(row.get("unit", ""))
        indicator.full_clean()
        indicator.save()
    for surplus in existing[len(rows) :]:
        surplus.delete()


@transaction.atomic
def load_plan_demo(org, *, year: int | None = None) -> ActionPlan:
    """Create or refresh the demo plan, its progress, risks and integrity measures of org.

    The progress, risks and measures are the data files' (2568) or, given `year`, moved to
    that fiscal year (dates and the year named in their texts), so that the site demo, which
    lives relative to today, has them for its last completed year.
    """
    text = to_thai_digits if org.thai_digits else str

    def lines(items: Iterable[str]) -> str:
        items = [text(i) for i in items]
        if len(items) == 1:
            return items[0]
        return "\n".join(f"{text(n)}. {item}" for n, item in enumerate(items, start=1))

    units = {unit.name: unit for unit in org.units.all()}
    plan, projects = _plan(org, text, lines, units, year)
    measures = _measures(org, text, lines, units, year)
    _risks(org, text, lines, units, projects, measures, year)
    return plan


def _plan(org, text, lines, units, progress_year=None) -> tuple[ActionPlan, dict[int, Project]]:
    data = demo_data("plan")
    title = text(data["title"].replace("{org}", org.name_th))
    fields = {
        "announced_on": data["announced_on"],
        "signatory_name": org.head_name,
        "signatory_position": org.head_position,
        **{key: text(data[key].strip()) for key in ("preface", "rationale", "objectives", "goals", "benefits")},
    }  # fmt: skip
    plan = ActionPlan.objects.filter(
        org=org, title=title, first_year=data["first_year"], last_year=data["last_year"]
    ).first()
    if plan is None:
        plan = create_plan(
            org,
            title,
            template=data["template"],
            first_year=data["first_year"],
            last_year=data["last_year"],
            **fields,
        )
    else:
        for field, value in fields.items():
            setattr(plan, field, value)
        plan.full_clean()
        plan.save()

    for target in data["targets"]:
        for year, value in target["by_year"].items():
            _upsert(
                PlanTarget,
                {"plan": plan, "indicator": text(target["indicator"]), "fiscal_year": year},
                {"target": text(value)},
            )

    subsections = {s.code: s for s in SubSection.objects.filter(dimension__plan=plan)}
    projects: dict[int, Project] = {}
    for row in data["projects"]:
        _check_keys(row, PLAN_KEYS, f"project {row.get('order')}")
        if row["subsection"] not in subsections:
            raise ValueError(f"project {row['order']}: no sub-section {row['subsection']}")
        project = _upsert(
            Project,
            {"plan": plan, "order": row["order"]},
            {
                "subsection": subsections[row["subsection"]],
                "kind": row["kind"],
                "name": text(row["name"]),
                "rationale": text(row["rationale"]),
                "objectives": lines(row["objectives"]),
                "target_group": text(row["target_group"]),
                "method": lines(row["method"]),
                "start_year": row["start_year"],
                "end_year": row["end_year"],
                "responsible": units.get(row["responsible"]),
                "responsible_text": text(row["responsible_text"]),
                "outputs": lines(row["outputs"]),
                "outcomes": lines(row["outcomes"]),
            },
        )
        budget = row.get("budget") or {}
        for year, amount in budget.items():
            _upsert(
                Budget, {"project": project, "fiscal_year": year}, {"amount": Decimal(str(amount))}
            )
        project.budgets.exclude(fiscal_year__in=list(budget)).delete()
        _sync_indicators(project, row["indicators"], text)
        projects[row["order"]] = project

    progress = data["progress"]
    year = progress_year or progress["fiscal_year"]
    for round_ in (Progress.Round.HALF, Progress.Round.ANNUAL):
        for row in progress[round_.value]:
            _check_keys(row, PROGRESS_KEYS, f"progress {round_.value} {row.get('order')}")
            project = projects[row["order"]]
            if not project.start_year <= year <= project.end_year:
                if progress_year:  # another year than the sheet's: its projects that run
                    continue
                raise ValueError(f"project {row['order']} does not run in {year}")
            _upsert(
                Progress,
                {"project": project, "fiscal_year": year, "round": round_.value},
                {
                    "status": row["status"],
                    "percent": row["percent"],
                    "spent": Decimal(str(row.get("spent", 0))),
                    **{f: text(row.get(f, "")) for f in ("done", "achieved", "evidence", "problems")},
                },
            )  # fmt: skip
    return plan, projects


def _moved(
    year: int | None, base: int, text: Callable[[str], str]
) -> tuple[int, Callable[[str], str]]:
    """The fiscal year the demo rows go in, and their texts naming that year instead of base."""
    year = year or base

    def moved(value: str) -> str:
        return text(str(value).replace(str(base), str(year)))

    return year, moved


def _measures(org, text, lines, units, year=None) -> dict[int, IntegrityMeasure]:
    data = demo_data("measures")
    year, text = _moved(year, data["fiscal_year"], text)
    start, end = fiscal_year_bounds(year)
    numbers = [row["number"] for row in data["measures"]]
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValueError(f"demo measures must be numbered 1..N in order, not {numbers}")
    reporter = data["reporter"]
    measures: dict[int, IntegrityMeasure] = {}
    for row in data["measures"]:
        _check_keys(row, MEASURE_KEYS, f"measure {row['number']}")
        if set(row["results"]) != ROUNDS_BY_MONITORING[row["monitoring"]]:
            raise ValueError(f"measure {row['number']}: results do not match '{row['monitoring']}'")
        measure = _upsert(
            IntegrityMeasure,
            {"org": org, "fiscal_year": year, "ita_year": None, "name": text(row["name"])},
            {
                "indicator": None,
                "steps": lines(row["steps"]),
                "period_start": start,
                "period_end": end,
                "responsible": units.get(row["responsible"]),
                "status": row["status"],
                "progress": row["progress"],
                "results": text(row["results"]["annual"]),
                "monitoring": row["monitoring"],
                "success": text(row["success"]),
                "evidence": text(row["evidence"]),
                "certifier_name": org.head_name,
                "certifier_position": org.head_position,
                "reporter_name": reporter["name"],
                "reporter_position": reporter["position"],
            },
        )
        for round_, result in row["results"].items():
            _upsert(
                MeasureResult,
                {"measure": measure, "fiscal_year": year, "round": round_},
                {"result": text(result), "evidence": text(row["evidence"])},
            )
        measures[row["number"]] = measure
    return measures


def _risks(org, text, lines, units, projects, measures, year=None) -> RiskAssessment:
    data = demo_data("risks")
    year, text = _moved(year, data["year"], text)
    shift = year - data["year"]
    grid = matrix(data["matrix"])
    assessment = _upsert(RiskAssessment, {"org": org, "year": year}, {"matrix": data["matrix"]})
    for row in data["items"]:
        _check_keys(row, RISK_KEYS, f"risk {row.get('order')}")
        level = grid.level(row["likelihood"], row["impact"]).name
        if level != row["level"]:
            raise ValueError(f"risk {row['order']}: {grid.code} gives {level}, not {row['level']}")
        item = _upsert(
            RiskItem,
            {"assessment": assessment, "order": row["order"]},
            {
                "process": text(row["process"]),
                "risk": lines(row["risk"]),
                "likelihood": row["likelihood"],
                "impact": row["impact"],
                "existing_controls": lines(row["existing_controls"]),
                "new_controls": lines(row["new_controls"]),
                "owner": units.get(row["owner"]),
                "review_on": _later(data["review_on"], shift),
            },
        )
        item.projects.set(projects[n] for n in row["projects"])
        item.measures.set(measures[n] for n in row.get("measures", []))
        for review in row["reviews"]:
            _upsert(
                RiskReview,
                {"item": item, "reviewed_on": _later(review["reviewed_on"], shift)},
                {"note": text(review["note"]), "reviewer": data["reviewer"]},
            )
    return assessment


def _later(day: date, years: int) -> date:
    return day.replace(year=day.year + years) if years else day


# Improvement measures born in the analysis of the last completed year's ITA results:
# (indicator, name, analysis, steps, unit). The lowest questions and failed item are seed 002's.
ANALYSIS_MEASURES = [
    (1, "มาตรการให้บริการอย่างเท่าเทียม ไม่เลือกปฏิบัติ", "ข้อ i2 ได้คะแนนต่ำสุดในตัวชี้วัดที่ ๑",
     "๑. ประกาศมาตรฐานการให้บริการ\n๒. ชี้แจงบุคลากรทุกกอง\n๓. รับฟังความเห็นผู้รับบริการทุกไตรมาส", "สำนักปลัด"),
    (2, "โครงการเผยแพร่แผนและผลการใช้จ่ายงบประมาณ", "ข้อ i6 ได้คะแนนต่ำสุดในตัวชี้วัดที่ ๒",
     "๑. เผยแพร่แผนจัดซื้อจัดจ้างบนเว็บไซต์หลัก\n๒. รายงานผลทุกเดือน", "กองคลัง"),
    (9, "มาตรการตรวจสอบความครบถ้วนของข้อมูล OIT ก่อนเผยแพร่", "ข้อ o12 ไม่ผ่าน",
     "๑. ตรวจองค์ประกอบตามเกณฑ์\n๒. ตรวจลิงก์บนเว็บไซต์หลัก\n๓. รายงานผู้บริหาร", "กองคลัง"),
]  # fmt: skip


@transaction.atomic
def _analysis_measures(org, ita_year: int, fiscal_year: int) -> None:
    start, end = IntegrityMeasure.default_period(fiscal_year)
    units = {u.name: u for u in org.units.all()}
    for indicator, name, analysis, steps, unit in ANALYSIS_MEASURES:
        IntegrityMeasure.objects.update_or_create(
            org=org, ita_year=ita_year, indicator=indicator, name=name,
            defaults={"fiscal_year": fiscal_year, "analysis": analysis, "steps": steps,
                      "period_start": start, "period_end": end, "responsible": units[unit]},
        )  # fmt: skip


def load_demo(demo) -> None:
    # The last completed year's progress, measures and risks: its documents have rows.
    load_plan_demo(demo.main, year=demo.last_year)
    _analysis_measures(demo.main, demo.last_year, demo.current_year)
