"""Site-wide pages that belong to no single app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from prongsai.frameworks.library import builtin_frameworks
from prongsai.orgs.models import Membership, ProvinceRole
from prongsai.thai import fiscal_year


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(landing_for(request.user))
    return render(request, "home.html", {"frameworks": builtin_frameworks()})


def landing_for(user) -> str:
    """Where a user's work is: the one organisation's dashboard of the current fiscal year, the
    one province a reader reads, else the list of the organisations they may open."""
    memberships = list(Membership.objects.filter(user=user).select_related("org")[:2])
    provinces = list(ProvinceRole.objects.reading(user).values_list("province", flat=True)[:2])
    if len(memberships) == 1 and not provinces:
        year = fiscal_year(timezone.localdate())
        return f"/o/{memberships[0].org.slug}/ita/{year}/"
    if len(provinces) == 1 and not memberships:
        return redirect("ita:province", provinces[0]).url
    if not (memberships or provinces or user.is_superuser) and user.has_perm("ita.view_national"):
        return redirect("ita:national").url  # a national reader
    return "orgs:list"
