"""Scale-out benchmark: a province night of OIT checks run by 1, 2 and 4 real worker processes,
and the web's latency while the checks run against idle, in one run.

    .venv/bin/python bench/scale.py [--orgs 100] [--items 30] [--workers 1,2,4]
                                    [--latency 50,200] [--web-workers 3] [--probes 150]

Setup: a fresh PostgreSQL database (prongsai_bench_scale on 127.0.0.1:5432, dropped at the end)
is migrated; `--orgs` organisations are made, each with its own website (127.0.0.1 on a port of
its own, served by another process) and `--items` evidence URLs for 2568, pages that carry the
fiscal year and the items' keywords; plus one organisation with an officer (the dashboard) and an
open EIT survey (the POST). The queue is the Redis at 127.0.0.1:6379 (db 15, a queue name of its
own, deleted at the end), which also holds the cache and the per-host limit of the checker.

The website answers each request after a random 50–200 ms (`--latency`), as a provincial
hosting server does, without using the CPU meanwhile.

For each worker count: that many `prongsai worker --concurrency 1` processes (Celery, each its
own process group) are started and waited for; the province check is started as the province
button does (one fan-out job, one job per organisation); the time is the parent job's end minus
its creation, both stamped by the database. Throughput is URLs checked per second; the ratio is
to one worker (goals ≥ 1.8× with 2, ≥ 3× with 4: the checker waits on the network).

Web latency: gunicorn (gunicorn.conf.py, `--web-workers` processes) serves the app from the same
database; one client alternates GET of the organisation's dashboard (logged in) and a survey
POST (acknowledged by a 302), `--probes` of each while idle, then for as long as the run with the
most workers lasts. Printed: p50 and p99 of each, idle and under load (goal: p99 under load
≤ 2× idle), and the memory (RSS) of one worker and of gunicorn. Also printed per run: the
workers' CPU seconds per organisation and the machine's load average (1 min, mean of start and
end): on a shared machine other work takes CPU from the workers and the ratios show it.

A missed goal is only printed. Every process started here is stopped by its own process group.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import multiprocessing
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from intake import (  # noqa: E402 - the server, database and survey helpers of the intake bench
    HOST,
    PG_ADMIN_URL,
    REDIS_URL,
    Server,
    cleanup,
    form_body,
    free_port,
    open_form,
    pg_admin,
    postgres_answers,
    prepare,
    redis_answers,
)

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2568
PG_DB = "prongsai_bench_scale"
RATIO_GOALS = {2: 1.8, 4: 3.0}
FILLER = "องค์การบริหารส่วนตำบลบ้านสวนมุ่งมั่นพัฒนาคุณภาพชีวิตของประชาชนในพื้นที่ด้วยความโปร่งใส "

# Run with the app's environment after intake's setup: the organisations of the province, their
# evidence URLs and an officer's session for the dashboard. Prints JSON.
ORGS_CODE = r"""
import json, sys
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from prongsai.frameworks.library import builtin_document
from prongsai.oit.models import Evidence
from prongsai.orgs.models import Membership, Organisation
conf = json.loads(sys.argv[1])
codes = [item["code"] for item in builtin_document(conf["year"])["oit_items"]]
orgs = Organisation.objects.bulk_create(
    Organisation(slug=f"org-{n:04d}", name_th=f"องค์การบริหารส่วนตำบลที่ {n}", kind="sao",
                 province="ชลบุรี", website=f"http://127.0.0.1:{port}/")
    for n, port in enumerate(conf["ports"], start=1)
)
evidence = []
for org, port in zip(orgs, conf["ports"]):
    urls = {}
    for n in range(conf["items"]):  # every item once, then second pages of the first items
        code = codes[n % len(codes)]
        urls.setdefault(code, []).append(f"http://127.0.0.1:{port}/ita/{code}-{n}.html")
    evidence += [Evidence(org=org, year=conf["year"], item=c, urls="\n".join(u)) for c, u in urls.items()]
Evidence.objects.bulk_create(evidence)
user = get_user_model().objects.create_user("bench-officer", password="x-" + conf["secret"])
bench = Organisation.objects.get(slug="bench")
Membership.objects.create(user=user, org=bench, role="officer")
session = SessionStore()
session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(json.dumps({"ids": [o.pk for o in orgs], "session": session.session_key}))
"""


# ---------------------------------------------------------------- the province's websites


def page(code: str, keywords: list[str], kb: int = 12) -> bytes:
    words = " ".join(k.split("|")[0] for k in keywords)
    body = (
        "<!doctype html><html lang='th'><head><meta charset='utf-8'>"
        f"<title>ITA {code} ประจำปีงบประมาณ พ.ศ. ๒๕๖๘</title></head><body><main>"
        f"<h1>ข้อ {code} ประจำปีงบประมาณ พ.ศ. ๒๕๖๘</h1><p>{words}</p>"
    )
    while len(body.encode()) < kb * 1024:
        body += f"<p>{FILLER}</p>"
    return (body + "</main></body></html>").encode()


def serve(orgs: int, items: int, latency: tuple[float, float], ports) -> None:
    """Every organisation's website, each on a port of its own; each answer after a random
    pause in `latency` (seconds), without the CPU."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings_test")
    from prongsai.frameworks.library import builtin_document
    from prongsai.oit.checker import components_of

    doc = builtin_document(YEAR)
    components = components_of(doc)
    codes = [item["code"] for item in doc["oit_items"]]
    responses = {}
    for n in range(items):
        code = codes[n % len(codes)]
        body = page(code, [k for _, words in components.get(code, []) for k in words])
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        responses[f"/ita/{code}-{n}.html".encode()] = head + body
    not_found = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
    rng = random.Random(13)

    async def answer(reader, writer):
        try:
            while True:
                request = await reader.readuntil(b"\r\n\r\n")
                path = request.split(b" ", 2)[1]
                await asyncio.sleep(rng.uniform(*latency))
                writer.write(responses.get(path, not_found))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, IndexError):
            pass
        finally:
            writer.close()

    async def main():
        servers = [await asyncio.start_server(answer, HOST, 0, backlog=512) for _ in range(orgs)]
        ports.put([s.sockets[0].getsockname()[1] for s in servers])
        await asyncio.Event().wait()

    asyncio.run(main())


# ---------------------------------------------------------------- workers and memory


def cpu_seconds(pgid: int) -> float:
    """CPU time (user + system, with reaped children) of the processes in the process group."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:
                total += sum(int(f) for f in fields[11:15])
        except (OSError, ValueError, IndexError):
            continue
    return total / ticks


def rss_mb(pgid: int) -> float:
    """Resident memory of every process in the process group, in MB."""
    total = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[2]) != pgid:
                continue
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return total / 1024


class Workers:
    """`count` real Celery workers (`prongsai worker`), each in a process group of its own."""

    def __init__(self, env: dict, workdir: Path, count: int):
        self.procs, self.tag = [], uuid.uuid4().hex[:8]
        for n in range(count):
            log = open(workdir / f"worker-{count}-{n}.log", "wb")  # noqa: SIM115 (closed at stop)
            command = [sys.executable, "-m", "prongsai.cli", "worker", "--concurrency", "1",
                       "--loglevel", "WARNING", "--hostname", f"bench{n}-{self.tag}@%h"]  # fmt: skip
            proc = subprocess.Popen(
                command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
            self.procs.append((proc, log))

    def wait_ready(self, app) -> None:
        """Until every worker answers a ping through the broker."""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            # Other installations' workers on this Redis answer too: count only ours.
            replies = [name for reply in app.control.ping(timeout=1.0) for name in reply]
            if sum(self.tag in name for name in replies) >= len(self.procs):
                return
            for proc, log in self.procs:
                if proc.poll() is not None:
                    raise RuntimeError(f"a worker exited: see {log.name}")
        raise RuntimeError("the workers did not answer within 120 s")

    def cpu(self) -> float:
        return sum(cpu_seconds(proc.pid) for proc, _ in self.procs)

    def rss_each(self) -> list[float]:
        return [rss_mb(proc.pid) for proc, _ in self.procs]

    def stop(self) -> None:
        for proc, _ in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc, log in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            log.close()


# ---------------------------------------------------------------- the web client


class Probe:
    """One client: GET the dashboard and POST the survey in turn, recording each latency."""

    def __init__(self, port: int, target, session: str):
        self.port, self.target, self.session = port, target, session
        self.rng = random.Random(7)
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.survey = f"/s/{target.token}/"
        self.headers, self.csrf = open_form(self.conn, self.survey)
        self.failures = Counter()

    def once(self, dashboard: list, post: list) -> None:
        started = time.perf_counter()
        self.conn.request("GET", "/o/bench/", headers={"Cookie": f"sessionid={self.session}"})
        response = self.conn.getresponse()
        response.read()
        dashboard.append(time.perf_counter() - started)
        if response.status != 200:
            self.failures[f"dashboard {response.status}"] += 1
        body = form_body(self.csrf, secrets.token_urlsafe(16), self.target.items, self.rng)
        started = time.perf_counter()
        self.conn.request("POST", self.survey, body=body, headers=self.headers)
        response = self.conn.getresponse()
        response.read()
        post.append(time.perf_counter() - started)
        if response.status != 302:
            self.failures[f"survey POST {response.status}"] += 1

    def run_until(self, stop: threading.Event, dashboard: list, post: list) -> None:
        while not stop.is_set():
            self.once(dashboard, post)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


# ---------------------------------------------------------------- the runs


def province_night(ids: list[int]) -> tuple[float, dict]:
    """Start the province check as the button does; seconds from its creation to its end (both
    stamped by the database) and the children's states."""
    from django.db import transaction

    from prongsai.jobs.models import Job
    from prongsai.oit.tasks import start_recheck

    with transaction.atomic():
        job = start_recheck(ids, YEAR, None)
    deadline = time.monotonic() + 3 * 3600
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_final:
            break
        time.sleep(0.2)
    children = Counter(Job.objects.filter(params__parent=job.pk).values_list("state", flat=True))
    if job.state != Job.State.DONE:
        raise RuntimeError(f"the province check ended {job.state}: {job.message}")
    return (job.finished - job.created).total_seconds(), dict(children)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=100)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--latency", default="50,200", help="ms, min,max per response")
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--probes", type=int, default=150, help="idle requests of each kind")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    latency = tuple(int(ms) / 1000 for ms in args.latency.split(","))

    if not redis_answers():
        print("Redis does not answer on 127.0.0.1:6379: the workers need it", file=sys.stderr)
        return 2
    if reason := postgres_answers():
        print(f"PostgreSQL does not answer on 127.0.0.1:5432: {reason}", file=sys.stderr)
        return 2

    context = multiprocessing.get_context("spawn")
    ports_queue = context.Queue()
    site = context.Process(
        target=serve, args=(args.orgs, args.items, latency, ports_queue), daemon=True
    )
    site.start()
    queue = f"prongsai-bench-{uuid.uuid4().hex[:12]}"
    target = server = None
    try:
        ports = ports_queue.get(timeout=120)
        # intake's setup: a fresh database, the organisation "bench" and its open EIT survey
        import intake

        intake.PG_BENCH_DB = PG_DB
        target = prepare("postgres", REDIS_URL)
        env = target.env | {
            "PRONGSAI_BROKER_URL": REDIS_URL,
            "PRONGSAI_QUEUE": queue,
            "PRONGSAI_OIT_ALLOW_PRIVATE": "1",
        }
        target.env = env
        conf = {"ports": ports, "items": args.items, "year": YEAR, "secret": secrets.token_hex(8)}
        made = subprocess.run(
            [sys.executable, "-c", ORGS_CODE, json.dumps(conf)],
            env=env, cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        if made.returncode:
            raise RuntimeError(made.stderr[-3000:])
        info = json.loads(made.stdout.strip().splitlines()[-1])

        os.environ.update(env)  # this process sends the jobs and reads their progress
        import django

        django.setup()
        from prongsai.jobs.queue import app
        from prongsai.oit.models import LinkCheck

        server = Server(target, free_port(), args.web_workers)
        server.start()
        probe = Probe(server.port, target, info["session"])
        idle_dash, idle_post = [], []
        for _ in range(5):  # warm up every gunicorn worker
            probe.once([], [])
        for _ in range(args.probes):
            probe.once(idle_dash, idle_post)

        urls = args.orgs * args.items
        rows, memory, load_dash, load_post = [], {}, [], []
        for count in counts:
            workers = Workers(env, target.workdir, count)
            try:
                workers.wait_ready(app)
                stop = threading.Event()
                prober = None
                if count == max(counts):  # the web's latency under the heaviest load
                    prober = threading.Thread(
                        target=probe.run_until, args=(stop, load_dash, load_post)
                    )
                    prober.start()
                before, cpu = LinkCheck.objects.count(), workers.cpu()
                load = os.getloadavg()[0]
                seconds, children = province_night(info["ids"])
                memory[count] = workers.rss_each()
                cpu = workers.cpu() - cpu
                load = (load + os.getloadavg()[0]) / 2
                stop.set()
                if prober:
                    prober.join(60)
                checked = LinkCheck.objects.count() - before
            finally:
                workers.stop()
            rows.append((count, seconds, checked, cpu, load))
            print(f"  {count} worker(s): {seconds:.1f} s, {checked} URLs, jobs {children}, "
                  f"workers' CPU {cpu:.0f} s, load average {load:.1f}", flush=True)  # fmt: skip
        statuses = Counter(LinkCheck.objects.values_list("status", flat=True))
        gunicorn_mb = rss_mb(server.proc.pid)
    finally:
        if server:
            server.stop()
        site.terminate()
        site.join()
        try:
            import redis

            client = redis.Redis.from_url(REDIS_URL)
            for key in client.scan_iter(f"*{queue}*"):
                client.delete(key)
        except Exception as exc:  # noqa: BLE001 - report and go on cleaning
            print(f"could not clean Redis: {exc}", file=sys.stderr)
        if target:
            from django.db import connections

            connections.close_all()
            cleanup(target)
        else:
            pg_admin(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")

    base = rows[0][1]
    print()
    print(
        f"Province night: {args.orgs} organisations × {args.items} items = {urls} URLs, "
        f"each website answering in {args.latency} ms, per-host limit 4 (Redis), "
        f"PostgreSQL {PG_ADMIN_URL.rsplit('@', 1)[1].split('/')[0]}, {os.cpu_count()} CPUs"
    )
    print(
        f"{'workers':>8} {'seconds':>9} {'URLs/s':>8} {'orgs/min':>9} {'CPU s/org':>10} "
        f"{'load avg':>9} {'ratio':>7}  goal"
    )
    for count, seconds, checked, cpu, load in rows:
        ratio = base / seconds
        goal = RATIO_GOALS.get(count)
        mark = f"≥ {goal}× {'met' if ratio >= goal else 'MISSED'}" if goal else ""
        print(f"{count:>8} {seconds:>9.1f} {checked / seconds:>8.1f} "
              f"{args.orgs / seconds * 60:>9.1f} {cpu / args.orgs:>10.2f} {load:>9.1f} "
              f"{ratio:>6.2f}×  {mark}")  # fmt: skip
    print(f"URL verdicts (every run): {dict(statuses)}")
    print()
    print(f"Web latency (gunicorn, {args.web_workers} workers), ms; load = {max(counts)} workers")
    print(
        f"{'':>16} {'idle p50':>9} {'idle p99':>9} {'load p50':>9} {'load p99':>9} {'n load':>7}  goal"
    )
    for name, idle, load in (("dashboard GET", idle_dash, load_dash),
                             ("survey POST", idle_post, load_post)):  # fmt: skip
        if not load:
            print(f"{name:>16} no requests under load")
            continue
        ratio = pct(load, 99) / pct(idle, 99)
        print(f"{name:>16} {pct(idle, 50):>9.1f} {pct(idle, 99):>9.1f} {pct(load, 50):>9.1f} "
              f"{pct(load, 99):>9.1f} {len(load):>7}  p99 {ratio:.2f}× idle "
              f"({'met' if ratio <= 2 else 'MISSED'} ≤ 2×)")  # fmt: skip
    if probe.failures:
        print(f"web failures: {dict(probe.failures)}")
    print()
    each = [round(statistics.mean(mb)) for mb in memory.values()]
    print(f"Memory (RSS): one worker (main + 1 child) ≈ {max(each)} MB; "
          f"gunicorn master + {args.web_workers} workers ≈ {gunicorn_mb:.0f} MB")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
