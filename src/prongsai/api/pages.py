"""API tokens on pages: an organisation's (for its administrator) and a province's (for the
province's administrators): list, make (shown once), revoke, and the tokens' history from the
audit trail (made and revoked, by whom; never the token or its hash)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from prongsai.api.models import ApiToken
from prongsai.audit.display import action_label, be_datetime, changes_of
from prongsai.audit.models import AuditEntry
from prongsai.orgs.access import get_org_for_admin, province_admins_only

HISTORY_SHOWN = 50


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
    return _tokens_page(
        request,
        {"org": org},
        scope_name=org.name_th,
        back=reverse("orgs:detail", args=[org.slug]),
        revoke=lambda t: reverse("api:revoke", args=[org.slug, t.pk]),
    )


@login_required
@require_POST
def revoke(request, org_slug: str, pk: int):
    org = get_org_for_admin(request, org_slug)
    _revoke(request, get_object_or_404(ApiToken, org=org, pk=pk))
    return redirect("api:tokens", org_slug=org.slug)


@login_required
@province_admins_only
@require_http_methods(["GET", "POST"])
def province_tokens(request, name: str):
    return _tokens_page(
        request,
        {"org": None, "province": name},
        scope_name=name,
        back=reverse("delegation:province", args=[name]),
        revoke=lambda t: reverse("api:province-revoke", args=[name, t.pk]),
    )


@login_required
@province_admins_only
def province_revoke(request, name: str, pk: int):
    # The token is looked up before the method is: another province's id is a 404 on any method.
    token = get_object_or_404(ApiToken, org=None, province=name, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _revoke(request, token)
    return redirect("api:province-tokens", name=name)


def _revoke(request, token: ApiToken) -> None:
    token.revoke()
    messages.success(request, _("The token %(prefix)s… was revoked.") % {"prefix": token.prefix})


def _tokens_page(request, scope: dict, *, scope_name: str, back: str, revoke):
    """`scope`: the tokens' org (None for a province's) and province, as ApiToken stores them."""
    form = TokenForm(request.POST or None)
    shown = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _row, shown = ApiToken.objects.issue(
                name=form.cleaned_data["name"],
                write=form.cleaned_data["write"],
                by=request.user,
                **scope,
            )
            form = TokenForm()
        else:
            status = 400
    listed = list(ApiToken.objects.filter(**scope).select_related("created_by"))
    for token in listed:
        token.revoke_url = revoke(token)
    context = {
        "scope_name": scope_name,
        "province": scope.get("province", ""),
        "back": back,
        "form": form,
        "tokens": listed,
        "shown": shown,
        "history": _history(scope),
    }
    return render(request, "api/tokens.html", context, status=status)


def _history(scope: dict) -> list[dict]:
    """The scope's tokens as the audit trail recorded them, newest first."""
    entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(ApiToken))
    if scope["org"] is not None:
        entries = entries.filter(organisation_id=scope["org"].pk)
    else:
        entries = entries.filter(organisation__isnull=True, province=scope["province"])
    return [
        {
            "when": be_datetime(e.timestamp),
            "who": e.actor_name or "–",
            "action": action_label(e.action),
            "token": e.object_repr,
            "changes": changes_of(e, ApiToken),
        }
        for e in entries.order_by("-timestamp", "-pk")[:HISTORY_SHOWN]
    ]
