"""Demo surveys of the main demo organisation: an IIT survey of the current year (codes not yet
printed), an EIT survey with a few answers and a satisfaction survey per service point. The IIT
and EIT ask the current year's questions: its provisional criteria's while nobody has published
the year's (ita/demo.py)."""

from __future__ import annotations

from datetime import timedelta

from prongsai.frameworks.library import criteria_years
from prongsai.nonces import new_nonce
from prongsai.surveys.intake import submit
from prongsai.surveys.models import Campaign, ServicePoint
from prongsai.surveys.questionnaire import for_campaign, ita_questionnaire

SERVICE_POINTS = ("งานทะเบียนราษฎร", "กองคลัง (ชำระภาษี)")


def questionnaire_year(year: int, org=None) -> int | None:
    """The year's IIT/EIT questions (its official criteria, else the organisation's provisional
    ones), or the newest earlier year's while the year has none."""
    years = {y for y in criteria_years() if y <= year} | {year}
    for candidate in sorted(years, reverse=True):
        try:
            ita_questionnaire(candidate, "iit", org)
        except ValueError:
            continue
        return candidate
    return None


def load_demo(demo) -> None:
    org, today = demo.main, demo.today
    counters = [
        ServicePoint.objects.get_or_create(org=org, name=name)[0] for name in SERVICE_POINTS
    ]
    for tool, answered in (("iit", 0), ("eit", 8), ("satisfaction", 12)):
        year = (
            demo.current_year
            if tool == "satisfaction"
            else questionnaire_year(demo.current_year, org)
        )
        if year is None:
            continue
        campaign, created = Campaign.objects.get_or_create(
            org=org, year=year, tool=tool,
            defaults={"opens": today - timedelta(days=7), "closes": today + timedelta(days=60),
                      "minimum_sample": 50},
        )  # fmt: skip
        if not created:
            continue
        items = for_campaign(campaign).items
        for n in range(answered):
            # Mostly favourable answers, as real surveys are; the n-th respondent varies a little.
            # Favourable by score: "ไม่เคย" is the good answer to "were you asked for a bribe".
            answers = {
                item.code: max(
                    item.choices, key=lambda c, low=(n + i) % 5 == 0: -c.score if low else c.score
                ).key
                for i, item in enumerate(items)
            }
            point = counters[n % 2] if tool == "satisfaction" else None
            submit(
                campaign, answers, nonce=new_nonce(), part=1 if tool == "eit" else 0,
                service_point=point, today=today,
            )  # fmt: skip
