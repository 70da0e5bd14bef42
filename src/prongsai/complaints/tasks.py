"""The retention purge as a periodic job (settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from prongsai.complaints import retention
from prongsai.jobs import runner
from prongsai.jobs.models import Job
from prongsai.jobs.queue import app


@app.task(base=runner.JobTask, bind=True, name="prongsai.complaints.purge")
def purge(self, job_id: int | None = None) -> str:
    """Identities and files of complaints past their retention period; running it twice purges
    nothing more the second time. The scheduler sends it with no job (one job a day); a job sent
    again after its worker was lost (jobs/recovery.py) comes with its id."""
    if job_id is None:
        job, _new = Job.objects.get_or_create(
            kind=Job.Kind.COMPLAINT_PURGE, created__date=timezone.localdate()
        )
        job_id = job.pk
    job = runner.claim(job_id)
    if job is None:
        return "skipped"
    with transaction.atomic():
        done = retention.purge()
        retention.settle()  # earlier days' files and rows, as the nightly command does
        runner.finish(
            job,
            f"ลบข้อมูลผู้ร้องเรียนของเรื่องที่พ้นระยะเก็บรักษา {done} เรื่อง",
            message_en=f"Removed the complainant's details of {done} complaints past their"
            " keeping period",
        )
    return "done"
