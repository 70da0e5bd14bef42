from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    province = models.CharField(_("province"), max_length=100)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["province", "name_th"]

    def __str__(self) -> str:
        return self.name_th
