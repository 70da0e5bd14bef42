"""A real worker process, on Redis and on the embedded SQLite queue: enqueue an OIT check, kill
the worker (SIGKILL) while the job runs, start another worker; the job completes exactly once and
its findings are written once. Redis gives the message back itself; on SQLite the starting worker
sends the job again (jobs/recovery.py).

Everything runs in processes of its own against a data directory of its own (SQLite) and a queue
name of its own on the Redis at 127.0.0.1:6379, so nothing here touches another installation.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import redis

REDIS = ("127.0.0.1", 6379)
URLS = 6  # two chunks of the checker: the kill lands in the first


def redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class SlowSite(ThreadingHTTPServer):
    """An organisation's website on loopback that takes a second and a half per page."""

    daemon_threads = True

    def __init__(self):
        self.requests: list[str] = []
        self.first = threading.Event()
        super().__init__(("127.0.0.1", 0), SlowPage)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class SlowPage(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append(self.path)
        self.server.first.set()
        time.sleep(1.5)
        body = "<html><body>ประกาศ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘</body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except BrokenPipeError:  # the killed worker's request
            pass

    def log_message(self, *args):
        pass


SETUP = """
from prongsai.oit.models import Evidence
from prongsai.oit.tasks import start_check
from prongsai.orgs.models import Organisation
org = Organisation.objects.create(slug="slow", name_th="อบต.ช้า", kind="sao", province="ชลบุรี",
                                  website="{base}/")
for n in range(1, {urls} + 1):
    Evidence.objects.create(org=org, year=2568, item=f"o{{n}}", urls="{base}/o%d.html" % n)
print(start_check(org, 2568, None).pk)
"""


def kill_and_restart(data: Path, broker: dict[str, str], *, settle: float) -> tuple[dict, str]:
    """Enqueue an OIT check of a slow site, SIGKILL the worker mid-job, start another; the job's
    row and the second worker's log once the job is done (and `settle` seconds more, long
    enough for a second delivery, were there one)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "prongsai.settings",
        "PRONGSAI_DEBUG": "1",
        "PRONGSAI_DATA_DIR": str(data),
        "PRONGSAI_OIT_ALLOW_PRIVATE": "1",
        **broker,
    }
    if "PRONGSAI_BROKER_URL" not in broker:
        env.pop("PRONGSAI_BROKER_URL", None)  # the embedded SQLite queue in the data directory
    prongsai = [sys.executable, "-m", "prongsai.cli"]
    subprocess.run([*prongsai, "migrate", "-v0"], env=env, check=True, timeout=300)
    site = SlowSite()
    threading.Thread(target=site.serve_forever, daemon=True).start()
    workers: list[subprocess.Popen] = []

    def start_worker(name: str) -> subprocess.Popen:
        log = open(data / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        worker = subprocess.Popen(
            [*prongsai, "worker", "--concurrency", "1", "--hostname", f"{name}@%h"],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        workers.append(worker)
        return worker

    def job_row(job_id: int) -> dict:
        with sqlite3.connect(data / "prongsai.sqlite3") as db:
            db.row_factory = sqlite3.Row
            row = db.execute("SELECT * FROM jobs_job WHERE id = ?", (job_id,)).fetchone()
            checks = db.execute(
                "SELECT COUNT(*), COUNT(DISTINCT run) FROM oit_linkcheck"
            ).fetchone()
        return {**dict(row), "checks": tuple(checks)}

    try:
        script = SETUP.format(base=site.base, urls=URLS)
        made = subprocess.run([*prongsai, "shell", "-c", script], env=env, check=True,
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        job_id = int(made.stdout.strip().splitlines()[-1])
        first = start_worker("first")
        assert site.first.wait(60), (data / "first.log").read_text()
        time.sleep(0.5)
        row = job_row(job_id)
        assert row["state"] == "running" and row["attempts"] == 1, row
        os.killpg(first.pid, signal.SIGKILL)  # the worker and its pool, mid-job
        first.wait(10)
        row = job_row(job_id)
        assert (row["state"], row["checks"]) == ("running", (0, 0)), row  # nothing half-written
        start_worker("second")
        deadline = time.monotonic() + 120
        while job_row(job_id)["state"] != "done" and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(settle)
        return job_row(job_id), (data / "second.log").read_text()
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(10)
        site.shutdown()


def assert_completed_once(row: dict, log: str) -> None:
    assert row["state"] == "done", (row, log)
    assert row["attempts"] == 2, row  # begun twice: killed once, completed once
    assert row["done"] == row["total"] == URLS
    assert row["checks"] == (URLS, 1), row  # one run of findings, every URL once
    errors = json.loads(row["errors"])  # the pages lack the items' components: said in Thai
    assert errors and all(e.startswith("ข้อ o") for e in errors), errors
    assert log.count("succeeded") == 1, log


@pytest.mark.slow
# Skipped on a developer's machine without Redis; never in CI, which starts one (scripts/test.sh).
@pytest.mark.skipif(
    not redis_answers() and os.environ.get("CI") != "true", reason="no Redis on 127.0.0.1:6379"
)
def test_a_killed_workers_job_runs_again_and_completes_once():
    data = Path(tempfile.mkdtemp(prefix="prongsai-worker-"))
    queue = f"prongsai-test-{uuid.uuid4().hex[:12]}"
    broker = {
        "PRONGSAI_BROKER_URL": "redis://127.0.0.1:6379/15",
        "PRONGSAI_QUEUE": queue,
        # An unacknowledged message goes back to the queue after 5 s (production: hours).
        "PRONGSAI_BROKER_VISIBILITY_TIMEOUT": "5",
    }
    try:
        row, log = kill_and_restart(data, broker, settle=12)
    finally:
        client = redis.Redis(*REDIS, db=15)
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    assert_completed_once(row, log)


@pytest.mark.slow
def test_on_the_embedded_sqlite_queue_the_starting_worker_sends_the_lost_job_again():
    """The SQLite queue keeps a taken message hidden for ever: the job comes back because the
    second worker, starting, finds it running with its worker process gone (jobs/recovery.py)."""
    data = Path(tempfile.mkdtemp(prefix="prongsai-worker-"))
    broker = {"PRONGSAI_QUEUE": f"prongsai-test-{uuid.uuid4().hex[:12]}"}  # the default broker
    row, log = kill_and_restart(data, broker, settle=3)
    assert (data / "queue.sqlite").exists()
    assert_completed_once(row, log)
    assert "เครื่องที่ทำงานนี้หยุดไปกลางคัน" not in row["message"]  # finished: its own message
