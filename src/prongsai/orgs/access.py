"""The one place that decides who may see and change an organisation's data.

Every view calls one of these first. Something outside the user's organisations (or province)
is a 404, so a stranger learns nothing; a read-only role trying to write gets a 403.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from prongsai.orgs.models import Membership, Organisation, ProvinceRole

# The permission (declared by the ITA summaries) of a national reader: every province's pages.
NATIONAL_READER = "ita.view_national"


def role_in(user, org: Organisation) -> str | None:
    """The user's role in an organisation: a Membership role, 'province' for a role over its
    province (readers and administrators read; administrators act through the province's pages)."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Membership.Role.ADMIN
    membership = Membership.objects.filter(user=user, org=org).only("role").first()
    if membership:
        return membership.role
    if ProvinceRole.objects.reading(user).filter(province=org.province).exists():
        return "province"
    if user.has_perm(NATIONAL_READER):  # reads every organisation, as a provincial reader does
        return "province"
    return None


def can_write(role: str | None) -> bool:
    return role in Membership.WRITE_ROLES


def get_org_for_user(request, org_slug: str, *, write: bool = False) -> Organisation:
    """The organisation named in the URL, if the user may read it (and write, when asked)."""
    org = get_object_or_404(Organisation, slug=org_slug)
    role = role_in(request.user, org)
    if role is None:
        raise Http404
    if write and not can_write(role):
        raise PermissionDenied
    request.org_role = role
    return org


def get_for_user(request, queryset, *, write: bool = False, **lookup):
    """An organisation-owned object (it has `org`), checked as get_org_for_user checks its org."""
    obj = get_object_or_404(queryset.select_related("org"), **lookup)
    role = role_in(request.user, obj.org)
    if role is None:
        raise Http404
    if write and not can_write(role):
        raise PermissionDenied
    request.org_role = role
    return obj


# Who reads the audit trail: the organisation's administrator and auditor (superusers count as
# administrators). Other roles of the organisation get 403; everybody else 404, as above.
AUDIT_ROLES = (Membership.Role.ADMIN, Membership.Role.AUDITOR)


def can_audit(role: str | None) -> bool:
    return role in AUDIT_ROLES


def get_org_for_audit(request, org_slug: str) -> Organisation:
    org = get_org_for_user(request, org_slug)
    if not can_audit(request.org_role):
        raise PermissionDenied
    return org


def get_org_for_admin(request, org_slug: str) -> Organisation:
    """The organisation, for its administrator (and superusers); other members get 403."""
    org = get_org_for_user(request, org_slug)
    if request.org_role != Membership.Role.ADMIN:
        raise PermissionDenied
    return org


def administers_province(user, province: str) -> bool:
    """A province administrator of that province (or a superuser)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return ProvinceRole.objects.administering(user).filter(province=province).exists()


def reads_province(user, province: str) -> bool:
    """Who reads a province's pages: its provincial readers and administrators, national readers
    and superusers (the comparison pages and the API's province comparison ask here)."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or user.has_perm(NATIONAL_READER)
        or ProvinceRole.objects.reading(user).filter(province=province).exists()
    )


def reads_nation(user) -> bool:
    """Who reads the national pages (the national comparison, its reports and jobs): national
    readers and superusers."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.has_perm(NATIONAL_READER)


def get_province_for_admin(request, province: str) -> str:
    """The province named in the URL, for its administrators; everybody else 404."""
    if not administers_province(request.user, province):
        raise Http404
    return province


def province_gate(allowed):
    """A decorator for a province page's view (its first argument the province's name): unless
    `allowed(user, name)`, a 404 whatever the method, before the view (or a method check inside
    it) is reached. Put it under login_required and above require_http_methods."""

    def decorator(view):
        @wraps(view)
        def checked(request, name: str, *args, **kwargs):
            if not allowed(request.user, name):
                raise Http404
            return view(request, name, *args, **kwargs)

        return checked

    return decorator


province_admins_only = province_gate(administers_province)
province_readers_only = province_gate(reads_province)


def national_readers_only(view):
    """A decorator for a national page's view: unless the user reads the nation, a 404 whatever
    the method. Put it under login_required and above require_http_methods."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not reads_nation(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return checked


def get_org_for_province_admin(request, province: str, org_slug: str) -> Organisation:
    """An organisation of the province, for the province's administrators; else 404."""
    get_province_for_admin(request, province)
    return get_object_or_404(Organisation, slug=org_slug, province=province)
