"""LPA arithmetic, exact: per cents half-up to 2 places; the total is the ratio of the sums,
not the mean of the five per cents (seed 004: 95.96 printed, where the mean would be 96.91)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

AREAS = (1, 2, 3, 4, 5)
TWO_PLACES = Decimal("0.01")


def percent(got: Decimal, full: Decimal) -> Decimal | None:
    if not full:
        return None
    return (Decimal(got) * 100 / Decimal(full)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def total_percent(fulls: list[Decimal], gots: list[Decimal]) -> Decimal:
    return percent(sum(gots, Decimal(0)), sum(fulls, Decimal(0)))
