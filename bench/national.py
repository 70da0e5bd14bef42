"""National bulk scoring benchmark: `prongsai ita bulk` against a bare DuckDB aggregate and a
per-row pure-Python loop, all measured in the same run on the same synthetic year.

    .venv/bin/python bench/national.py [--orgs 8300] [--repeat 7] [--sample 200000]

Prints times, ratios and peak memory. Goals: bulk ≤ 1.5× the bare aggregate, ≥ 100× the loop.

Fairness: both contenders open a new DuckDB connection, load their answer → score table, read the
same Parquet file and materialise their result; the bare one is the least a mean per
(org, question) needs (no checks, no EIT parts, no composition), the bulk one is everything
`prongsai ita bulk` does short of process start-up, results file included. They run in pairs,
alternating which goes first, so both see the same load on a shared machine; the figure that
counts is the median of the pairs' ratios.
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


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def interleaved(repeat: int, first, second) -> tuple[list[float], list[float], list[float]]:
    """Both run `repeat` times in pairs, the order alternating (first–second, second–first, …)
    so that both see the same load; the times of each and the ratio second/first of each pair."""
    a_times, b_times = [], []
    for turn in range(repeat):
        if turn % 2 == 0:
            a_times.append(timed(first))
            b_times.append(timed(second))
        else:
            b_times.append(timed(second))
            a_times.append(timed(first))
    return a_times, b_times, [b / a for a, b in zip(a_times, b_times, strict=True)]


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
    parser.add_argument("--repeat", type=int, default=7, help="pairs of bare and bulk runs")
    parser.add_argument("--sample", type=int, default=200_000, help="rows for the Python loop")
    parser.add_argument("--year", type=int, default=2568)
    parser.add_argument("--dir", type=Path, help="where to put the generated files")
    parser.add_argument("--reuse", action="store_true", help="keep a responses file in --dir")
    parser.add_argument("--quick", action="store_true", help="skip the Python loop and the CLI")
    args = parser.parse_args()

    criteria = criteria_of(builtin_document(args.year))
    workdir = args.dir or Path(tempfile.mkdtemp(prefix="prongsai-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    data, out = workdir / "responses.parquet", workdir / "results.csv"

    started = time.perf_counter()
    if args.reuse and data.exists():
        rows = duckdb.connect().execute(f"SELECT count(*) FROM '{data}'").fetchone()[0]
        print(f"reusing {data}: {rows:,} rows")
    else:
        rows = generate(criteria, data, orgs=args.orgs)
        print(
            f"generated {rows:,} rows for {args.orgs:,} organisations in "
            f"{time.perf_counter() - started:.1f} s ({data.stat().st_size / 1e6:.0f} MB Parquet)"
        )

    bare_aggregate(criteria, data)  # warm the file cache for both contenders
    bulk(criteria, data, out)
    bare_times, bulk_times, pair_ratios = interleaved(
        args.repeat, lambda: bare_aggregate(criteria, data), lambda: bulk(criteria, data, out)
    )
    t_bare, t_bulk = statistics.median(bare_times), statistics.median(bulk_times)
    ratio = statistics.median(pair_ratios)
    rescored = bulk(criteria, data, out).exact_rescored
    print(f"bare DuckDB GROUP BY org, question (median of {args.repeat}): {t_bare:.3f} s "
          f"(best {min(bare_times):.3f})")  # fmt: skip
    print(f"bulk scoring, in process (median of {args.repeat}):          {t_bulk:.3f} s "
          f"(best {min(bulk_times):.3f})")  # fmt: skip
    print(f"organisations re-scored by the exact engine: {rescored:,}")
    paired = ", ".join(f"{r:.2f}×" for r in pair_ratios)
    print(f"ratio bulk / bare of each pair: {paired}")
    print(f"ratio bulk / bare, median of the pairs: {ratio:.2f}× (goal ≤ 1.5×)")
    if args.quick:
        return

    loop_seconds, loop_rows = python_loop(criteria, data, args.sample)
    t_loop = loop_seconds * rows / loop_rows
    print(f"per-row Python loop, {loop_rows:,} rows scaled to {rows:,}: {t_loop:.1f} s")
    print(f"ratio loop / bulk: {t_loop / t_bulk:.0f}× (goal ≥ 100×)")

    # The command as an operator runs it, in its own process, for wall time and peak memory.
    command = [sys.executable, "-m", "prongsai.cli", "ita", "bulk", str(data),
               "--year", str(args.year), "--out", str(workdir / "cli.csv"), "-v", "0"]  # fmt: skip
    t_cli = timed(lambda: subprocess.run(command, check=True))
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"`prongsai ita bulk` command, wall time incl. start-up:   {t_cli:.2f} s, peak RSS {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
