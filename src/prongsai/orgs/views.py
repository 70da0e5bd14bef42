from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from prongsai.orgs.access import get_org_for_admin, get_org_for_user
from prongsai.orgs.forms import OrganisationSettingsForm
from prongsai.orgs.models import Organisation, ProvinceRole, Unit
from prongsai.orgs.panels import links_for, panels_for


@login_required
@require_GET
def org_list(request):
    orgs = Organisation.objects.for_user(request.user)
    roles = ProvinceRole.objects.filter(user=request.user).order_by("province")
    # An administered province is listed once, with the administrator's link.
    provinces = [r.province for r in roles if r.role == ProvinceRole.Role.READER]
    administered = [r.province for r in roles if r.role == ProvinceRole.Role.ADMINISTRATOR]
    return render(
        request,
        "orgs/org_list.html",
        {"orgs": orgs, "provinces": provinces, "administered": administered},
    )


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


@login_required
@require_http_methods(["GET", "POST"])
def org_settings(request, org_slug: str):
    """The organisation's administrator sets who signs, the address, the digits and the emblem."""
    org = get_org_for_admin(request, org_slug)
    form = OrganisationSettingsForm(request.POST or None, request.FILES or None, instance=org)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The organisation's settings are saved."))
            return redirect("orgs:settings", org.slug)
        return render(request, "orgs/settings.html", {"org": org, "form": form}, status=400)
    return render(request, "orgs/settings.html", {"org": org, "form": form})


@login_required
@require_GET
def emblem(request, org_slug: str):
    """The emblem as uploaded, for the settings page (members of the organisation only)."""
    org = get_org_for_user(request, org_slug)
    if not org.emblem:
        raise Http404
    content_type = "image/jpeg" if org.emblem.name.endswith(".jpg") else "image/png"
    return FileResponse(org.emblem.open("rb"), content_type=content_type)
