"""Survey campaigns and their anonymous responses.

Anonymity is structural: a response has a random id, a date (never a time), the answers, and
nothing else: no code, no user, no IP address, no user agent. One-time codes are stored only as
salted hashes with a slot number, and are never written again; which slots are spent is one
bitmap per campaign (SpentCodes). So no row of a code shares a transaction id, a commit time or a
place in the heap with the response it produced (see intake.submit).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


def public_token() -> str:
    return secrets.token_urlsafe(12)


class ServicePoint(models.Model):
    """A counter or office where people are served (จุดบริการ), for satisfaction surveys."""

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="service_points",
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["org", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "name"], name="%(app_label)s_%(class)s_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """One survey of one organisation in one fiscal year with one instrument."""

    class Tool(models.TextChoices):
        IIT = "iit", _("IIT: staff")
        EIT = "eit", _("EIT: service recipients")
        SATISFACTION = "satisfaction", _("Satisfaction survey")

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="campaigns",
    )
    year = models.PositiveIntegerField(_("fiscal year (B.E.)"))
    tool = models.CharField(_("instrument"), max_length=20, choices=Tool.choices)
    token = models.CharField(
        _("public link token"), max_length=32, unique=True, default=public_token, editable=False
    )
    opens = models.DateField(_("opens"))
    closes = models.DateField(_("closes"))
    closed = models.BooleanField(_("closed (results frozen)"), default=False)
    minimum_sample = models.PositiveIntegerField(_("minimum sample"), default=0)
    code_salt = models.CharField(max_length=32, default=public_token, editable=False)

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ["org", "-year", "tool"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year", "tool"],
                name="%(app_label)s_%(class)s_one_per_tool_year",
                violation_error_message=_(
                    "This organisation has this survey for that year already."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(closes__gte=models.F("opens")),
                name="%(app_label)s_%(class)s_dates_in_order",
                violation_error_message=_("A survey must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.year} {self.get_tool_display()}"

    def code_hash(self, code: str) -> str:
        normalised = code.strip().upper().replace("-", "").replace(" ", "")
        return hashlib.sha256(f"{self.code_salt}:{normalised}".encode()).hexdigest()


class OneTimeCode(models.Model):
    """An IIT access code, stored only as a salted hash and its slot in the campaign's bitmap.

    Written once, when the codes are made, and never updated: a row that changed when its code
    was spent would carry the transaction id of the response written with it.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    slot = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "code_hash"], name="%(app_label)s_%(class)s_unique"
            ),
            models.UniqueConstraint(
                fields=["campaign", "slot"], name="%(app_label)s_%(class)s_unique_slot"
            ),
        ]


class SpentCodes(models.Model):
    """Which of a campaign's code slots are spent: one bit each, in one row per campaign.

    Every coded submission rewrites this one row (under its row lock, in the response's
    transaction), so its metadata names only the latest submission, never a code; the set itself
    has no order. 2,000 codes are 250 bytes.
    """

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, primary_key=True, related_name="spent_codes"
    )
    bits = models.BinaryField(default=bytes)

    class Meta:
        verbose_name = _("spent codes")
        verbose_name_plural = _("spent codes")

    def is_spent(self, slot: int) -> bool:
        bits = bytes(self.bits)
        return slot // 8 < len(bits) and bool(bits[slot // 8] & (1 << slot % 8))

    def spend(self, slot: int) -> None:
        bits = bytearray(self.bits)
        if slot // 8 >= len(bits):
            bits.extend(bytes(slot // 8 + 1 - len(bits)))
        bits[slot // 8] |= 1 << slot % 8
        self.bits = bytes(bits)

    def count(self) -> int:
        return sum(byte.bit_count() for byte in bytes(self.bits))


class Response(models.Model):
    """One person's answers. A random id and a date: nothing that points back to anyone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    part = models.PositiveSmallIntegerField(_("EIT part"), default=0)
    service_point = models.ForeignKey(
        ServicePoint,
        verbose_name=_("service point"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")


class Answer(models.Model):
    """One answer: a question (or sub-item) code and an option key from the questionnaire."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=20)
    option = models.CharField(max_length=30)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="%(app_label)s_%(class)s_once"
            )
        ]


class SubmissionReceipt(models.Model):
    """A form's one-use nonce, so a double tap or the back button never makes two responses.

    It records the nonce's hash only: not which response it produced, not when.
    """

    nonce_hash = models.CharField(max_length=64, primary_key=True)
