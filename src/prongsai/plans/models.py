from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.documents.thaifmt import fiscal_year_bounds


class IntegrityMeasure(models.Model):
    """A measure, project or activity to raise integrity (มาตรการส่งเสริมคุณธรรมและความโปร่งใส).

    Born in the ITA analysis as an improvement measure for an indicator, or added by hand; tracked
    through the year with its status, progress and results.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="measures",
    )
    fiscal_year = models.PositiveIntegerField(_("fiscal year of the measure (B.E.)"))
    ita_year = models.PositiveIntegerField(
        _("ITA year analysed"),
        null=True,
        blank=True,
        help_text=_("Empty for measures added by hand."),
    )
    indicator = models.PositiveSmallIntegerField(_("indicator"), null=True, blank=True)
    name = models.CharField(_("measure, project or activity"), max_length=500)
    analysis = models.TextField(_("analysis result"), blank=True)
    steps = models.TextField(_("steps"), blank=True)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    responsible = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    results = models.TextField(_("results"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("integrity measure")
        verbose_name_plural = _("integrity measures")
        ordering = ["org", "fiscal_year", "indicator", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="%(app_label)s_%(class)s_period_in_order",
                violation_error_message=_("The period must end after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="%(app_label)s_%(class)s_progress_at_most_100",
                violation_error_message=_("Progress is at most 100%."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def default_period(fiscal_year: int) -> tuple[date, date]:
        """A measure runs for the whole fiscal year unless said otherwise (ต.ค. – ก.ย.)."""
        return fiscal_year_bounds(fiscal_year)

    def clean(self) -> None:
        if self.responsible_id and self.responsible.org_id != self.org_id:
            raise ValidationError({"responsible": _("Choose a unit of this organisation.")})
