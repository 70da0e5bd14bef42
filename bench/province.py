"""Province and national comparison benchmark: the national page's server time for thousands of
organisations, reading the stored summaries (ita/summary.py), in a fresh SQLite database.

    .venv/bin/python bench/province.py [--orgs 8000] [--years 3] [--repeat 5]

Organisations, their summaries (IIT/EIT/OIT/total/indicators) and weak points are written in
bulk (as `prongsai ita summarise` would leave them), then the national page (first page, default
ranking), a filtered and re-sorted page, a province page and the Excel export are requested
through Django's test client as a superuser. Prints the best time of each, the queries and the
HTML size. Goal: the national page under 1 s. Then, once each, the province report and the
national report (every organisation) as Word and PDF, and results following new criteria
(`ita/follow.py`: every result of a year moved onto official criteria and summarised again).
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from decimal import Decimal
from unittest import mock

os.environ.setdefault("PRONGSAI_DATA_DIR", tempfile.mkdtemp(prefix="prongsai-bench-province-"))
os.environ["DATABASE_URL"] = ""
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings_test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from prongsai.frameworks.library import criteria_years  # noqa: E402
from prongsai.frameworks.models import Framework  # noqa: E402
from prongsai.frameworks.store import row_fields  # noqa: E402
from prongsai.ita.follow import follow_criteria, governed_by  # noqa: E402
from prongsai.ita.models import ItaResult, OrgYearSummary, Score, WeakPoint  # noqa: E402
from prongsai.orgs.models import Organisation  # noqa: E402

KINDS = ["sao"] * 8 + ["subdistrict_municipality"] * 3 + ["town", "city", "pao"]


def populate(orgs: int, years: int) -> None:
    rnd = random.Random(15)
    provinces = [f"จังหวัด{n:02d}" for n in range(77)]
    Organisation.objects.bulk_create(
        Organisation(
            slug=f"o{i}", name_th=f"องค์การบริหารส่วนตำบลที่ {i}", kind=rnd.choice(KINDS),
            size=rnd.choice("SML"), province=provinces[i % 77], district=f"อำเภอ{i % 13}",
        )
        for i in range(orgs)
    )  # fmt: skip
    ids = list(Organisation.objects.values_list("pk", flat=True))
    wanted = sorted(criteria_years())[-years - 1 : -1] or sorted(criteria_years())[:years]
    frameworks = {f.year: f for f in Framework.objects.filter(year__in=wanted, org=None)}
    for year in wanted:
        ItaResult.objects.bulk_create(
            ItaResult(org_id=i, year=year, framework=frameworks[year], source="demo") for i in ids
        )
        results = dict(ItaResult.objects.filter(year=year).values_list("org_id", "pk"))
        summaries = []
        for i in ids:
            inds = {str(n): f"{rnd.uniform(50, 100):.2f}" for n in range(1, 11)}
            tools = [Decimal(f"{rnd.uniform(50, 100):.2f}") for _ in range(3)]
            total = (tools[0] * 30 + tools[1] * 30 + tools[2] * 40) / 100
            summaries.append(
                OrgYearSummary(
                    result_id=results[i], org_id=i, year=year, iit=tools[0], eit=tools[1],
                    oit=tools[2], total=total.quantize(Decimal("0.01")), passed=total >= 85,
                    rating_code="A" if total >= 85 else "D", rating_th="ผ่าน" if total >= 85 else "ไม่ผ่าน",
                    indicators=inds,
                )
            )  # fmt: skip
        OrgYearSummary.objects.bulk_create(summaries, batch_size=2000)
        points = []
        for s in OrgYearSummary.objects.filter(year=year).values_list("pk", flat=True):
            points += [
                WeakPoint(summary_id=s, level="item", code=f"o{rnd.randint(1, 26)}", score=0)
                for _ in range(rnd.randint(0, 4))
            ]
            points += [
                WeakPoint(summary_id=s, level="question", code=f"i{rnd.randint(1, 24)}", score=60)
                for _ in range(5)
            ]
        WeakPoint.objects.bulk_create(points, batch_size=5000)


def timed(client: Client, url: str, repeat: int, **query) -> tuple[float, int, int]:
    best, size, queries = float("inf"), 0, 0
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, query)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        best, size, queries = min(best, elapsed), len(response.content), len(captured)
    return best, size, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=8000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    populate(args.orgs, args.years)
    print(
        f"{args.orgs:,} organisations × {args.years} years of summaries written in "
        f"{time.perf_counter() - started:.1f} s"
    )
    user = get_user_model().objects.create_superuser("bench", password="a-long-bench-password")
    client = Client(HTTP_HOST="testserver")
    client.force_login(user)
    national = reverse("ita:national")
    client.get(national)  # warm
    cases = [
        ("national page, first page, ranked", national, {}),
        ("national page, type filter, sorted by name, page 20", national,
         {"kind": "sao", "sort": "name", "page": "20"}),
        ("province page (≈104 organisations)", reverse("ita:province", args=["จังหวัด07"]), {}),
        ("national Excel export (every organisation)", reverse("ita:national-export"), {}),
    ]  # fmt: skip
    for label, url, query in cases:
        seconds, size, queries = timed(client, url, args.repeat, **query)
        print(f"{label}: {seconds * 1000:.0f} ms, {queries} queries, {size / 1024:.0f} KB")
    seconds, _size, _q = timed(client, national, args.repeat)
    print(f"national page server time: {seconds:.3f} s (goal < 1 s)")
    year = max(OrgYearSummary.objects.values_list("year", flat=True))
    reports = [
        ("province report", reverse("ita:province-report", args=["จังหวัด07", "FMT"])),
        ("national report", reverse("ita:national-report", args=["FMT"])),
    ]
    for label, url in reports:
        for fmt in ("docx", "pdf"):
            seconds, size, queries = timed(client, url.replace("FMT", fmt), 1, year=year)
            print(f"{label} ({fmt}): {seconds:.1f} s, {queries} queries, {size / 1024:.0f} KB")
    follow_timing(year)


def follow_timing(year: int) -> None:
    """Every result of the year moved onto a corrected version of its criteria and summarised
    again, as the follow job does (the results get their summaries' indicator figures first)."""
    Score.objects.bulk_create(
        (
            Score(result_id=result_id, level="indicator", code=n, part=0, score=Decimal(v))
            for result_id, indicators in OrgYearSummary.objects.filter(year=year).values_list(
                "result_id", "indicators"
            )
            for n, v in indicators.items()
        ),
        batch_size=5000,
    )
    old = Framework.objects.get(year=year, builtin=True)
    doc = {**old.document, "version": old.document["version"] + 1}
    new = Framework.objects.create(**row_fields(doc), builtin=True)
    results = governed_by(new)
    count = results.count()
    with mock.patch("prongsai.ita.results.find_document", return_value=doc):
        started = time.perf_counter()
        moved, problems = follow_criteria(results)
        seconds = time.perf_counter() - started
    print(
        f"results following new criteria: {moved:,} of {count:,} moved in {seconds:.1f} s "
        f"({seconds / max(count, 1) * 1000:.1f} ms each; {len(problems)} could not be scored)"
    )


if __name__ == "__main__":
    main()
