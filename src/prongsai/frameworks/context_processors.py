"""`provisional_notice` on every page of an organisation-year whose criteria are a draft.

A page under /o/<slug>/… with a year (in its URL or `?year=`) that uses the organisation's own
published draft, or its province's (store.published_for), shows one line saying so (base.html);
the view has already checked who may see the organisation. Two or three queries, only on such
pages.
"""

from __future__ import annotations

from prongsai.frameworks.drafts import provisional_notice
from prongsai.frameworks.library import builtin_document
from prongsai.frameworks.models import Framework
from prongsai.frameworks.store import published_for


def provisional_criteria(request) -> dict:
    match = getattr(request, "resolver_match", None)
    if match is None or "org_slug" not in match.kwargs:
        return {}
    year = match.kwargs.get("year") or request.GET.get("year", "")
    if not str(year).isdecimal() or builtin_document(int(year)) is not None:
        return {}
    # The organisation model without importing the layer above: frameworks point at it.
    organisation = Framework._meta.get_field("org").related_model
    org = (
        organisation.objects.filter(slug=match.kwargs["org_slug"])
        .only("pk", "province", "thai_digits")
        .first()
    )
    row = published_for(org, int(year))
    if row is None:
        return {}
    return {"provisional_notice": provisional_notice(row, org.thai_digits)}
