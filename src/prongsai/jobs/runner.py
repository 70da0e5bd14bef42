"""How a task body runs a Job: claim it, report progress, finish it once.

Safe to run twice: a job already finished (or cancelled) is not started again, so a message
delivered twice (a worker lost after the work but before the acknowledgement) does no harm; a job
found running is begun afresh (its worker was lost mid-way) and nothing it wrote is kept unless
the body writes its result in one transaction with `finish`.

A fan-out (the nightly OIT check of every organisation) is a parent job whose children are jobs
of their own, one per organisation, each naming the parent in `params["parent"]`: a child that
ends (done, failed or timed out) counts one in its parent's progress, and the last one ends the
parent. Cancelling the parent cancels the children that have not ended.
"""

from __future__ import annotations

import os
import socket

from celery import Task
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from prongsai.jobs.models import Job


class Cancelled(Exception):
    """The user cancelled the job: the body stops at its next step."""


def enqueue(task, job: Job) -> Job:
    """Send the job's task once the transaction that made the job commits; a queue that cannot
    be reached ends the job with a Thai message instead of leaving it waiting for ever."""

    def send():
        try:
            task.delay(job.pk)
        except Exception as exc:  # the broker is down or misconfigured: say so on the job's page
            fail(job.pk, *not_queued(exc))
            raise

    transaction.on_commit(send, robust=True)
    return job


def not_queued(exc: Exception) -> tuple[str, str]:
    """What the job's page says when its task could not be sent to the queue, in Thai and
    English (the error's class name only: its text may hold the broker's address)."""
    name = type(exc).__name__
    return (
        f"ส่งงานเข้าคิวไม่ได้ กรุณาแจ้งผู้ดูแลระบบ ({name})",
        f"The job could not be sent to the queue; please tell the system administrator ({name}).",
    )


def this_worker() -> str:
    """The process running a job, as the job records it: "host:pid"."""
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(job_id: int) -> Job | None:
    """The job, now running; None when it is finished, cancelled or gone."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state in Job.FINAL:
            return None
        job.state = Job.State.RUNNING
        job.done = 0
        job.errors = job.errors_en = []
        job.attempts = F("attempts") + 1
        job.worker, job.heartbeat = this_worker(), timezone.now()
        job.save(
            update_fields=[
                "state",
                "done",
                "errors",
                "errors_en",
                "attempts",
                "worker",
                "heartbeat",
            ]
        )
    job.refresh_from_db()
    return job


def step(job: Job, done: int, total: int | None = None) -> None:
    """Record progress and stop if the user cancelled."""
    job.done = done
    fields = {"done": done, "heartbeat": timezone.now()}
    if total is not None:
        job.total = fields["total"] = total
    if not Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(**fields):
        raise Cancelled


def finish(
    job: Job,
    message: str,
    errors: list[str] | None = None,
    *,
    message_en: str = "",
    errors_en: list[str] | None = None,
    parent_errors: list[str] = (),
) -> bool:
    """Mark the job done (call inside the transaction that writes its result). False when it was
    cancelled or finished meanwhile: then the caller's transaction must not be kept. The message
    and errors are Thai; `message_en` and `errors_en` say the same for English pages. A child of
    a fan-out counts in its parent, adding `parent_errors` to the parent's."""
    job.state, job.message, job.errors = Job.State.DONE, message, errors or []
    job.message_en, job.errors_en = message_en, errors_en or []
    job.finished = timezone.now()
    job.done = job.total
    ended = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        state=job.state,
        message=message,
        errors=job.errors,
        message_en=job.message_en,
        errors_en=job.errors_en,
        finished=job.finished,
        done=job.total,
    )
    if ended and job.params.get("parent"):
        _count_in_parent(job.params["parent"], list(parent_errors))
    return bool(ended)


def finish_with_file(
    job: Job, name: str, data: bytes, message: str, errors=None, **english
) -> bool:
    """Keep `data` as the job's result file and mark it done, together; False (and no file
    kept) when the job was cancelled or finished meanwhile. `english`: as `finish` takes it."""
    with transaction.atomic():
        job.result.save(name, ContentFile(data), save=False)
        if not finish(job, message, errors, **english):
            transaction.set_rollback(True)
            job.result.delete(save=False)
            return False
        Job.objects.filter(pk=job.pk).update(result=job.result.name)
    return True


def fail(job_id: int, message: str, message_en: str = "") -> None:
    with transaction.atomic():
        failed = (
            Job.objects.filter(pk=job_id)
            .exclude(state__in=Job.FINAL)
            .update(
                state=Job.State.FAILED,
                message=message,
                message_en=message_en,
                finished=timezone.now(),
            )
        )
        parent = Job.objects.filter(pk=job_id).values_list("params__parent", flat=True).first()
        if failed and parent:
            _count_in_parent(parent, [message])


def fan_out(parent: Job, children: list[Job]) -> list[Job]:
    """Create the parent's children (call inside the transaction that made the parent running)
    and send each child's message once it commits; a parent with no children ends at once."""
    for child in children:
        child.params = {**child.params, "parent": parent.pk}
    made = Job.objects.bulk_create(children)
    Job.objects.filter(pk=parent.pk).update(total=len(made), done=0)
    if not made:
        Job.objects.filter(pk=parent.pk, state=Job.State.RUNNING).update(
            state=Job.State.DONE, finished=timezone.now()
        )
    return made


def _count_in_parent(parent_id: int, errors: list[str]) -> None:
    """One more child of the parent has ended; the last one ends the parent."""
    with transaction.atomic():
        parent = Job.objects.select_for_update().filter(pk=parent_id).first()
        if parent is None or parent.state != Job.State.RUNNING:
            return
        parent.done += 1
        parent.errors = [*parent.errors, *errors]
        if parent.done >= parent.total:
            parent.state, parent.finished = Job.State.DONE, timezone.now()
        parent.save(update_fields=["done", "errors", "state", "finished"])


def cancel(job: Job) -> bool:
    """Cancel a job that has not finished, and its children; a running body stops at its next
    step."""
    fields = {"state": Job.State.CANCELLED, "message": "ผู้ใช้ยกเลิกงานนี้", "finished": timezone.now()}
    with transaction.atomic():
        cancelled = Job.objects.filter(pk=job.pk).exclude(state__in=Job.FINAL).update(**fields)
        if cancelled:
            Job.objects.filter(params__parent=job.pk).exclude(state__in=Job.FINAL).update(**fields)
            if job.params.get("parent"):
                _count_in_parent(job.params["parent"], [])
    return bool(cancelled)


class JobTask(Task):
    """Every job task: its first argument is the Job's id.

    Late acknowledgement and reject-on-worker-lost (settings) bring a killed worker's job back;
    a passing database lock or a lost connection is retried with exponential backoff; the soft
    time limit ends the job with a Thai message before the hard limit kills the process.
    """

    autoretry_for = (OperationalError, ConnectionError, TimeoutError)
    retry_backoff = 5
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 3

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except Cancelled:
            return "cancelled"
        except SoftTimeLimitExceeded:
            fail(
                args[0],
                "งานใช้เวลานานเกินกำหนด จึงหยุดไว้ กรุณาลองใหม่อีกครั้ง",
                "The job took longer than allowed and was stopped. Please try again.",
            )
            return "timeout"

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        if args:
            fail(args[0], f"งานไม่สำเร็จ: {exc}", f"The job failed: {exc}")
