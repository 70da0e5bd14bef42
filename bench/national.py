"""National bulk scoring benchmark: `prongsai ita bulk` against a bare DuckDB aggregate and a
per-row pure-Python loop, all measured in the same run on the same synthetic year.

    .venv/bin/python bench/national.py [--orgs 8300] [--repeat 3] [--sample 200000]

Prints times, ratios and peak memory. Goals: bulk ≤ 1.5× the bare aggregate, ≥ 100× the loop.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings_test")

from prongsai.frameworks.library import builtin_document, criteria_of  # noqa: E402
from prongsai.scoring.bulk import BulkScorer  # noqa: E402
from prongsai.scoring.synthetic import generate  # noqa: E402
from prongsai.scoring.tally import ResponseRow, score_responses  # noqa: E402


def best_of(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def bare_aggregate(criteria, path: Path) -> None:
    """The least a mean per (org, question) needs: answer → score, GROUP BY, materialised."""
    con = duckdb.connect()
    scores = [
        (code, o.key, float(o.score))
        for q in criteria.questions
        for code in (q.sub_items or (q.code,))
        for o in q.options
    ]
    scores += [(i.code, "pass", 100.0) for i in criteria.oit_items]
    scores += [(i.code, "fail", 0.0) for i in criteria.oit_items]
    con.execute("CREATE TABLE opts (question VARCHAR, answer VARCHAR, score DOUBLE)")
    marks = ", ".join("(?, ?, ?)" for _ in scores)
    con.execute(f"INSERT INTO opts VALUES {marks}", [v for row in scores for v in row])
    con.execute(
        f"""CREATE TABLE bare AS SELECT s.org, s.question, avg(o.score) AS mean
            FROM read_parquet('{path}') s JOIN opts o USING (question, answer)
            GROUP BY s.org, s.question"""
    )


def bulk(criteria, path: Path, out: Path) -> BulkScorer:
    scorer = BulkScorer(criteria)
    scorer.score(path)
    scorer.write(out)
    return scorer


def interleaved(repeat: int, first, second) -> tuple[float, float, list[float]]:
    """Best time of each, run in turns (first, second, first, …) so that both see the same load
    on a shared machine, and the ratio of each pair."""
    a_times, b_times, ratios = [], [], []
    for _ in range(repeat):
        started = time.perf_counter()
        first()
        a = time.perf_counter() - started
        started = time.perf_counter()
        second()
        b = time.perf_counter() - started
        a_times.append(a)
        b_times.append(b)
        ratios.append(b / a)
    return min(a_times), min(b_times), ratios


def python_loop(criteria, path: Path, sample: int) -> tuple[float, int]:
    """Seconds for the per-row engine on the first `sample` rows (whole organisations)."""
    con = duckdb.connect()
    rows = con.execute(f"SELECT * FROM read_parquet('{path}') LIMIT {sample}").fetchall()
    last_org = rows[-1][0]
    rows = [r for r in rows if r[0] != last_org]  # only complete organisations
    response_rows = [ResponseRow(*map(str, r)) for r in rows]
    started = time.perf_counter()
    score_responses(criteria, response_rows)
    return time.perf_counter() - started, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=8300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=200_000, help="rows for the Python loop")
    parser.add_argument("--year", type=int, default=2568)
    parser.add_argument("--dir", type=Path, help="where to put the generated files")
    args = parser.parse_args()

    criteria = criteria_of(builtin_document(args.year))
    workdir = args.dir or Path(tempfile.mkdtemp(prefix="prongsai-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    data, out = workdir / "responses.parquet", workdir / "results.csv"

    started = time.perf_counter()
    rows = generate(criteria, data, orgs=args.orgs)
    print(
        f"generated {rows:,} rows for {args.orgs:,} organisations in "
        f"{time.perf_counter() - started:.1f} s ({data.stat().st_size / 1e6:.0f} MB Parquet)"
    )

    bare_aggregate(criteria, data)  # warm the file cache for both contenders
    t_bare, t_bulk, pair_ratios = interleaved(
        args.repeat, lambda: bare_aggregate(criteria, data), lambda: bulk(criteria, data, out)
    )
    rescored = bulk(criteria, data, out).exact_rescored
    loop_seconds, loop_rows = python_loop(criteria, data, args.sample)
    t_loop = loop_seconds * rows / loop_rows

    # The command as an operator runs it, in its own process, for wall time and peak memory.
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "prongsai.cli",
            "ita",
            "bulk",
            str(data),
            "--year",
            str(args.year),
            "--out",
            str(workdir / "cli.csv"),
            "-v",
            "0",
        ],
        check=True,
    )
    t_cli = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    print(f"bare DuckDB GROUP BY org, question (best of {args.repeat}): {t_bare:.3f} s")
    print(f"bulk scoring, in process (best of {args.repeat}):          {t_bulk:.3f} s")
    print(f"per-row Python loop, {loop_rows:,} rows scaled to {rows:,}: {t_loop:.1f} s")
    print(
        f"`prongsai ita bulk` command, wall time incl. start-up:   {t_cli:.2f} s, peak RSS {peak_mb:.0f} MB"
    )
    print(f"organisations re-scored by the exact engine: {rescored:,}")
    print(f"ratio bulk / bare: {t_bulk / t_bare:.2f}× (goal ≤ 1.5×)")
    paired = ", ".join(f"{r:.2f}×" for r in pair_ratios)
    print(
        f"ratio of each pair run in turn: {paired} (median {statistics.median(pair_ratios):.2f}×)"
    )
    print(f"ratio loop / bulk: {t_loop / t_bulk:.0f}× (goal ≥ 100×)")


if __name__ == "__main__":
    main()
