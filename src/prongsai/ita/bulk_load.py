"""A national bulk run's figures into the web database, without its responses.

`prongsai ita bulk FILE --year Y --out OUT --summaries` scores every organisation of a national
response file in DuckDB (scoring/bulk.py) and then stores, for each organisation of the file that
the register knows (by its official code, else its short name):

- its ItaResult of the year, with the figures ITAS publishes: the ten indicator scores (2 places,
  as in the results file) and every OIT item (100 pass, 0 fail) — never the responses;
- its OrgYearSummary and weak points (failed OIT items), which the province and national pages
  read, scored from those stored figures by the same engine as any imported result, so that the
  pages, the organisation's dashboard and `prongsai ita summarise` agree.

Everything is written in one transaction with bulk inserts (a fixed number of queries per batch of
rows, not per organisation), and one audit entry per result lists the indicators that changed.
An organisation the register does not know stops the load (nothing is written) unless it is
told to skip them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from auditlog.models import AbstractLogEntry
from django.db import transaction
from django.utils import timezone

from prongsai.audit.record import record_many
from prongsai.frameworks.models import Framework
from prongsai.ita.models import ItaResult, OrgYearSummary, Score, WeakPoint
from prongsai.ita.summary import _fields, weak_points
from prongsai.orgs.models import Organisation
from prongsai.scoring.bulk import BulkScorer
from prongsai.scoring.criteria import USABLE_STATUSES
from prongsai.scoring.engine import score_questions
from prongsai.scoring.errors import ProblemList

BATCH = 2000
MAX_LISTED = 20


@dataclass
class BulkLoad:
    written: int = 0
    created: int = 0
    skipped: list[str] = field(default_factory=list)


def _register() -> dict[str, Organisation]:
    """Every organisation by its official code and by its short name (one query)."""
    by_key: dict[str, Organisation] = {}
    for org in Organisation.objects.only("pk", "slug", "code", "name_th", "province"):
        by_key.setdefault(org.slug, org)
    for org in (
        Organisation.objects.exclude(code=None)
        .exclude(code="")
        .only("pk", "slug", "code", "name_th", "province")
    ):
        by_key[str(org.code)] = org  # the official code wins over a short name spelt alike
    return by_key


def load_bulk_results(
    scorer: BulkScorer, year: int, framework: Framework, *, skip_unknown: bool = False
) -> BulkLoad:
    """Store the scored organisations' figures and summaries; raises ScoringInputError (Thai,
    naming the codes) when an organisation is unknown and `skip_unknown` is not set."""
    criteria = scorer.criteria
    rows = scorer.rows()
    register = _register()
    report = BulkLoad()
    known = []
    for row in rows:
        org = register.get(row.org)
        if org is None:
            report.skipped.append(row.org)
        else:
            known.append((org, row))
    if report.skipped and not skip_unknown:
        problems = ProblemList()
        listed = ", ".join(report.skipped[:MAX_LISTED])
        more = len(report.skipped) - MAX_LISTED
        tail = f" และอีก {more} หน่วยงาน" if more > 0 else ""
        problems.add(
            f"ไม่พบหน่วยงานรหัส {listed}{tail} ในทะเบียนหน่วยงาน ไม่ได้บันทึกผลใด ๆ "
            "(นำเข้าทะเบียนก่อน หรือใช้ --skip-unknown)",
            f"{len(report.skipped)} organisation(s) not in the register: {listed}",
            column="org",
        )
        problems.raise_if_any()
    doubled = _doubled(known)
    if doubled:
        problems = ProblemList()
        problems.add(
            f"หน่วยงาน {doubled} ปรากฏในไฟล์มากกว่าหนึ่งรหัส ไม่ได้บันทึกผลใด ๆ",
            f"organisation {doubled} appears under more than one code",
            column="org",
        )
        problems.raise_if_any()
    items = scorer.item_scores() if criteria.oit_items_status in USABLE_STATUSES else {}
    with transaction.atomic():
        _write(known, items, year, framework, criteria, report)
    return report


def _doubled(known) -> str | None:
    seen: set[int] = set()
    for org, _row in known:
        if org.pk in seen:
            return org.slug
        seen.add(org.pk)
    return None


def _write(known, items, year, framework, criteria, report: BulkLoad) -> None:
    org_ids = [org.pk for org, _row in known]
    results = {
        r.org_id: r
        for r in ItaResult.objects.filter(year=year, org_id__in=org_ids).only(
            "pk", "org_id", "year"
        )
    }
    before = _stored_indicators(results.values())
    fresh = [
        ItaResult(org=org, year=year, framework=framework, source=ItaResult.Source.IMPORT)
        for org, _row in known
        if org.pk not in results
    ]
    ItaResult.objects.bulk_create(fresh, batch_size=BATCH)
    report.created = len(fresh)
    stale = list(results.values())
    now = timezone.now()
    for result in stale:
        result.framework = framework
        result.source = ItaResult.Source.IMPORT
        result.updated = now  # bulk_update does not touch auto_now fields itself
    ItaResult.objects.bulk_update(stale, ["framework", "source", "updated"], batch_size=BATCH)
    results.update({r.org_id: r for r in fresh})
    if any(r.pk is None for r in fresh):  # a database that does not return ids from bulk_create
        results = {r.org_id: r for r in ItaResult.objects.filter(year=year, org_id__in=org_ids)}

    stored = list(results.values())
    Score.objects.filter(result__in=stored).delete()
    OrgYearSummary.objects.filter(result__in=stored).delete()  # their weak points go with them
    scores, summaries, weak, audit = [], [], [], []
    for org, row in known:
        result = results[org.pk]
        result.org = org
        indicators = {n: v for n, v in row.indicators.items() if v is not None}
        scores += [
            Score(result=result, level=Score.Level.INDICATOR, code=str(n), score=v)
            for n, v in sorted(indicators.items())
        ]
        org_items = items.get(row.org, {})
        scores += [
            Score(result=result, level=Score.Level.ITEM, code=code, score=v)
            for code, v in org_items.items()
        ]
        # As results.assessment_of scores what is stored: items where the list is whole,
        # indicators where their detail was not given.
        assessment = score_questions(
            criteria, {}, org_items, indicator_scores=indicators, org=org.slug
        )
        summary = OrgYearSummary(result=result, **_fields(result, assessment))
        summaries.append(summary)
        weak.append((summary, weak_points(assessment)))
        changes = {
            f"score:indicator/{n}/0": (before.get(result.pk, {}).get(str(n)), v)
            for n, v in indicators.items()
            if before.get(result.pk, {}).get(str(n)) != v
        }
        if changes:
            action = (
                AbstractLogEntry.Action.UPDATE
                if result.pk in before
                else AbstractLogEntry.Action.CREATE
            )
            audit.append((result, action, changes))
    Score.objects.bulk_create(scores, batch_size=BATCH)
    OrgYearSummary.objects.bulk_create(summaries, batch_size=BATCH)
    if any(s.pk is None for s in summaries):
        ids = dict(
            OrgYearSummary.objects.filter(
                result__in=stored + [r for r in results.values()]
            ).values_list("result_id", "pk")
        )
        for summary in summaries:
            summary.pk = ids[summary.result_id]
    WeakPoint.objects.bulk_create(
        (
            WeakPoint(summary=summary, level=level, code=code, score=score)
            for summary, points in weak
            for level, code, score in points
        ),
        batch_size=BATCH,
    )
    record_many(audit)
    report.written = len(known)


def _stored_indicators(results) -> dict[int, dict[str, Decimal]]:
    """Indicator figures stored before the load, by result (one query), for the audit trail."""
    out: dict[int, dict[str, Decimal]] = {r.pk: {} for r in results}
    for result_id, code, score in Score.objects.filter(
        result__in=list(results), level=Score.Level.INDICATOR
    ).values_list("result_id", "code", "score"):
        out[result_id][code] = score
    return out
