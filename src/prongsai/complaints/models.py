"""Complaints of corruption or unfair service, and who may see them.

A complaint records no IP address, user agent or time of day: the date it arrived only. The
complainant's name and contact are encrypted at rest and shown to a handler only after a stated
reason, which is logged. Every view and change is an audit event that nobody can edit.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.complaints.crypto import decrypt, encrypt


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
        RECEIVED = "received", _("Received")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
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

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.received_on}"

    def set_identity(self, name: str, contact: str) -> None:
        self.name_enc, self.contact_enc = encrypt(name), encrypt(contact)

    def identity(self) -> tuple[str, str]:
        """Decrypted name and contact. Call only through disclosure.disclose (it logs why)."""
        return decrypt(self.name_enc), decrypt(self.contact_enc)

    @property
    def has_identity(self) -> bool:
        return bool(self.name_enc or self.contact_enc)


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
    # A random name: the uploaded file's own name may carry the complainant's name.
    return f"complaints/{instance.complaint.org_id}/{uuid.uuid4().hex}{instance.suffix}"


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


class AuditEvent(models.Model):
    """Who looked at or changed a complaint, and when. Append-only."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="audit")
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
