"""`provisional_notice` on every page of an organisation-year whose criteria are a draft.

A page under /o/<slug>/… with a year (in its URL or `?year=`) that uses the organisation's own
published draft (store.published_for) shows one line saying so (base.html); the view has already
checked who may see the organisation. One query, only on such pages.
"""

from __future__ import annotations

from prongsai.frameworks.drafts import provisional_notice
from prongsai.frameworks.library import builtin_document
from prongsai.frameworks.models import Framework


def provisional_criteria(request) -> dict:
    match = getattr(request, "resolver_match", None)
    if match is None or "org_slug" not in match.kwargs:
        return {}
    year = match.kwargs.get("year") or request.GET.get("year", "")
    if not str(year).isdecimal() or builtin_document(int(year)) is not None:
        return {}
    row = (
        Framework.objects.filter(
            org__slug=match.kwargs["org_slug"], year=int(year), status=Framework.Status.PUBLISHED
        )
        .select_related("org")
        .order_by("-version")
        .first()
    )
    if row is None:
        return {}
    return {"provisional_notice": provisional_notice(row, row.org.thai_digits)}
