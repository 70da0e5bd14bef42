from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class FrameworkQuerySet(models.QuerySet):
    def delete(self):
        # Bulk deletes skip Model.delete(); the guard must hold here too.
        if self.filter(builtin=True).exists():
            raise PermissionDenied(_("Built-in criteria cannot be deleted."))
        return super().delete()


class Framework(models.Model):
    """One version of a set of ITA criteria (เกณฑ์การประเมิน ITA) for one fiscal year.

    Built-in rows mirror the YAML files shipped in `data/` and are read-only; an organisation's
    own (custom) rows come from an imported YAML file or Excel workbook.
    """

    urn = models.CharField(_("URN"), max_length=200)
    version = models.PositiveIntegerField(_("version"))
    year = models.PositiveIntegerField(_("fiscal year (B.E.)"))
    name_th = models.CharField(_("Thai name"), max_length=300)
    builtin = models.BooleanField(_("shipped with Prongsai"), default=False, editable=False)
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="frameworks",
        help_text=_("Empty for built-in criteria."),
    )
    # Provisional criteria a province administrator publishes for the whole province: every
    # organisation of the province uses them unless it has its own (drafts.py).
    province = models.CharField(_("province"), max_length=100, blank=True, db_index=True)

    class Status(models.TextChoices):
        STORED = "", _("stored (built-in or imported file)")
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published for the organisation")

    # A draft is an organisation's copy of the previous year for a year nobody has published
    # (drafts.py); published, it is the organisation's criteria for that year.
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default="", blank=True
    )
    based_on_year = models.PositiveIntegerField(_("copied from the year"), null=True, blank=True)
    document = models.JSONField(_("criteria document"), editable=False)
    checksum = models.CharField(_("checksum"), max_length=64, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("ITA criteria")
        verbose_name_plural = _("ITA criteria")
        ordering = ["year", "urn", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["urn", "version"],
                name="%(app_label)s_%(class)s_unique_urn_version",
                violation_error_message=_("This version of these criteria exists already."),
            ),
            models.CheckConstraint(
                condition=models.Q(builtin=True, org__isnull=True, province="")
                | models.Q(builtin=False, org__isnull=False, province="")
                | models.Q(builtin=False, org__isnull=True, province__gt=""),
                name="%(app_label)s_%(class)s_builtin_xor_org",
                violation_error_message=_(
                    "Built-in criteria belong to no organisation; custom ones to one "
                    "organisation or one province."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_th} (v{self.version})"

    def delete(self, *args, **kwargs):
        if self.builtin:
            raise PermissionDenied(_("Built-in criteria cannot be deleted."))
        return super().delete(*args, **kwargs)
