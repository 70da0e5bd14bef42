"""Result files are not kept for ever: a finished job's file (a ZIP of every organisation's
documents, a full national report of some 2 MB) is removed settings.JOB_RESULT_DAYS after the job
finished. The job itself stays, with when its file went, so its page can say so; the work can be
asked for again. Run daily by the scheduler (settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from prongsai.jobs.models import Job


def expired(now=None):
    """Finished jobs whose result file is past its keeping period."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.JOB_RESULT_DAYS)
    return Job.objects.filter(state__in=Job.FINAL, finished__lt=cutoff).exclude(result="")


def expire_results(now=None) -> int:
    """Remove the files of `expired` jobs; returns how many were removed."""
    now = now or timezone.now()
    removed = 0
    for job in expired(now):
        job.result.delete(save=False)  # a file already missing is not an error
        Job.objects.filter(pk=job.pk).update(result="", result_removed=now)
        removed += 1
    return removed
