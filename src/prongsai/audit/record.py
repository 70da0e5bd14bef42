"""Entries the signals cannot write: a set of rows replaced in bulk, recorded on its owner.

`bulk_create` and `QuerySet.delete` of unregistered rows send no signals. Where Prongsai replaces
a whole set at once (an ITA result's figures), the caller hands over the set before and after,
and one entry on the owner records every value that changed, old → new.
"""

from __future__ import annotations

from decimal import Decimal

from auditlog.models import AbstractLogEntry

from prongsai.audit.models import AuditEntry

NONE = "None"  # how auditlog writes an empty value


def plain(value) -> str:
    """A stored value as text: decimals without trailing zeros (85.5000 and 85.5 are one value)."""
    if value is None:
        return NONE
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def record_set_change(owner, name: str, old: dict, new: dict) -> AuditEntry | None:
    """One update entry on `owner` with `name:key` → [old, new] for each key whose value changed."""
    old_text = {k: plain(v) for k, v in old.items()}
    new_text = {k: plain(v) for k, v in new.items()}
    keys = list(new_text) + [k for k in old_text if k not in new_text]
    changes = {
        f"{name}:{key}": [old_text.get(key, NONE), new_text.get(key, NONE)]
        for key in keys
        if old_text.get(key, NONE) != new_text.get(key, NONE)
    }
    if not changes:
        return None
    return AuditEntry.objects.log_create(
        owner, action=AbstractLogEntry.Action.UPDATE, changes=changes
    )
