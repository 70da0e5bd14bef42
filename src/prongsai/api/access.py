"""Who the API lets read and write what: the pages' rules (orgs/access.py), and API tokens.

A token reads its organisation, or every organisation of its province; a write token also
writes there. A signed-in user (session) reads and writes exactly as on the pages. Anything
outside that is a 404, so a stranger learns nothing; a read-only token or role that tries to
write gets a 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from prongsai.api.models import ApiToken
from prongsai.frameworks.models import Framework
from prongsai.orgs.access import get_org_for_user, reads_province
from prongsai.orgs.models import Organisation


def token_of(request) -> ApiToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


def readable_orgs(request):
    token = token_of(request)
    if token is not None:
        if token.org_id:
            return Organisation.objects.filter(pk=token.org_id)
        return Organisation.objects.filter(province=token.province)
    return Organisation.objects.for_user(request.user)


def org_for(request, slug: str, *, write: bool = False) -> Organisation:
    """The organisation of the URL, if the token or user may read it (and write, when asked)."""
    token = token_of(request)
    if token is None:
        return get_org_for_user(request, slug, write=write)
    org = get_object_or_404(readable_orgs(request), slug=slug)
    if write and not token.write:
        raise PermissionDenied
    return org


def readable_frameworks(request):
    """Built-in criteria, and the criteria of the organisations one may read."""
    return Framework.objects.filter(Q(builtin=True) | Q(org__in=readable_orgs(request)))


def check_province(request, name: str) -> None:
    """A province's comparison: its province tokens, and who reads the province's pages."""
    token = token_of(request)
    if token is not None:
        allowed = not token.org_id and token.province == name
    else:
        allowed = reads_province(request.user, name)
    if not allowed:
        raise Http404
