"""A job: long work that runs on the queue, with the progress and the result its page shows.

A job is not personal data: it names the organisation (or, with none, the province or the
country), the kind of work and who started it (the account, removed with the account), and keeps
counts, a message (Thai, and English for English pages) and perhaps a result file.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from prongsai.language import english_page


def result_upload_to(instance: Job, filename: str) -> str:
    # An unguessable folder: the file is served only through the job's page, never by its path.
    return f"jobs/{secrets.token_hex(8)}/{filename}"


class Job(models.Model):
    class Kind(models.TextChoices):
        OIT_CHECK = "oit_check", _("OIT website check")
        OIT_RECHECK = "oit_recheck", _("OIT website check of every organisation (nightly)")
        OIT_STEPS = "oit_steps", _("Finding the steps from the home page to the OIT evidence")
        DOCUMENT_BATCH = (
            "document_batch",
            _("Documents of every organisation in the province (ZIP)"),
        )
        COMPLAINT_PURGE = (
            "complaint_purge",
            _("Removing complainants' details past their keeping period"),
        )
        ITA_BULK = "ita_bulk", _("ITA scores of every organisation from a national file")
        ITA_FOLLOW = "ita_follow", _("ITA summaries made again by the criteria in force")
        ITA_REPORT = "ita_report", _("The full ITA report of every organisation")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", pgettext_lazy("job state", "Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", pgettext_lazy("job state", "Cancelled")

    FINAL = (State.DONE, State.FAILED, State.CANCELLED)

    org = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    # A job of no organisation belongs to a province (its pages are the province's, for the
    # province's readers) or, left blank, to the whole country (for national readers).
    province = models.CharField(max_length=100, blank=True, default="")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    errors = models.JSONField(default=list, blank=True)
    # The same in English, where the work said it in English too; else English pages show Thai.
    message_en = models.TextField(blank=True)
    errors_en = models.JSONField(default=list, blank=True)
    result = models.FileField(upload_to=result_upload_to, blank=True)
    # When the result file was removed after settings.JOB_RESULT_DAYS (jobs/retention.py).
    result_removed = models.DateTimeField(null=True, blank=True)
    # How many times a worker began the job: more than one after a retry or a lost worker.
    attempts = models.PositiveIntegerField(default=0)
    # The worker process running it ("host:pid") and when it last reported progress: a job left
    # running by a lost worker is found by these and queued again (jobs/recovery.py).
    worker = models.CharField(max_length=200, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["org", "-created"]),
            models.Index(fields=["province", "-created"], name="jobs_job_province_created"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def result_kept_days(self) -> int:
        """How many days a result file is kept after the job finished (jobs/retention.py)."""
        return settings.JOB_RESULT_DAYS

    def get_absolute_url(self) -> str:
        return self.links["detail"]

    @property
    def links(self) -> dict[str, str]:
        """The addresses of the job's pages ("list", "detail", "cancel", "result"), under its
        organisation, its province or the nation (reads `org`: select it with the job)."""
        if self.org_id:
            prefix, args = "jobs:", [self.org.slug]
        elif self.province:
            prefix, args = "jobs:province-", [self.province]
        else:
            prefix, args = "jobs:national-", []
        return {
            page: reverse(prefix + page, args=args if page == "list" else [*args, self.pk])
            for page in ("list", "detail", "cancel", "result")
        }

    @property
    def shown_message(self) -> str:
        """The message in the page's language: English where the work gave one."""
        if self.message_en and english_page():
            return self.message_en
        return self.message

    @property
    def shown_errors(self) -> list[str]:
        if self.errors_en and len(self.errors_en) == len(self.errors) and english_page():
            return self.errors_en
        return self.errors

    @property
    def is_final(self) -> bool:
        return self.state in self.FINAL

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
