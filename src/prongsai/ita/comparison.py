"""Organisations side by side: a province's or the whole country's stored ITA figures.

Everything here reads OrgYearSummary and WeakPoint (summary.py keeps them up to date), never the
raw scores, and in a fixed number of queries whatever the number of organisations: the page's
rows, their trends, the counts across the scope and the filters' choices are one query each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Avg, Count, F, Max, Q, Window
from django.db.models.functions import Rank
from django.utils.safestring import mark_safe

from prongsai.frameworks.library import builtin_document, criteria_of
from prongsai.ita.models import OrgYearSummary, WeakPoint
from prongsai.ita.names import Names
from prongsai.lpa.models import LpaResult
from prongsai.orgs.models import Organisation
from prongsai.scoring.criteria import Criteria

PASS_MARK = Decimal(85)
PER_PAGE = 50
TREND_YEARS = 5
TOP_WEAK = 10
# column → ordering; the numeric ones read best-first by default
SORTS = {
    "rank": ("rank", "org__name_th"),
    "name": ("org__name_th",),
    "iit": ("iit",),
    "eit": ("eit",),
    "oit": ("oit",),
    "total": ("total",),
}
NUMERIC = {"iit", "eit", "oit", "total"}
# Heat-map bands: (lower bound, css class, Thai label). Colour is never alone: the number is in
# the cell, and the band's label is in the legend and the cell's title.
BANDS = (
    (Decimal(95), "heat-a", "95–100"),
    (Decimal(85), "heat-b", "85–94.99"),
    (Decimal(70), "heat-c", "70–84.99"),
    (Decimal(50), "heat-d", "50–69.99"),
    (Decimal(0), "heat-e", "0–49.99"),
)


def band(value: Decimal | None) -> tuple[str, str]:
    if value is None:
        return "heat-none", "–"
    for low, css, label in BANDS:
        if value >= low:
            return css, label
    return BANDS[-1][1], BANDS[-1][2]


@dataclass
class Filters:
    year: int | None = None
    kind: str = ""
    size: str = ""
    district: str = ""
    province: str = ""  # national page only
    sort: str = "rank"
    desc: bool = False
    page: str = "1"

    @classmethod
    def from_query(cls, query, years: list[int]) -> Filters:
        f = cls()
        raw_year = (query.get("year") or "").strip()
        f.year = int(raw_year) if raw_year.isdecimal() and int(raw_year) in years else None
        if f.year is None and years:
            f.year = years[0]
        kinds, sizes = dict(Organisation.Kind.choices), dict(Organisation.Size.choices)
        f.kind = query.get("kind", "") if query.get("kind", "") in kinds else ""
        f.size = query.get("size", "") if query.get("size", "") in sizes else ""
        f.district = (query.get("district") or "").strip()[:100]
        f.province = (query.get("province") or "").strip()[:100]
        f.sort = query.get("sort") if query.get("sort") in SORTS else "rank"
        default_desc = f.sort in NUMERIC
        order = query.get("order")
        f.desc = default_desc if order not in ("asc", "desc") else order == "desc"
        f.page = query.get("page") or "1"
        return f

    def query(self, **changes) -> str:
        """The query string of these filters with some changed (links keep the others)."""
        values = {
            "year": self.year or "",
            "kind": self.kind,
            "size": self.size,
            "district": self.district,
            "province": self.province,
            "sort": self.sort,
            "order": "desc" if self.desc else "asc",
        } | changes
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


@dataclass
class Comparison:
    province: str | None
    filters: Filters
    years: list[int]
    criteria: Criteria | None
    names: Names
    page: object = None
    rows: list[dict] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    missing: int = 0
    failed_items: list[dict] = field(default_factory=list)
    weak_questions: list[dict] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    trend_years: list[int] = field(default_factory=list)
    indicator_numbers: list[int] = field(default_factory=list)
    indicator_labels: list[tuple[int, str]] = field(default_factory=list)
    sort_links: dict = field(default_factory=dict)
    lpa_year: int | None = None  # the LPA shown beside: that year's, else the latest before


def _orgs(province: str | None, f: Filters) -> Q:
    """The organisations of the scope and the filters, as a condition on `org`."""
    q = Q()
    if province is not None:
        q &= Q(province=province)
    elif f.province:
        q &= Q(province=f.province)
    if f.kind:
        q &= Q(kind=f.kind)
    if f.size:
        q &= Q(size=f.size)
    if f.district:
        q &= Q(district=f.district)
    return q


def _prefixed(q: Q, prefix: str) -> Q:
    out = Q()
    for child in q.children:
        key, value = child
        out &= Q(**{f"{prefix}{key}": value})
    return out


def years_of(province: str | None) -> list[int]:
    rows = OrgYearSummary.objects.all()
    if province is not None:
        rows = rows.filter(org__province=province)
    return list(rows.values_list("year", flat=True).distinct().order_by("-year"))


def ranked(province: str | None, f: Filters):
    """The scope's summaries of the year, ranked by total (ties share a rank; no total: last)."""
    org_q = _prefixed(_orgs(province, f), "org__")
    rows = OrgYearSummary.objects.filter(org_q, year=f.year).select_related("org")
    rows = rows.annotate(rank=Window(Rank(), order_by=F("total").desc(nulls_last=True)))
    keys = SORTS[f.sort]
    first = F(keys[0]).desc(nulls_last=True) if f.desc else F(keys[0]).asc(nulls_last=True)
    return rows.order_by(first, *keys[1:], "org__name_th", "pk")


def by_province(f: Filters) -> list[dict]:
    """Each province's count, average total and count under the pass mark for the year and the
    filters, best average first (one query; ties share a rank)."""
    rows = (
        OrgYearSummary.objects.filter(_prefixed(_orgs(None, f), "org__"), year=f.year)
        .values(province=F("org__province"))
        .annotate(
            count=Count("pk"),
            average=Avg("total"),
            below=Count("pk", filter=Q(total__lt=PASS_MARK)),
        )
        .order_by(F("average").desc(nulls_last=True), "province")
    )
    out, rank, previous = [], 0, object()
    for n, row in enumerate(rows, start=1):
        if row["average"] != previous:
            rank, previous = n, row["average"]
        out.append({**row, "rank": rank})
    return out


def criteria_for(year: int | None) -> Criteria | None:
    doc = builtin_document(year) if year else None
    return criteria_of(doc) if doc else None


def build(province: str | None, query, *, paginate: bool = True) -> Comparison:
    years = years_of(province)
    f = Filters.from_query(query, years)
    criteria = criteria_for(f.year)
    doc = builtin_document(f.year) if f.year else None
    c = Comparison(province, f, years, criteria, Names.of(doc))
    if criteria is not None:
        c.indicator_numbers = [i.number for i in criteria.indicators]
        c.indicator_labels = [
            (i.number, c.names.indicator(i.number, i.name_th)) for i in criteria.indicators
        ]
    orgs = Organisation.objects.filter(province=province) if province is not None else None
    if orgs is not None:
        c.districts = [
            d for d in orgs.values_list("district", flat=True).distinct().order_by("district") if d
        ]
    else:
        c.provinces = list(
            Organisation.objects.values_list("province", flat=True).distinct().order_by("province")
        )
    for key in SORTS:
        desc = key in NUMERIC
        if key == f.sort:
            desc = not f.desc
        c.sort_links[key] = f.query(sort=key, order="desc" if desc else "asc")
    if f.year is None:
        return c
    rows = ranked(province, f)
    if paginate:
        c.page = Paginator(rows, PER_PAGE).get_page(f.page)
        summaries = list(c.page.object_list)
    else:
        summaries = list(rows)
    c.rows = [_row(s, c) for s in summaries]
    _trends(c, summaries)
    _lpa(c, province, f, summaries)
    scope = OrgYearSummary.objects.filter(_prefixed(_orgs(province, f), "org__"), year=f.year)
    c.stats = scope.aggregate(
        count=Count("pk"),
        average=Avg("total"),
        below=Count("pk", filter=Q(total__lt=PASS_MARK)),
    )
    c.missing = (
        Organisation.objects.filter(_orgs(province, f)).exclude(ita_summaries__year=f.year).count()
    )
    _weak(c, province, f)
    return c


def _row(summary: OrgYearSummary, c: Comparison) -> dict:
    cells = []
    for number in c.indicator_numbers:
        value = summary.indicator(number)
        css, label = band(value)
        cells.append({"number": number, "value": value, "css": css, "band": label})
    return {
        "summary": summary,
        "org": summary.org,
        "rank": summary.rank,
        "low": summary.total is not None and summary.total < PASS_MARK,
        "rating": c.names.rating(summary.rating_code, summary.rating_th),
        "cells": cells,
        "trend": [],
    }


def _lpa(c: Comparison, province: str | None, f: Filters, summaries) -> None:
    """The LPA beside the ITA: the scope's LPA year (one query), the page's results (one)."""
    scope = LpaResult.objects.filter(_prefixed(_orgs(province, f), "org__"), year__lte=f.year)
    c.lpa_year = scope.aggregate(year=Max("year"))["year"]
    if c.lpa_year is None:
        return
    by_org = {
        r.org_id: r
        for r in LpaResult.objects.filter(year=c.lpa_year, org_id__in=[s.org_id for s in summaries])
    }
    for row in c.rows:
        row["lpa"] = by_org.get(row["org"].pk)


def _trends(c: Comparison, summaries: list[OrgYearSummary]) -> None:
    years = [y for y in c.years if y <= c.filters.year][:TREND_YEARS][::-1]
    c.trend_years = years
    ids = [s.org_id for s in summaries]
    totals: dict[int, dict[int, Decimal | None]] = {}
    for org_id, year, total in OrgYearSummary.objects.filter(
        org_id__in=ids, year__in=years
    ).values_list("org_id", "year", "total"):
        totals.setdefault(org_id, {})[year] = total
    for row in c.rows:
        mine = totals.get(row["org"].pk, {})
        row["trend"] = [(y, mine.get(y)) for y in years]
        row["sparkline"] = sparkline(row["trend"])


def sparkline(points: list[tuple[int, Decimal | None]], width: int = 90, height: int = 24) -> str:
    """A small inline SVG of totals over years (scale 50–100), with its figures as its title."""
    known = [(i, v) for i, (_y, v) in enumerate(points) if v is not None]
    if len(known) < 2:
        return ""
    step = width / max(len(points) - 1, 1)

    def y(value: Decimal) -> float:
        clamped = min(max(float(value), 50.0), 100.0)
        return round(height - 2 - (clamped - 50.0) / 50.0 * (height - 4), 1)

    coords = " ".join(f"{round(i * step, 1)},{y(v)}" for i, v in known)
    last_i, last_v = known[-1]
    label = ", ".join(f"{year}: {value}" for year, value in points if value is not None)
    # Only numbers and years go into the markup: nothing here comes from a user.
    return mark_safe(  # noqa: S308
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{label}"><title>{label}</title>'
        f'<line x1="0" x2="{width}" y1="{y(PASS_MARK)}" y2="{y(PASS_MARK)}" class="spark-mark"/>'
        f'<polyline points="{coords}" fill="none" class="spark-line"/>'
        f'<circle cx="{round(last_i * step, 1)}" cy="{y(last_v)}" r="2.5" class="spark-dot"/></svg>'
    )


def _weak(c: Comparison, province: str | None, f: Filters) -> None:
    base = WeakPoint.objects.filter(
        _prefixed(_orgs(province, f), "summary__org__"), summary__year=f.year
    )
    criteria = c.criteria
    for level, target in (
        (WeakPoint.Level.ITEM, c.failed_items),
        (WeakPoint.Level.QUESTION, c.weak_questions),
    ):
        rows = (
            base.filter(level=level)
            .values("code")
            .annotate(orgs=Count("summary_id"), average=Avg("score"))
            .order_by("-orgs", "code")[:TOP_WEAK]
        )
        for row in rows:
            code = row["code"]
            text = ""
            if criteria is not None:
                if level == WeakPoint.Level.ITEM:
                    item = criteria.oit_item(code)
                    text = c.names.item(code, item.name_th) if item else ""
                else:
                    question = criteria.question(code)
                    text = question.text_th if question else ""
            target.append(
                {"code": code, "text": text, "orgs": row["orgs"], "average": row["average"]}
            )
