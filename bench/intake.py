"""Survey intake benchmark: concurrent EIT (or IIT) form submissions against gunicorn on loopback,
on SQLite (WAL) and on PostgreSQL, compared with a bare Django view that inserts one row, measured
in the same run on the same server.

    .venv/bin/python bench/intake.py [--db sqlite|postgres|both] [--submissions 2000]
                                     [--clients 16] [--workers 4] [--crash] [--time-limit 60]
                                     [--tool eit|iit]

For each database: a fresh database is migrated, an organisation and an open EIT campaign for
2568 are created (with --tool iit an IIT campaign and one one-time code per submission, each
submission sending its own code), and gunicorn is started with gunicorn.conf.py in production mode (plain HTTP).
A second process drives the load: N client threads, each with its own http.client connection and
CSRF cookie, POST the whole questionnaire with a fresh nonce per submission until the fixed number
of submissions is reached or the time limit passes. An acknowledged submission is a 302 to the
thanks page. The baseline is the same threads POSTing the same number of times to
/bench/bare-insert/ (204), mounted by PRONGSAI_BENCH_ENDPOINTS=1.

Printed per database: submissions, seconds, throughput, p50 and p99 latency for both; the ratio
survey/bare throughput (goal ≥ 0.6×) and the survey p99 (goal < 200 ms); and the verification:
the responses in the database equal the acknowledged submissions, and the receipt
(sha256 of "campaign_pk:nonce") of every acknowledged submission is there.

--crash kills gunicorn (master and workers, SIGKILL to the process group) after a third of the
submissions and starts it again on the same port; clients retry an unacknowledged submission with
the same nonce until it is acknowledged. No acknowledged response may be missing, none doubled.
Then 50 acknowledged submissions are sent again with their nonces (what a retry of a request
that had committed looks like): acknowledged, and counted once.

With --tool iit, 50 codes of acknowledged submissions are then sent again with fresh nonces: each
must be refused (a code works once) and nothing stored.

The cache is Redis (REDIS_URL=redis://127.0.0.1:6379/15) when Redis answers and the `redis`
package is importable (PYTHONPATH is passed on to the server), else each worker's local memory.

Exits 1 if a verification fails; a missed speed goal is only printed. Server-side exceptions are
counted by type from a one-line log handler added to the `django.request` logger by a tiny WSGI
wrapper written to the temporary directory (the app itself is served unchanged).
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import importlib.util
import itertools
import json
import math
import multiprocessing
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "prongsai_bench"
REDIS_URL = "redis://127.0.0.1:6379/15"
YEAR = 2568
P99_GOAL_MS = 200
RATIO_GOAL = 0.6
REQUEST_TIMEOUT = 10.0
MAX_ATTEMPTS = 60  # per submission in --crash mode; backoff grows to 0.5 s, so ~25 s in all
SERVER_ERROR_MARK = "BENCH-SERVER-ERROR"
REPLAYS = 50  # --crash: acknowledged submissions sent again, as a retry after a commit would be

# Run in a subprocess with the server's environment: migrate, one organisation, one open EIT
# campaign; prints its pk, public token and the questionnaire's codes and option keys.
SETUP_CODE = r"""
import datetime, json
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from django.utils import timezone
from prongsai.orgs.models import Organisation
from prongsai.surveys.intake import generate_codes
from prongsai.surveys.models import Campaign
from prongsai.surveys.questionnaire import for_campaign
org = Organisation.objects.create(
    slug="bench", name_th="องค์การบริหารส่วนตำบลทดสอบ", kind="sao", province="ชลบุรี"
)
today = timezone.localdate()
campaign = Campaign.objects.create(
    org=org, year=%(year)d, tool="%(tool)s",
    opens=today - datetime.timedelta(days=1), closes=today + datetime.timedelta(days=30),
)
codes = generate_codes(campaign, %(codes)d) if campaign.tool == "iit" else []
items = [[i.code, [c.key for c in i.choices]] for i in for_campaign(campaign).items]
print(json.dumps({"pk": campaign.pk, "token": campaign.token, "items": items, "codes": codes}))
"""

# The server's WSGI module: prongsai.wsgi unchanged, plus one line on stderr per server error
# (production mode logs them nowhere else), so the bench can count e.g. "database is locked".
WSGI_WRAPPER = f"""
import logging
import sys

from prongsai.wsgi import application  # noqa: F401


class OneLine(logging.Handler):
    def emit(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        text = f"{{type(exc).__name__}}: {{exc}}" if exc else record.getMessage()
        sys.stderr.write("{SERVER_ERROR_MARK} " + " ".join(text.split()) + "\\n")
        sys.stderr.flush()


logging.getLogger("django.request").addHandler(OneLine(level=logging.ERROR))
"""


# ---------------------------------------------------------------- database and server


@dataclass
class Target:
    """One database under test, with the environment every process of the app gets."""

    name: str
    label: str
    env: dict[str, str]
    workdir: Path
    pg_url: str | None = None
    sqlite_path: Path | None = None
    campaign_pk: int = 0
    token: str = ""
    items: list = field(default_factory=list)
    codes: list = field(default_factory=list)  # IIT: one per submission, in ticket order


def redis_answers() -> bool:
    try:
        with socket.create_connection((HOST, 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_setting() -> tuple[str | None, str]:
    """REDIS_URL for the server, or None, and why."""
    if not redis_answers():
        return None, "Redis does not answer on 127.0.0.1:6379: REDIS_URL unset (per-worker cache)"
    if importlib.util.find_spec("redis") is None:
        return None, (
            "Redis answers, but the `redis` Python package is not installed in this environment "
            "and Django's RedisCache needs it (every survey POST would fail): REDIS_URL unset "
            "(per-worker local-memory cache)"
        )
    return REDIS_URL, f"REDIS_URL={REDIS_URL}"


def postgres_answers() -> str | None:
    """None if PostgreSQL answers as postgres on 127.0.0.1:5432, else the reason it does not."""
    try:
        import psycopg
    except ImportError as exc:
        return f"psycopg is not importable ({exc})"
    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return " ".join(str(exc).split())


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)


def base_env(workdir: Path, redis_url: str | None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PRONGSAI_", "DJANGO_", "SECURE_", "SESSION_", "CSRF_"))
        and k not in {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="prongsai.settings",
        SECRET_KEY="bench",
        PRONGSAI_DATA_DIR=str(workdir / "data"),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        PRONGSAI_BENCH_ENDPOINTS="1",
        PRONGSAI_SURVEY_FLOOD_LIMIT="100000000",
        # The WSGI wrapper first, then whatever the caller had (e.g. an out-of-tree `redis`).
        PYTHONPATH=os.pathsep.join(filter(None, [str(workdir), os.environ.get("PYTHONPATH")])),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        # gunicorn.conf.py refuses several workers without a shared cache; the flood limit is
        # off here anyway, so per-worker counters change nothing in what is measured.
        env["PRONGSAI_ALLOW_PER_WORKER_LIMITS"] = "1"
    return env


def prepare(name: str, redis_url: str | None, tool: str = "eit", codes: int = 0) -> Target:
    workdir = Path(tempfile.mkdtemp(prefix=f"prongsai-intake-{name}-"))
    (workdir / "data").mkdir()
    (workdir / "prongsai_bench_wsgi.py").write_text(WSGI_WRAPPER, encoding="utf-8")
    env = base_env(workdir, redis_url)
    if name == "sqlite":
        target = Target(name, "SQLite (WAL)", env, workdir)
        target.sqlite_path = workdir / "data" / "prongsai.sqlite3"
    else:
        pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
        pg_admin(f"CREATE DATABASE {PG_BENCH_DB}")
        url = f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"
        env["DATABASE_URL"] = url
        target = Target(name, "PostgreSQL", env, workdir, pg_url=url)
    done = subprocess.run(
        [sys.executable, "-c", SETUP_CODE % {"year": YEAR, "tool": tool, "codes": codes}],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"setup failed on {name}:\n{done.stderr[-3000:]}")
    info = json.loads(done.stdout.strip().splitlines()[-1])
    target.campaign_pk, target.token, target.items = info["pk"], info["token"], info["items"]
    target.codes = info["codes"]
    return target


def cleanup(target: Target) -> None:
    if target.pg_url:
        try:
            pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
        except Exception as exc:  # noqa: BLE001 - report and go on cleaning
            print(f"could not drop {PG_BENCH_DB}: {exc}", file=sys.stderr)
    shutil.rmtree(target.workdir, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn -c gunicorn.conf.py in its own process group, so a kill takes every worker."""

    def __init__(self, target: Target, port: int, workers: int):
        self.target, self.port, self.workers = target, port, workers
        self.log_path = target.workdir / "gunicorn.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> float:
        """Start and wait until it answers; returns the seconds that took."""
        started = time.perf_counter()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
        env = self.target.env | {
            "PRONGSAI_BIND": f"{HOST}:{self.port}",
            "PRONGSAI_WORKERS": str(self.workers),
            "PRONGSAI_ACCESS_LOG": "/dev/null",
        }
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [*command, "-c", str(ROOT / "gunicorn.conf.py"), "prongsai_bench_wsgi:application"],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", f"/s/{self.target.token}/thanks/")
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    return time.perf_counter() - started
                raise RuntimeError(f"GET thanks page answered {status}:\n{self.log_tail()}")
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)
        raise RuntimeError(f"gunicorn did not answer within 60 s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL the master and every worker (the whole process group)."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if not self.proc or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=25)
        except subprocess.TimeoutExpired:
            self.kill()

    def log_size(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def errors_since(self, offset: int) -> Counter:
        """Server errors logged since `offset`, by exception and message."""
        with open(self.log_path, "rb") as log:
            log.seek(offset)
            text = log.read().decode("utf-8", "replace")
        errors = Counter()
        for line in text.splitlines():
            if SERVER_ERROR_MARK in line:
                errors[line.split(SERVER_ERROR_MARK, 1)[1].strip()] += 1
            elif "WORKER TIMEOUT" in line or "Worker exiting" in line or "Traceback" in line:
                errors[line.split("] ", 2)[-1].strip()] += 1
        return errors

    def log_tail(self) -> str:
        if not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-3000:]


# ---------------------------------------------------------------- the load (second process)


def nonce_hash(campaign_pk: int, nonce: str) -> str:
    return hashlib.sha256(f"{campaign_pk}:{nonce}".encode()).hexdigest()


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _fetch(conn, method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    response.read()
    return response


def open_form(conn, path: str) -> tuple[dict[str, str], str]:
    """GET the survey once, as a phone would: the headers to POST with (CSRF cookie) and the
    form's CSRF token. Only the csrftoken cookie is kept, never the one-response cookie."""
    conn.request("GET", path)
    response = conn.getresponse()
    html = response.read().decode()
    cookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookie.load(header)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookie['csrftoken'].value}",
    }
    field = CSRF_FIELD.search(html)
    # An IIT survey opened without a fresh code shows the code step, which has no POST form:
    # Django accepts the cookie's own secret as the token.
    return headers, field.group(1) if field else cookie["csrftoken"].value


def form_body(csrf: str, nonce: str, items, rng: random.Random, code: str = "") -> bytes:
    fields = {"csrfmiddlewaretoken": csrf, "nonce": nonce}
    if code:
        fields["code"] = code
    fields |= {code: rng.choice(keys) for code, keys in items}
    return urlencode(fields).encode()


def _failure(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timeout"
    return type(exc).__name__


def load(conf: dict, acked_count, inflight, results) -> None:
    """Entry point of the load process: runs the client threads and puts one result dict."""
    kind, total, clients = conf["kind"], conf["submissions"], conf["clients"]
    port, token, retry = conf["port"], conf["token"], conf["retry"]
    items, codes = conf["items"], conf["codes"]
    survey_path = f"/s/{token}/"
    thanks = f"/s/{token}/thanks/"
    tickets = itertools.count()
    clock = {}
    barrier = threading.Barrier(
        clients + 1, action=lambda: clock.setdefault("t0", time.perf_counter())
    )
    per_thread = [
        {"lat": [], "acked": [], "tried": [], "fail": Counter(), "retries": 0, "slowest": 0.0,
         "retried": [], "warm": 0, "started": 0, "code_of": {}}
        for _ in range(clients)
    ]  # fmt: skip

    def add(value, delta):
        with value.get_lock():
            value.value += delta

    def client(n: int) -> None:
        out = per_thread[n]
        rng = random.Random(n)
        conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        csrf = ""
        try:
            if kind == "survey":
                headers, csrf = open_form(conn, survey_path)
            else:
                for _ in range(4):  # warm the workers and their database connections
                    if _fetch(conn, "POST", "/bench/bare-insert/", b"", headers).status == 204:
                        out["warm"] += 1
        except Exception as exc:  # noqa: BLE001 - counted, and this client sits the run out
            out["fail"][f"setup {_failure(exc)}"] += 1
            barrier.wait()
            return
        barrier.wait()
        deadline = clock["t0"] + conf["time_limit"]
        while (ticket := next(tickets)) < total and time.perf_counter() < deadline:
            out["started"] += 1
            if kind == "survey":
                nonce = secrets.token_urlsafe(16)
                out["tried"].append(nonce)
                code = codes[ticket] if codes else ""
                out["code_of"][nonce] = code
                path, body = survey_path, form_body(csrf, nonce, items, rng, code)
            else:
                nonce, path, body = "", "/bench/bare-insert/", b""
            first = time.perf_counter()
            for attempt in itertools.count():
                add(inflight, 1)
                started = time.perf_counter()
                try:
                    response = _fetch(conn, "POST", path, body, headers)
                    if kind == "survey":
                        location = response.getheader("Location", "")
                        ok = response.status == 302 and location.endswith(thanks)
                    else:
                        ok = response.status == 204
                    reason = f"HTTP {response.status}"
                except (OSError, http.client.HTTPException) as exc:
                    conn.close()
                    ok, reason = False, _failure(exc)
                finally:
                    add(inflight, -1)
                ended = time.perf_counter()
                if ok:
                    out["lat"].append(ended - started)
                    out["acked"].append(nonce)
                    out["slowest"] = max(out["slowest"], ended - first)
                    if attempt > 0:
                        out["retried"].append(nonce)
                    add(acked_count, 1)
                    break
                out["fail"][reason] += 1
                if not retry or attempt + 1 >= MAX_ATTEMPTS or ended > deadline:
                    break
                out["retries"] += 1
                time.sleep(min(0.02 * 2**attempt, 0.5))
        conn.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - clock["t0"]
    merged = {
        "elapsed": elapsed,
        "lat": sorted(x for t in per_thread for x in t["lat"]),
        "acked": [x for t in per_thread for x in t["acked"]],
        "tried": [x for t in per_thread for x in t["tried"]],
        "fail": dict(sum((t["fail"] for t in per_thread), Counter())),
        "retries": sum(t["retries"] for t in per_thread),
        "retried": [x for t in per_thread for x in t["retried"]],
        "slowest": max(t["slowest"] for t in per_thread),
        "warm": sum(t["warm"] for t in per_thread),
        "started": sum(t["started"] for t in per_thread),
        "code_of": {k: v for t in per_thread for k, v in t["code_of"].items()},
    }
    results.put(merged)


# ---------------------------------------------------------------- one run, and its checks


@dataclass
class Run:
    label: str
    result: dict
    server_errors: Counter
    crash: dict | None = None

    @property
    def acked(self) -> int:
        return len(self.result["acked"])

    @property
    def seconds(self) -> float:
        return self.result["elapsed"]

    @property
    def throughput(self) -> float:
        return self.acked / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        lat = self.result["lat"]
        if not lat:
            return math.nan
        return lat[max(0, math.ceil(p * len(lat)) - 1)] * 1000


def drive(server: Server, kind: str, args, *, crash: bool = False, label: str | None = None) -> Run:
    """Run the load process against `server`; in crash mode kill and restart it on the way."""
    target = server.target
    ctx = multiprocessing.get_context("spawn")
    acked_count, inflight = ctx.Value("i", 0), ctx.Value("i", 0)
    results = ctx.Queue()
    conf = {
        "kind": kind,
        "submissions": args.submissions,
        "clients": args.clients,
        "port": server.port,
        "token": target.token,
        "items": target.items,
        "codes": target.codes,
        "retry": crash,
        "time_limit": args.time_limit,
    }
    log_offset = server.log_size()
    process = ctx.Process(target=load, args=(conf, acked_count, inflight, results), daemon=True)
    process.start()
    crash_info = None
    try:
        if crash:
            threshold = max(1, args.submissions // 3)
            cap = time.monotonic() + args.time_limit + 30
            while acked_count.value < threshold and process.is_alive() and time.monotonic() < cap:
                time.sleep(0.002)
            in_flight = inflight.value
            at = acked_count.value
            server.kill()
            killed = time.perf_counter()
            time.sleep(0.5)
            # What the dead server had committed, to tell which retries met "already received".
            committed = db_state(target)["receipts"]
            server.start()
            crash_info = {
                "acked_at_kill": at,
                "in_flight": in_flight,
                "down": time.perf_counter() - killed,
                "committed": committed,
            }
        try:
            result = results.get(timeout=args.time_limit + 60)
        except Exception as exc:
            raise RuntimeError("the load process gave no result") from exc
        process.join(timeout=10)
    finally:
        if process.is_alive():
            process.terminate()
            process.join()
    return Run(label or kind, result, server.errors_since(log_offset), crash_info)


def replay(server: Server, nonces: list[str], code_of: dict[str, str]) -> int:
    """POST already acknowledged submissions again (a retry whose first try had committed);
    returns how many were acknowledged. Each must count once: verify() checks the total."""
    target, rng = server.target, random.Random(0)
    conn = http.client.HTTPConnection(HOST, server.port, timeout=REQUEST_TIMEOUT)
    path = f"/s/{target.token}/"
    headers, csrf = open_form(conn, path)
    acked = 0
    for nonce in nonces:
        body = form_body(csrf, nonce, target.items, rng, code_of.get(nonce, ""))
        response = _fetch(conn, "POST", path, body, headers)
        acked += response.status == 302 and response.getheader("Location", "").endswith(
            f"{path}thanks/"
        )
    conn.close()
    return acked


def reuse(server: Server, codes: list[str]) -> int:
    """IIT: POST codes that were already accepted, each with a fresh nonce; returns how many
    were refused (409). None may be taken: verify() checks responses = acknowledged."""
    target, rng = server.target, random.Random(1)
    conn = http.client.HTTPConnection(HOST, server.port, timeout=REQUEST_TIMEOUT)
    path = f"/s/{target.token}/"
    headers, csrf = open_form(conn, path)
    refused = 0
    for code in codes:
        body = form_body(csrf, secrets.token_urlsafe(16), target.items, rng, code)
        refused += _fetch(conn, "POST", path, body, headers).status == 409
    conn.close()
    return refused


def db_state(target: Target) -> dict:
    """Counts for the bench campaign and every stored receipt hash, read directly."""
    pk = target.campaign_pk
    queries = {
        "responses": "SELECT count(*) FROM surveys_response WHERE campaign_id = %s",
        "answers": (
            "SELECT count(*) FROM surveys_answer a JOIN surveys_response r "
            "ON a.response_id = r.id WHERE r.campaign_id = %s"
        ),
    }
    if target.pg_url:
        import psycopg

        with psycopg.connect(target.pg_url.replace("postgres://", "postgresql://", 1)) as conn:
            state = {k: conn.execute(q, (pk,)).fetchone()[0] for k, q in queries.items()}
            rows = conn.execute("SELECT nonce_hash FROM surveys_submissionreceipt").fetchall()
    else:
        import sqlite3

        conn = sqlite3.connect(target.sqlite_path, timeout=30)
        try:
            state = {
                k: conn.execute(q.replace("%s", "?"), (pk,)).fetchone()[0]
                for k, q in queries.items()
            }
            rows = conn.execute("SELECT nonce_hash FROM surveys_submissionreceipt").fetchall()
        finally:
            conn.close()
    state["receipts"] = {r[0] for r in rows}
    return state


def verify(
    target: Target,
    survey: Run,
    bare: Run | None,
    replays: tuple[int, int] | None = None,
    reuses: tuple[int, int] | None = None,
) -> tuple[bool, list[str]]:
    """The database against what the clients saw acknowledged."""
    state = db_state(target)
    pk, receipts = target.campaign_pk, state["receipts"]
    acked = survey.result["acked"]
    acked_hashes = {nonce_hash(pk, n) for n in acked}
    tried_hashes = {nonce_hash(pk, n) for n in survey.result["tried"]}
    missing = acked_hashes - receipts
    stored = tried_hashes & receipts  # submissions of this run that the database holds
    unacked_stored = stored - acked_hashes
    responses, answers = state["responses"], state["answers"]
    per_response = len(target.items)
    checks = [
        (
            acked_hashes == tried_hashes,
            f"{len(acked)} of {len(tried_hashes)} submissions acknowledged",
        ),
        (len(acked) == len(acked_hashes), f"{len(acked)} acknowledged, all distinct nonces"),
        (responses == len(acked_hashes), f"{responses} responses = acknowledged"),
        (not missing, f"{len(acked_hashes) - len(missing)} receipts of acknowledged nonces found"),
        (responses == len(stored), f"{len(stored)} receipts of this run's nonces = responses"),
        (answers == responses * per_response, f"{answers} answers = {per_response} × responses"),
    ]
    if bare is not None:
        bare_rows = len(receipts) - len(stored)
        expected = bare.acked + bare.result["warm"]
        started = bare.result["started"]
        checks.append(
            (bare.acked == started, f"{bare.acked} of {started} bare inserts acknowledged")
        )
        checks.append(
            (
                bare_rows == expected,
                f"{bare_rows} bare rows = {expected} acknowledged (incl. warm-up)",
            )
        )
    if replays is not None:
        sent, acknowledged = replays
        checks.append((sent == acknowledged, f"{acknowledged} of {sent} replays acknowledged"))
    if reuses is not None:
        sent, refused = reuses
        checks.append((sent == refused, f"{refused} of {sent} spent codes sent again refused"))
    lines = [("ok   " if good else "FAIL ") + text for good, text in checks]
    if unacked_stored:
        lines.append(f"note {len(unacked_stored)} unacknowledged submissions were stored")
    return all(good for good, _ in checks), lines


# ---------------------------------------------------------------- output


def table(runs: list[Run]) -> list[str]:
    head = f"{'run':<22} {'acked':>6} {'seconds':>8} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7}  failed attempts"
    lines = [head, "-" * len(head)]
    for run in runs:
        fails = ", ".join(f"{k} ×{v}" for k, v in sorted(run.result["fail"].items())) or "0"
        lines.append(
            f"{run.label:<22} {run.acked:>6} {run.seconds:>8.2f} {run.throughput:>8.1f} "
            f"{run.percentile(0.50):>7.1f} {run.percentile(0.99):>7.1f}  {fails}"
        )
    return lines


def server_error_lines(runs: list[Run]) -> list[str]:
    lines = []
    for run in runs:
        for error, count in run.server_errors.most_common():
            lines.append(f"server error during {run.label}: {error} ×{count}")
    return lines


def bench_database(name: str, args, redis_url: str | None) -> bool:
    target = None
    server = None
    try:
        print(f"\n== {name}: preparing a fresh database", flush=True)
        target = prepare(name, redis_url, args.tool, args.submissions)
        server = Server(target, free_port(), args.workers)
        boot = server.start()
        print(
            f"   gunicorn on {HOST}:{server.port}, {args.workers} sync workers, up in {boot:.1f} s; "
            f"{args.clients} clients, {args.submissions} {args.tool.upper()} submissions, "
            f"cap {args.time_limit:.0f} s",
            flush=True,
        )
        if args.crash:
            survey = drive(server, "survey", args, crash=True, label="survey POST, crash")
            runs, bare = [survey], None
            again = survey.result["acked"][:REPLAYS]
            replays = (len(again), replay(server, again, survey.result["code_of"]))
        else:
            bare = drive(server, "bare", args, label="bare insert")
            survey = drive(server, "survey", args, label="survey POST")
            runs, replays = [bare, survey], None
        reuses = None
        if target.codes:
            spent = [survey.result["code_of"][n] for n in survey.result["acked"][:REPLAYS]]
            reuses = (len(spent), reuse(server, spent))
        ok, checks = verify(target, survey, bare, replays, reuses)
        mode = "crash mode" if args.crash else "normal mode"
        print(f"\n{target.label}, {args.tool.upper()}, {mode}")
        print("\n".join(table(runs)))
        if bare is not None and bare.throughput:
            ratio = survey.throughput / bare.throughput
            p99 = survey.percentile(0.99)
            print(
                f"ratio survey/bare throughput: {ratio:.2f}× (goal ≥ {RATIO_GOAL}×: "
                f"{'met' if ratio >= RATIO_GOAL else 'missed'}); survey p99 {p99:.0f} ms "
                f"(goal < {P99_GOAL_MS} ms: {'met' if p99 < P99_GOAL_MS else 'missed'})"
            )
        if survey.crash:
            c, r = survey.crash, survey.result
            pk = target.campaign_pk
            again = sum(nonce_hash(pk, n) in c["committed"] for n in r["retried"])
            print(
                f"killed (SIGKILL, master and workers) after {c['acked_at_kill']} acknowledged "
                f"with {c['in_flight']} requests in flight; back up {c['down']:.1f} s later; "
                f"{r['retries']} retries; {len(r['retried'])} submissions acknowledged only on a "
                f"retry, {again} of them committed before the kill (answered 'already received'); "
                f"slowest submission incl. retries {r['slowest']:.2f} s"
            )
            print(
                f"then {replays[0]} acknowledged submissions sent again with their nonces, as a "
                "retry after a commit would be: each must be acknowledged and counted once"
            )
        for run in runs:
            if run.result["started"] < args.submissions:
                print(f"{run.label}: stopped by the time limit after {run.result['started']}")
        for line in server_error_lines(runs):
            print(line)
        print(f"verification: {'OK' if ok else 'FAIL'}")
        for line in checks:
            print(f"   {line}")
        return ok
    finally:
        if server:
            server.stop()
        if target:
            cleanup(target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--submissions", type=int, default=2000, help="per run")
    parser.add_argument("--clients", type=int, default=16, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--crash", action="store_true", help="kill and restart the server mid-load")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per run, at most")
    parser.add_argument(
        "--tool",
        choices=["eit", "iit"],
        default="eit",
        help="iit: one one-time code per submission",
    )
    args = parser.parse_args()

    redis_url, note = redis_setting()
    print(f"cache: {note}")
    names = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    ok = True
    for name in names:
        if name == "postgres":
            reason = postgres_answers()
            if reason:
                print(f"\n== postgres: skipped, PostgreSQL does not answer ({reason})")
                continue
        ok = bench_database(name, args, redis_url) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
