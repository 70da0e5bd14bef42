"""The organisation administrator's page of API tokens: list, make (shown once), revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from prongsai.api.models import ApiToken
from prongsai.orgs.access import get_org_for_admin


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What the token is for"),
        max_length=100,
        help_text=gettext_lazy("e.g. the province's dashboard, a results import script"),
    )
    write = forms.BooleanField(label=gettext_lazy("May also write"), required=False)


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request, org_slug: str):
    org = get_org_for_admin(request, org_slug)
    form = TokenForm(request.POST or None)
    shown = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            row, shown = ApiToken.objects.issue(
                name=form.cleaned_data["name"],
                org=org,
                write=form.cleaned_data["write"],
                by=request.user,
            )
            form = TokenForm()
        else:
            status = 400
    listed = ApiToken.objects.filter(org=org).select_related("created_by")
    return render(
        request,
        "api/tokens.html",
        {"org": org, "form": form, "tokens": listed, "shown": shown},
        status=status,
    )


@login_required
@require_POST
def revoke(request, org_slug: str, pk: int):
    org = get_org_for_admin(request, org_slug)
    token = get_object_or_404(ApiToken, org=org, pk=pk)
    token.revoke()
    messages.success(request, _("The token %(prefix)s… was revoked.") % {"prefix": token.prefix})
    return redirect("api:tokens", org_slug=org.slug)
