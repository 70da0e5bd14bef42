"""Status changes, deadlines (data), overdue flags, who may learn a complainant's identity, and
the audit trail that records all of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from prongsai.complaints.access import is_custodian
from prongsai.complaints.models import AuditEvent, Complaint, IdentityRequest, Message

DATA = Path(__file__).resolve().parent / "data" / "workflow.yaml"
NEXT = {
    Complaint.Status.RECEIVED: {Complaint.Status.ACKNOWLEDGED},
    Complaint.Status.ACKNOWLEDGED: {Complaint.Status.INVESTIGATING, Complaint.Status.CONCLUDED},
    Complaint.Status.INVESTIGATING: {Complaint.Status.CONCLUDED},
    Complaint.Status.CONCLUDED: set(),
}


@cache
def deadlines() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


@dataclass
class Due:
    acknowledge_by: date
    inform_by: date
    overdue: list[str]


def due(complaint: Complaint, today: date | None = None) -> Due:
    today = today or timezone.localdate()
    rules = deadlines()
    acknowledge_by = complaint.received_on + timedelta(days=rules["acknowledge_days"])
    inform_by = complaint.received_on + timedelta(days=rules["inform_days"])
    overdue = []
    if complaint.status == Complaint.Status.RECEIVED and today > acknowledge_by:
        overdue.append("acknowledge")
    if (
        complaint.status != Complaint.Status.CONCLUDED
        and today > inform_by
        and not complaint.delay_reason
    ):
        overdue.append("inform")
    return Due(acknowledge_by, inform_by, overdue)


def log(complaint: Complaint, actor, action: str, detail: str = "") -> None:
    AuditEvent.objects.create(complaint=complaint, actor=actor, action=action, detail=detail)


class TransitionError(ValueError):
    pass


@transaction.atomic
def move(
    complaint: Complaint, actor, status: str, *, outcome: str = "", delay_reason: str = ""
) -> None:
    if status not in NEXT[complaint.status]:
        raise TransitionError(f"{complaint.status} → {status}")
    if status == Complaint.Status.CONCLUDED and outcome not in Complaint.Outcome.values:
        raise TransitionError("outcome")
    today = timezone.localdate()
    complaint.status = status
    if status == Complaint.Status.ACKNOWLEDGED:
        complaint.acknowledged_on = today
    if status == Complaint.Status.CONCLUDED:
        complaint.concluded_on, complaint.outcome = today, outcome
    if delay_reason:
        complaint.delay_reason = delay_reason
    complaint.save()
    log(complaint, actor, f"status:{status}", outcome or delay_reason)


@transaction.atomic
def reply(complaint: Complaint, actor, text: str) -> Message:
    message = Message.objects.create(
        complaint=complaint, author=actor, text=text, sent_on=timezone.localdate()
    )
    log(complaint, actor, "replied")
    return message


MIN_REASON = 10


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValueError(f"a reason of at least {MIN_REASON} characters is required")
    return reason


def _custodian_only(complaint: Complaint, actor) -> None:
    # Checked here as well as in the views: no other path may reach an identity.
    if not is_custodian(actor, complaint.org):
        raise PermissionDenied("Only a custodian discloses a complainant's identity.")


class IdentityUnavailable(ValueError):
    """Anonymous, or the identity was purged after the retention period."""


class AlreadyPending(ValueError):
    """This handler's earlier request still waits for the custodian."""


class AlreadyDecided(ValueError):
    """The request was granted or refused before."""


@transaction.atomic
def disclose(complaint: Complaint, actor, reason: str) -> tuple[str, str]:
    """The complainant's identity to a custodian, for a stated reason that is logged first."""
    _custodian_only(complaint, actor)
    reason = _reason(reason)
    if not complaint.identity_on_file:
        raise IdentityUnavailable
    log(complaint, actor, "identity-disclosed", reason)
    return complaint.identity()


@transaction.atomic
def request_identity(complaint: Complaint, handler, reason: str) -> IdentityRequest:
    """A handler asks the custodian; the request is logged and waits on the custodian's pages."""
    reason = _reason(reason)
    if not complaint.identity_on_file:
        raise IdentityUnavailable
    pending = IdentityRequest.objects.filter(
        complaint=complaint, handler=handler, status=IdentityRequest.Status.PENDING
    )
    if pending.exists():
        raise AlreadyPending
    request = IdentityRequest.objects.create(
        complaint=complaint, handler=handler, reason=reason, requested_on=timezone.localdate()
    )
    log(complaint, handler, "identity-requested", reason)
    return request


@transaction.atomic
def decide(request: IdentityRequest, custodian, *, grant: bool, reason: str) -> None:
    """The custodian grants (the identity is disclosed to that handler) or refuses, with a reason."""
    complaint = request.complaint
    _custodian_only(complaint, custodian)
    reason = _reason(reason)
    request = IdentityRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != IdentityRequest.Status.PENDING:
        raise AlreadyDecided
    request.status = IdentityRequest.Status.GRANTED if grant else IdentityRequest.Status.REFUSED
    request.decided_by, request.decision_reason = custodian, reason
    request.decided_on = timezone.localdate()
    request.save()
    action = "identity-granted" if grant else "identity-refused"
    log(complaint, custodian, action, f"{request.handler.get_username()}: {reason}")


def grant_for(complaint: Complaint, user) -> IdentityRequest | None:
    return (
        IdentityRequest.objects.filter(
            complaint=complaint, handler=user, status=IdentityRequest.Status.GRANTED
        )
        .select_related("decided_by")
        .last()
    )


@transaction.atomic
def granted_identity(complaint: Complaint, handler) -> tuple[str, str] | None:
    """The identity for a handler whom a custodian granted it; every showing is logged."""
    grant = grant_for(complaint, handler)
    if grant is None or not complaint.identity_on_file:
        return None
    detail = f"{grant.decided_by.get_username()}: {grant.decision_reason}"
    log(complaint, handler, "identity-disclosed", detail)
    return complaint.identity()
