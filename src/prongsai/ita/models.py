from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItaResult(models.Model):
    """The ITA results ITAS gave one organisation for one fiscal year, as entered or imported."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        IMPORT = "import", _("Imported from a file")
        DEMO = "demo", _("Demo data")

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="ita_results",
    )
    year = models.PositiveIntegerField(_("fiscal year (B.E.)"))
    framework = models.ForeignKey(
        "frameworks.Framework",
        verbose_name=_("ITA criteria"),
        on_delete=models.PROTECT,  # criteria an assessment uses cannot be removed
        related_name="results",
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("ITA result")
        verbose_name_plural = _("ITA results")
        ordering = ["org", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year"],
                name="%(app_label)s_%(class)s_one_per_year",
                violation_error_message=_("This organisation has results for that year already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.year}"


class Score(models.Model):
    """One published figure: an indicator (code '1'…'10'), a question (i1, e4 — per EIT part or
    combined) or an OIT item (o12: 100 pass, 0 fail)."""

    class Level(models.TextChoices):
        INDICATOR = "indicator", _("indicator")
        QUESTION = "question", _("question")
        ITEM = "item", _("OIT item")

    result = models.ForeignKey(
        ItaResult, verbose_name=_("ITA result"), on_delete=models.CASCADE, related_name="scores"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    code = models.CharField(_("code"), max_length=20)
    part = models.PositiveSmallIntegerField(
        _("EIT part"), default=0, help_text=_("0: combined, or not an EIT question.")
    )
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=4)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["result", "level", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "level", "code", "part"],
                name="%(app_label)s_%(class)s_unique_code",
                violation_error_message=_("This figure is there already."),
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100),
                name="%(app_label)s_%(class)s_score_0_100",
                violation_error_message=_("A score is between 0 and 100."),
            ),
        ]


class IndicatorAnalysis(models.Model):
    """The officer's cause (สาเหตุ) and guideline (แนวทางการยกระดับ) for one indicator of a year."""

    result = models.ForeignKey(
        ItaResult, verbose_name=_("ITA result"), on_delete=models.CASCADE, related_name="analyses"
    )
    indicator = models.PositiveSmallIntegerField(_("indicator"))
    cause = models.TextField(_("cause"), blank=True)
    guideline = models.TextField(_("guideline to raise the score"), blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("indicator analysis")
        verbose_name_plural = _("indicator analyses")
        constraints = [
            models.UniqueConstraint(
                fields=["result", "indicator"], name="%(app_label)s_%(class)s_one_per_indicator"
            )
        ]
