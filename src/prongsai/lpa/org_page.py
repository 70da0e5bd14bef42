"""The LPA panel of the organisation page: each year's five areas, total per cent and rank."""

from __future__ import annotations

from prongsai.lpa.models import LpaPointsBand, LpaResult, points_for
from prongsai.orgs.panels import Panel


def panel_context(request, org) -> dict:
    results = list(LpaResult.objects.filter(org=org).order_by("-year"))
    bands = list(LpaPointsBand.objects.all()) if results else []
    return {"results": [(r, points_for(r.total_percent, bands)) for r in results]}


PANEL = Panel(order=15, template="lpa/org_panel.html", context=panel_context)
