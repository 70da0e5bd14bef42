"""Put the shipped geography into the database after every migrate; cheap when it is there."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from django.db import connections, transaction

from prongsai.geo.models import District, Province, Subdistrict

DATA = Path(__file__).resolve().parent / "data" / "thailand.csv"


@cache
def shipped_rows() -> tuple[dict, ...]:
    with DATA.open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def load_geography(using: str = "default", **kwargs) -> None:
    """Create the provinces, districts and subdistricts the database lacks (none when complete)."""
    rows = shipped_rows()
    if Subdistrict.objects.using(using).count() == len(rows):
        return
    with transaction.atomic(using=using):
        provinces = {p.name_th: p for p in Province.objects.using(using)}
        new = {}
        for r in rows:
            if r["province"] not in provinces and r["province"] not in new:
                new[r["province"]] = Province(code=r["province_code"], name_th=r["province"])
        Province.objects.using(using).bulk_create(new.values())
        provinces = {p.name_th: p for p in Province.objects.using(using)}
        districts = {(d.province_id, d.name_th): d for d in District.objects.using(using)}
        new_d = {}
        for r in rows:
            key = (provinces[r["province"]].pk, r["district"])
            if key not in districts and key not in new_d:
                new_d[key] = District(province_id=key[0], code=r["district_code"], name_th=key[1])
        District.objects.using(using).bulk_create(new_d.values())
        districts = {(d.province_id, d.name_th): d for d in District.objects.using(using)}
        have = set(Subdistrict.objects.using(using).values_list("district_id", "name_th"))
        new_s = []
        for r in rows:
            district = districts[(provinces[r["province"]].pk, r["district"])]
            if (district.pk, r["subdistrict"]) not in have:
                have.add((district.pk, r["subdistrict"]))
                new_s.append((district.pk, r["subdistrict_code"], r["subdistrict"], r["postcode"]))
        # One prepared statement for the ~7,500 rows: bulk_create's model instances cost seconds
        # on every test database flush (post_migrate runs again after each).
        table = connections[using].ops.quote_name(Subdistrict._meta.db_table)
        with connections[using].cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (district_id, code, name_th, postcode) VALUES (%s, %s, %s, %s)",
                new_s,
            )
