"""The OIT checklist of an organisation-year: items, evidence, ticks, automatic checks, readiness.

An item counts as ready (100) when it has evidence, every required component is ticked and the
latest automatic check of its URLs found nothing wrong; otherwise 0 — the way the assessor scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from prongsai.frameworks.library import criteria_years, dump, item_name, year_rule_of
from prongsai.frameworks.store import find_document, published_for
from prongsai.oit.checker import Target, user_agent
from prongsai.oit.guard import AddressGuard
from prongsai.oit.models import ComponentCheck, Evidence, LinkCheck
from prongsai.orgs import demo as orgs_demo
from prongsai.orgs.models import Organisation
from prongsai.thai import fiscal_year

DATA = Path(__file__).resolve().parent / "data"
HUNDRED, ZERO = Decimal(100), Decimal(0)


def year_for(fiscal_year: int, org=None) -> int:
    """The checklist year for a fiscal year: that year when Prongsai ships its criteria or the
    organisation has published its own (a draft of a year nobody has published, drafts.py), else
    the newest earlier year with criteria."""
    if org is not None and published_for(org, fiscal_year) is not None:
        return fiscal_year
    years = [y for y in criteria_years() if y <= fiscal_year]
    return max(years) if years else fiscal_year


def default_year(org=None, today: date | None = None) -> int:
    """The checklist a user opens first: the current fiscal year (1 October – 30 September),
    when it has criteria for the organisation, else the newest year before it that has."""
    return year_for(fiscal_year(today or timezone.localdate()), org)


@dataclass
class Component:
    code: str
    text: str
    keywords: list[str]
    check: ComponentCheck | None = None


# What an item's state is called on a page and in a document.
STATE_TH = {
    "ready": "พร้อม",
    "missing": "ยังไม่มีหลักฐาน",
    "incomplete": "องค์ประกอบไม่ครบ",
    "problem": "ตรวจพบปัญหา",
    "stale": "ไม่ได้ปรับปรุงนาน",  # ready, but its evidence was not looked at for a while
}


@dataclass
class Row:
    code: str
    name: str
    indicator: int
    sub_indicator: str | None
    confidence: str
    components: list[Component]
    evidence: Evidence | None
    checks: list[LinkCheck] = field(default_factory=list)  # latest automatic check per URL
    source: dict | None = None  # Prongsai produces this item: label and link
    # "unknown": the criteria do not know what the item must show; it is checked for
    # reachability, the main website and the year only
    components_status: str = ""

    @property
    def state(self) -> str:
        if self.evidence is None or not (self.evidence.url_list() or self.evidence.file):
            return "missing"
        if any(c.status != "ok" for c in self.checks):
            return "problem"
        if any(not (c.check and c.check.ticked) for c in self.components):
            return "incomplete"
        return "ready"

    @property
    def ready(self) -> bool:
        return self.state == "ready"


@cache
def _yaml(name: str) -> dict:
    path = DATA / name
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def sources(year: int) -> dict:
    return _yaml(f"sources-{year}.yaml").get("sources", {})


def calendar(year: int) -> dict:
    return _yaml(f"calendar-{year}.yaml")


def _source_link(org, year: int, spec: dict) -> dict:
    args = [org.slug, year] if spec.get("year_arg") else [org.slug]
    try:
        url = reverse(spec["url_name"], args=args)
    except NoReverseMatch:
        url = ""
    return {"label": spec["label"], "label_en": spec.get("label_en", ""), "url": url}


def latest_checks(org, year: int) -> dict[str, list[LinkCheck]]:
    """The most recent check of each URL, grouped by item."""
    latest: dict[tuple[str, str], LinkCheck] = {}
    for check in LinkCheck.objects.filter(org=org, year=year).order_by("run"):
        latest[(check.item, check.url)] = check
    out: dict[str, list[LinkCheck]] = {}
    for (item, _url), check in latest.items():
        out.setdefault(item, []).append(check)
    return out


def rows(org, year: int) -> list[Row]:
    """Every OIT item of the year's criteria with what the organisation has for it (3 queries)."""
    doc = dump(find_document(year=year, org=org))
    evidence = {
        e.item: e for e in Evidence.objects.filter(org=org, year=year).select_related("owner")
    }
    ticks: dict[tuple[str, str], ComponentCheck] = {
        (c.evidence.item, c.component): c
        for c in ComponentCheck.objects.filter(
            evidence__org=org, evidence__year=year
        ).select_related("evidence", "checked_by")
    }
    checks = latest_checks(org, year)
    made_here = sources(year)
    out = []
    for item in doc.get("oit_items", []):
        code = item["code"]
        valid = {
            e.url_list().__len__() and u for e in [evidence.get(code)] if e for u in e.url_list()
        }
        components = [
            Component(
                c["code"], c["text"]["th"], c.get("keywords", []), ticks.get((code, c["code"]))
            )
            for c in item.get("components", [])
        ]
        out.append(
            Row(
                code=code, name=item_name(item), indicator=item["indicator"], sub_indicator=item.get("sub_indicator"),
                confidence=item["confidence"], components=components, evidence=evidence.get(code),
                checks=[c for c in checks.get(code, []) if c.url in valid],
                source=_source_link(org, year, made_here[code]) if code in made_here else None,
                components_status=item.get("components_status", ""),
            )
        )  # fmt: skip
    return out


def item_scores(table: list[Row]) -> dict[str, Decimal]:
    return {row.code: HUNDRED if row.ready else ZERO for row in table}


def year_rules(year: int, org=None) -> dict[str, str]:
    """Each item's year rule (current, previous, current_or_covering) from the criteria
    (`oit_year_rules`, `year_offset`); the year's calendar data may still name items whose
    evidence is last year's report."""
    doc = find_document(year=year, org=org)
    rules = {item["code"]: year_rule_of(doc, item) for item in doc.get("oit_items", [])}
    for code in calendar(year).get("previous_year_items", []):
        rules[code] = "previous"
    return rules


def previous_year_items(year: int, org=None) -> set[str]:
    """Items whose evidence is last year's report (the 2568 assessment reads the 2567 report)."""
    return {code for code, rule in year_rules(year, org).items() if rule == "previous"}


def check_targets(org, year: int):
    """(main site, targets) for the website checker: every evidence URL with its components
    and its item's year rule."""

    rules = year_rules(year, org)
    targets = []
    for row in rows(org, year):
        if row.evidence is None:
            continue
        components = [(c.code, c.keywords) for c in row.components]
        rule = rules.get(row.code, "current")
        targets += [
            Target(row.code, url, components, year_rule=rule) for url in row.evidence.url_list()
        ]
    return org.website, targets


def orgs_to_recheck(year: int):
    """The organisations the nightly re-check visits: those with evidence of the year, but not
    the demo's (their websites are fictional, under `.example`; one is checked only by hand)."""
    return (
        Organisation.objects.filter(pk__in=Evidence.objects.filter(year=year).values("org"))
        .exclude(slug__in=[o["slug"] for o in orgs_demo.ORGS])
        .exclude(website="")
    )


def checker_guard(allow_private: bool = False) -> AddressGuard:
    """The guard of every check this project starts (web, CLI, cron): public addresses only,
    unless the command line (`--allow-private`) or the operator's setting allows more."""
    return AddressGuard(allow_private=allow_private or settings.OIT_ALLOW_PRIVATE)


def checker_limit() -> dict:
    """The per-host limit options of `check()` for checks this project starts: shared by every
    worker through Redis when the installation has one (settings.OIT_HOST_LIMIT_URL)."""
    return {
        "per_host": settings.OIT_PER_HOST,
        "limit_url": settings.OIT_HOST_LIMIT_URL or None,
        "limit_prefix": settings.CELERY_TASK_DEFAULT_QUEUE,
    }


def checker_contact_url() -> str:
    """The page the checker's User-Agent names: the setting, else this instance's own
    /about/checker/ page (Thai, no login)."""
    if settings.CHECKER_CONTACT_URL:
        return settings.CHECKER_CONTACT_URL
    with translation.override("th"):
        return settings.BASE_URL + reverse("oit:about-checker")


def checker_user_agent() -> str:
    return user_agent(checker_contact_url())


def checker_options() -> dict:
    """The options of `check()` every check this project starts passes besides the guard: the
    per-host limit, the User-Agent and the longest Retry-After it honours."""
    return {
        **checker_limit(),
        "user_agent": checker_user_agent(),
        "retry_after_max": settings.OIT_RETRY_AFTER_MAX,
    }


def stale_or_missing(org, year: int, today: date) -> list[dict]:
    """What is missing, failing or not looked at for a while, by owner unit."""
    limit = calendar(year).get("stale_after_days", 180)
    out = []
    for row in rows(org, year):
        owner = row.evidence.owner.name if row.evidence and row.evidence.owner else ""
        if row.state != "ready":
            out.append({"item": row.code, "name": row.name, "state": row.state, "owner": owner})
        elif row.evidence and (today - row.evidence.updated.date()).days > limit:
            out.append({"item": row.code, "name": row.name, "state": "stale", "owner": owner})
    # By unit, the items without one last; o5 before o10
    return sorted(out, key=lambda r: (not r["owner"], r["owner"], item_order(r["item"])))


def item_order(code: str) -> tuple[str, int, str]:
    """ "o5" before "o10": the letters, then the number, then the code itself."""
    number = re.search(r"\d+", code)
    return (re.sub(r"\d+", "", code), int(number[0]) if number else 0, code)
