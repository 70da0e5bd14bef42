"""National bulk scoring: every organisation of a response file at once, columnar, in DuckDB.

Identical numbers to the per-organisation engine, by construction:
1. One scan of the file joins each answer to its score (in exact hundredths) on
   (question, answer, tool, EIT part), hashed into one 64-bit key, and sums per (organisation,
   slot), a slot being one question (in one EIT part) or OIT item: the same integer tallies
   `tally.QuestionTally` keeps, grouped by an organisation and a small integer, about as cheap
   as a bare GROUP BY org, question. A row the join does not match (an untidy spelling, or an
   error) sends the file through a second, normalising scan; only a file still wrong after it
   pays for the diagnostics that name rows.
2. NumPy composes questions → indicators → tools → total in exact integer arithmetic (units of
   10⁻¹², int64, organisations as integers), noting where a division left a remainder; a
   figure's rounding half-up to 2 places is decided exactly, except where a remainder leaves a
   rounding boundary (…x5) within the few units a figure can have lost.
3. Only those organisations (a handful in a national year) are scored again by the exact engine
   (tally.assess_tallies) from the same tallies, and their figures replaced.
Bad input is reported like the per-organisation engine does, naming org, question and answer —
unless a wrong row's texts share their 64-bit hash with a known combination's (about 2e-17 for
each distinct wrong combination), the one way bulk scoring can differ from the engine.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import numpy as np

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
HUND = UNIT // 100  # a score's hundredth (the scan sums scores in hundredths)
HALF = UNIT // 200  # half a hundredth: rounding half-up to 2 places
LOSS = 16  # units a figure's floors can lose, at most (one or a few per level; means never add)
MAX_LISTED = 20
# What a response row is matched on: its question, answer, tool and part, as one hash.
KEY_HASH = "hash({t}.question, {t}.answer, {t}.tool, {t}.part)"


@dataclass
class BulkRow:
    org: str
    indicators: dict[int, Decimal | None]
    tools: dict[str, Decimal | None]
    total: Decimal | None
    passed: bool | None


@dataclass
class Figure:
    """One figure for every organisation: its value floored to units of 10⁻¹², whether a
    division below it left a remainder, and whether it exists (all its parts were given)."""

    value: np.ndarray
    inexact: np.ndarray
    valid: np.ndarray

    @classmethod
    def mean(cls, members: list[Figure]) -> Figure:
        total = sum(m.value for m in members)
        inexact = np.logical_or.reduce([m.inexact for m in members]) | (total % len(members) != 0)
        return cls(
            total // len(members), inexact, np.logical_and.reduce([m.valid for m in members])
        )


def _assign(target: np.ndarray, index, values) -> None:
    target[index] = values


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
        # A slot: one code as the file names it (question, sub-item or OIT item) in one EIT part.
        # The scan's join key is (code, answer, tool, part), so a matched row is a valid one.
        slots, keyed = [], []
        self.question_parts: dict[tuple[str, int], int] = {}
        self.item_index = {item.code: n for n, item in enumerate(c.oit_items)}
        for q in c.questions:
            for part in self.parts if q.tool == "eit" else (0,):
                self.question_parts[(q.code, part)] = len(self.question_parts)
            for code in q.sub_items or (q.code,):
                for part in self.parts if q.tool == "eit" else (0,):
                    slot = len(slots)
                    sub = bool(q.sub_items)
                    qp = self.question_parts[(q.code, part)]
                    slots.append((slot, code, q.code, q.tool, part, sub, qp, None))
                    spelt = str(part) if q.tool == "eit" else ""
                    keyed += [
                        (code, o.key, q.tool, spelt, slot, sub, int(o.score * 100))
                        for o in q.options
                    ]
        for item in c.oit_items:
            slot = len(slots)
            slots.append(
                (slot, item.code, item.code, "oit", 0, False, None, self.item_index[item.code])
            )
            keyed += [(item.code, v, "oit", "", slot, False, 10000) for v in OIT_PASS]
            keyed += [(item.code, v, "oit", "", slot, False, 0) for v in OIT_FAIL]
        self._table(
            "slots",
            "slot INT, code VARCHAR, question VARCHAR, tool VARCHAR, part INT, sub BOOLEAN, "
            "qp INT, item INT",
            slots,
        )
        self._table(
            "keyed",
            # INTEGER, not BIGINT: DuckDB sums it without overflow checks (its statistics
            # bound the sums), measurably cheaper over tens of millions of rows.
            "question VARCHAR, answer VARCHAR, tool VARCHAR, part VARCHAR, slot INT, sub BOOLEAN, "
            "centi INTEGER",
            keyed,
        )
        # The scan joins on one 64-bit hash of the four texts instead of on the four texts
        # (bench/national.py: a fifth of a bare aggregate's time saved). Known combinations
        # never share a hash (checked here); a wrong row is taken for a known one only if its
        # texts hash alike, some 2e-17 per distinct wrong combination.
        self.con.execute(
            f"CREATE OR REPLACE TABLE keyed AS SELECT *, {KEY_HASH.format(t='keyed')} AS h FROM keyed"
        )
        if self.con.execute("SELECT count(DISTINCT h) < count(*) FROM keyed").fetchone()[0]:
            raise ValueError("two known answers share a hash: the scan cannot tell them apart")
        self.first_item_slot = len(slots) - len(c.oit_items)
        self.slot_qp = np.array([-1 if qp is None else qp for *_, qp, _item in slots], np.int64)

    def _table(self, name: str, columns: str, rows: list[tuple]) -> None:
        """A small table from Python rows: one list parameter a column, unnested side by side
        (a parameter a value, or executemany, costs ten times as much)."""
        self.con.execute(f"CREATE OR REPLACE TABLE {name} ({columns})")
        if rows:
            types = [column.split(None, 1)[1] for column in columns.split(", ")]
            unnested = ", ".join(f"unnest(?::{t}[])" for t in types)
            values = [[row[n] for row in rows] for n in range(len(types))]
            self.con.execute(f"INSERT INTO {name} SELECT {unnested}", values)

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

        A row whose (question, answer, tool, part) is not a known combination (its hash is no
        known one's) gets slot NULL.
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
                SELECT s.org, k.slot{respondent}, sum(k.centi)::BIGINT AS s, count(*) AS n
                FROM {source} s LEFT JOIN keyed k ON k.h = {KEY_HASH.format(t="s")}
                GROUP BY ALL"""
        )

    def _clean(self) -> bool:
        """True when every row matched a known tool, question (in its part) and answer."""
        return self.con.execute("SELECT count(*) = 0 FROM raw WHERE slot IS NULL").fetchone()[0]

    # ------------------------------------------------------------ checks

    def _load_diagnostic_tables(self) -> None:
        """Questions and answers by code alone, to say which part of a bad row is wrong."""
        c = self.criteria
        rows = []
        for q in c.questions:
            rows.append((q.code, q.tool, q.indicator, None))
            rows += [(s, q.tool, q.indicator, q.code) for s in q.sub_items]
        rows += [(item.code, "oit", item.indicator, None) for item in c.oit_items]
        self._table("qmap", "question VARCHAR, tool VARCHAR, indicator INT, parent VARCHAR", rows)
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

    def _diagnose(self) -> None:
        """Name what is wrong in a file whose rows did not all match: only a bad file pays for
        this look (a grouping by tool, part and question as the file spells them)."""
        self._load_diagnostic_tables()
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
        n_empty = q("SELECT coalesce(sum(n), 0) FROM raw WHERE org = '' OR org IS NULL").fetchone()[
            0
        ]
        if n_empty:
            problems.add(
                f"ไม่มีรหัสหน่วยงาน {n_empty} แถว", f"{n_empty} rows have no org", column="org"
            )
        # An OIT item is one slot (the last ones), a row of `raw` per organisation: n > 1 is a
        # duplicate, found by integers alone.
        for org, question in q(
            f"""SELECT r.org, k.code FROM raw r JOIN slots k USING (slot)
                WHERE r.slot >= {self.first_item_slot} AND r.n > 1
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
        """Number the organisations and read the scan's rows into NumPy: `self.tallies` =
        (org, qp, k, s, n) exactly as tally.QuestionTally holds them (s in hundredths, qp a
        question in a part) and `self.items` = (org, item, s) for OIT, organisations as
        integers (`orgs` maps them to their codes)."""
        self.con.execute(
            """CREATE OR REPLACE TEMP TABLE orgs AS
               SELECT org AS name, (row_number() OVER (ORDER BY org) - 1)::INT AS org
               FROM (SELECT DISTINCT org FROM raw)"""
        )
        if self.sub_item_codes:
            # A respondent's score is the mean of the sub-items it answered (k of them).
            xr = "raw r JOIN orgs g ON g.name = r.org JOIN slots k USING (slot)"
            t = self.con.execute(
                f"""SELECT g.org, k.qp, 1 AS k, r.s, r.n FROM {xr}
                    WHERE k.tool <> 'oit' AND NOT k.sub
                    UNION ALL
                    SELECT org, qp, k, sum(s), count(*) FROM (
                        SELECT g.org, k.qp, r.respondent, count(*) AS k, sum(r.s) AS s
                        FROM {xr} WHERE k.sub GROUP BY ALL
                    ) GROUP BY ALL"""
            ).fetchnumpy()
            i = self.con.execute(
                f"SELECT g.org, k.item, r.s FROM {xr} WHERE k.tool = 'oit'"
            ).fetchnumpy()
            tallies = {name: np.asarray(t[name], np.int64) for name in ("org", "qp", "k", "s", "n")}
            items = {name: np.asarray(i[name], np.int64) for name in ("org", "item", "s")}
        else:
            # One read of the scan's rows; a slot is a question in a part or an OIT item, told
            # apart by where it is (items are the last slots).
            raw = self.con.execute(
                "SELECT g.org, r.slot, r.s, r.n FROM raw r JOIN orgs g ON g.name = r.org"
            ).fetchnumpy()
            org, slot, s, n = (np.asarray(raw[c], np.int64) for c in ("org", "slot", "s", "n"))
            on_item = slot >= self.first_item_slot
            on_question = ~on_item
            tallies = {
                "org": org[on_question],
                "qp": self.slot_qp[slot[on_question]],
                "k": np.ones(int(on_question.sum()), np.int64),
                "s": s[on_question],
                "n": n[on_question],
            }
            items = {
                "org": org[on_item],
                "item": slot[on_item] - self.first_item_slot,
                "s": s[on_item],
            }
        self.tallies, self.items = tallies, items
        [(self.n_orgs,)] = self.con.execute("SELECT count(*) FROM orgs").fetchall()

    def item_scores(self) -> dict[str, dict[str, Decimal]]:
        """Each organisation's OIT items as scored (100 or 0)."""
        names = [n for (n,) in self.con.execute("SELECT name FROM orgs ORDER BY org").fetchall()]
        codes = [item.code for item in self.criteria.oit_items]
        out: dict[str, dict[str, Decimal]] = {}
        for org, item, s in zip(
            *(self.items[c].tolist() for c in ("org", "item", "s")), strict=True
        ):
            out.setdefault(names[org], {})[codes[item]] = Decimal(s) / 100
        return out

    def _compose(self) -> None:
        """The `result` table: one row per org, every figure exact and rounded half-up.

        Figures are integers in units of 10⁻¹² (int64): sums are exact and each division is an
        integer division whose remainder is noted (`inexact`). A figure without a remainder
        anywhere below it is exact, so its rounding is decided exactly. One with a remainder is
        at most LOSS units below the true value (floors lose less than a unit each, and means
        never add to a loss); only when that interval holds a rounding boundary (`near`: a
        repeating decimal that lands on …x5) is the organisation scored again by the exact
        engine, and its figures replaced before the table is made.

        The scan left a few rows per organisation (its tallies); composing them is arithmetic on
        columns of organisations, one column per question, indicator or tool: vectorised integer
        arithmetic (NumPy), no grouping, no floating point.
        """
        c = self.criteria
        n_orgs = self.n_orgs
        t, i = self.tallies, self.items
        org, qp, k, s, n = (t[name] for name in ("org", "qp", "k", "s", "n"))
        # Per (org, question-in-a-part): num = Σ_k ⌊s_k / k⌋, n respondents (tally.QuestionTally).
        shape = (n_orgs, len(self.question_parts))
        num = np.zeros(shape, np.int64)
        resp = np.zeros(shape, np.int64)
        kinx = np.zeros(shape, bool)
        # Without sub-items each (org, question-in-a-part) is one row: plain assignment; with
        # them, a row per number of sub-items answered, summed.
        put = np.add.at if self.sub_item_codes else _assign
        put(resp, (org, qp), s)  # first the sums of scores, to bound what follows
        widest = max((len(c.questions_of(x.number)) for x in c.indicators), default=1)
        if int(resp.max(initial=0)) * HUND * max(widest, 2) >= 2**63:
            raise OverflowError("a question's sum of scores is beyond 64-bit integers")
        resp[:] = 0
        scaled = s * HUND
        put(num, (org, qp), scaled // k)
        put(resp, (org, qp), n)
        (np.logical_or.at if self.sub_item_codes else _assign)(kinx, (org, qp), scaled % k != 0)
        item_scores = np.zeros((n_orgs, len(c.oit_items)), np.int64)
        item_seen = np.zeros((n_orgs, len(c.oit_items)), bool)
        item_scores[i["org"], i["item"]] = i["s"].astype(np.int64) * HUND
        item_seen[i["org"], i["item"]] = True

        figures: dict[str, Figure] = {}
        for indicator in c.indicators:
            if indicator.tool == "oit":
                figure = self._oit_indicator(indicator.number, item_scores, item_seen)
            else:
                figure = self._question_indicator(indicator, num, resp, kinx)
            figures[f"ind{indicator.number}"] = figure
        for tool in c.tools:
            members = [figures[f"ind{x.number}"] for x in c.indicators_of(tool.code)]
            figures[tool.code] = Figure.mean(members)
        weighted = [(int(tool.weight * 100), figures[tool.code]) for tool in c.tools]
        if any(
            Decimal(w) != tool.weight * 100 for (w, _), tool in zip(weighted, c.tools, strict=True)
        ):
            raise ValueError("tool weights are given to at most two decimal places")
        total_sum = sum(w * f.value for w, f in weighted)
        figures["total"] = Figure(
            total_sum // 10000,
            np.logical_or.reduce([f.inexact for _, f in weighted]) | (total_sum % 10000 != 0),
            np.logical_and.reduce([f.valid for _, f in weighted]),
        )
        self.figures = list(figures)

        columns: dict[str, np.ndarray] = {"org": np.arange(n_orgs, dtype=np.int64)}
        near = np.zeros(n_orgs, bool)
        for name, f in figures.items():
            shown = (f.value + HALF) // HUND
            columns[name] = np.where(f.valid, shown, -1)
            near |= f.valid & f.inexact & (shown != (f.value + LOSS + HALF) // HUND)
        total_shown = columns["total"]
        columns["pass"] = np.where(
            figures["total"].valid, (total_shown >= int(c.pass_threshold * 100)).astype(np.int8), -1
        )
        near_orgs = np.flatnonzero(near)
        self.exact_rescored = len(near_orgs)
        if len(near_orgs):
            self._replace_with_exact(near_orgs, columns)
        decimal = ", ".join(
            f"(nullif(f.{name}, -1)::DECIMAL(18,0) * 0.01::DECIMAL(3,2))::DECIMAL(5,2) AS {name}"
            for name in figures
        )
        self.con.register("composed", columns)
        try:
            self.con.execute(
                f"""CREATE OR REPLACE TEMP TABLE result AS
                    SELECT g.name AS org, {decimal}, nullif(f.pass, -1)::BOOLEAN AS pass
                    FROM composed f JOIN orgs g USING (org)"""
            )
        finally:
            self.con.unregister("composed")

    def _replace_with_exact(self, near: np.ndarray, columns: dict[str, np.ndarray]) -> None:
        """Score the given organisations with the exact engine from the same tallies and put
        their figures (hundredths, -1 where there is none) in `columns`."""
        names = dict(
            self.con.execute(
                "SELECT org, name FROM orgs WHERE org IN (SELECT unnest(?::INT[]))", [near.tolist()]
            ).fetchall()
        )
        question_part = {qp: key for key, qp in self.question_parts.items()}
        item_codes = [item.code for item in self.criteria.oit_items]
        tallies = {int(o): OrgTallies() for o in near}
        t, i = self.tallies, self.items
        rows = np.isin(t["org"], near)
        for org, qp, k, s, n in zip(
            *(t[c][rows].tolist() for c in ("org", "qp", "k", "s", "n")), strict=True
        ):
            question, part = question_part[qp]
            tallies[org].tally(part, question).add(k, Decimal(s) / 100, n)
        rows = np.isin(i["org"], near)
        for org, item, s in zip(*(i[c][rows].tolist() for c in ("org", "item", "s")), strict=True):
            tallies[org].items[item_codes[item]] = Decimal(s) / 100

        def hundredths(value: Decimal | None) -> int:
            return -1 if value is None else int(round2(value) * 100)

        for org, org_tallies in tallies.items():
            a = assess_tallies(self.criteria, names[org], org_tallies)
            values = [i.score for i in a.indicators] + list(a.tools.values()) + [a.total]
            for name, value in zip(self.figures, values, strict=True):
                columns[name][org] = hundredths(value)
            columns["pass"][org] = -1 if a.passed is None else int(a.passed)

    def _question_indicator(self, indicator, num, resp, kinx) -> Figure:
        """An IIT/EIT indicator: the mean of its questions, each the mean of its parts present.

        Where every question of the indicator has the same respondents within each part (the
        usual case), it is also computed as one fraction, (1/P) Σ_p Σ_q num / (n_p · Q), whose
        single division is exact far more often than the mean of means: fewer organisations
        land near a boundary.
        """
        parts = self.criteria.tool(indicator.tool).parts or (0,)
        questions = self.criteria.questions_of(indicator.number)
        rows = num.shape[0]
        q_values, q_inexact, q_present = [], [], []
        per_part = {p: {"num": [], "n": [], "seen": [], "kinx": []} for p in parts}
        for question in questions:
            total = np.zeros(rows, np.int64)
            count = np.zeros(rows, np.int64)
            inexact = np.zeros(rows, bool)
            for part in parts:
                col = self.question_parts[(question.code, part)]
                n, seen = resp[:, col], resp[:, col] > 0
                value = num[:, col] // np.maximum(n, 1)
                total += np.where(seen, value, 0)
                count += seen
                inexact |= seen & (kinx[:, col] | (num[:, col] % np.maximum(n, 1) != 0))
                slot = per_part[part]
                slot["num"].append(np.where(seen, num[:, col], 0))
                slot["n"].append(n)
                slot["seen"].append(seen)
                slot["kinx"].append(seen & kinx[:, col])
            q_values.append(total // np.maximum(count, 1))
            q_inexact.append(inexact | (total % np.maximum(count, 1) != 0))
            q_present.append(count > 0)
        present = np.array(q_present)
        c = present.sum(axis=0)
        t = np.where(present, np.array(q_values), 0).sum(axis=0)
        value = t // np.maximum(c, 1)
        inexact = (present & np.array(q_inexact)).any(axis=0) | (t % np.maximum(c, 1) != 0)

        # The same indicator as one fraction where respondents are uniform in each part.
        found = []  # per part present: (num, d = n · questions, questions)
        uniform = np.ones(rows, bool)
        for part in parts:
            slot = per_part[part]
            seen = np.array(slot["seen"])
            cnt = seen.sum(axis=0)
            n = np.array(slot["n"])
            big = np.iinfo(np.int64).max
            nmin = np.where(seen, n, big).min(axis=0)
            nmax = np.where(seen, n, 0).max(axis=0)
            here = cnt > 0
            uniform &= ~here | ((nmin == nmax) & ~np.array(slot["kinx"]).any(axis=0))
            found.append(
                (here, np.array(slot["num"]).sum(axis=0), np.where(here, nmin, 1) * cnt, cnt)
            )
        n_parts = sum(here.astype(np.int64) for here, *_ in found)
        same_count = np.ones(rows, bool)
        for here, _num, _d, cnt in found:
            same_count &= ~here | (cnt == c)
        whole = uniform & same_count & ((n_parts == 1) | (n_parts == 2))
        if whole.any():
            # the first and the last part present (the only one, or the two)
            n1 = np.zeros(rows, np.int64)
            d1 = np.ones(rows, np.int64)
            n2 = np.zeros(rows, np.int64)
            d2 = np.ones(rows, np.int64)
            for here, part_num, d, _cnt in reversed(found):
                n1 = np.where(here, part_num, n1)
                d1 = np.where(here, d, d1)
            for here, part_num, d, _cnt in found:
                n2 = np.where(here, part_num, n2)
                d2 = np.where(here, d, d2)
            d1, d2 = np.maximum(d1, 1), np.maximum(d2, 1)
            one_value, one_rem = n1 // d1, n1 % d1
            # two parts: ⌊(n1/d1 + n2/d2) / 2⌋ without a product beyond 64 bits:
            # a_i = ⌊n_i/d_i⌋, r_i the remainders, A = a1 + a2 = 2h + b, D = d1·d2:
            # value = h + (b·D + r1·d2 + r2·d1) / 2D
            a = one_value + n2 // d2
            h, b = a // 2, a % 2
            dd = d1 * d2
            frac = b * dd + one_rem * d2 + (n2 % d2) * d1
            two_value, two_rem = h + frac // (2 * dd), frac % (2 * dd)
            whole_value = np.where(n_parts == 1, one_value, two_value)
            whole_rem = np.where(n_parts == 1, one_rem, two_rem)
            value = np.where(whole, whole_value, value)
            inexact = np.where(whole, whole_rem != 0, inexact)
        return Figure(value, inexact, c == len(questions))

    def _oit_indicator(self, number: int, scores, seen) -> Figure:
        """The mean of the sub-indicators' means of 0/100 items (one group without sub-indicators)."""
        items = self.criteria.items_of(number)
        groups: dict[str, list[int]] = {}
        for item in items:
            groups.setdefault(item.sub_indicator or "", []).append(self.item_index[item.code])
        rows = scores.shape[0]
        total = np.zeros(rows, np.int64)
        count = np.zeros(rows, np.int64)
        given = np.zeros(rows, np.int64)
        inexact = np.zeros(rows, bool)
        for columns in groups.values():
            cnt = seen[:, columns].sum(axis=1)
            t = np.where(seen[:, columns], scores[:, columns], 0).sum(axis=1)
            here = cnt > 0
            total += np.where(here, t // np.maximum(cnt, 1), 0)
            inexact |= here & (t % np.maximum(cnt, 1) != 0)
            count += here
            given += cnt
        value = total // np.maximum(count, 1)
        inexact |= total % np.maximum(count, 1) != 0
        return Figure(value, inexact, given == len(items))

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
        except (duckdb.OutOfRangeException, OverflowError) as exc:  # ~90,000 respondents a question
            problems = ProblemList()
            problems.add(
                "ผู้ตอบต่อข้อของหน่วยงานหนึ่งมากเกินกว่าที่คำนวณได้ (เกิน 90,000 คน)",
                f"too many respondents to one question of one organisation: {exc}",
            )
            problems.raise_if_any()

    def rows(self) -> list[BulkRow]:
        numbers = [i.number for i in self.criteria.indicators]
        tool_codes = [t.code for t in self.criteria.tools]
        out = []
        for row in self.con.execute("SELECT * FROM result ORDER BY org").fetchall():
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
        query = "SELECT * FROM result ORDER BY org"
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
