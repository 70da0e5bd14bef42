"""Demo LPA results: the demo organisations of each province, last completed year, with the
figures of seed 004's rows (เชียงราย 2566) lent to them, ranked within their province."""

from __future__ import annotations

from decimal import Decimal

from prongsai.lpa.calc import total_percent
from prongsai.lpa.importer import LpaTable, Row, save_lpa_table

# demo organisation → seed 004 row's (full, got) per area
FIGURES = {
    "ban-suan": ((60, 56), (45, 45), (95, 91), (220, 210), (25, 25)),  # 95.96
    "mueang-khok": ((60, 52), (45, 45), (100, 73), (225, 166), (25, 25)),  # 79.34
    "saen-suk": ((60, 56), (45, 43), (100, 77), (225, 210), (25, 25)),  # 90.33
    "nong-khla": ((60, 43), (45, 32), (100, 74), (210, 97), (25, 23)),  # 61.14
    "khon-kaen-pao": ((55, 55), (45, 38), (65, 56), (120, 106), (25, 25)),  # 90.32
    "non-sila": ((60, 46), (45, 45), (100, 87), (230, 177), (25, 18)),  # 79.57
}


def load_demo(demo) -> None:
    tables: dict[str, LpaTable] = {}
    for line, (slug, areas) in enumerate(FIGURES.items(), start=2):
        org = demo.orgs.get(slug)
        if org is None:
            continue
        fulls = [Decimal(full) for full, _got in areas]
        gots = [Decimal(got) for _full, got in areas]
        table = tables.setdefault(org.province, LpaTable(org.province, demo.last_year))
        table.rows.append(
            Row(line, None, org.district, "", org.name_th, fulls, gots,
                total_percent(fulls, gots), org=org)
        )  # fmt: skip
    for table in tables.values():
        save_lpa_table(table, create=False)
