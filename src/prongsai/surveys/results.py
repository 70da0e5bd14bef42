"""What a campaign's responses say: counts, progress, engine scores, satisfaction, exports.

Per-question results are shown only from K_ANONYMITY responses up; below that, only the count.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count

from prongsai.frameworks.library import criteria_of
from prongsai.frameworks.store import find_document
from prongsai.scoring.results import Assessment, round2
from prongsai.scoring.tally import ResponseRow, score_responses
from prongsai.spreadsheets import append_row, csv_writer
from prongsai.surveys.models import Answer, Campaign, Response
from prongsai.surveys.questionnaire import for_campaign

K_ANONYMITY = 5
EXPORT_COLUMNS = ["org", "tool", "part", "respondent", "question", "answer"]


def count(campaign: Campaign) -> int:
    return Response.objects.filter(campaign=campaign).count()


def by_day(campaign: Campaign) -> list[tuple[date, int, int]]:
    """(date, responses that day, running total)."""
    rows = (
        Response.objects.filter(campaign=campaign)
        .values("date")
        .annotate(n=Count("id"))
        .order_by("date")
    )
    out, total = [], 0
    for row in rows:
        total += row["n"]
        out.append((row["date"], row["n"], total))
    return out


def progress(campaign: Campaign) -> int:
    """Percent of the minimum sample reached (capped at 100); 0 when no minimum is set."""
    if not campaign.minimum_sample:
        return 0
    return min(100, round(100 * count(campaign) / campaign.minimum_sample))


def export_rows(campaign: Campaign):
    """The engine's long format; respondent is the response's random id, nothing else."""
    answers = (
        Answer.objects.filter(response__campaign=campaign)
        .values_list("response_id", "response__part", "question", "option")
        .order_by("response_id", "question")
    )
    tool = campaign.tool
    for respondent, part, question, option in answers:
        yield [
            campaign.org.slug,
            tool,
            str(part) if tool == "eit" else "",
            str(respondent),
            question,
            option,
        ]


def export_csv(campaign: Campaign) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(export_rows(campaign))
    return out.getvalue()


def export_xlsx(campaign: Campaign) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("responses")
    append_row(sheet, EXPORT_COLUMNS)
    for row in export_rows(campaign):
        append_row(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def engine_scores(campaign: Campaign) -> Assessment | None:
    """IIT/EIT scores exactly as `prongsai ita score --responses` gives on the export."""
    if campaign.tool == Campaign.Tool.SATISFACTION:
        return None
    rows = [ResponseRow(*row) for row in export_rows(campaign)]
    if not rows:
        return None
    criteria = criteria_of(find_document(year=campaign.year, org=campaign.org))
    return score_responses(criteria, rows)[campaign.org.slug]


@dataclass
class QuestionShare:
    code: str
    text: str
    counts: list[tuple[str, int]]  # (option label, answers)
    satisfied_pct: Decimal | None = None


def question_results(campaign: Campaign, responses=None) -> tuple[int, list[QuestionShare] | None]:
    """(responses, per-question shares) — shares are None below K_ANONYMITY responses."""
    responses = responses if responses is not None else Response.objects.filter(campaign=campaign)
    n = responses.count()
    if n < K_ANONYMITY:
        return n, None
    tallies: dict[str, Counter] = defaultdict(Counter)
    for question, option in Answer.objects.filter(response__in=responses).values_list(
        "question", "option"
    ):
        tallies[question][option] += 1
    shares = []
    for item in for_campaign(campaign).items:
        counter = tallies.get(item.code, Counter())
        answered = sum(counter.values())
        share = QuestionShare(
            item.code, item.text, [(c.label, counter[c.key]) for c in item.choices]
        )
        if campaign.tool == Campaign.Tool.SATISFACTION and answered:
            satisfied = sum(counter[c.key] for c in item.choices if c.satisfied)
            share.satisfied_pct = Decimal(100 * satisfied) / Decimal(answered)
        shares.append(share)
    return n, shares


def round_pct(value: Decimal) -> str:

    return f"{round2(value):.2f}"


def overall_satisfied(shares: list[QuestionShare] | None) -> Decimal | None:
    values = [s.satisfied_pct for s in shares or [] if s.satisfied_pct is not None]
    return sum(values) / len(values) if values else None
