"""One page that lists an organisation's documents of a year, one download for every kind, and
the signature of each document."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from prongsai.documents import layout, registry
from prongsai.documents.forms import SignoffForm
from prongsai.documents.models import DocumentSignoff
from prongsai.documents.registry import DocumentRequest, NothingToReport
from prongsai.orgs.access import can_write, get_org_for_user
from prongsai.orgs.models import Organisation
from prongsai.params import BadParameter, year_param
from prongsai.thai import fiscal_year

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _request_for(kind: registry.Kind, org: Organisation, raw: dict) -> DocumentRequest:
    try:
        params = registry.parse_params(kind, raw)
    except ValueError as exc:
        raise BadParameter(str(exc)) from exc
    return DocumentRequest(kind=kind, org=org, params=params)


def _kind_or_404(key: str) -> registry.Kind:
    try:
        return registry.get(key)
    except LookupError:
        raise Http404 from None


@login_required
@require_GET
def documents_page(request, org_slug: str):
    """Every document the organisation can make for a year, or why it cannot yet."""
    org = get_org_for_user(request, org_slug)
    year = year_param(request, default=fiscal_year(timezone.localdate()))
    rows = []
    for kind in registry.kinds():
        if not kind.offered:
            continue
        for variant in kind.variants_for(org, year):
            doc = DocumentRequest(kind=kind, org=org, params=variant.params)
            reason = kind.reason_unavailable(doc)
            rows.append({
                "kind": kind, "label": variant.label, "query": _query(variant.params),
                "params": list(variant.params.items()),
                "reason": reason, "signoff": layout.signoff_for(doc) if kind.signed else None,
                "scope": layout.scope_of(doc),
            })  # fmt: skip
    return render(
        request, "documents/list.html",
        {"org": org, "year": year, "rows": rows, "can_write": can_write(request.org_role),
         "years": range(year + 1, year - 4, -1)},
    )  # fmt: skip


def _query(params: dict) -> str:
    return "&".join(f"{k}={v}" for k, v in params.items())


@require_GET
def download(request, org_slug: str, kind: str, fmt: str):
    """A document of any kind, as Word or PDF: public kinds for anyone, the rest for the
    organisation's people (another organisation's is a 404, as everywhere)."""
    kind = _kind_or_404(kind)
    if fmt not in kind.formats or not kind.offered:
        raise Http404
    if kind.public:
        org = get_object_or_404(Organisation, slug=org_slug)
    else:
        if not request.user.is_authenticated:
            return redirect(f"{_login_url()}?next={request.get_full_path()}")
        org = get_org_for_user(request, org_slug)
    doc = _request_for(kind, org, request.GET.dict())
    try:
        content = layout.make(doc, fmt)
    except NothingToReport as exc:
        return render(
            request, "documents/nothing.html", {"org": org, "kind": kind, "reason": str(exc)},
            status=409,
        )  # fmt: skip
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{kind.file_name(doc, fmt)}"'
    token = request.GET.get("dl", "")
    if token.isalnum() and len(token) <= 16:
        # Read by the page's script: the file it is waiting for has arrived.
        response.set_cookie("prongsai_dl", token, max_age=120, samesite="Lax")
    return response


def _login_url() -> str:
    return reverse(settings.LOGIN_URL)


@login_required
@require_POST
def signoff(request, org_slug: str, kind: str):
    """Who signs one document: its name, position and date as the organisation writes them."""
    org = get_org_for_user(request, org_slug, write=True)
    kind = _kind_or_404(kind)
    if not kind.signed:
        raise Http404
    doc = _request_for(kind, org, request.POST.dict())
    kind.reason_unavailable(doc)  # another organisation's plan or campaign is a 404 here
    saved = DocumentSignoff.objects.filter(
        org=org, kind=kind.key, scope=layout.scope_of(doc)
    ).first()
    form = SignoffForm(request.POST, instance=saved or layout.signoff_for(doc))
    if not form.is_valid():
        return render(
            request, "documents/signoff_error.html",
            {"org": org, "kind": kind, "form": form, "params": list(doc.params.items())},
            status=400,
        )  # fmt: skip
    form.save()
    messages.success(
        request, _("The signature of “%(title)s” is saved.") % {"title": kind.title_th}
    )
    year = doc.params.get("year")
    target = redirect("documents:list", org.slug)
    if year:
        target["Location"] += f"?year={year}"
    return target
