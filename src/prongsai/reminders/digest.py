"""What each user must see to today: deadlines already known to Prongsai, due in the next days or
past, per organisation and per role.

Officers and administrators (Membership) hear about the organisation's reporting rounds of plans
and integrity measures, the OIT calendar and surveys about to close. Complaint handlers and
custodians (ComplaintRole) hear how many complaints they can see are past or near a deadline —
never a complaint's content or complainant: a count and a link to the board.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prongsai import thai
from prongsai.complaints import workflow
from prongsai.complaints.access import visible_complaints
from prongsai.complaints.models import Complaint, ComplaintRole
from prongsai.language import english_page
from prongsai.oit import checklist
from prongsai.orgs.models import Membership, Organisation
from prongsai.plans.models import IntegrityMeasure, MeasureResult, Progress, Project
from prongsai.surveys.models import Campaign

DATA = Path(__file__).resolve().parent / "data" / "rounds.yaml"
# Thai pages and e-mails write the round with the organisation's digits ("รอบ ๖ เดือน").
ROUND_NAMES = {"h1": gettext_lazy("6-month round"), "annual": gettext_lazy("12-month round")}
# A reporting round stays in the digest this long after its due date, then the boards show it.
OVERDUE_DAYS = 90


@cache
def rules() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Item:
    org: Organisation
    text: str
    url: str
    due: date | None = None
    overdue: bool = False

    @property
    def when(self) -> str:
        """The due date in the Buddhist era, with the organisation's digits."""
        if not self.due:
            return ""
        return thai.english_be_date(self.due) if english_page() else _fmt(self.org).date(self.due)


def round_due(fiscal_year: int, round_code: str) -> date:
    """The day a reporting round of the fiscal year (B.E.) is due."""
    spec = rules()["rounds"][round_code]
    gregorian = fiscal_year - thai.BE_OFFSET + spec.get("year_offset", 0)
    return date(gregorian, spec["month"], spec["day"])


def _fmt(org: Organisation) -> thai.Formatter:
    """The organisation's digits on Thai pages; English pages use Arabic digits."""
    return thai.Formatter(org.thai_digits and not english_page())


def _round_name(org: Organisation, code: str) -> str:
    return _fmt(org).digits(str(ROUND_NAMES[code]))


def _year(org: Organisation, year: int) -> str:
    """'ปีงบประมาณ พ.ศ. ๒๕๖๙' on Thai pages, 'fiscal year 2569' on English ones."""
    return f"fiscal year {year}" if english_page() else _fmt(org).fiscal_year(year)


def _open_rounds(today: date):
    """(fiscal year, round, due date) of rounds due within the coming days or recently past."""
    ahead = rules().get("ahead_days", 7)
    fy = thai.fiscal_year(today)
    for year in (fy - 1, fy):
        for code in ("h1", "annual"):
            due = round_due(year, code)
            if today - timedelta(days=OVERDUE_DAYS) <= due <= today + timedelta(days=ahead):
                yield year, code, due


def measure_items(org: Organisation, today: date) -> list[Item]:
    found = []
    for year, code, due in _open_rounds(today):
        reported = MeasureResult.objects.filter(
            measure=OuterRef("pk"), fiscal_year=year, round=code
        )
        missing = (
            IntegrityMeasure.objects.filter(org=org, fiscal_year=year)
            .exclude(status=IntegrityMeasure.Status.CANCELLED)
            .filter(monitoring__in=[code, "both"])
            .exclude(Exists(reported))
            .count()
        )
        if missing:
            fmt = _fmt(org)
            text = _(
                "Results of integrity measures, %(round)s, %(year)s: measures not reported"
                " yet: %(n)s"
            ) % {
                "round": _round_name(org, code),
                "year": _year(org, year),
                "n": fmt.number(missing),
            }
            url = reverse("plans:measures", args=[org.slug, year])
            found.append(Item(org, text, url, due, due < today))
    return found


def plan_items(org: Organisation, today: date) -> list[Item]:
    found = []
    for year, code, due in _open_rounds(today):
        reported = Progress.objects.filter(project=OuterRef("pk"), fiscal_year=year, round=code)
        missing = (
            Project.objects.filter(plan__org=org, start_year__lte=year, end_year__gte=year)
            .exclude(Exists(reported))
            .count()
        )
        if missing:
            fmt = _fmt(org)
            text = _(
                "Progress of the anti-corruption plan's projects, %(round)s, %(year)s: projects"
                " not reported yet: %(n)s"
            ) % {
                "round": _round_name(org, code),
                "year": _year(org, year),
                "n": fmt.number(missing),
            }
            found.append(Item(org, text, reverse("plans:list", args=[org.slug]), due, due < today))
    return found


def oit_items(org: Organisation, today: date) -> list[Item]:
    """Dates of the year's OIT calendar coming in the next days."""
    ahead = rules().get("ahead_days", 7)
    found = []
    fy = thai.fiscal_year(today)
    for year in (fy, fy + 1):
        for deadline in checklist.calendar(year).get("deadlines", []):
            due = deadline["date"]
            if isinstance(due, str):
                due = date.fromisoformat(due)
            if today <= due <= today + timedelta(days=ahead):
                name = deadline.get("name_en") if english_page() else None
                text = f"OIT {_fmt(org).be(year)}: {name or deadline['name']}"
                url = reverse("oit:checklist", args=[org.slug, year])
                found.append(Item(org, text, url, due))
    return found


def survey_items(org: Organisation, today: date) -> list[Item]:
    ahead = rules().get("ahead_days", 7)
    found = []
    campaigns = Campaign.objects.filter(
        org=org, closed=False, closes__lte=today + timedelta(days=ahead)
    ).order_by("closes")
    for campaign in campaigns:
        named = {"tool": campaign.get_tool_display(), "year": _year(org, campaign.year)}
        overdue = campaign.closes < today
        if overdue:
            text = (
                _("Survey %(tool)s %(year)s: the closing day has passed, results not closed")
                % named
            )
        else:
            text = _("Survey %(tool)s %(year)s: answers close") % named
        url = reverse("surveys:campaign", args=[org.slug, campaign.pk])
        found.append(Item(org, text, url, campaign.closes, overdue))
    return found


def complaint_items(user, org: Organisation, today: date) -> list[Item]:
    """Counts only: how many complaints this user may see are past or near their deadlines."""
    ahead = rules().get("ahead_days", 7)
    late, soon, first = 0, 0, None
    open_ones = visible_complaints(user, org).exclude(status=Complaint.Status.CONCLUDED)
    for complaint in open_ones.only("received_on", "status", "delay_reason"):
        due = workflow.due(complaint, today)
        if due.overdue:
            late += 1
            continue
        coming = [due.inform_by] if not complaint.delay_reason else []
        if complaint.status == Complaint.Status.RECEIVED:
            coming.append(due.acknowledge_by)
        coming = [d for d in coming if today <= d <= today + timedelta(days=ahead)]
        if coming:
            soon += 1
            first = min([first, *coming]) if first else min(coming)
    fmt, url = _fmt(org), reverse("complaints:board", args=[org.slug])
    found = []
    if late:
        text = _("Complaints past their deadline: %(n)s") % {"n": fmt.number(late)}
        found.append(Item(org, text, url, None, True))
    if soon:
        text = _("Complaints near their deadline: %(n)s") % {"n": fmt.number(soon)}
        found.append(Item(org, text, url, first))
    return found


def _order(item: Item):
    return (not item.overdue, item.due or date.min, item.org.name_th, item.text)


def items_for(user, today: date) -> list[Item]:
    """Everything due for this user, overdue first, then by date."""
    if not user.is_active:
        return []
    found: list[Item] = []
    writers = Membership.objects.filter(user=user, role__in=Membership.WRITE_ROLES)
    for membership in writers.select_related("org"):
        org = membership.org
        for collect in (plan_items, measure_items, oit_items, survey_items):
            found += collect(org, today)
    handled = Organisation.objects.filter(
        pk__in=ComplaintRole.objects.filter(user=user).values("org")
    )
    for org in handled:
        found += complaint_items(user, org, today)
    return sorted(found, key=_order)
