"""Recording automatic checks and saying what changed since the last run."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from prongsai.oit.models import LinkCheck


@transaction.atomic
def record(org, year: int, findings) -> int:
    run = timezone.now()
    LinkCheck.objects.bulk_create(
        LinkCheck(
            org=org, year=year, item=f.item, url=f.url[:1000], run=run, status=f.status, http=f.http,
            final_url=(f.final_url or "")[:1000], year_found=f.year_found, missing=list(f.missing_components),
            finding=f.finding_th, fix=f.fix_th, finding_en=f.finding_en, fix_en=f.fix_en, pointers=list(f.pointers),
        )
        for f in findings
    )  # fmt: skip
    return len(findings)


def changes(org, year: int) -> list[dict]:
    """URLs whose status differs between the last two runs; what passed and now fails first."""
    runs = list(
        LinkCheck.objects.filter(org=org, year=year)
        .values_list("run", flat=True)
        .distinct()
        .order_by("-run")[:2]
    )
    if len(runs) < 2:
        return []
    latest, previous = runs
    before = {
        (c.item, c.url): c for c in LinkCheck.objects.filter(org=org, year=year, run=previous)
    }
    out = []
    for now in LinkCheck.objects.filter(org=org, year=year, run=latest):
        was = before.get((now.item, now.url))
        if was and was.status != now.status:
            out.append(
                {
                    "item": now.item,
                    "url": now.url,
                    "before": was.status,
                    "after": now.status,
                    "regression": was.status == "ok",
                }
            )
    return sorted(out, key=lambda c: (not c["regression"], c["item"]))
