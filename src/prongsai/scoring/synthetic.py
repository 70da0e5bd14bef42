"""A synthetic national ITA year, for the bulk benchmark and the bulk-equals-engine tests.

Generated inside DuckDB so that tens of millions of rows take seconds, not minutes. Answers are
skewed towards the favourable options, as real ITA results are.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from prongsai.scoring.criteria import Criteria


def _answer_pool(question) -> list[str]:
    """Option keys weighted towards the highest-scoring option (3:2:1:1 …)."""
    ranked = sorted(question.options, key=lambda o: o.score, reverse=True)
    pool: list[str] = []
    for i, option in enumerate(ranked):
        pool += [option.key] * max(1, 3 - i)
    return pool


def generate(
    criteria: Criteria,
    path: Path,
    *,
    orgs: int = 8300,
    seed: float = 0.42,
    iit: tuple[int, int] = (20, 150),
    eit: tuple[int, int] = (30, 400),
) -> int:
    """Write a long-format response file (Parquet or CSV by suffix); returns its row count.

    Respondents per organisation: IIT uniform in `iit`, EIT uniform in `eit` split at random
    between part 1 and part 2; every OIT item pass or fail (pass three times in four).
    """
    con = duckdb.connect()
    con.execute("SELECT setseed(?)", [seed])
    con.execute("CREATE TABLE q (tool VARCHAR, code VARCHAR, pool VARCHAR[])")
    rows = []
    for question in criteria.questions:
        codes = question.sub_items or (question.code,)
        rows += [(question.tool, code, _answer_pool(question)) for code in codes]
    con.executemany("INSERT INTO q VALUES (?, ?, ?)", rows)
    con.execute(
        "CREATE TABLE items AS SELECT unnest(?::VARCHAR[]) AS code",
        [[item.code for item in criteria.oit_items]],
    )
    con.execute(
        f"""
        CREATE TABLE o AS
        SELECT 'org' || lpad(i::VARCHAR, 5, '0') AS org,
               {iit[0]} + floor(random() * {iit[1] - iit[0] + 1})::INT AS n_iit,
               {eit[0]} + floor(random() * {eit[1] - eit[0] + 1})::INT AS n_eit,
               random() AS split
        FROM range(?) t(i)
        """,
        [orgs],
    )
    query = """
        SELECT o.org, 'iit' AS tool, '' AS part, 'i' || r.i AS respondent, q.code AS question,
               q.pool[1 + floor(random() * len(q.pool))::INT] AS answer
        FROM o, unnest(range(o.n_iit)) AS r(i), q
        WHERE q.tool = 'iit'
        UNION ALL
        SELECT o.org, 'eit', CASE WHEN r.i < o.n_eit * o.split THEN '1' ELSE '2' END,
               'e' || r.i, q.code, q.pool[1 + floor(random() * len(q.pool))::INT]
        FROM o, unnest(range(o.n_eit)) AS r(i), q
        WHERE q.tool = 'eit'
        UNION ALL
        SELECT o.org, 'oit', '', '', items.code, CASE WHEN random() < 0.75 THEN 'pass' ELSE 'fail' END
        FROM o, items
    """
    fmt = "(FORMAT parquet)" if path.suffix == ".parquet" else "(FORMAT csv, HEADER)"
    con.execute(f"COPY ({query}) TO '{path}' {fmt}")
    return con.execute(f"SELECT count(*) FROM '{path}'").fetchone()[0]
