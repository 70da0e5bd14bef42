"""The ITA panel of the organisation page: the years with results and where to enter a year."""

from __future__ import annotations

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
            | set(
                Framework.objects.filter(org=org, status=Framework.Status.PUBLISHED).values_list(
                    "year", flat=True
                )
            ),
            reverse=True,
        ),
        "is_admin": request.org_role == Membership.Role.ADMIN,
        "current_year": current,
        "can_write": can_write(request.org_role),
    }


PANEL = Panel(order=10, template="ita/org_panel.html", context=panel_context)
