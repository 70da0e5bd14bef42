"""Status changes, deadlines (data), overdue flags, and the audit trail that records them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone

from prongsai.complaints.models import AuditEvent, Complaint, Message

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


@transaction.atomic
def disclose(complaint: Complaint, actor, reason: str) -> tuple[str, str]:
    """The complainant's identity, for a stated reason that is logged first."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValueError("a reason of at least 10 characters is required")
    log(complaint, actor, "identity-disclosed", reason)
    return complaint.identity()
