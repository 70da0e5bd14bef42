from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.geo.models import District, Province, Subdistrict


class OrganisationQuerySet(models.QuerySet):
    def for_user(self, user) -> OrganisationQuerySet:
        """Organisations the user may read: memberships, plus whole provinces for province roles."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        provinces = ProvinceRole.objects.reading(user).values("province")
        return self.filter(
            models.Q(memberships__user=user) | models.Q(province__in=provinces)
        ).distinct()


CODE_VALIDATOR = RegexValidator(r"^[0-9]{4,10}$", _("The organisation code is 4 to 10 digits."))


def emblem_upload_to(instance: Organisation, filename: str) -> str:
    suffix = ".jpg" if filename.lower().endswith((".jpg", ".jpeg")) else ".png"
    return f"emblems/{instance.slug}/{secrets.token_hex(8)}{suffix}"


class Organisation(models.Model):
    """A local government organisation (อปท.) or another agency assessed by the ITA."""

    class Kind(models.TextChoices):
        PAO = "pao", _("Provincial administrative organisation (อบจ.)")
        CITY = "city", _("City municipality (เทศบาลนคร)")
        TOWN = "town", _("Town municipality (เทศบาลเมือง)")
        SUBDISTRICT_MUNICIPALITY = (
            "subdistrict_municipality",
            _("Subdistrict municipality (เทศบาลตำบล)"),
        )
        SAO = "sao", _("Subdistrict administrative organisation (อบต.)")
        OTHER = "other", _("Other agency")

    class Size(models.TextChoices):
        S = "S", _("Small")
        M = "M", _("Medium")
        L = "L", _("Large")

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    # รหัส อปท.: the Department of Local Administration's code, the key of the register import.
    code = models.CharField(
        _("organisation code"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        validators=[CODE_VALIDATOR],
    )
    name_th = models.CharField(_("Thai name"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    size = models.CharField(_("size"), max_length=1, choices=Size.choices, default=Size.M)
    region = models.CharField(_("region"), max_length=60, blank=True)
    province = models.CharField(_("province"), max_length=100)
    district = models.CharField(_("district"), max_length=100, blank=True)
    # Where it is, as the shipped geography (prongsai.geo). The text fields above keep the names
    # (pages and filters use them) and are filled from these whenever these are set.
    geo_province = models.ForeignKey(
        Province,
        verbose_name=_("province (register)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    geo_district = models.ForeignKey(
        District,
        verbose_name=_("district (register)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subdistrict = models.ForeignKey(
        Subdistrict,
        verbose_name=_("subdistrict"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    website = models.URLField(_("main website"), blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    head_name = models.CharField(_("head of the organisation"), max_length=200, blank=True)
    head_position = models.CharField(_("head's position"), max_length=200, blank=True)
    # The emblem or seal printed at the head of its announcements (PNG or JPEG, re-encoded on upload).
    emblem = models.FileField(_("emblem"), upload_to=emblem_upload_to, blank=True)
    thai_digits = models.BooleanField(
        _("Thai digits in documents"), default=True, help_text=_("Off: Arabic digits.")
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["province", "name_th"]

    def __str__(self) -> str:
        return self.name_th

    def save(self, *args, **kwargs) -> None:
        self.fill_place_names()
        super().save(*args, **kwargs)

    def fill_place_names(self) -> None:
        """The province and district names (and links) follow the most precise place given."""
        if self.subdistrict_id:
            self.geo_district = self.subdistrict.district
        if self.geo_district_id:
            self.geo_province_id = self.geo_district.province_id
            self.district = self.geo_district.name_th
        if self.geo_province_id:
            self.province = self.geo_province.name_th


class Unit(models.Model):
    """A division of an organisation (สำนักปลัด, กองคลัง, …): the 'responsible' of measures."""

    org = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["org", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("This organisation has a unit of that name already."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    """A position in a unit with how many posts are filled and vacant (อัตรากำลัง)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="positions"
    )
    title = models.CharField(_("title"), max_length=200)
    occupied = models.PositiveSmallIntegerField(_("occupied"), default=0)
    vacant = models.PositiveSmallIntegerField(_("vacant"), default=0)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["unit", "id"]

    def __str__(self) -> str:
        return self.title


class Membership(models.Model):
    """A user's role in one organisation."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        OFFICER = "officer", _("Officer (edits)")
        EXECUTIVE = "executive", _("Executive (reads, signs off)")
        AUDITOR = "auditor", _("Auditor (reads)")

    WRITE_ROLES = (Role.ADMIN, Role.OFFICER)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    org = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # How documents and pages name the person: "นางสาวสมศรี ดูแลดี, นิติกรชำนาญการ".
    position = models.CharField(_("position"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "org"],
                name="%(app_label)s_%(class)s_one_role_per_org",
                violation_error_message=_("This user has a role in this organisation already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.org} ({self.get_role_display()})"

    @property
    def person(self) -> str:
        """The person's name and position, never a bare user name where a name is known."""
        name = self.user.get_full_name() or self.user.get_username()
        return f"{name}, {self.position}" if self.position else name


class ProvinceRoleQuerySet(models.QuerySet):
    def reading(self, user) -> ProvinceRoleQuerySet:
        """The user's roles that read a province: every role does (administering includes it)."""
        return self.filter(user=user)

    def administering(self, user) -> ProvinceRoleQuerySet:
        """Only the roles that administer: reading never quietly grants administering."""
        return self.filter(user=user, role=ProvinceRole.Role.ADMINISTRATOR)


class ProvinceRole(models.Model):
    """A user's role over every organisation of a province.

    A reader (a provincial office) reads them all. An administrator (สถ.จ.) also adds the
    province's organisations, invites their administrators, resets their access, imports the
    province's results and LPA table, makes its API tokens and publishes provisional criteria for
    the province. One role per user and province: administering includes reading. What each role
    may do is decided in orgs.access (`reads_province`, `administers_province`, `province_gate`).
    """

    class Role(models.TextChoices):
        READER = "reader", _("provincial reader")
        ADMINISTRATOR = "administrator", _("province administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="province_roles",
    )
    province = models.CharField(_("province"), max_length=100)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.READER)

    objects = ProvinceRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("province role")
        verbose_name_plural = _("province roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "province"], name="%(app_label)s_%(class)s_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.province} ({self.get_role_display()})"

    def clean(self) -> None:
        # A misspelt province would give a role over no organisation, silently.
        if self.province and not Province.objects.filter(name_th=self.province).exists():
            raise ValidationError(
                {"province": _("No province has this name: give its Thai name, e.g. ชลบุรี.")}
            )
