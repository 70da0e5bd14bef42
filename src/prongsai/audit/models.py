"""The audit trail's entries: auditlog's log entry plus where it belongs and who or what acted.

`settings.AUDITLOG_LOGENTRY_MODEL` points auditlog at this model. Each entry carries the id of its
organisation (or the province, for provincial readers), so an organisation's history is one
indexed query, and the record it is part of (a project for its budgets), so a record's history
shows its parts. The organisation is kept as a plain id without a database constraint: deleting
an organisation must not delete or rewrite the history of what happened to it.
"""

from __future__ import annotations

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.audit.context import current_actor
from prongsai.audit.tracked import describe, owner_of


class AuditEntryManager(LogEntryManager):
    def _owned(self, instance, kwargs: dict) -> dict:
        owner = owner_of(instance)
        kwargs.setdefault("organisation_id", owner.organisation_id)
        kwargs.setdefault("province", owner.province)
        kwargs.setdefault("root_type", owner.root_type)
        kwargs.setdefault("root_id", owner.root_id)
        kwargs.setdefault("object_repr", describe(instance)[:1000])
        return kwargs

    def log_create(self, instance, force_log: bool = False, **kwargs):
        return super().log_create(instance, force_log, **self._owned(instance, kwargs))

    def log_m2m_changes(self, changed_queryset, instance, operation, field_name, **kwargs):
        return super().log_m2m_changes(
            changed_queryset, instance, operation, field_name, **self._owned(instance, kwargs)
        )


class AuditEntry(AbstractLogEntry):
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the (organisation, time) index below serves
        null=True,
        blank=True,
        related_name="+",
    )
    province = models.CharField(_("province"), max_length=100, blank=True, db_index=True)
    root_type = models.CharField(max_length=100, blank=True)
    root_id = models.BigIntegerField(null=True, blank=True)
    source = models.CharField(
        _("made through"),
        max_length=200,
        blank=True,
        help_text=_("Empty for the web; the command for the command line."),
    )
    actor_name = models.CharField(_("by"), max_length=300, blank=True)

    objects = AuditEntryManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["organisation", "-timestamp"], name="audit_org_time"),
            models.Index(fields=["root_type", "root_id"], name="audit_root"),
        ]

    def save(self, *args, **kwargs) -> None:
        if self._state.adding:
            actor, source = current_actor()
            if self.actor_id is None and actor is not None:
                self.actor = actor
            self.source = self.source or source
            # Who it was stays readable if the account is removed later (actor is SET_NULL).
            if self.actor_id is not None and not self.actor_name:
                self.actor_name = self.actor.get_full_name() or self.actor.get_username()
            # Nothing about the connection is kept: no address, port or e-mail.
            self.remote_addr = None
            self.remote_port = None
            self.actor_email = None
        super().save(*args, **kwargs)
