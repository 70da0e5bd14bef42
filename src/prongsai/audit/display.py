"""Audit entries as a Thai reader sees them: field labels, old → new values, people and times.

auditlog stores every value as text ("None", "True", "2025-01-02", a related row's id); this
module turns them back into what the page shows: choice labels, Buddhist-era dates, the related
row's name, a person's full name and role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from prongsai.audit.models import AuditEntry
from prongsai.audit.record import NONE
from prongsai.audit.tracked import describe
from prongsai.language import english_page, page_date
from prongsai.orgs.models import Membership

DASH = "–"


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def be_datetime(moment: dt.datetime) -> str:
    """'4 ธันวาคม 2568 10:32 น.': the local date in the Buddhist era and the time."""
    local = timezone.localtime(moment)
    time = f"{local:%H:%M}" if english_page() else f"{local:%H:%M} น."  # English: no น.
    return f"{page_date(local.date())} {time}"


def model_name(model) -> str:
    return capfirst(model._meta.verbose_name) if model is not None else DASH


def action_label(action: int) -> str:
    return {
        AuditEntry.Action.CREATE: _("Created"),
        AuditEntry.Action.UPDATE: _("Changed"),
        AuditEntry.Action.DELETE: _("Deleted"),
    }.get(action, _("Other"))


class People:
    """Names and roles of the actors on one page, read in two queries."""

    def __init__(self, org, entries) -> None:
        ids = {e.actor_id for e in entries if e.actor_id}
        users = get_user_model().objects.filter(pk__in=ids)
        self.users = {u.pk: u for u in users}
        self.roles = dict(
            Membership.objects.filter(org=org, user_id__in=ids).values_list("user_id", "role")
        )

    def label(self, entry: AuditEntry) -> str:
        user = self.users.get(entry.actor_id)
        if user is not None:
            name = user.get_full_name() or user.get_username()
            role = self.role(user)
            return f"{name} – {role}" if role else name
        if entry.actor_name:
            return entry.actor_name
        if entry.source:
            return _("Command %(command)s") % {"command": entry.source}
        return _("The system")

    def role(self, user) -> str:
        role = self.roles.get(user.pk)
        if role:
            return str(Membership.Role(role).label)
        if user.is_superuser:
            return _("Prongsai administrator")
        return ""


def changes_of(entry: AuditEntry, model, lookups: dict | None = None) -> list[Change]:
    """Each recorded field as (Thai label, old, new), in the model's field order."""
    lookups = {} if lookups is None else lookups
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())} if model else {}
    rows = []
    for name, values in sorted(changes.items(), key=lambda kv: order.get(kv[0], len(order))):
        if isinstance(values, dict) and values.get("type") == "m2m":
            rows.append(_m2m_change(model, name, values))
            continue
        old, new = (list(values) + [NONE, NONE])[:2]
        if ":" in name:
            rows.append(_set_change(name, old, new))
            continue
        field = _field(model, name)
        before, after = value_text(field, old, lookups), value_text(field, new, lookups)
        if before != after:  # an empty field on create ("None" → "") is no change to a reader
            rows.append(Change(field_label(field, name), before, after))
    return rows


def field_label(field, name: str) -> str:
    """The field's Thai name; a link without its own name is called by what it links to."""
    if field is None:
        return name
    label = field.verbose_name
    if field.is_relation and field.related_model and label == name.replace("_", " "):
        label = field.related_model._meta.verbose_name
    return str(capfirst(label))


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _m2m_change(model, name: str, values: dict) -> Change:
    label = field_label(_field(model, name), name)
    objects = ", ".join(str(o) for o in values.get("objects", []))
    if values.get("operation") == "add":
        return Change(label, DASH, _("added: %(objects)s") % {"objects": objects})
    return Change(label, _("removed: %(objects)s") % {"objects": objects}, DASH)


def _set_change(name: str, old: str, new: str) -> Change:
    """A value of a set replaced in bulk ('score:question/e4/1')."""
    kind, _sep, key = name.partition(":")
    label = name
    if kind == "score":
        level, code, part = (key.split("/") + ["", "", "0"])[:3]
        if level == "indicator":
            label = _("Indicator %(code)s score") % {"code": code}
        elif level == "item":
            label = _("OIT item %(code)s (100 pass, 0 fail)") % {"code": code}
        else:
            label = _("Question %(code)s score") % {"code": code}
        if part not in ("", "0"):
            label = _("%(label)s, part %(part)s") % {"label": label, "part": part}
    return Change(label, _plain(old), _plain(new))


def _plain(value: str) -> str:
    return DASH if value in (None, NONE, "") else str(value)


def value_text(field, value, lookups: dict) -> str:
    """One stored value as the page shows it."""
    if value is None or value == NONE or value == "":
        return DASH
    if field is None:
        return str(value)
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else None
    if choices:
        for key, text in choices.items():
            if str(key) == str(value):
                return str(text)
        return str(value)
    if isinstance(field, models.DecimalField):
        return _decimal_text(field, value)
    if isinstance(field, models.BooleanField):
        return _("Yes") if value == "True" else _("No") if value == "False" else str(value)
    if isinstance(field, models.DateTimeField):
        return _moment_text(value)
    if isinstance(field, models.DateField):
        try:
            return page_date(dt.date.fromisoformat(str(value)[:10]))
        except ValueError:
            return str(value)
    if field.many_to_one or field.one_to_one:
        return _related_text(field, value, lookups)
    return str(value)


def _decimal_text(field, value) -> str:
    """'1,500.00' for 1500 and for 1500.00: the same amount reads the same before and after."""
    try:
        amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-field.decimal_places))
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{amount:,}"


def _moment_text(value) -> str:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_naive(moment):  # auditlog keeps date-times as naive UTC
        moment = moment.replace(tzinfo=dt.UTC)
    return be_datetime(moment)


def _related_text(field, value, lookups: dict) -> str:
    """The related row's name (a person's full name), or that it is gone."""
    related = field.related_model
    key = (related._meta.label_lower, str(value))
    if key not in lookups:
        obj = related._default_manager.filter(pk=value).first()
        if obj is None:
            lookups[key] = _("%(model)s no longer there (#%(id)s)") % {
                "model": model_name(related),
                "id": value,
            }
        elif related is get_user_model():
            lookups[key] = obj.get_full_name() or obj.get_username()
        else:  # the name its own history entries use ("o1 2568" for an OIT evidence)
            lookups[key] = describe(obj)
    return lookups[key]
