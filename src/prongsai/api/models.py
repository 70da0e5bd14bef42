"""API tokens: scoped to one organisation or one province, read-only or read/write.

Only the SHA-256 of a token is stored, with its first characters to tell tokens apart; the
token itself is shown once, when it is made, and cannot be recovered (make a new one).
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_START = "prs_"  # every Prongsai token starts so, which secret scanners can look for
PREFIX_LENGTH = 12  # "prs_" and 8 random characters: shown in lists, never enough to use


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked__isnull=True)

    def issue(self, *, name: str, org=None, province: str = "", write: bool = False, by=None):
        """A new token: (the stored row, the token text to show once)."""
        token = TOKEN_START + secrets.token_urlsafe(32)
        row = self.create(
            name=name,
            org=org,
            province=province,
            write=write,
            prefix=token[:PREFIX_LENGTH],
            digest=digest_of(token),
            created_by=by,
        )
        return row, token

    def find(self, token: str) -> ApiToken | None:
        """The active token of that text, or None (also for text that is no token at all)."""
        if not token.startswith(TOKEN_START) or len(token) > 200:
            return None
        return self.active().select_related("org").filter(digest=digest_of(token)).first()


class ApiToken(models.Model):
    name = models.CharField(_("name"), max_length=100)
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
    )
    province = models.CharField(_("province"), max_length=100, blank=True)
    write = models.BooleanField(_("may write"), default=False)
    prefix = models.CharField(_("starts with"), max_length=PREFIX_LENGTH)
    digest = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(org__isnull=False) & models.Q(province=""))
                | (models.Q(org__isnull=True) & ~models.Q(province="")),
                name="%(app_label)s_%(class)s_org_xor_province",
                violation_error_message=_("A token is for one organisation or one province."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name}"

    @property
    def scope(self) -> str:
        return self.org.name_th if self.org_id else self.province

    def revoke(self) -> None:
        if self.revoked is None:
            self.revoked = timezone.now()
            self.save(update_fields=["revoked"])
