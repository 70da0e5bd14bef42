"""Counts, budgets and progress of a plan, always computed (never typed), per dimension and year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from prongsai.plans.models import ActionPlan, Budget, Progress, Project

ZERO = Decimal(0)


@dataclass
class DimensionRollup:
    number: int
    name: str
    projects: list[Project] = field(default_factory=list)
    budgets: dict[int, Decimal] = field(default_factory=dict)  # fiscal year → baht
    status: dict[str, int] = field(default_factory=dict)  # progress status → projects
    spent: Decimal = ZERO
    percent: Decimal = ZERO  # mean % done of its projects in the round

    @property
    def count(self) -> int:
        return len(self.projects)

    @property
    def total(self) -> Decimal:
        return sum(self.budgets.values(), ZERO)


@dataclass
class PlanRollup:
    plan: ActionPlan
    dimensions: list[DimensionRollup]
    years: list[int]

    @property
    def count(self) -> int:
        return sum(d.count for d in self.dimensions)

    @property
    def budgets(self) -> dict[int, Decimal]:
        return {y: sum((d.budgets.get(y, ZERO) for d in self.dimensions), ZERO) for y in self.years}

    @property
    def total(self) -> Decimal:
        return sum(self.budgets.values(), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((d.spent for d in self.dimensions), ZERO)

    @property
    def percent(self) -> Decimal:
        weighted = sum((d.percent * d.count for d in self.dimensions), ZERO)
        return weighted / self.count if self.count else ZERO


def budgets_by_project(plan: ActionPlan) -> dict[int, dict[int, Decimal]]:
    out: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for b in Budget.objects.filter(project__plan=plan):
        out[b.project_id][b.fiscal_year] = b.amount
    return out


def progress_by_project(plan: ActionPlan, fiscal_year: int, round: str) -> dict[int, Progress]:
    rows = Progress.objects.filter(project__plan=plan, fiscal_year=fiscal_year, round=round)
    return {p.project_id: p for p in rows}


def rollup(plan: ActionPlan, *, fiscal_year: int | None = None, round: str = "h1") -> PlanRollup:
    """The plan by dimension; with a fiscal year, also status, spending and % done of the round."""
    projects = list(
        Project.objects.filter(plan=plan).select_related("subsection__dimension", "responsible")
    )
    budgets = budgets_by_project(plan)
    progress = progress_by_project(plan, fiscal_year, round) if fiscal_year else {}
    dims = {d.number: DimensionRollup(d.number, d.name) for d in plan.dimensions.all()}
    for project in projects:
        dim = dims[project.subsection.dimension.number]
        dim.projects.append(project)
        for year, amount in budgets.get(project.pk, {}).items():
            dim.budgets[year] = dim.budgets.get(year, ZERO) + amount
        report = progress.get(project.pk)
        status = report.status if report else Progress.Status.NOT_STARTED
        dim.status[status] = dim.status.get(status, 0) + 1
        if report:
            dim.spent += report.spent
    for dim in dims.values():
        if dim.projects:
            done = [progress[p.pk].percent if p.pk in progress else 0 for p in dim.projects]
            dim.percent = Decimal(sum(done)) / len(done)
    return PlanRollup(plan, sorted(dims.values(), key=lambda d: d.number), plan.years)
