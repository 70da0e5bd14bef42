"""An organisation's ethics work: its additions to the national code, its ethical standards with
indicators and yearly values, the No Gift Policy announcement and activities, and the gift register.

The national code of ethics itself is not a model: it is shipped data (`data/`, read by
`ethics.code`), so no form, view or admin page can change it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.ethics.gift_rules import LIMIT_CODE, GiftRule, gift_rule, normalise
from prongsai.orgs.models import Membership
from prongsai.thai import fiscal_year, fiscal_year_bounds, format_baht, thai_date

DEFAULT_SLOGAN = "งดให้ งดรับ"
DEFAULT_TAGLINE = "เปลี่ยนของขวัญ...เป็นคำอวยพร"


class EthicsAddition(models.Model):
    """An organisation's own ethics requirement (ข้อกำหนดจริยธรรมเพิ่มเติม) added to the national code.

    The national code (ข้อ 6) lets each organisation add requirements that fit its own work; they
    are printed after the national items in the code announcement.
    """

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="ethics_additions",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("requirement"))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("addition to the code of ethics")
        verbose_name_plural = _("additions to the code of ethics")
        ordering = ["org", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_(
                    "This organisation has an addition of that number already."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class BehaviourGroup(models.Model):
    """A group of desired behaviours (พฤติกรรมที่พึงประสงค์) with its purpose, beside some standards."""

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="behaviour_groups",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    purpose = models.CharField(_("purpose"), max_length=300)
    items = models.TextField(_("desired behaviours"), help_text=_("One per line."))

    class Meta:
        verbose_name = _("desired behaviour group")
        verbose_name_plural = _("desired behaviour groups")
        ordering = ["org", "order", "id"]

    def __str__(self) -> str:
        return self.purpose

    def item_list(self) -> list[str]:
        return [line.strip() for line in self.items.splitlines() if line.strip()]


class Standard(models.Model):
    """An ethical standard the organisation holds its staff to (มาตรฐานทางคุณธรรมและจริยธรรม), with
    its meaning, practice guidelines and indicators."""

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="ethical_standards",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("standard"), max_length=500)
    meaning = models.TextField(_("meaning"), blank=True, help_text=_("One point per line."))
    practices = models.TextField(
        _("practice guidelines"), blank=True, help_text=_("One guideline per line.")
    )
    behaviour_group = models.ForeignKey(
        BehaviourGroup,
        verbose_name=_("desired behaviours"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="standards",
    )

    class Meta:
        verbose_name = _("ethical standard")
        verbose_name_plural = _("ethical standards")
        ordering = ["org", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_(
                    "This organisation has a standard of that number already."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def meaning_list(self) -> list[str]:
        return [line.strip() for line in self.meaning.splitlines() if line.strip()]

    def practice_list(self) -> list[str]:
        return [line.strip() for line in self.practices.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.behaviour_group_id and self.behaviour_group.org_id != self.org_id:
            raise ValidationError({"behaviour_group": _("Choose a group of this organisation.")})


class Indicator(models.Model):
    """An indicator of a standard (ตัวชี้วัด) and where its value of a year comes from.

    Entered and training indicators are typed in per year; complaints and satisfaction indicators
    are computed from Prongsai's own registers when they have the year's data (`ethics.indicators`).
    """

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered per year")
        TRAINING = "training", _("Training count, entered per year")
        COMPLAINTS = "complaints", _("Computed: complaints received")
        SATISFACTION = "satisfaction", _("Computed: share satisfied in the satisfaction survey")

    class Unit(models.TextChoices):
        COUNT = "count", _("count")
        PERCENT = "percent", _("per cent")

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", _("at least the target (higher is better)")
        AT_MOST = "at_most", _("at most the target (lower is better)")

    COMPUTED = (Source.COMPLAINTS, Source.SATISFACTION)

    standard = models.ForeignKey(
        Standard, verbose_name=_("standard"), on_delete=models.CASCADE, related_name="indicators"
    )
    number = models.PositiveSmallIntegerField(_("number as printed"))
    text = models.CharField(_("indicator"), max_length=500)
    unit = models.CharField(
        _("unit of measure"), max_length=10, choices=Unit.choices, default=Unit.COUNT
    )
    source = models.CharField(
        _("value from"), max_length=20, choices=Source.choices, default=Source.ENTERED
    )
    complaint_category = models.CharField(
        _("complaint category"), max_length=40, blank=True, help_text=_("Empty: every category.")
    )
    complaint_outcome = models.CharField(
        _("complaint outcome"), max_length=40, blank=True, help_text=_("Empty: every outcome.")
    )
    direction = models.CharField(
        _("target direction"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST
    )

    class Meta:
        verbose_name = _("ethics indicator")
        verbose_name_plural = _("ethics indicators")
        ordering = ["standard", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_("This standard has an indicator of that number already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard.number}.{self.number} {self.text}"

    @property
    def computed(self) -> bool:
        return self.source in self.COMPUTED


class IndicatorYear(models.Model):
    """An indicator's target and entered value for one fiscal year (ค่าเป้าหมาย / ผลการดำเนินงาน)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="years"
    )
    fiscal_year = models.PositiveIntegerField(_("fiscal year (B.E.)"))
    value = models.DecimalField(
        _("value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    target = models.DecimalField(
        _("target"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year"], name="%(app_label)s_%(class)s_one_per_year"
            ),
            models.CheckConstraint(
                condition=(models.Q(value__gte=0) | models.Q(value__isnull=True))
                & (models.Q(target__gte=0) | models.Q(target__isnull=True)),
                name="%(app_label)s_%(class)s_not_negative",
                violation_error_message=_("A value or target cannot be negative."),
            ),
        ]


class NoGiftAnnouncement(models.Model):
    """The No Gift Policy announcement of a fiscal year (no_gift_announcement: ประกาศเจตนารมณ์
    No Gift Policy "งดให้ งดรับ"): every official of the organisation refuses gifts at every festival."""

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="no_gift_announcements",
    )
    fiscal_year = models.PositiveIntegerField(_("fiscal year (B.E.)"))
    slogan = models.CharField(_("slogan"), max_length=200, default=DEFAULT_SLOGAN)
    tagline = models.CharField(
        _("second line"), max_length=200, default=DEFAULT_TAGLINE, blank=True
    )
    signatory_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=200, blank=True)
    contact = models.CharField(
        _("contact"), max_length=300, blank=True, help_text=_("Office and telephone.")
    )
    announced_on = models.DateField(_("announced on"), null=True, blank=True)

    class Meta:
        verbose_name = _("No Gift Policy announcement")
        verbose_name_plural = _("No Gift Policy announcements")
        ordering = ["org", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "fiscal_year"],
                name="%(app_label)s_%(class)s_one_per_year",
                violation_error_message=_(
                    "This organisation has an announcement for that year already."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.org} No Gift Policy {self.fiscal_year}"

    @classmethod
    def for_year(cls, org, year: int) -> NoGiftAnnouncement:
        """The year's announcement, or an unsaved one filled in from the organisation's data."""
        found = cls.objects.filter(org=org, fiscal_year=year).first()
        if found:
            return found
        return cls(
            org=org,
            fiscal_year=year,
            signatory_name=org.head_name,
            signatory_position=org.head_position,
            contact=" ".join(
                p for p in (org.name_th, f"โทร {org.phone}" if org.phone else "") if p
            ),
        )


class NoGiftActivity(models.Model):
    """Something done to build the no-gift culture (กิจกรรมสร้างวัฒนธรรม No Gift Policy), with its
    evidence. It belongs to the fiscal year of its date."""

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="no_gift_activities",
    )
    held_on = models.DateField(_("date"))
    name = models.CharField(_("activity"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    evidence_url = models.URLField(_("evidence (link)"), blank=True)

    class Meta:
        verbose_name = _("No Gift Policy activity")
        verbose_name_plural = _("No Gift Policy activities")
        ordering = ["org", "held_on", "id"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def of_year(cls, org, year: int) -> models.QuerySet:
        return cls.objects.filter(org=org, held_on__range=fiscal_year_bounds(year))


class GiftEntry(models.Model):
    """A gift or other benefit offered to or received by a member of staff (ทะเบียนการรับ-ให้
    ของขวัญและประโยชน์อื่นใด): who, from whom, on what occasion, worth how much, and what was decided.

    A refused offer was never received; every other decision means the gift was received. Above
    the permitted value (`data/gift-rules.yaml`), counting the official's other gifts from the same
    giver for the same occasion in the fiscal year, the entry must carry a report to the superior
    and a decision other than keeping it.
    """

    class Relation(models.TextChoices):
        RELATIVE = "relative", _("Relative")
        NON_RELATIVE = "non_relative", _("Not a relative")

    class Decision(models.TextChoices):
        REFUSED = "refused", _("Refused")
        RETURNED = "returned", _("Returned")
        KEPT = "kept", _("Kept as allowed")
        HANDED_OVER = "handed_over", _("Handed to the organisation")

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="gift_entries",
    )
    date = models.DateField(_("date"))
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official (user)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A user of the organisation, or leave empty and write the name."),
    )
    official_name = models.CharField(_("official's name"), max_length=200, blank=True)
    official_position = models.CharField(_("official's position"), max_length=200, blank=True)
    giver = models.CharField(_("giver"), max_length=300)
    relation = models.CharField(
        _("relation to the official"), max_length=20, choices=Relation.choices
    )
    occasion = models.CharField(_("occasion"), max_length=300)
    description = models.TextField(_("gift or benefit"))
    value = models.DecimalField(
        _("estimated value (baht)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True)
    reported_on = models.DateField(_("reported to the superior on"), null=True, blank=True)
    reported_to = models.CharField(_("reported to"), max_length=200, blank=True)
    rule = models.CharField(_("rule applied"), max_length=40, blank=True, editable=False)
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("gift register entry")
        verbose_name_plural = _("gift register entries")
        ordering = ["org", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gte=0),
                name="%(app_label)s_%(class)s_value_not_negative",
                violation_error_message=_("A value cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return f"{thai_date(self.date, thai_digits=False)} {self.official_label} – {self.giver}"

    @property
    def official_label(self) -> str:
        if self.official_name:
            return self.official_name
        if self.official_id:
            return self.official.get_full_name() or self.official.get_username()
        return ""

    @property
    def received(self) -> bool:
        return self.decision != self.Decision.REFUSED

    @property
    def fiscal_year(self) -> int:
        return fiscal_year(self.date)

    def official_key(self) -> str:
        """Who received it, for summing: the user when one is named, else the written name."""
        return f"user:{self.official_id}" if self.official_id else normalise(self.official_name)

    def group_key(self) -> tuple:
        """Entries with the same key are one giver's gifts to one official for one occasion."""
        return (
            self.official_key(),
            normalise(self.giver),
            normalise(self.occasion),
            self.fiscal_year,
        )

    def same_gift_group(self) -> list[GiftEntry]:
        """The official's other entries from the same non-relative giver for the same occasion in
        the same fiscal year (one query). Matching ignores case and spacing of the texts."""
        candidates = GiftEntry.objects.filter(
            org_id=self.org_id,
            relation=self.Relation.NON_RELATIVE,
            date__range=fiscal_year_bounds(self.fiscal_year),
        ).exclude(pk=self.pk)
        key = self.group_key()
        return [e for e in candidates if e.group_key() == key]

    def group_total(self) -> Decimal:
        """What the official was given by this giver for this occasion, this entry included.

        Other entries' refused offers were never received and do not count; this entry counts
        with its own value whatever its decision, so an offer above the limit is reported too.
        """
        others = sum((e.value for e in self.same_gift_group() if e.received), Decimal(0))
        return others + (self.value or Decimal(0))

    def limit_errors(self, rule: GiftRule | None = None) -> dict[str, ValidationError]:
        """The permitted-value rule: {field: error} for what an entry above the limit lacks."""
        rule = rule or gift_rule()
        if (
            self.relation in rule.exempt_relations
            or self.value is None
            or not self.date
            or not self.giver
            or not self.occasion
        ):
            return {}
        total = self.group_total()
        if total <= rule.limit:
            return {}
        params = {"total": format_baht(total), "limit": format_baht(rule.limit)}
        errors = {}
        for field in ("reported_on", "reported_to"):
            if not getattr(self, field):
                errors[field] = ValidationError(
                    _(
                        "The gifts from this giver for this occasion come to %(total)s baht, above "
                        "the %(limit)s baht allowed: fill in “%(field)s”."
                    ),
                    code=LIMIT_CODE,
                    params=params | {"field": self._meta.get_field(field).verbose_name},
                )
        if self.decision == self.Decision.KEPT:
            errors["decision"] = ValidationError(
                _(
                    "The gifts from this giver for this occasion come to %(total)s baht, above the "
                    "%(limit)s baht allowed: “%(field)s” cannot be “%(kept)s”."
                ),
                code=LIMIT_CODE,
                params=params
                | {
                    "field": self._meta.get_field("decision").verbose_name,
                    "kept": self.Decision.KEPT.label,
                },
            )
        return errors

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if not self.official_id and not self.official_name.strip():
            errors["official_name"] = ValidationError(
                _("Choose the official or write the official's name.")
            )
        if self.official_id and self.org_id:
            if not Membership.objects.filter(user_id=self.official_id, org_id=self.org_id).exists():
                errors["official"] = ValidationError(_("Choose a user of this organisation."))
        if self.reported_on and self.date and self.reported_on < self.date:
            errors["reported_on"] = ValidationError(
                _("The report cannot come before the gift's date.")
            )
        if self.org_id:
            for field, error in self.limit_errors().items():
                errors.setdefault(field, error)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        # Which rule an entry was checked against stays with it when the rule file changes.
        if not self.rule:
            self.rule = gift_rule().code
        super().save(*args, **kwargs)
