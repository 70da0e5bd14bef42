"""National bulk scoring: every organisation of a response file at once, columnar, in DuckDB.

Identical numbers to the per-organisation engine, by construction:
1. One scan of the file joins each answer to its score (in exact hundredths) on
   (question, answer, tool, EIT part) and sums per (organisation, slot), a slot being one
   question (in one EIT part) or OIT item: the same integer tallies `tally.QuestionTally` keeps,
   grouped by an organisation and a small integer, as cheap as a bare GROUP BY org, question. A
   row the join does not match (an untidy spelling, or an error) sends the file through a second,
   normalising scan; only a file still wrong after it pays for the diagnostics that name rows.
2. SQL composes questions → indicators → tools → total in exact integer arithmetic (units of
   10⁻¹², BIGINT, organisations as integers), noting where a division left a remainder; a
   figure's rounding half-up to 2 places is decided exactly, except where a remainder leaves a
   rounding boundary (…x5) within the few units a figure can have lost.
3. Only those organisations (a handful in a national year) are scored again by the exact engine
   (tally.assess_tallies) from the same tallies, and their rows replaced.
Bad input is reported like the per-organisation engine does, naming org, question and answer.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb

from prongsai.incoming import FileRefused, text_encoding
from prongsai.scoring.criteria import Criteria
from prongsai.scoring.engine import require_level
from prongsai.scoring.errors import ProblemList
from prongsai.scoring.results import round2
from prongsai.scoring.tally import OIT_FAIL, OIT_PASS, RESPONSE_COLUMNS, OrgTallies, assess_tallies
from prongsai.spreadsheets import csv_writer

SNIFF_BYTES = 1 << 20
# A score of 1 in the exact integer arithmetic of _compose. BIGINT holds a question's sum of
# scores × UNIT for up to 90,000 respondents of one organisation (9.2e18 / (100 × 1e12)).
UNIT = 10**12
LOSS = 16  # units a figure's floors can lose, at most (one or a few per level; means never add)
MAX_LISTED = 20


@dataclass
class BulkRow:
    org: str
    indicators: dict[int, Decimal | None]
    tools: dict[str, Decimal | None]
    total: Decimal | None
    passed: bool | None


def _csv_spelling(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _sql_list(values) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


class BulkScorer:
    """Scores a long-format response file (Parquet or CSV) for every organisation in it."""

    def __init__(self, criteria: Criteria, *, threads: int | None = None):
        require_level(criteria, questions=True, items=True)
        self.criteria = criteria
        self.con = duckdb.connect()
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        self.parts = criteria.tool("eit").parts
        self.sub_item_codes = [s for q in criteria.questions for s in q.sub_items]
        self.exact_rescored = 0
        self._load_criteria_tables()

    def _load_criteria_tables(self) -> None:
        c = self.criteria
        rows = []
        for q in c.questions:
            rows.append((q.code, q.tool, q.indicator, None))
            rows += [(s, q.tool, q.indicator, q.code) for s in q.sub_items]
        rows += [(item.code, "oit", item.indicator, None) for item in c.oit_items]
        self._table("qmap", "question VARCHAR, tool VARCHAR, indicator INT, parent VARCHAR", rows)
        # Scores in exact hundredths so that SQL sums stay exact integers.
        opts = [
            (code, o.key, int(o.score * 100))
            for q in c.questions
            for code in (q.sub_items or (q.code,))
            for o in q.options
        ]
        for item in c.oit_items:
            opts += [(item.code, v, 10000) for v in OIT_PASS]
            opts += [(item.code, v, 0) for v in OIT_FAIL]
        self._table("opts", "question VARCHAR, answer VARCHAR, centi BIGINT", opts)
        items = [(i.code, i.indicator, i.sub_indicator or "") for i in c.oit_items]
        self._table("imap", "code VARCHAR, indicator INT, grp VARCHAR", items)
        # A slot: one code as the file names it (question, sub-item or OIT item) in one EIT part.
        # The scan's join key is (code, answer, tool, part), so a matched row is a valid one.
        slots, keyed = [], []
        for q in c.questions:
            for code in q.sub_items or (q.code,):
                for part in self.parts if q.tool == "eit" else (0,):
                    slot = len(slots)
                    sub = bool(q.sub_items)
                    slots.append((slot, code, q.code, q.tool, part, sub))
                    spelt = str(part) if q.tool == "eit" else ""
                    keyed += [
                        (code, o.key, q.tool, spelt, slot, sub, int(o.score * 100))
                        for o in q.options
                    ]
        for item in c.oit_items:
            slot = len(slots)
            slots.append((slot, item.code, item.code, "oit", 0, False))
            keyed += [(item.code, v, "oit", "", slot, False, 10000) for v in OIT_PASS]
            keyed += [(item.code, v, "oit", "", slot, False, 0) for v in OIT_FAIL]
        self._table(
            "slots",
            "slot INT, code VARCHAR, question VARCHAR, tool VARCHAR, part INT, sub BOOLEAN",
            slots,
        )
        self._table(
            "keyed",
            "question VARCHAR, answer VARCHAR, tool VARCHAR, part VARCHAR, slot INT, sub BOOLEAN, "
            "centi BIGINT",
            keyed,
        )

    def _table(self, name: str, columns: str, rows: list[tuple]) -> None:
        # One multi-row INSERT: executemany costs a round trip per row.
        self.con.execute(f"CREATE OR REPLACE TABLE {name} ({columns})")
        if rows:
            marks = ", ".join("(" + ", ".join("?" * len(rows[0])) + ")" for _ in rows)
            self.con.execute(f"INSERT INTO {name} VALUES {marks}", [v for r in rows for v in r])

    # ------------------------------------------------------------ the scan

    def _open(self, path: Path) -> None:
        problems = ProblemList()
        if not path.exists():
            problems.add(f"ไม่พบไฟล์ {path}", f"file not found: {path}")
            problems.raise_if_any()
        literal = str(path).replace("'", "''")
        suffix = path.suffix.lower()
        if suffix == ".parquet":
            reader = f"read_parquet('{literal}')"
        elif suffix == ".csv":
            literal = str(self._utf8(path)).replace("'", "''")
            reader = f"read_csv('{literal}', header = true, all_varchar = true)"
        else:
            problems.add("ใช้ได้เฉพาะไฟล์ .parquet หรือ .csv", "use a .parquet or .csv file")
            problems.raise_if_any()
        try:
            described = self.con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()
        except duckdb.Error as exc:
            problems.add(f"อ่านไฟล์ไม่ได้: {exc}", f"cannot read the file: {exc}")
            problems.raise_if_any()
        columns = {row[0].lower(): row[1] for row in described}
        missing = [c for c in RESPONSE_COLUMNS if c not in columns]
        if missing:
            names = ", ".join(missing)
            problems.add(f"ไม่มีคอลัมน์ {names}", f"missing column(s): {names}", 1)
            problems.raise_if_any()
        if suffix == ".csv":
            # An empty CSV field is the empty text the per-organisation reader sees, not NULL:
            # an IIT row's empty part then matches in the fast scan.
            kept = ", ".join(f"'{c}'" for c in RESPONSE_COLUMNS)
            reader = reader[:-1] + f", force_not_null = [{kept}])"
        # Cast only what is not text already (a Parquet `part` may be an integer): a cast on
        # every row of a national file is measurable.
        select = ", ".join(
            c if columns[c] == "VARCHAR" else f"{c}::VARCHAR AS {c}" for c in RESPONSE_COLUMNS
        )
        self.con.execute(f"CREATE OR REPLACE VIEW src AS SELECT {select} FROM {reader}")

    def _utf8(self, path: Path) -> Path:
        """The CSV as DuckDB reads it (UTF-8): a Thai Windows-874 file is copied as UTF-8 first.

        Only the first megabyte is sniffed, so a national UTF-8 file costs nothing extra; binary
        is refused here in Thai, and bytes that stop being UTF-8 later fail in the scan.
        """
        with path.open("rb") as raw:
            head = raw.read(SNIFF_BYTES)
        while head and head[-1] >= 0x80 and len(head) > SNIFF_BYTES - 4:
            head = head[:-1]  # do not judge a UTF-8 character the sniff cut in half
        try:
            encoding = text_encoding(io.BytesIO(head), path.name)
        except FileRefused as exc:
            problems = ProblemList()
            problems.add(exc.message_th, exc.message_en)
            problems.raise_if_any()
        if encoding != "cp874":
            return path
        self._scratch = tempfile.TemporaryDirectory(prefix="prongsai-bulk-")
        copy = Path(self._scratch.name) / "utf8.csv"
        with path.open(encoding="cp874", newline="") as source:
            with copy.open("w", encoding="utf-8", newline="") as target:
                shutil.copyfileobj(source, target, 1 << 20)
        return copy

    def _scan(self, *, normalise: bool) -> None:
        """The one full pass: `raw` = (org, slot[, respondent], s, n) with s in hundredths.

        A row whose (question, answer, tool, part) is not a known combination gets slot NULL.
        `normalise` trims and lower-cases as the per-org reader does (and ignores the part of an
        IIT or OIT row); it is only paid for when the fast pass left rows unmatched. Only a year
        with sub-items reads the respondent (a respondent's score is its sub-items' mean).
        """
        if normalise:
            source = """(SELECT trim(coalesce(org, '')) AS org, lower(trim(tool)) AS tool,
                         CASE WHEN lower(trim(tool)) = 'eit' THEN trim(part) ELSE '' END AS part,
                         trim(respondent) AS respondent, lower(trim(question)) AS question,
                         CASE WHEN lower(trim(tool)) = 'oit' THEN lower(trim(answer))
                              ELSE trim(answer) END AS answer FROM src)"""
        else:
            source = "src"
        respondent = (
            ", CASE WHEN k.sub THEN s.respondent END AS respondent" if self.sub_item_codes else ""
        )
        self.con.execute(
            f"""CREATE OR REPLACE TEMP TABLE raw AS
                SELECT s.org, k.slot{respondent}, sum(k.centi) AS s, count(*) AS n
                FROM {source} s
                LEFT JOIN keyed k ON k.question = s.question
                     AND k.answer = s.answer AND k.tool = s.tool AND k.part = s.part
                GROUP BY ALL"""
        )
        self.normalised = normalise

    def _clean(self) -> bool:
        """True when every row matched a known tool, question (in its part) and answer."""
        return self.con.execute("SELECT count(*) = 0 FROM raw WHERE slot IS NULL").fetchone()[0]

    # ------------------------------------------------------------ checks

    def _diagnose(self) -> None:
        """Name what is wrong in a file whose rows did not all match: only a bad file pays for
        this look (a grouping by tool, part and question as the file spells them)."""
        self.con.execute(
            """CREATE OR REPLACE TEMP TABLE x AS
               SELECT s.org, s.tool, s.part, s.question, sum(o.centi) AS s, count(*) AS n,
                      count(o.centi) AS ok
               FROM (SELECT trim(coalesce(org, '')) AS org, lower(trim(tool)) AS tool,
                            trim(part) AS part, lower(trim(question)) AS question,
                            CASE WHEN lower(trim(tool)) = 'oit' THEN lower(trim(answer))
                                 ELSE trim(answer) END AS answer FROM src) s
               LEFT JOIN opts o ON o.question = s.question AND o.answer = s.answer
               GROUP BY ALL"""
        )
        problems = ProblemList()
        q = self.con.execute
        for tool, n in q(
            "SELECT tool, sum(n) FROM x WHERE tool NOT IN ('iit', 'eit', 'oit') OR tool IS NULL GROUP BY ALL"
        ).fetchall():
            problems.add(
                f"เครื่องมือ '{tool}' ไม่ถูกต้อง ({n} แถว)",
                f"tool '{tool}' is not valid ({n} rows)",
                column="tool",
            )
        for tool, question, n in q(
            f"""SELECT x.tool, x.question, sum(x.n) FROM x LEFT JOIN qmap m USING (question)
                WHERE x.tool IN ('iit', 'eit', 'oit') AND (m.tool IS NULL OR m.tool <> x.tool)
                GROUP BY ALL ORDER BY ALL LIMIT {MAX_LISTED}"""
        ).fetchall():
            problems.add(
                f"ไม่พบข้อคำถาม '{question}' ในแบบวัด {tool.upper()} ปี {self.criteria.year} ({n} แถว)",
                f"unknown {tool} question '{question}' for {self.criteria.year} ({n} rows)",
                column="question",
            )
        parents = _sql_list({q.code for q in self.criteria.questions if q.sub_items}) or "''"
        for (question,) in q(
            f"SELECT DISTINCT question FROM x WHERE question IN ({parents})"
        ).fetchall():
            problems.add(
                f"ข้อ {question} มีข้อย่อย ต้องตอบรายข้อย่อย",
                f"{question} has sub-items: answer each",
                column="question",
            )
        self._check_answers(problems)
        allowed = _sql_list(str(p) for p in self.parts) or "''"
        for org, question, part, n in q(
            f"""SELECT org, question, part, n FROM x
                WHERE tool = 'eit' AND (part NOT IN ({allowed}) OR part IS NULL)
                ORDER BY ALL LIMIT {MAX_LISTED}"""
        ).fetchall():
            problems.add(
                f"หน่วยงาน {org} ข้อ {question}: ส่วนที่ '{part or ''}' ไม่ถูกต้อง ({n} แถว)",
                f"org {org} {question}: part '{part or ''}' is not valid ({n} rows)",
                column="part",
            )
        if not problems:  # e.g. an empty question or answer: never let such a row through
            n = q("SELECT sum(n) FROM raw WHERE slot IS NULL").fetchone()[0]
            problems.add(
                f"มี {n} แถวที่ไม่ตรงกับข้อคำถามและตัวเลือกของปี {self.criteria.year}",
                f"{n} rows match no question and option of {self.criteria.year}",
            )
        self._check_structure(problems)
        problems.raise_if_any()

    def _check_structure(self, problems: ProblemList | None = None) -> None:
        """What even a file of known codes and answers can get wrong: no organisation, a
        duplicate, emptiness."""
        problems = problems if problems is not None else ProblemList()
        q = self.con.execute
        n_empty = q("SELECT coalesce(sum(n), 0) FROM raw WHERE org = '' OR org IS NULL").fetchone()[0]
        if n_empty:
            problems.add(
                f"ไม่มีรหัสหน่วยงาน {n_empty} แถว", f"{n_empty} rows have no org", column="org"
            )
        for org, question in q(
            f"""SELECT r.org, k.code FROM raw r JOIN slots k USING (slot)
                WHERE k.tool = 'oit' GROUP BY ALL HAVING sum(r.n) > 1
                ORDER BY ALL LIMIT {MAX_LISTED}"""
        ).fetchall():
            problems.add(
                f"ข้อ {question} ของหน่วยงาน {org} ซ้ำ",
                f"{question} given twice for {org}",
                column="question",
            )
        if self.sub_item_codes:
            for org, respondent, code in q(
                f"""SELECT r.org, r.respondent, k.code FROM raw r JOIN slots k USING (slot)
                    WHERE k.sub AND r.n > 1 ORDER BY ALL LIMIT {MAX_LISTED}"""
            ).fetchall():
                problems.add(
                    f"หน่วยงาน {org}: ผู้ตอบ {respondent} ตอบข้อ {code} ซ้ำ",
                    f"org {org}: respondent {respondent} answered {code} twice",
                    column="question",
                )
        if q("SELECT count(*) FROM raw").fetchone()[0] == 0 and not problems:
            problems.add("ไฟล์ไม่มีข้อมูลคำตอบ", "the file has no response rows")
        problems.raise_if_any()

    def _check_answers(self, problems: ProblemList) -> None:
        if not self.con.execute(
            "SELECT count(*) FROM x JOIN qmap m USING (question) WHERE ok < n"
        ).fetchone()[0]:
            return
        for org, code, tool, given, n in self.con.execute(
            f"""SELECT s.org, s.question, m.tool, s.answer, count(*) FROM
                (SELECT org, lower(trim(question)) AS question, trim(answer) AS answer FROM src) s
                JOIN qmap m USING (question)
                LEFT JOIN opts o ON o.question = s.question
                     AND o.answer = CASE WHEN m.tool = 'oit' THEN lower(s.answer) ELSE s.answer END
                WHERE o.centi IS NULL GROUP BY ALL ORDER BY ALL LIMIT {MAX_LISTED}"""
        ).fetchall():
            if tool == "oit":
                problems.add(
                    f"หน่วยงาน {org} ข้อ {code}: ผล '{given}' ต้องเป็น pass หรือ fail",
                    f"org {org} {code}: OIT result '{given}' must be pass or fail",
                    column="answer",
                )
            else:
                problems.add(
                    f"หน่วยงาน {org}: คำตอบ '{given}' ไม่ใช่ตัวเลือกของข้อ {code} ({n} แถว)",
                    f"org {org}: answer '{given}' is not an option of {code} ({n} rows)",
                    column="answer",
                )

    # ------------------------------------------------------------ tallies and composition

    def _tallies(self) -> None:
        """`orgs` numbers the organisations (everything after the scan groups by an integer);
        `tallies` = (org, part, question, k, s, n) exactly as tally.QuestionTally holds them
        (s in hundredths); `items` = (org, code, s) for OIT."""
        self.con.execute(
            """CREATE OR REPLACE TEMP TABLE orgs AS
               SELECT org AS name, (row_number() OVER (ORDER BY org))::INT AS org
               FROM (SELECT DISTINCT org FROM raw)"""
        )
        self.con.execute(
            """CREATE OR REPLACE TEMP TABLE xr AS
               SELECT g.org, r.* EXCLUDE (org) FROM raw r JOIN orgs g ON g.name = r.org"""
        )
        self.con.execute(
            """CREATE OR REPLACE TEMP TABLE tallies AS
               SELECT r.org, k.part, k.question, 1 AS k, r.s, r.n
               FROM xr r JOIN slots k USING (slot) WHERE k.tool <> 'oit' AND NOT k.sub"""
        )
        self.con.execute(
            """CREATE OR REPLACE TEMP TABLE items AS
               SELECT r.org, k.code AS question, r.s FROM xr r JOIN slots k USING (slot)
               WHERE k.tool = 'oit'"""
        )
        if self.sub_item_codes:
            # A respondent's score is the mean of the sub-items it answered (k of them).
            self.con.execute(
                """INSERT INTO tallies
                   SELECT org, part, question, k, sum(s), count(*) FROM (
                       SELECT r.org, k.part, k.question, r.respondent, count(*) AS k, sum(r.s) AS s
                       FROM xr r JOIN slots k USING (slot) WHERE k.sub GROUP BY ALL
                   ) GROUP BY ALL"""
            )

    def _compose(self) -> None:
        """The `result` table: one row per org, every figure exact and rounded half-up.

        Figures are integers in units of 10⁻¹² (BIGINT): sums are exact and each division is
        an integer division whose remainder is noted (`inx`). A figure without a remainder
        anywhere below it is exact, so its rounding is decided exactly in SQL. One with a
        remainder is at most LOSS units below the true value (floors lose less than a unit each,
        and means never add to a loss); only when that interval holds a rounding boundary
        (`near`: a repeating decimal that lands on …x5) is the organisation scored again by the
        exact engine. One pass over the tallies, no floating point.
        """
        c = self.criteria
        numbers = [i.number for i in c.indicators]
        expected = " ".join(
            f"WHEN {n} THEN {len(c.questions_of(n)) or len(c.items_of(n))}" for n in numbers
        )
        pivots = ", ".join(
            f"max(v) FILTER (WHERE indicator = {n}) AS ind{n}, "
            f"coalesce(bool_or(inx) FILTER (WHERE indicator = {n}), false) AS inx_ind{n}"
            for n in numbers
        )
        tool_exprs = []
        for tool in c.tools:
            members = [f"ind{i.number}" for i in c.indicators_of(tool.code)]
            total = " + ".join(members)
            flags = " OR ".join(f"inx_{m}" for m in members)
            tool_exprs.append(
                f"({total}) // {len(members)} AS {tool.code}, "
                f"coalesce({flags} OR ({total}) % {len(members)} <> 0, false) AS inx_{tool.code}"
            )
        weights = {t.code: int(t.weight * 100) for t in c.tools}
        if any(
            Decimal(w) != t.weight * 100 for t, w in zip(c.tools, weights.values(), strict=True)
        ):
            raise ValueError("tool weights are given to at most two decimal places")
        weighted = " + ".join(f"{w} * {code}" for code, w in weights.items())
        tool_flags = " OR ".join(f"inx_{t.code}" for t in c.tools)
        figures = [*[f"ind{n}" for n in numbers], *[t.code for t in c.tools], "total"]
        hund, half = f"{UNIT // 100}::BIGINT", f"{UNIT // 200}::BIGINT"
        near = " OR ".join(
            f"coalesce(inx_{f} AND ({f} + {half}) // {hund} <> ({f} + {LOSS} + {half}) // {hund}, false)"
            for f in figures
        )
        rounded = ", ".join(
            f"((({f} + {half}) // {hund})::DECIMAL(18,0) * 0.01::DECIMAL(3,2))::DECIMAL(5,2) AS {f}"
            for f in figures
        )
        threshold = int(c.pass_threshold * 100)
        if self.sub_item_codes:  # respondents grouped by how many sub-items they answered
            per_part = f"""
                SELECT org, part, question,
                       sum(s::BIGINT * {hund} // k)::BIGINT AS num, sum(n)::BIGINT AS n,
                       bool_or((s::BIGINT * {hund}) % k <> 0) AS inx
                FROM tallies GROUP BY org, part, question"""
        else:  # one row per (org, part, question) already
            per_part = f"""
                SELECT org, part, question, s::BIGINT * {hund} AS num, n::BIGINT AS n,
                       false AS inx
                FROM tallies"""
        self.con.execute(
            f"""CREATE OR REPLACE TEMP TABLE result AS
            WITH q AS ({per_part}
            ), qp AS (
                SELECT org, part, question, num // n AS v, inx OR num % n <> 0 AS inx FROM q
            ), qs AS (
                SELECT org, question, sum(v)::BIGINT AS t, count(*)::BIGINT AS c,
                       bool_or(inx) AS inx
                FROM qp GROUP BY org, question
            ), qc AS (
                SELECT org, question, t // c AS v, inx OR t % c <> 0 AS inx FROM qs
            ), ip AS (
                SELECT q.org, m.indicator, q.part, sum(q.num)::BIGINT AS num, min(q.n) AS nmin,
                       max(q.n) AS nmax, count(*) AS cnt, bool_or(q.inx) AS inx
                FROM q JOIN qmap m USING (question) GROUP BY ALL
            ), qe AS (
                -- the indicator as one fraction, where each part's questions have the same
                -- respondents: (1/P) Σ_p Σ_q num / (n_p · m), one division, no loss before it
                SELECT org, indicator, count(*) AS parts, min(cnt) AS cmin, max(cnt) AS cmax,
                       bool_and(nmin = nmax) AND NOT bool_or(inx) AS uniform,
                       arg_min(num, part)::HUGEINT AS n1, arg_min(nmin * cnt, part)::HUGEINT AS d1,
                       arg_max(num, part)::HUGEINT AS n2, arg_max(nmin * cnt, part)::HUGEINT AS d2
                FROM ip GROUP BY org, indicator
            ), qg AS (
                SELECT qc.org, m.indicator, count(*)::BIGINT AS c, sum(qc.v)::BIGINT AS t,
                       bool_or(qc.inx) AS inx
                FROM qc JOIN qmap m USING (question) GROUP BY qc.org, m.indicator
            ), qf AS (
                SELECT org, indicator, c, t // c AS v, inx OR t % c <> 0 AS inx FROM qg
            ), qx AS (
                SELECT qf.*, qe.parts, qe.n1, qe.d1, qe.n2, qe.d2,
                       coalesce(qe.uniform AND qe.cmin = qe.cmax AND qe.cmax = qf.c
                                AND qe.parts IN (1, 2), false) AS whole,
                       CASE WHEN qe.parts = 1 THEN qe.n1 ELSE qe.n1 * qe.d2 + qe.n2 * qe.d1 END AS fn,
                       CASE WHEN qe.parts = 1 THEN qe.d1 ELSE 2 * qe.d1 * qe.d2 END AS fd
                FROM qf LEFT JOIN qe USING (org, indicator)
            ), qi AS (
                SELECT org, indicator,
                       CASE WHEN c = (CASE indicator {expected} END)
                            THEN CASE WHEN whole THEN (fn // fd)::BIGINT ELSE v END END AS v,
                       CASE WHEN whole THEN fn % fd <> 0 ELSE inx END AS inx
                FROM qx
            ), grp AS (
                SELECT x.org, i.indicator, sum(x.s::BIGINT * {hund})::BIGINT // count(*) AS v,
                       sum(x.s::BIGINT * {hund})::BIGINT % count(*) <> 0 AS inx, count(*) AS n
                FROM items x JOIN imap i ON i.code = x.question
                GROUP BY x.org, i.indicator, i.grp
            ), oi AS (
                SELECT org, indicator,
                       CASE WHEN sum(n) = (CASE indicator {expected} END)
                            THEN sum(v)::BIGINT // count(*) END AS v,
                       bool_or(inx) OR sum(v)::BIGINT % count(*) <> 0 AS inx
                FROM grp GROUP BY org, indicator
            ), ind AS (
                SELECT * FROM qi UNION ALL SELECT * FROM oi
            ), wide AS (
                SELECT o.org, {pivots}
                FROM orgs o LEFT JOIN ind USING (org) GROUP BY o.org
            ), tools AS (
                SELECT *, {", ".join(tool_exprs)} FROM wide
            ), figures AS (
                SELECT *, ({weighted}) // 10000 AS total,
                       coalesce({tool_flags} OR ({weighted}) % 10000 <> 0, false) AS inx_total
                FROM tools
            )
            SELECT g.name AS org, {rounded}, (total + {half}) // {hund} >= {threshold} AS pass,
                   {near} AS near
            FROM figures f JOIN orgs g USING (org)"""
        )
        self.figures = figures

    # ------------------------------------------------------------ results

    def score(self, path: Path) -> None:
        """Score every organisation into the `result` table; raises ScoringInputError on bad input."""
        self._open(path)
        try:
            self._scan(normalise=False)
        except duckdb.Error as exc:  # e.g. a CSV whose bytes stop being UTF-8 deep in the file
            problems = ProblemList()
            problems.add(f"อ่านไฟล์ {path.name} ไม่ได้: {exc}", f"cannot read {path.name}: {exc}")
            problems.raise_if_any()
        if not self._clean():
            self._scan(normalise=True)
            if not self._clean():
                self._diagnose()  # raises, naming the rows' problems
        self._check_structure()
        self._tallies()
        try:
            self._compose()
        except duckdb.OutOfRangeException as exc:  # beyond BIGINT: ~90,000 respondents a question
            problems = ProblemList()
            problems.add(
                "ผู้ตอบต่อข้อของหน่วยงานหนึ่งมากเกินกว่าที่คำนวณได้ (เกิน 90,000 คน)",
                f"too many respondents to one question of one organisation: {exc}",
            )
            problems.raise_if_any()
        near = [org for (org,) in self.con.execute("SELECT org FROM result WHERE near").fetchall()]
        self.exact_rescored = len(near)
        if near:
            self._replace_with_exact(near)

    def _replace_with_exact(self, orgs: list[str]) -> None:
        """Score the given organisations with the exact engine from the same tallies."""
        tallies: dict[str, OrgTallies] = {o: OrgTallies() for o in orgs}
        near = "JOIN orgs g USING (org) JOIN result r ON r.org = g.name WHERE r.near"
        for org, part, question, k, s, n in self.con.execute(
            f"SELECT g.name, t.part, t.question, t.k, t.s, t.n FROM tallies t {near}"
        ).fetchall():
            tallies[org].tally(part, question).add(k, Decimal(int(s)) / 100, int(n))
        for org, question, s in self.con.execute(
            f"SELECT g.name, i.question, i.s FROM items i {near}"
        ).fetchall():
            tallies[org].items[question] = Decimal(int(s)) / 100
        exact = []
        for org, t in tallies.items():
            a = assess_tallies(self.criteria, org, t)
            values = [round2(i.score) for i in a.indicators] + [round2(v) for v in a.tools.values()]
            exact.append((org, *values, round2(a.total), a.passed, False))
        self.con.execute("DELETE FROM result WHERE near")
        self._table("exact_rows", ", ".join(self._result_columns()), exact)
        self.con.execute("INSERT INTO result SELECT * FROM exact_rows")

    def _result_columns(self) -> list[str]:
        return [
            "org VARCHAR",
            *[f"{f} DECIMAL(5,2)" for f in self.figures],
            "pass BOOLEAN",
            "near BOOLEAN",
        ]

    def rows(self) -> list[BulkRow]:
        numbers = [i.number for i in self.criteria.indicators]
        tool_codes = [t.code for t in self.criteria.tools]
        out = []
        for row in self.con.execute("SELECT * EXCLUDE (near) FROM result ORDER BY org").fetchall():
            org, values = row[0], row[1:]
            inds = dict(zip(numbers, values[: len(numbers)], strict=True))
            tools = dict(
                zip(tool_codes, values[len(numbers) : len(numbers) + len(tool_codes)], strict=True)
            )
            out.append(BulkRow(org, inds, tools, values[-2], values[-1]))
        return out

    def write(self, path: Path) -> None:
        """org,ind1..ind10,iit,eit,oit,total,pass as CSV or Parquet (by the file's suffix).

        CSV goes through the shared writer, so an org code that looks like a formula is never
        one in Excel; values are spelt as DuckDB's own CSV spells them (85.20, true, empty).
        """
        query = "SELECT * EXCLUDE (near) FROM result ORDER BY org"
        if path.suffix.lower() == ".parquet":
            target = str(path).replace("'", "''")
            self.con.execute(f"COPY ({query}) TO '{target}' (FORMAT parquet)")
            return
        risky = self.con.execute(
            "SELECT count(*) > 0 FROM result WHERE regexp_matches(ltrim(org, ?), ?)",
            ["'", r"^[=+\-@\t\r]"],
        ).fetchone()[0]
        if not risky:  # nothing a spreadsheet could take for a formula: DuckDB writes it
            target = str(path).replace("'", "''")
            self.con.execute(f"COPY ({query}) TO '{target}' (FORMAT csv, HEADER)")
            return
        cursor = self.con.execute(query)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv_writer(handle, lineterminator="\n")
            writer.writerow([column for column, *_ in cursor.description])
            while rows := cursor.fetchmany(10_000):
                writer.writerows([_csv_spelling(v) for v in row] for row in rows)
