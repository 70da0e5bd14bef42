"""Complaints of corruption or unfair service, and who may see them.

A complaint records no IP address, user agent or time of day: the date it arrived only. The
complainant's name and contact are encrypted at rest; only a custodian discloses them, for a stated
reason, to themselves or to a handler who asked. Every view, request, decision and disclosure is an
audit event that nobody can edit, and that outlives the complaint's identity and files.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.complaints.attachments import random_name
from prongsai.complaints.crypto import decrypt, encrypt
from prongsai.thai import fiscal_year, thai_date


class ComplaintRole(models.Model):
    """A user an organisation designates to handle complaints, or its custodian."""

    class Role(models.TextChoices):
        HANDLER = "handler", _("Handler")
        CUSTODIAN = "custodian", _("Custodian")

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="complaint_roles",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="complaint_roles",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("complaint role")
        verbose_name_plural = _("complaint roles")
        constraints = [
            models.UniqueConstraint(
                fields=["org", "user", "role"], name="%(app_label)s_%(class)s_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.org})"


class Complaint(models.Model):
    """One complaint (เรื่องร้องเรียน) and where it stands."""

    class Category(models.TextChoices):
        CORRUPTION = "corruption", _("Corruption or misconduct")
        UNFAIR = "unfair", _("Unfair or discriminatory service")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        RECEIVED = "received", _("New, not yet acknowledged")
        ACKNOWLEDGED = "acknowledged", _("Receipt acknowledged to the complainant")
        INVESTIGATING = "investigating", _("Investigating")
        CONCLUDED = "concluded", _("Concluded")

    class Outcome(models.TextChoices):
        FOUNDED = "founded", _("Founded")
        UNFOUNDED = "unfounded", _("Unfounded")
        REFERRED = "referred", _("Referred to another agency")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="complaints",
    )
    receipt_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The case number the office uses: "๓/๒๕๗๐", counted per organisation and fiscal year.
    case_year = models.PositiveSmallIntegerField(
        _("fiscal year of the case"), null=True, editable=False
    )
    case_number = models.PositiveIntegerField(_("case number"), null=True, editable=False)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    what = models.TextField(_("what happened"))
    when_text = models.CharField(_("when"), max_length=200, blank=True)
    where_text = models.CharField(_("where"), max_length=300, blank=True)
    who_text = models.CharField(_("who was involved"), max_length=300, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    name_enc = models.BinaryField(editable=False, default=b"")
    contact_enc = models.BinaryField(editable=False, default=b"")
    identity_purged = models.BooleanField(default=False, editable=False)
    received_on = models.DateField(_("received on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    delay_reason = models.TextField(_("reason for delay"), blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "case_year", "case_number"],
                name="%(app_label)s_%(class)s_one_case_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_category_display()} {thai_date(self.received_on, thai_digits=False)}"

    @property
    def case(self) -> str:
        """The case number as the office writes it: "3/2570"."""
        return f"{self.case_number}/{self.case_year}" if self.case_number else "–"

    def number_case(self) -> None:
        """The next number of the organisation's fiscal year; call inside the transaction that
        saves the complaint, after its first write (which serialises concurrent intakes)."""
        self.case_year = fiscal_year(self.received_on)
        last = Complaint.objects.filter(org=self.org, case_year=self.case_year).aggregate(
            models.Max("case_number")
        )["case_number__max"]
        self.case_number = (last or 0) + 1

    def set_identity(self, name: str, contact: str) -> None:
        self.name_enc, self.contact_enc = encrypt(name), encrypt(contact)

    def identity(self) -> tuple[str, str]:
        """Decrypted name and contact. Call only through workflow.disclose or
        workflow.granted_identity (they check the custodian's decision and log it)."""
        return decrypt(self.name_enc), decrypt(self.contact_enc)

    @property
    def has_identity(self) -> bool:
        return bool(self.name_enc or self.contact_enc)

    @property
    def identity_on_file(self) -> bool:
        """A name or contact was given and is still kept (what a handler may know: not what)."""
        return not self.anonymous and not self.identity_purged and self.has_identity


class Exclusion(models.Model):
    """A handler kept away from a complaint, e.g. because the complaint names them."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="exclusions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "user"], name="%(app_label)s_%(class)s_unique"
            )
        ]


class Message(models.Model):
    """A message between the complainant (through the receipt) and the handlers; dated, not timed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    from_complainant = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("message"))
    sent_on = models.DateField(_("date"))

    class Meta:
        ordering = ["complaint", "sent_on", "id"]


def attachment_path(instance, filename: str) -> str:
    # A random name (never the uploaded one), in the incoming folder the nightly job empties.
    return random_name(instance.complaint.org_id, instance.suffix, incoming=True)


class Attachment(models.Model):
    """A file given with a complaint or a message; images are stored without their metadata."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()

    SUFFIXES = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}

    @property
    def suffix(self) -> str:
        return self.SUFFIXES.get(self.content_type, "")


class AuditQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionDenied("The complaint audit log cannot be changed.")

    def update(self, **kwargs):
        raise PermissionDenied("The complaint audit log cannot be changed.")


class IdentityRequest(models.Model):
    """A handler asking the custodian for a complainant's identity, and the custodian's answer.

    Part of the audit trail: dated, never deleted with the complaint (PROTECT)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the custodian")
        GRANTED = "granted", _("Granted by the custodian")
        REFUSED = "refused", _("Refused by the custodian")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="identity_requests"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    requested_on = models.DateField(_("requested on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True)

    class Meta:
        ordering = ["complaint", "requested_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "handler"],
                condition=models.Q(status="pending"),
                name="%(app_label)s_%(class)s_one_pending",
            )
        ]


class AuditEvent(models.Model):
    """Who looked at or changed a complaint, and when. Append-only; a complaint that has events
    cannot be deleted (PROTECT), and the retention purge keeps them (they hold no identity)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="audit")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    detail = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["complaint", "at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The complaint audit log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The complaint audit log cannot be changed.")


class FormNonce(models.Model):
    """A complaint form's one-use nonce (hashed), so a double tap files one complaint."""

    nonce_hash = models.CharField(max_length=64, primary_key=True)
