"""A spent IIT code and its response cannot be paired through database metadata.

The attacker: someone who can query the database (system columns included: xmin, xmax, ctid on
PostgreSQL, rowid on SQLite) and holds the printed code list, so can hash every code with the
campaign's salt and find its row. What they must not learn is which response a code produced.

The proof is deterministic. N campaigns each get the same N codes' worth of submissions, in N
orders that are the cyclic shifts of one another (run r: the i-th response comes from code
i + r mod N). If the attacker's view of the database (metadata as ranks, row contents) is the
same in every run, then any pairing they derive from it is the same in every run, and a fixed
pairing is right exactly N times over the N runs: one right pair per run, which is what guessing
gives. The intake before this change failed both: a code row and its response shared an xmin,
and updated code rows sat in the heap in submission order.
"""

from __future__ import annotations

import threading
import time
import uuid
from datetime import timedelta
from unittest import skipUnless

from django.db import connection, connections, transaction
from django.test import TransactionTestCase
from django.utils import timezone

from prongsai.orgs.models import Organisation
from prongsai.surveys.intake import Refused, generate_codes, submit
from prongsai.surveys.models import Campaign, OneTimeCode, Response
from prongsai.surveys.questionnaire import for_campaign

N = 12  # codes spent per campaign, and campaigns (one per cyclic shift of the order)
SPARE = 2  # codes printed but never used
SKIP = {"surveys_onetimecode", "surveys_response", "surveys_answer", "surveys_campaign"}


def same_answers(campaign) -> dict[str, str]:
    """Every respondent answers alike, so only metadata could tell responses apart."""
    return {item.code: item.choices[0].key for item in for_campaign(campaign).items}


def meta_columns() -> str:
    if connection.vendor == "postgresql":
        return "xmin::text::bigint, xmax::text::bigint, ctid::text"
    return "NULL, NULL, rowid"


def ctid_key(value) -> tuple[int, ...]:
    """'(page,item)' on PostgreSQL, a rowid on SQLite: both sort as heap order."""
    if isinstance(value, str):
        return tuple(int(part) for part in value.strip("()").split(","))
    return (value,)


def rows_with_meta(table: str, key: str, campaign_id: int) -> list[tuple]:
    """(key, xmin, xmax, ctid) of every row of `table` that belongs to the campaign."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {key}, {meta_columns()} FROM {table} WHERE campaign_id = %s",
            [campaign_id],
        )
        return [(k, xmin, xmax, ctid_key(ctid)) for k, xmin, xmax, ctid in cursor.fetchall()]


def other_campaign_tables() -> dict[str, list[str]]:
    """Every other survey table with rows per campaign (e.g. where spent codes are kept), with
    its columns other than the campaign's key (which differs from run to run)."""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if not table.startswith("surveys_") or table in SKIP:
                continue
            description = connection.introspection.get_table_description(cursor, table)
            columns = [c.name for c in description]
            if "campaign_id" in columns:
                tables[table] = [c for c in columns if c != "campaign_id"]
    return tables


def other_rows(table: str, columns: list[str], campaign_id: int) -> list[tuple]:
    """Contents and metadata of a campaign's rows in another survey table."""
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {meta_columns()}, {names} FROM {table} WHERE campaign_id = %s", [campaign_id]
        )
        return [
            (xmin, xmax, tuple(bytes(v) if isinstance(v, memoryview) else v for v in rest))
            for xmin, xmax, _ctid, *rest in cursor.fetchall()
        ]


def ranks(values) -> dict:
    """Each distinct value's rank; 0 (no transaction) stays 0."""
    ordered = sorted({v for v in values if v})
    return {v: n + 1 for n, v in enumerate(ordered)} | {0: 0, None: None}


class Run:
    """One campaign whose N codes were spent in a known order."""

    def __init__(self, org: Organisation, shift: int):
        today = timezone.localdate()
        self.campaign = Campaign.objects.create(
            org=org, year=2568, tool="iit", opens=today - timedelta(days=1), closes=today
        )
        self.codes = generate_codes(self.campaign, N + SPARE)  # the printed list, in its order
        answers = same_answers(self.campaign)
        self.truth = {}  # response id → the code's position on the printed list
        for i in range(N):
            position = (i + shift) % N
            response = submit(
                self.campaign, answers, nonce=f"n{shift}-{i}", code=self.codes[position]
            )
            self.truth[str(response.id)] = position
        position_of = {self.campaign.code_hash(c): n for n, c in enumerate(self.codes)}
        pk = self.campaign.pk
        self.code_rows = sorted(
            (position_of[h], xmin, xmax, ctid)
            for h, xmin, xmax, ctid in rows_with_meta("surveys_onetimecode", "code_hash", pk)
        )
        self.response_rows = [
            (str(uuid.UUID(str(k))), xmin, xmax, ctid)
            for k, xmin, xmax, ctid in rows_with_meta("surveys_response", "id", pk)
        ]
        self.others = {
            table: other_rows(table, columns, pk)
            for table, columns in other_campaign_tables().items()
        }

    def view(self) -> tuple:
        """What the attacker sees, with transaction ids and heap positions as ranks."""
        xids = ranks(
            [x for row in self.code_rows + self.response_rows for x in row[1:3]]
            + [x for rows in self.others.values() for row in rows for x in row[:2]]
        )
        code_ctids = ranks(row[3] for row in self.code_rows)
        response_ctids = ranks(row[3] for row in self.response_rows)
        codes = [(xids[x], xids[y], code_ctids[c]) for _p, x, y, c in self.code_rows]
        responses = sorted(
            (xids[x], xids[y], response_ctids[c]) for _k, x, y, c in self.response_rows
        )
        others = {
            table: sorted((xids[x], xids[y], content) for x, y, content in rows)
            for table, rows in self.others.items()
        }
        return codes, responses, others

    def xid_pairs(self) -> int:
        """True pairs found by matching a code row's xmin/xmax to a response's xmin."""
        by_xid = {}
        for key, xmin, _xmax, _ctid in self.response_rows:
            if xmin:
                by_xid.setdefault(xmin, set()).add(key)
        found = 0
        for position, xmin, xmax, _ctid in self.code_rows:
            suspects = by_xid.get(xmin, set()) | by_xid.get(xmax, set())
            found += any(self.truth[k] == position for k in suspects)
        return found

    def order_pairs(self, code_field: int, response_field: int) -> int:
        """True pairs found by lining up spent codes and responses in a metadata order."""
        spent = [row for row in self.code_rows if row[0] < N]
        codes = sorted(spent, key=lambda row: (row[code_field] or 0, row[0]))
        responses = sorted(self.response_rows, key=lambda row: row[response_field] or 0)
        return sum(self.truth[r[0]] == c[0] for c, r in zip(codes, responses, strict=True))


class UnlinkableCodesTests(TransactionTestCase):
    """One test, so the N campaigns are made once (a TransactionTestCase empties the database)."""

    def test_spent_codes_cannot_be_paired_with_responses(self):
        runs = []
        for shift in range(N):
            org = Organisation.objects.create(
                slug=f"unlink-{shift}", name_th=f"อบต.ทดสอบ {shift}", kind="sao", province="ชลบุรี"
            )
            runs.append(Run(org, shift))

        with self.subTest("no code row carries a response's transaction id"):
            response_xids = {x for run in runs for _k, x, _y, _c in run.response_rows}
            code_xids = {
                x for run in runs for _p, xmin, xmax, _c in run.code_rows for x in (xmin, xmax) if x
            }
            self.assertEqual(code_xids & response_xids, set())
            self.assertEqual([run.xid_pairs() for run in runs], [0] * N)

        with self.subTest("the attacker's view does not depend on the order of submission"):
            for run in runs[1:]:
                self.assertEqual(run.view(), runs[0].view())

        fields = {"xmin": 1, "xmax": 2, "ctid": 3}
        for code_name, code_field in fields.items():
            for response_name in ("xmin", "ctid"):
                with self.subTest(f"codes by {code_name}, responses by {response_name}"):
                    right = sum(run.order_pairs(code_field, fields[response_name]) for run in runs)
                    # Guessing is right once per run on average: N over the N runs.
                    self.assertLessEqual(right, N)

        with self.subTest("every response counted, every code works once"):
            for run in runs:
                self.assertEqual(Response.objects.filter(campaign=run.campaign).count(), N)
                for code in run.codes[:N]:
                    with self.assertRaises(Refused):
                        submit(run.campaign, same_answers(run.campaign), nonce="again", code=code)
            run = runs[0]
            submit(run.campaign, same_answers(run.campaign), nonce="spare", code=run.codes[N])
            self.assertEqual(Response.objects.filter(campaign=run.campaign).count(), N + 1)
            self.assertEqual(OneTimeCode.objects.filter(campaign=run.campaign).count(), N + SPARE)


@skipUnless(
    connection.vendor == "postgresql",
    "SQLite's in-memory test database refuses a second writer instead of queueing it; "
    "test_intake_bench runs IIT submissions from concurrent clients on an SQLite file",
)
class ConcurrentCodeTests(TransactionTestCase):
    """Two connections send the same code at once: exactly one response is taken."""

    def test_the_same_code_from_two_connections_works_once(self):
        today = timezone.localdate()
        org = Organisation.objects.create(
            slug="race", name_th="อบต.แข่งกัน", kind="sao", province="ชลบุรี"
        )
        campaign = Campaign.objects.create(
            org=org, year=2568, tool="iit", opens=today - timedelta(days=1), closes=today
        )
        code = generate_codes(campaign, 1)[0]
        answers = same_answers(campaign)
        first_in, release = threading.Event(), threading.Event()
        outcome, second_pid = {}, {}

        def first():
            try:
                with transaction.atomic():  # holds whatever submit locks until released
                    submit(campaign, answers, nonce="first", code=code)
                    first_in.set()
                    release.wait(30)
                outcome["first"] = "taken"
            except Refused:
                outcome["first"] = "refused"
            finally:
                first_in.set()
                connections.close_all()

        def second():
            first_in.wait(30)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                second_pid["pid"] = cursor.fetchone()[0]
            try:
                submit(campaign, answers, nonce="second", code=code)
                outcome["second"] = "taken"
            except Refused:
                outcome["second"] = "refused"
            finally:
                connections.close_all()

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        self.wait_until_blocked(second_pid)
        release.set()
        for thread in threads:
            thread.join(60)
        self.assertEqual(outcome, {"first": "taken", "second": "refused"})
        self.assertEqual(Response.objects.filter(campaign=campaign).count(), 1)

    def wait_until_blocked(self, second_pid: dict) -> None:
        """Until the second connection waits on a lock the first one holds."""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            pid = second_pid.get("pid")
            if pid:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT count(*) FROM pg_locks WHERE pid = %s AND NOT granted", [pid]
                    )
                    if cursor.fetchone()[0]:
                        return
            time.sleep(0.02)
        self.fail("the second submission never waited for the first")
