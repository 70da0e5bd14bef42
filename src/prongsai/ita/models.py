from __future__ import annotations

from decimal import Decimal

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


class OrgYearSummary(models.Model):
    """One organisation-year's figures as scored from its stored results, kept up to date when
    the results change (results.save_results; `prongsai ita summarise` rebuilds them all), so
    the province and national pages read figures instead of scoring every organisation."""

    result = models.OneToOneField(
        ItaResult, verbose_name=_("ITA result"), on_delete=models.CASCADE, related_name="summary"
    )
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="ita_summaries",
    )
    year = models.PositiveIntegerField(_("fiscal year (B.E.)"))
    iit = models.DecimalField("IIT", max_digits=5, decimal_places=2, null=True)
    eit = models.DecimalField("EIT", max_digits=5, decimal_places=2, null=True)
    oit = models.DecimalField("OIT", max_digits=5, decimal_places=2, null=True)
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2, null=True)
    passed = models.BooleanField(_("passed"), null=True)
    rating_code = models.CharField(_("rating code"), max_length=20, blank=True)
    rating_th = models.CharField(_("rating"), max_length=100, blank=True)
    # {"1": "85.20", …}: each indicator's score, 2 places, as text (exact); missing: absent.
    indicators = models.JSONField(_("indicator scores"), default=dict)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("ITA summary")
        verbose_name_plural = _("ITA summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year"], name="%(app_label)s_%(class)s_one_per_year"
            )
        ]
        indexes = [models.Index(fields=["year", "total"], name="ita_summary_year_total")]
        permissions = [
            ("view_national", _("Can read the national comparison")),
            ("import_province_results", _("Can import results for a whole province")),
        ]

    def indicator(self, number: int) -> Decimal | None:
        value = self.indicators.get(str(number))
        return None if value is None else Decimal(value)


class WeakPoint(models.Model):
    """A failed OIT item or one of the lowest questions of an organisation-year: what the
    province page counts across organisations (where to train)."""

    class Level(models.TextChoices):
        ITEM = "item", _("failed OIT item")
        QUESTION = "question", _("lowest question")

    summary = models.ForeignKey(
        OrgYearSummary,
        verbose_name=_("ITA summary"),
        on_delete=models.CASCADE,
        related_name="weak_points",
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    code = models.CharField(_("code"), max_length=20)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=4)

    class Meta:
        verbose_name = _("weak point")
        verbose_name_plural = _("weak points")
        indexes = [models.Index(fields=["summary", "level"], name="ita_weakpoint_summary_level")]
