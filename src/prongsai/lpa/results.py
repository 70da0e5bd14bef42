"""LPA results as pages and commands give them."""

from __future__ import annotations

from prongsai.lpa.models import LpaPointsBand, LpaResult, points_for


def plain(value) -> str:
    """445.00 → "445", 52.50 → "52.5": a score as the table prints it."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def province_results(province: str, year: int) -> list[LpaResult]:
    return list(
        LpaResult.objects.filter(org__province=province, year=year)
        .select_related("org")
        .order_by("rank", "org__name_th")
    )


def as_json(results: list[LpaResult]) -> list[dict]:
    bands = list(LpaPointsBand.objects.all())
    out = []
    for r in results:
        band = points_for(r.total_percent, bands)
        out.append(
            {
                "rank": r.rank,
                "published_rank": r.published_rank,
                "organisation": r.org.name_th,
                "slug": r.org.slug,
                "district": r.org.district,
                "areas": [
                    {
                        "area": a["number"],
                        "name": a["name"],
                        "full": plain(a["full"]),
                        "score": plain(a["got"]),
                        "percent": str(a["percent"]),
                    }
                    for a in r.areas()
                ],  # fmt: skip
                "total_full": plain(r.total_full),
                "total_score": plain(r.total_got),
                "total_percent": str(r.total_percent),
                "points": None if band is None or band.points is None else plain(band.points),
                "points_known": bool(band and band.known),
            }
        )
    return out
