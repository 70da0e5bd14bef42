"""The retention purge as a periodic job (settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from prongsai.complaints import retention
from prongsai.jobs import runner
from prongsai.jobs.models import Job
from prongsai.jobs.queue import app


@app.task(base=runner.JobTask, bind=True, name="prongsai.complaints.purge")
def purge(self) -> str:
    """Identities and files of complaints past their retention period; running it twice purges
    nothing more the second time."""
    job, _new = Job.objects.get_or_create(
        kind=Job.Kind.COMPLAINT_PURGE, created__date=timezone.localdate()
    )
    job = runner.claim(job.pk)
    if job is None:
        return "skipped"
    with transaction.atomic():
        done = retention.purge()
        retention.settle()  # earlier days' files and rows, as the nightly command does
        runner.finish(job, f"ลบข้อมูลผู้ร้องเรียนของเรื่องที่พ้นระยะเก็บรักษา {done} เรื่อง")
    return "done"
