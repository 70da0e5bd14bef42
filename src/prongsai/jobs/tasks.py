"""Jobs that belong to no single domain app: a province's documents as one ZIP; and bringing
back the jobs of lost workers (jobs/recovery.py), every few minutes and when a worker starts."""

from __future__ import annotations

import io
import zipfile

from celery.signals import worker_ready
from django.db import close_old_connections, connections, transaction

from prongsai.documents import layout, registry
from prongsai.documents.registry import DocumentRequest, NothingToReport
from prongsai.jobs import recovery, retention, runner
from prongsai.jobs.models import Job
from prongsai.jobs.queue import app
from prongsai.orgs.models import Organisation


def batch_kinds() -> list[registry.Kind]:
    """Kinds a batch can make: those that need only the year."""
    return [k for k in registry.kinds() if k.offered and tuple(k.params) == ("year",)]


def start_document_batch(*, org_ids: list[int], kind: str, year: int, fmt: str, user, org=None):
    """A queued batch job, sent to the queue once the transaction that made it commits."""
    job = Job.objects.create(
        org=org, kind=Job.Kind.DOCUMENT_BATCH, started_by=user, total=len(org_ids),
        params={"orgs": org_ids, "kind": kind, "year": year, "fmt": fmt},
    )  # fmt: skip
    return runner.enqueue(document_batch, job)


@app.task(base=runner.JobTask, bind=True, name="prongsai.jobs.document_batch")
def document_batch(self, job_id: int) -> str:
    job = runner.claim(job_id)
    if job is None:
        return "skipped"
    kind = registry.get(job.params["kind"])
    year, fmt = job.params["year"], job.params["fmt"]
    orgs = list(Organisation.objects.filter(pk__in=job.params["orgs"]).order_by("slug"))
    runner.step(job, 0, len(orgs))
    buffer, errors, made = io.BytesIO(), [], 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, org in enumerate(orgs, start=1):
            request = DocumentRequest(kind, org, {"year": year})
            reason = kind.reason_unavailable(request)
            try:
                if reason:
                    raise NothingToReport(reason)
                archive.writestr(kind.file_name(request, fmt), layout.make(request, fmt))
                made += 1
            except NothingToReport as exc:
                errors.append(f"{org.name_th}: {exc}")
            runner.step(job, n)
    name = f"{kind.key.replace('_', '-')}-{year}.zip"
    message = f"ทำเอกสาร {kind.title_th} ได้ {made} จาก {len(orgs)} หน่วยงาน"
    message_en = f"{kind.title_en}: made for {made} of {len(orgs)} organisations"
    if not made:  # an empty ZIP is nothing to download: the errors say why
        with transaction.atomic():
            ended = runner.finish(job, message, errors, message_en=message_en)
    else:
        ended = runner.finish_with_file(
            job, name, buffer.getvalue(), message, errors, message_en=message_en
        )
    return "done" if ended else "cancelled"


@app.task(name="prongsai.jobs.expire_results", acks_late=True, ignore_result=True)
def expire_results() -> str:
    """The scheduler's daily removal of result files past their keeping period."""
    return f"ลบไฟล์ผลลัพธ์ที่เก็บครบกำหนดแล้ว {retention.expire_results()} ไฟล์"


@app.task(name="prongsai.jobs.recover", acks_late=True, ignore_result=True)
def recover() -> str:
    """The scheduler's periodic look for jobs left running by a lost worker."""
    done = recovery.recover()
    return f"ส่งงานเข้าคิวอีกครั้ง {len(done['requeued'])} งาน หยุด {len(done['failed'])} งาน"


@worker_ready.connect(weak=False, dispatch_uid="prongsai.jobs.recover_at_start")
def recover_at_worker_start(sender=None, **kwargs) -> None:
    """A worker that starts (perhaps after the one before it was killed) looks at once."""
    close_old_connections()
    try:
        recovery.recover()
    finally:
        connections.close_all()  # the pool's processes open their own
