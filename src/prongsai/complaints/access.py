"""Need-to-know: a complaint is for its organisation's handlers (unless routed away from them)
and its custodians. Everybody else, whatever their role in the organisation, gets a 404: an
organisation's administrator and a superuser too, unless designated (a ComplaintRole). The
organisation's own people who are not designated see, on the board, who is; never a case.

Only a custodian discloses a complainant's identity; a handler who tries gets a 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from prongsai.complaints.models import Complaint, ComplaintRole


def roles(user, org) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(ComplaintRole.objects.filter(user=user, org=org).values_list("role", flat=True))


def visible_complaints(user, org):
    found = roles(user, org)
    if ComplaintRole.Role.CUSTODIAN in found:
        return Complaint.objects.filter(org=org)
    if ComplaintRole.Role.HANDLER in found:
        return Complaint.objects.filter(org=org).exclude(exclusions__user=user)
    return Complaint.objects.none()


def get_complaint(request, org, pk) -> Complaint:
    complaint = visible_complaints(request.user, org).filter(pk=pk).first()
    if complaint is None:
        raise Http404
    return complaint


def is_custodian(user, org) -> bool:
    return ComplaintRole.Role.CUSTODIAN in roles(user, org)


def require_custodian(request, org) -> None:
    """After get_complaint (a stranger has had their 404): a handler may not do a custodian's job."""
    if not is_custodian(request.user, org):
        raise PermissionDenied
