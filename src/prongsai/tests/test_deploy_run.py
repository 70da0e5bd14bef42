"""deploy/compose.yaml run for real, without containers: the migrate, web (gunicorn), worker and
scheduler services' own commands and environment, with the hosts `postgres` and `redis` replaced
by the PostgreSQL and Redis on 127.0.0.1. /readyz must answer 200 (database, cache and queue
ready) and a job sent to the queue must be run to completion by the worker.

A database of its own (prongsai_deploy_check_…) is made and dropped, a queue name of its own is
used on Redis db 15 and its keys deleted; only the processes started here are stopped, each by
its own process group. Object storage is left out (no MinIO here): uploads go to the data
directory, the embedded default.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg
import pytest
import redis

from prongsai.tests.test_deploy import ROOT, compose

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/15"


def services_answer() -> bool:
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            pass
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except (psycopg.Error, redis.RedisError):
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def resolve(value: str, variables: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?message} with `variables`."""

    def one(match: re.Match) -> str:
        name, op, rest = match.group(1), match.group(2), match.group(3)
        if name in variables:
            return variables[name]
        if op == ":-":
            return rest
        raise AssertionError(f"compose.yaml needs {name}: {rest}")

    return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", one, str(value))


class Page(BaseHTTPRequestHandler):
    """An organisation's website on loopback: one page with the year."""

    def do_GET(self):
        body = "<html><body><h1>ประกาศ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘</h1></body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


SEND_JOB = """
from django.db import transaction
from prongsai.oit.models import Evidence
from prongsai.oit.tasks import start_check
from prongsai.orgs.models import Organisation
org = Organisation.objects.create(slug="deploy", name_th="อบต.ทดสอบ", kind="sao", province="ชลบุรี",
                                  website="{base}/")
for n in (1, 2, 3):
    Evidence.objects.create(org=org, year=2568, item=f"o{{n}}", urls="{base}/o%d.html" % n)
with transaction.atomic():
    job = start_check(org, 2568, None)
print(job.pk)
"""


@pytest.mark.slow
@pytest.mark.skipif(  # never skipped in CI, which starts both (scripts/test.sh)
    not services_answer() and os.environ.get("CI") != "true",
    reason="no PostgreSQL or Redis on 127.0.0.1",
)
def test_the_deploy_services_start_and_run_a_job():
    services = compose()["services"]
    database = f"prongsai_deploy_check_{secrets.token_hex(4)}"
    queue = f"prongsai-deploy-{uuid.uuid4().hex[:12]}"
    data = Path(tempfile.mkdtemp(prefix="prongsai-deploy-"))
    port = free_port()
    variables = {
        "SECRET_KEY": secrets.token_urlsafe(40),
        "POSTGRES_PASSWORD": "unused-here",
        "PRONGSAI_FIELD_KEYS": "",
        "MINIO_ROOT_PASSWORD": "unused-here",
        "PRONGSAI_DOMAIN": "127.0.0.1",
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRONGSAI_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    for name, value in services["web"]["environment"].items():
        env[name] = resolve(value, variables)
    # The compose hosts are this machine's services; no MinIO here: uploads on the local disk.
    assert env["DATABASE_URL"].startswith("postgres://prongsai:")
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    assert env["REDIS_URL"].startswith("redis://redis:")
    assert env["PRONGSAI_BROKER_URL"].startswith("redis://redis:")
    env |= {"REDIS_URL": REDIS_URL, "PRONGSAI_BROKER_URL": REDIS_URL, "PRONGSAI_QUEUE": queue}
    for name in [n for n in env if n.startswith("PRONGSAI_S3_")] + ["PRONGSAI_FIELD_KEYS"]:
        del env[name]
    env |= {
        "DJANGO_SETTINGS_MODULE": "prongsai.settings",
        "PRONGSAI_DATA_DIR": str(data),
        "PRONGSAI_BIND": f"127.0.0.1:{port}",
        "PRONGSAI_WORKERS": "2",
        "PRONGSAI_OIT_ALLOW_PRIVATE": "1",  # the organisation's website is on loopback here
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    python = [sys.executable, "-m", "prongsai.cli"]
    gunicorn = Path(sys.executable).with_name("gunicorn")

    def command(service: str) -> list[str]:
        words = [str(w) for w in services[service]["command"]]
        if words[0] == "gunicorn":
            return [str(gunicorn), *words[1:]]
        assert words[0] == "prongsai"
        if service == "worker":  # one process is enough here
            words[words.index("--concurrency") + 1] = "1"
        return [*python, *words[1:]]

    site = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    started: dict[str, subprocess.Popen] = {}
    logs: dict[str, Path] = {}

    def start(service: str) -> None:
        logs[service] = data / f"{service}.log"
        with open(logs[service], "wb") as log:
            started[service] = subprocess.Popen(
                command(service), env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def tail() -> str:
        return "\n".join(
            f"--- {n}\n{p.read_text(errors='replace')[-3000:]}" for n, p in logs.items()
        )

    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {database}")
    try:
        subprocess.run(command("migrate"), env=env, cwd=ROOT, check=True, timeout=600,
                       capture_output=True)  # fmt: skip
        for service in ("web", "worker", "scheduler"):
            start(service)
        status, body, deadline = None, b"", time.monotonic() + 120
        while time.monotonic() < deadline and status != 200:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/readyz")
                response = conn.getresponse()
                status, body = response.status, response.read()
                conn.close()
            except OSError:
                time.sleep(0.5)
            else:
                if status != 200:
                    time.sleep(0.5)
        assert status == 200, (status, body, tail())
        checks = json.loads(body)["checks"]
        assert all(check["ok"] for check in checks.values()) and set(checks) == {
            "database", "cache", "broker"
        }  # fmt: skip

        script = SEND_JOB.format(base=f"http://127.0.0.1:{site.server_address[1]}")
        sent = subprocess.run([*python, "shell", "-c", script], env=env, cwd=ROOT, check=True,
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        job_id = int(sent.stdout.strip().splitlines()[-1])
        row, deadline = None, time.monotonic() + 120
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}") as db:
            while time.monotonic() < deadline:
                row = db.execute(
                    "SELECT state, done, total, message FROM jobs_job WHERE id = %s", (job_id,)
                ).fetchone()
                db.commit()
                if row[0] in ("done", "failed", "cancelled"):
                    break
                time.sleep(0.5)
            checks = db.execute("SELECT count(*) FROM oit_linkcheck").fetchone()[0]
        assert row[:3] == ("done", 3, 3), (row, tail())
        assert checks == 3
        for service, proc in started.items():  # every service still running
            assert proc.poll() is None, (service, tail())
        assert "beat: Starting" in logs["scheduler"].read_text(errors="replace"), tail()
    finally:
        for proc in started.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in started.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        site.shutdown()
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"*{queue}*"):
            client.delete(key)
