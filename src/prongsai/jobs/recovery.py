"""Jobs left running by a lost worker are queued again, at most a few times.

On the embedded SQLite queue a message a worker has taken is gone from the queue: a worker killed
mid-job (power cut, out of memory, `kill -9`) leaves its Job "running" for ever, and nothing sends
it again (Redis gives an unacknowledged message back after its visibility timeout; the SQLite
transport does not). :func:`recover` finds such jobs and sends them again:

- a running job whose last sign of life (`heartbeat`, set when it is claimed and at every step)
  is older than its task's time limit (plus a grace period): its worker cannot still be on it,
  the time limit would have stopped it;
- at once, on a queue that does not give back a lost worker's message (the embedded SQLite
  one), a running job whose worker process was on this machine and is gone (the embedded default
  runs the web server, the worker and the scheduler on one machine). Redis and RabbitMQ give the
  message back themselves (late acknowledgement), so there only the time limit counts.

A job can also be lost before it runs: on the SQLite queue a worker takes a message by marking it
invisible, and a worker killed between taking it and claiming the job leaves the job "queued" with
no message waiting for it. :func:`lost_before_start` finds a queued job older than the longest
time limit (a live worker holds at most one reserved message per process, and starts it within a
time limit) whose message no longer waits in the queue, and it is sent again.

Each is moved back to "queued" by one conditional UPDATE (the state and heartbeat it was seen
with), so two recoverers at the same moment (the scheduler's periodic task and a worker starting)
send it once. A job that has already begun :data:`MAX_ATTEMPTS` times is not sent again: it ends
"failed" with a Thai message. Sending it again is safe because every job is idempotent
(jobs/runner.py): it begins afresh, and its result is written with its end in one transaction.

Run by the scheduler every few minutes (settings.CELERY_BEAT_SCHEDULE, "jobs-recover") and by
every worker when it starts (jobs/tasks.py, Celery's worker_ready signal).
"""

from __future__ import annotations

import base64
import json
import os
import socket
import sqlite3
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from prongsai.jobs import runner
from prongsai.jobs.models import Job
from prongsai.jobs.queue import app

MAX_ATTEMPTS = 3
GRACE = timedelta(minutes=2)
# The task that runs each kind of job; each takes the job's id as its first argument.
TASKS = {
    Job.Kind.OIT_CHECK: "prongsai.oit.check_org",
    Job.Kind.OIT_RECHECK: "prongsai.oit.recheck_all",
    Job.Kind.DOCUMENT_BATCH: "prongsai.jobs.document_batch",
    Job.Kind.COMPLAINT_PURGE: "prongsai.complaints.purge",
}
# What the job's page says, in Thai and in English.
GAVE_UP = (
    "งานหยุดกลางคันเพราะเครื่องที่ทำงานขัดข้อง {attempts} ครั้ง จึงไม่ทำต่อ"
    " กรุณาเริ่มงานใหม่อีกครั้ง หากยังไม่สำเร็จโปรดแจ้งผู้ดูแลระบบ",
    "The job stopped part-way because the machine running it failed {attempts} times, so it"
    " was not tried again. Please start it again; if it still fails, tell the system"
    " administrator.",
)
REQUEUED = (
    "เครื่องที่ทำงานนี้หยุดไปกลางคัน ระบบส่งงานเข้าคิวอีกครั้ง (เริ่มไปแล้ว {attempts} ครั้ง)",
    "The machine running this job stopped part-way; the job is queued again"
    " (started {attempts} times so far).",
)
RESENT = (
    "เครื่องที่รับงานนี้หยุดไปก่อนเริ่มงาน ระบบส่งงานเข้าคิวอีกครั้ง",
    "The machine that took this job stopped before starting it; the job is queued again.",
)
# Messages the SQLite queue has handed out stay in its table (kombu never deletes them): those
# older than this are removed, so the queue file does not grow for ever.
KEEP_TAKEN = timedelta(days=7)


def time_limit(kind: str) -> timedelta:
    """How long a job of this kind may run: its task's soft time limit (the worker stops it then),
    else the queue's, plus a grace period."""
    task = app.tasks.get(TASKS.get(kind, ""))
    seconds = (
        getattr(task, "soft_time_limit", None)
        or settings.CELERY_TASK_SOFT_TIME_LIMIT
        or settings.CELERY_TASK_TIME_LIMIT
    )
    return timedelta(seconds=seconds) + GRACE


def worker_gone(worker: str) -> bool:
    """True when the job's worker process was on this machine and no longer exists."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdecimal() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False
    return False


def broker_gives_back_lost_messages() -> bool:
    """Redis (after its visibility timeout) and RabbitMQ return an unacknowledged message whose
    worker died; kombu's SQLAlchemy transport (the embedded SQLite queue) does not."""
    return settings.CELERY_BROKER_URL.startswith(("redis", "rediss", "amqp", "amqps", "pyamqp"))


def stuck(now=None) -> list[Job]:
    """Running jobs whose worker is gone or has been silent for longer than the time limit."""
    now = now or timezone.now()
    look_for_lost = not broker_gives_back_lost_messages()
    out = []
    for job in Job.objects.filter(state=Job.State.RUNNING).order_by("pk"):
        silent = now - (job.heartbeat or job.created)
        if silent > time_limit(job.kind) or (look_for_lost and worker_gone(job.worker)):
            out.append(job)
    return out


def _sqlite_queue() -> str | None:
    """The file of the embedded SQLite queue, or None on another broker."""
    url = settings.CELERY_BROKER_URL
    prefix = "sqla+sqlite:///"
    return url[len(prefix) :] if url.startswith(prefix) else None


def waiting_job_ids() -> set[int] | None:
    """Ids of the jobs whose message still waits (not yet taken) in the embedded SQLite queue;
    None when the queue is another broker or cannot be read just now (recovery waits a round)."""
    path = _sqlite_queue()
    if path is None:
        return None
    if not os.path.exists(path):
        return set()
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            rows = db.execute("SELECT payload FROM kombu_message WHERE visible").fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return set()
        return None
    ids = set()
    for (payload,) in rows:
        try:
            message = json.loads(payload)
            args = json.loads(base64.b64decode(message["body"]))[0]
        except (ValueError, KeyError, IndexError, TypeError):
            continue  # not a task message of ours
        if args and isinstance(args[0], int):
            ids.add(args[0])
    return ids


def forget_taken_messages(now=None) -> int:
    """Remove handed-out messages older than KEEP_TAKEN from the SQLite queue; how many."""
    path = _sqlite_queue()
    if path is None or not os.path.exists(path):
        return 0
    # kombu stamps a message when it hands it out, in the machine's local time, without a zone
    before = datetime.fromtimestamp(((now or timezone.now()) - KEEP_TAKEN).timestamp())
    try:
        with sqlite3.connect(path, timeout=5) as db:
            cursor = db.execute(
                "DELETE FROM kombu_message WHERE NOT visible AND timestamp < ?",
                (before.isoformat(" "),),
            )
            return cursor.rowcount
    except sqlite3.OperationalError:
        return 0


def lost_before_start(now=None) -> list[Job]:
    """Queued jobs whose message a worker took and never started (SQLite queue only)."""
    if _sqlite_queue() is None:
        return []
    now = now or timezone.now()
    longest = max(time_limit(kind) for kind in TASKS)
    old = list(
        Job.objects.annotate(seen=Coalesce("heartbeat", "created"))
        .filter(state=Job.State.QUEUED, kind__in=list(TASKS), seen__lt=now - longest)
        .order_by("pk")
    )
    if not old:  # the usual case: the queue file is not read at all
        return []
    waiting = waiting_job_ids()
    return [] if waiting is None else [job for job in old if job.pk not in waiting]


def _send(task_name: str, job_id: int) -> None:
    try:
        app.send_task(task_name, args=[job_id])
    except Exception as exc:  # the broker is down: say so on the job's page
        runner.fail(job_id, *runner.not_queued(exc))
        raise


def recover(now=None) -> dict[str, list[int]]:
    """Queue the stuck jobs again, or end those begun MAX_ATTEMPTS times; what was done."""
    done: dict[str, list[int]] = {"requeued": [], "failed": []}
    for job in stuck(now):
        # The job as it was seen: another recoverer, or the job moving on, makes this a no-op.
        seen = Job.objects.filter(
            pk=job.pk, state=Job.State.RUNNING, heartbeat=job.heartbeat, attempts=job.attempts
        )
        if job.attempts >= MAX_ATTEMPTS or job.kind not in TASKS:
            if seen.update(
                state=Job.State.FAILED,
                message=GAVE_UP[0].format(attempts=job.attempts),
                message_en=GAVE_UP[1].format(attempts=job.attempts),
                finished=timezone.now(),
            ):
                done["failed"].append(job.pk)
            continue
        with transaction.atomic():
            if not seen.update(
                state=Job.State.QUEUED,
                heartbeat=timezone.now(),
                worker="",
                message=REQUEUED[0].format(attempts=job.attempts),
                message_en=REQUEUED[1].format(attempts=job.attempts),
            ):
                continue
            transaction.on_commit(
                lambda name=TASKS[job.kind], pk=job.pk: _send(name, pk), robust=True
            )
        done["requeued"].append(job.pk)
    for job in lost_before_start(now):
        seen = Job.objects.filter(pk=job.pk, state=Job.State.QUEUED, heartbeat=job.heartbeat)
        with transaction.atomic():
            if not seen.update(heartbeat=timezone.now(), message=RESENT[0], message_en=RESENT[1]):
                continue
            transaction.on_commit(
                lambda name=TASKS[job.kind], pk=job.pk: _send(name, pk), robust=True
            )
        done["requeued"].append(job.pk)
    forget_taken_messages(now)
    return done
