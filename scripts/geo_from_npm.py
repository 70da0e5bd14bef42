"""Rebuild src/prongsai/geo/data/thailand.csv from the npm package thai-address-database.

    npm pack thai-address-database@0.0.30 && tar xzf thai-address-database-0.0.30.tgz
    python3 scripts/geo_from_npm.py package/database/backup/geodb.json > src/prongsai/geo/data/thailand.csv

The package's geodb.json (ISC licence; data from jquery.Thailand.js) is compressed with a word
table; this expands it. Province codes are kept; a district's or subdistrict's code only when it
starts with its parent's code and no other row has it (some of the package's codes are stale).
"""

from __future__ import annotations

import collections
import csv
import json
import re
import sys


def rows(path: str):
    data = json.load(open(path, encoding="utf-8"))
    lookup, words = data["lookup"].split("|"), data["words"].split("|")

    def text(value) -> str:
        if isinstance(value, int):
            value = lookup[value]
        return re.sub(
            r"[A-Za-z]",
            lambda m: words[ord(m[0]) - 65 if ord(m[0]) < 97 else 26 + ord(m[0]) - 97],
            value,
        )

    for province, pcode, districts in data["data"]:
        for district, dcode, subdistricts in districts:
            for subdistrict, scode, postcode in subdistricts:
                if isinstance(postcode, list):  # four subdistricts have two postcodes
                    postcode = " ".join(str(p) for p in postcode)
                yield (f"{pcode:02d}", text(province), str(dcode), text(district),
                       str(scode), text(subdistrict), str(postcode))  # fmt: skip


def main(path: str) -> None:
    found = sorted(set(rows(path)), key=lambda r: (r[1], r[3], r[5]))
    district_codes = collections.Counter()
    for key in {(r[1], r[3], r[2]) for r in found}:
        district_codes[key[2]] += 1
    sub_codes = collections.Counter(r[4] for r in found)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["province_code", "province", "district_code", "district",
                  "subdistrict_code", "subdistrict", "postcode"])  # fmt: skip
    for pcode, province, dcode, district, scode, subdistrict, postcode in found:
        dcode = dcode if dcode.startswith(pcode) and district_codes[dcode] == 1 else ""
        scode = scode if dcode and scode.startswith(dcode) and sub_codes[scode] == 1 else ""
        out.writerow([pcode, province, dcode, district, scode, subdistrict, postcode])


if __name__ == "__main__":
    main(sys.argv[1])
