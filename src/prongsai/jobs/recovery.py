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

Each is moved back to "queued" by one conditional UPDATE (the state and heartbeat it was seen
with), so two recoverers at the same moment (the scheduler's periodic task and a worker starting)
send it once. A job that has already begun :data:`MAX_ATTEMPTS` times is not sent again: it ends
"failed" with a Thai message. Sending it again is safe because every job is idempotent
(jobs/runner.py): it begins afresh, and its result is written with its end in one transaction.

Run by the scheduler every few minutes (settings.CELERY_BEAT_SCHEDULE, "jobs-recover") and by
every worker when it starts (jobs/tasks.py, Celery's worker_ready signal).
"""

from __future__ import annotations

import os
import socket
from datetime import timedelta

from django.conf import settings
from django.db import transaction
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
GAVE_UP = (
    "งานหยุดกลางคันเพราะเครื่องที่ทำงานขัดข้อง {attempts} ครั้ง จึงไม่ทำต่อ"
    " กรุณาเริ่มงานใหม่อีกครั้ง หากยังไม่สำเร็จโปรดแจ้งผู้ดูแลระบบ"
)
REQUEUED = "เครื่องที่ทำงานนี้หยุดไปกลางคัน ระบบส่งงานเข้าคิวอีกครั้ง (เริ่มไปแล้ว {attempts} ครั้ง)"


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


def _send(task_name: str, job_id: int) -> None:
    try:
        app.send_task(task_name, args=[job_id])
    except Exception as exc:  # the broker is down: say so on the job's page
        runner.fail(job_id, f"ส่งงานเข้าคิวไม่ได้ กรุณาแจ้งผู้ดูแลระบบ ({type(exc).__name__})")
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
                message=GAVE_UP.format(attempts=job.attempts),
                finished=timezone.now(),
            ):
                done["failed"].append(job.pk)
            continue
        with transaction.atomic():
            if not seen.update(
                state=Job.State.QUEUED,
                heartbeat=timezone.now(),
                worker="",
                message=REQUEUED.format(attempts=job.attempts),
            ):
                continue
            transaction.on_commit(
                lambda name=TASKS[job.kind], pk=job.pk: _send(name, pk), robust=True
            )
        done["requeued"].append(job.pk)
    return done
