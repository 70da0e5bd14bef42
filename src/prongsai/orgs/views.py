from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from prongsai.documents.thaifmt import fiscal_year
from prongsai.frameworks.library import builtin_frameworks
from prongsai.ita.models import ItaResult
from prongsai.ita.results import assessment_of
from prongsai.orgs.access import can_audit, can_write, get_org_for_user
from prongsai.orgs.models import Organisation, ProvincialReader, Unit


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
    results = ItaResult.objects.filter(org=org).select_related("framework", "org").order_by("-year")
    years = [(r.year, assessment_of(r)) for r in results]
    return render(
        request,
        "orgs/org_detail.html",
        {
            "org": org,
            "units": units,
            "years": years,
            "can_write": can_write(request.org_role),
            "can_audit": can_audit(request.org_role),
            "role": request.org_role,
            "framework_years": sorted({f.year for f in builtin_frameworks()}, reverse=True),
            "current_year": fiscal_year(timezone.localdate()),
        },
    )


@login_required
@require_GET
def province(request, name: str):
    """Every organisation of a province side by side, for its readers (and superusers)."""
    user = request.user
    if not (
        user.is_superuser or ProvincialReader.objects.filter(user=user, province=name).exists()
    ):
        raise Http404
    results = (
        ItaResult.objects.select_related("framework", "org")
        .prefetch_related("scores")
        .order_by("-year")
    )
    orgs = Organisation.objects.filter(province=name).prefetch_related(
        Prefetch("ita_results", queryset=results, to_attr="results")
    )
    rows = []
    for org in orgs:
        latest = org.results[0] if org.results else None
        rows.append(
            {"org": org, "result": latest, "assessment": assessment_of(latest) if latest else None}
        )
    return render(request, "orgs/province.html", {"province": name, "rows": rows})
