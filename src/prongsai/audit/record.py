"""Entries the signals cannot write: a set of rows replaced in bulk, recorded on its owner.

`bulk_create` and `QuerySet.delete` of unregistered rows send no signals. Where Prongsai replaces
a whole set at once (an ITA result's figures), the caller hands over the set before and after,
and one entry on the owner records every value that changed, old → new.
"""

from __future__ import annotations

from decimal import Decimal

from auditlog.models import AbstractLogEntry
from django.contrib.contenttypes.models import ContentType

from prongsai.audit.context import current_actor
from prongsai.audit.models import AuditEntry
from prongsai.audit.tracked import describe, owner_of

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


def record_many(changed: list[tuple[object, int, dict]]) -> int:
    """One entry per (instance, action, {field: [old, new]}), written in one bulk insert: for
    rows written with bulk_create/bulk_update (the organisation register), which send no signals.
    The actor is whoever is acting now, as for any entry."""
    if not changed:
        return 0
    actor, source = current_actor()
    actor_name = (actor.get_full_name() or actor.get_username()) if actor is not None else ""
    types: dict = {}
    entries = []
    for instance, action, changes in changed:
        model = type(instance)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model)
        owner = owner_of(instance)
        entries.append(
            AuditEntry(
                content_type=types[model],
                object_pk=str(instance.pk),
                object_id=instance.pk,
                object_repr=describe(instance)[:1000],
                action=action,
                changes={k: [plain(old), plain(new)] for k, (old, new) in changes.items()},
                actor=actor,
                actor_name=actor_name,
                source=source,
                organisation_id=owner.organisation_id,
                province=owner.province,
                root_type=owner.root_type,
                root_id=owner.root_id,
            )
        )
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)
