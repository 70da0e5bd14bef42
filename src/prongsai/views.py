"""Site-wide pages that belong to no single app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from prongsai.frameworks.library import builtin_frameworks


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("orgs:list")
    return render(request, "home.html", {"frameworks": builtin_frameworks()})
