from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.thai import fiscal_year_bounds


class ActionPlan(models.Model):
    """An anti-corruption action plan over several fiscal years (แผนปฏิบัติการป้องกันการทุจริต)."""

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    title = models.CharField(_("title"), max_length=500)
    first_year = models.PositiveIntegerField(_("first fiscal year (B.E.)"))
    last_year = models.PositiveIntegerField(_("last fiscal year (B.E.)"))
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    signatory_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=200, blank=True)
    preface = models.TextField(_("preface"), blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    benefits = models.TextField(_("benefits"), blank=True)

    class Meta:
        verbose_name = _("anti-corruption action plan")
        verbose_name_plural = _("anti-corruption action plans")
        ordering = ["org", "-first_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="%(app_label)s_%(class)s_years_in_order",
                violation_error_message=_("The plan must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))


class PlanTarget(models.Model):
    """A target of the plan for one fiscal year (ค่าเป้าหมาย), e.g. the ITA score to reach."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("indicator"), max_length=300)
    fiscal_year = models.PositiveIntegerField(_("fiscal year (B.E.)"))
    target = models.CharField(_("target"), max_length=100)

    class Meta:
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        ordering = ["plan", "indicator", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator", "fiscal_year"], name="%(app_label)s_%(class)s_unique"
            )
        ]


class Dimension(models.Model):
    """A dimension (มิติ) of the plan."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="dimensions")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="%(app_label)s_%(class)s_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class SubSection(models.Model):
    """A mission under a dimension (ภารกิจ, e.g. 1.1.1) that projects belong to."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="subsections")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=500)

    class Meta:
        verbose_name = _("sub-section")
        verbose_name_plural = _("sub-sections")
        ordering = ["dimension", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "code"], name="%(app_label)s_%(class)s_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Project(models.Model):
    """A project, activity or measure sheet of the plan, with the standard nine fields."""

    class Kind(models.TextChoices):
        PROJECT = "project", _("Project (โครงการ)")
        ACTIVITY = "activity", _("Activity (กิจกรรม)")
        MEASURE = "measure", _("Measure (มาตรการ)")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="projects")
    subsection = models.ForeignKey(
        SubSection, verbose_name=_("sub-section"), on_delete=models.PROTECT, related_name="projects"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROJECT)
    name = models.CharField(_("name"), max_length=500)
    rationale = models.TextField(_("rationale"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    target_group = models.TextField(_("target group"), blank=True)
    method = models.TextField(_("method and steps"), blank=True)
    start_year = models.PositiveIntegerField(_("from fiscal year"))
    end_year = models.PositiveIntegerField(_("to fiscal year"))
    responsible = models.ForeignKey(
        "orgs.Unit", verbose_name=_("responsible unit"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="projects",
    )  # fmt: skip
    responsible_text = models.CharField(_("responsible (as written)"), max_length=300, blank=True)
    place = models.CharField("สถานที่ดำเนินการ", max_length=300, blank=True)
    outputs = models.TextField(_("outputs"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["plan", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="%(app_label)s_%(class)s_years_in_order",
                violation_error_message=_("The period must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        plan = self.plan if self.plan_id else None
        if plan and self.start_year and self.end_year:
            if self.start_year < plan.first_year or self.end_year > plan.last_year:
                errors["start_year"] = _("The period must lie within the plan's years (%(first)s–%(last)s).") % {
                    "first": plan.first_year, "last": plan.last_year,
                }  # fmt: skip
        if plan and self.subsection_id and self.subsection.dimension.plan_id != plan.pk:
            errors["subsection"] = _("Choose a sub-section of this plan.")
        if plan and self.responsible_id and self.responsible.org_id != plan.org_id:
            errors["responsible"] = _("Choose a unit of this organisation.")
        if errors:
            raise ValidationError(errors)

    def set_budgets(self, amounts: dict) -> None:
        """Make the budgets exactly `amounts` ({fiscal year: baht}; empty or 0: no budget), row
        by row, so the audit trail sees each amount that changed (a bulk replace would not)."""
        wanted = {year: amount for year, amount in amounts.items() if amount}
        for budget in self.budgets.all():
            amount = wanted.pop(budget.fiscal_year, None)
            if amount is None:
                budget.delete()
            elif amount != budget.amount:
                budget.amount = amount
                budget.save(update_fields=["amount"])
        for year, amount in wanted.items():
            Budget.objects.create(project=self, fiscal_year=year, amount=amount)


class Budget(models.Model):
    """The budget of a project in one fiscal year (baht). No rows: ไม่ใช้งบประมาณ."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budgets")
    fiscal_year = models.PositiveIntegerField(_("fiscal year (B.E.)"))
    amount = models.DecimalField(_("amount (baht)"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["project", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "fiscal_year"], name="%(app_label)s_%(class)s_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="%(app_label)s_%(class)s_not_negative",
                violation_error_message=_("A budget cannot be negative."),
            ),
        ]


class ProjectIndicator(models.Model):
    """A measurable output or outcome of a project with its target (ตัวชี้วัด / ค่าเป้าหมาย)."""

    class Kind(models.TextChoices):
        OUTPUT = "output", _("Output")
        OUTCOME = "outcome", _("Outcome")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("indicator"), max_length=500)
    target = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("project indicator")
        verbose_name_plural = _("project indicators")
        ordering = ["project", "kind", "id"]


class Progress(models.Model):
    """What a project did in a reporting round: the 6-month round or the whole year."""

    class Round(models.TextChoices):
        HALF = "h1", _("6-month report")
        ANNUAL = "annual", _("Annual report")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress")
    fiscal_year = models.PositiveIntegerField(_("fiscal year (B.E.)"))
    round = models.CharField(_("round"), max_length=10, choices=Round.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(
        _("done (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    spent = models.DecimalField(
        _("budget spent (baht)"), max_digits=14, decimal_places=2, default=0
    )
    done = models.TextField(_("what was done"), blank=True)
    achieved = models.TextField(_("outputs achieved against the targets"), blank=True)
    evidence = models.TextField(_("evidence (links or file names)"), blank=True)
    problems = models.TextField(_("problems and obstacles"), blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["project", "fiscal_year", "round"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "fiscal_year", "round"],
                name="%(app_label)s_%(class)s_one_per_round",
            ),
            models.CheckConstraint(
                condition=models.Q(percent__lte=100) & models.Q(spent__gte=0),
                name="%(app_label)s_%(class)s_sane",
                violation_error_message=_(
                    "Progress is at most 100% and spending cannot be negative."
                ),
            ),
        ]


class RiskAssessment(models.Model):
    """A corruption risk assessment of one organisation and year (การประเมินความเสี่ยงการทุจริต)."""

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="risk_assessments",
    )
    year = models.PositiveIntegerField(_("fiscal year (B.E.)"))
    matrix = models.CharField(_("risk matrix"), max_length=40, default="default-5x5")

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["org", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="%(app_label)s_%(class)s_unique")
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.year}"


class RiskItem(models.Model):
    """One process or topic with its corruption risk, scored on the assessment's matrix."""

    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    process = models.CharField(_("process or topic"), max_length=300)
    risk = models.TextField(_("risk of corruption"))
    likelihood = models.PositiveSmallIntegerField(_("likelihood"))
    impact = models.PositiveSmallIntegerField(_("impact"))
    existing_controls = models.TextField(_("existing controls"), blank=True)
    new_controls = models.TextField(_("new control measures"), blank=True)
    owner = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risks",
    )
    review_on = models.DateField(_("next review"), null=True, blank=True)
    projects = models.ManyToManyField(
        Project, verbose_name=_("plan projects"), blank=True, related_name="risks"
    )
    measures = models.ManyToManyField(
        "IntegrityMeasure", verbose_name=_("integrity measures"), blank=True, related_name="risks"
    )

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["assessment", "order", "id"]


class RiskReview(models.Model):
    """A record that a risk was looked at again, and what was found."""

    item = models.ForeignKey(RiskItem, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    note = models.TextField(_("finding"))
    reviewer = models.CharField(_("reviewer"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("risk review")
        verbose_name_plural = _("risk reviews")
        ordering = ["item", "-reviewed_on"]


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
    monitoring = models.CharField(
        _("reported to the executives"),
        max_length=10,
        choices=[
            ("h1", _("every 6 months")),
            ("annual", _("yearly")),
            ("both", _("every 6 months and yearly")),
        ],
        default="both",
    )
    success = models.TextField(_("success and benefits"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    certifier_name = models.CharField(_("certified by"), max_length=200, blank=True)
    certifier_position = models.CharField(_("certifier's position"), max_length=200, blank=True)
    reporter_name = models.CharField(_("reported by"), max_length=200, blank=True)
    reporter_position = models.CharField(_("reporter's position"), max_length=200, blank=True)
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


class MeasureResult(models.Model):
    """What an integrity measure achieved in a reporting round."""

    measure = models.ForeignKey(
        IntegrityMeasure, on_delete=models.CASCADE, related_name="round_results"
    )
    fiscal_year = models.PositiveIntegerField(_("fiscal year (B.E.)"))
    round = models.CharField(_("round"), max_length=10, choices=Progress.Round.choices)
    result = models.TextField(_("result"))
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        verbose_name = _("measure result")
        verbose_name_plural = _("measure results")
        ordering = ["measure", "fiscal_year", "round"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "fiscal_year", "round"],
                name="%(app_label)s_%(class)s_one_per_round",
            )
        ]
