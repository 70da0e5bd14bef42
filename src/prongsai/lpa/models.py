"""LPA: the Department of Local Administration's yearly performance assessment of an
organisation (การประเมินประสิทธิภาพขององค์กรปกครองส่วนท้องถิ่น), five areas each with a full
score and a score, as a province publishes them in one table (seed 004, §A9)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.lpa.calc import AREAS, percent

AREA_NAMES = {
    1: "การบริหารจัดการ",
    2: "การบริหารงานบุคคลและกิจการสภา",
    3: "การบริหารงานการเงินและการคลัง",
    4: "การจัดบริการสาธารณะ",
    5: "ธรรมาภิบาล",
}


def _score_field(label):
    return models.DecimalField(label, max_digits=7, decimal_places=2)


class LpaResult(models.Model):
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="lpa_results",
    )
    year = models.PositiveIntegerField(_("year (B.E.)"))
    area1_full = _score_field(_("area 1 full score"))
    area1_got = _score_field(_("area 1 score"))
    area2_full = _score_field(_("area 2 full score"))
    area2_got = _score_field(_("area 2 score"))
    area3_full = _score_field(_("area 3 full score"))
    area3_got = _score_field(_("area 3 score"))
    area4_full = _score_field(_("area 4 full score"))
    area4_got = _score_field(_("area 4 score"))
    area5_full = _score_field(_("area 5 full score"))
    area5_got = _score_field(_("area 5 score"))
    # the ratio of the sums, half-up to 2 places (stored: pages sort and rank by it)
    total_percent = models.DecimalField(_("total per cent"), max_digits=5, decimal_places=2)
    rank = models.PositiveIntegerField(_("rank in the province"))
    published_rank = models.PositiveIntegerField(_("rank as published"), null=True, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("LPA result")
        verbose_name_plural = _("LPA results")
        ordering = ["year", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year"], name="%(app_label)s_%(class)s_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org} LPA {self.year}"

    def areas(self) -> list[dict]:
        out = []
        for n in AREAS:
            full, got = getattr(self, f"area{n}_full"), getattr(self, f"area{n}_got")
            out.append(
                {"number": n, "name": AREA_NAMES[n], "full": full, "got": got,
                 "percent": percent(got, full)}
            )  # fmt: skip
        return out

    @property
    def total_full(self) -> Decimal:
        return sum((getattr(self, f"area{n}_full") for n in AREAS), Decimal(0))

    @property
    def total_got(self) -> Decimal:
        return sum((getattr(self, f"area{n}_got") for n in AREAS), Decimal(0))


class LpaPointsBand(models.Model):
    """How many points an LPA total per cent brings in the reward evaluation (seed 004, §A10):
    editable data, because the rule is not published. The seed shows ≥ 80 → 10 and
    77.14–79.57 → 8; below that nobody knows (points left empty, `known` off)."""

    minimum = models.DecimalField(_("from per cent (inclusive)"), max_digits=5, decimal_places=2)
    maximum = models.DecimalField(
        _("below per cent (exclusive)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    points = models.DecimalField(_("points"), max_digits=4, decimal_places=2, null=True, blank=True)
    known = models.BooleanField(_("seen in a published table"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("LPA points band")
        verbose_name_plural = _("LPA points bands")
        ordering = ["-minimum"]

    def __str__(self) -> str:
        return f"{self.minimum}–{self.maximum or ''}: {self.points if self.points is not None else '?'}"


def points_for(total_percent: Decimal, bands=None) -> LpaPointsBand | None:
    """The band an LPA total per cent falls in (None: no band covers it)."""
    for band in bands if bands is not None else LpaPointsBand.objects.all():
        if total_percent >= band.minimum and (band.maximum is None or total_percent < band.maximum):
            return band
    return None
