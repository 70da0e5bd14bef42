"""Bringing organisations in from the register, with one audit entry for each one written."""

from __future__ import annotations

from auditlog.models import AbstractLogEntry
from django.db import transaction

from prongsai.audit.record import record_many
from prongsai.orgs import register

CREATE, UPDATE = AbstractLogEntry.Action.CREATE, AbstractLogEntry.Action.UPDATE


@transaction.atomic
def apply_and_record(plan: register.Plan) -> register.Plan:
    register.apply(plan)
    created = [
        (org, CREATE, {f: [None, getattr(org, f)] for f in register.FIELDS}) for org in plan.creates
    ]
    updated = [(org, UPDATE, changes) for org, changes in plan.updates]
    record_many(created + updated)
    return plan


def import_file(data: bytes, name: str, *, province: str | None = None) -> register.Plan:
    """Read, check, write and record; RegisterError (nothing written) when anything is wrong."""
    return apply_and_record(register.check(register.read_rows(data, name), province=province))
