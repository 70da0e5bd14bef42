from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from prongsai.orgs.access import get_org_for_user
from prongsai.orgs.models import Organisation, ProvincialReader, Unit
from prongsai.orgs.panels import links_for, panels_for


@login_required
@require_GET
def org_list(request):
    orgs = Organisation.objects.for_user(request.user)
    provinces = ProvincialReader.objects.filter(user=request.user).values_list(
        "province", flat=True
    )
    return render(request, "orgs/org_list.html", {"orgs": orgs, "provinces": list(provinces)})


@login_required
@require_GET
def org_detail(request, org_slug: str):
    org = get_org_for_user(request, org_slug)
    units = Unit.objects.filter(org=org).prefetch_related("positions")
    return render(
        request,
        "orgs/org_detail.html",
        {
            "org": org,
            "units": units,
            "role": request.org_role,
            "panels": panels_for(request, org),
            "links": links_for(request, org),
        },
    )
