"""Thailand's provinces, districts and subdistricts (shipped data, see data/SOURCE.md).

Loaded after every migrate (data_load.py) and never edited in the application: organisations
point at them, and the Thai names are the key the register import and the pages use.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name_th"]

    def __str__(self) -> str:
        return self.name_th


class District(models.Model):
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.CASCADE, related_name="districts"
    )
    code = models.CharField(_("code"), max_length=4, blank=True)
    name_th = models.CharField(_("Thai name"), max_length=100)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["province", "name_th"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name_th"], name="geo_district_unique")
        ]

    def __str__(self) -> str:
        return self.name_th


class Subdistrict(models.Model):
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.CASCADE, related_name="subdistricts"
    )
    code = models.CharField(_("code"), max_length=6, blank=True)
    name_th = models.CharField(_("Thai name"), max_length=100)
    postcode = models.CharField(_("postcode"), max_length=11, blank=True)

    class Meta:
        verbose_name = _("subdistrict")
        verbose_name_plural = _("subdistricts")
        ordering = ["district", "name_th"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name_th"], name="geo_subdistrict_unique")
        ]

    def __str__(self) -> str:
        return self.name_th
