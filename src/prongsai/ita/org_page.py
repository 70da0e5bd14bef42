"""The ITA panel of the organisation page: the years with results and where to enter a year."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from prongsai.frameworks.library import builtin_frameworks
from prongsai.frameworks.models import Framework
from prongsai.ita.models import ItaResult
from prongsai.ita.names import Names
from prongsai.ita.results import assessment_of
from prongsai.orgs.access import can_write
from prongsai.orgs.models import Membership
from prongsai.orgs.panels import Panel
from prongsai.thai import fiscal_year


def _published(org):
    """The organisation's own published criteria and its province's (store.published_for)."""
    own = Q(org=org)
    if org.province:
        own |= Q(province=org.province, org__isnull=True)
    return Framework.objects.filter(own, status=Framework.Status.PUBLISHED)


def panel_context(request, org) -> dict:
    results = ItaResult.objects.filter(org=org).select_related("framework", "org").order_by("-year")
    years = []
    for r in results:
        assessment = assessment_of(r)
        rating = Names.of(r.framework.document).rating(assessment.rating_code, assessment.rating_th)
        years.append((r.year, assessment, rating))
    current = fiscal_year(timezone.localdate())
    return {
        "years": years,
        # The links atop the panel: the year the officer is in, then every year with results.
        "year_links": sorted({current, *(r.year for r in results)}, reverse=True),
        "framework_years": sorted(
            {f.year for f in builtin_frameworks()}
            | set(_published(org).values_list("year", flat=True)),
            reverse=True,
        ),
        "is_admin": request.org_role == Membership.Role.ADMIN,
        "current_year": current,
        "can_write": can_write(request.org_role),
    }


PANEL = Panel(order=10, template="ita/org_panel.html", context=panel_context)
