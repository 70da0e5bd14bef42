"""OIT website checks as queued jobs: one organisation from the checklist's button, and the
nightly re-check of every organisation (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from prongsai import thai
from prongsai.jobs import runner
from prongsai.jobs.models import Job
from prongsai.jobs.queue import app
from prongsai.oit import checklist, history
from prongsai.oit.checker import check_sync
from prongsai.oit.models import Evidence, LinkCheck
from prongsai.orgs.models import Organisation

# URLs checked between two progress steps (and two looks at the cancel button).
CHUNK = 5


def start_check(org, year: int, user) -> Job:
    """A queued check of one organisation, sent once the transaction that made it commits."""
    job = Job.objects.create(
        org=org, kind=Job.Kind.OIT_CHECK, started_by=user, params={"year": year}
    )
    return runner.enqueue(check_org, job)


def _check(org, year: int, on_step, *, timeout: float = 10, retries: int = 2):
    """Check the organisation's evidence URLs in chunks, calling on_step(URLs checked so far)
    between chunks (it raises Cancelled when the user cancelled); the findings."""
    main_site, targets = checklist.check_targets(org, year)
    findings = []
    for start in range(0, len(targets), CHUNK):
        findings += check_sync(
            targets[start : start + CHUNK], main_site=main_site, year=year, timeout=timeout,
            retries=retries, guard=checklist.checker_guard(), **checklist.checker_limit(),
        )  # fmt: skip
        on_step(len(findings))
    return findings


@app.task(base=runner.JobTask, bind=True, name="prongsai.oit.check_org", soft_time_limit=600)
def check_org(self, job_id: int) -> str:
    job = runner.claim(job_id)
    if job is None:
        return "skipped"
    org, year = job.org, job.params["year"]
    main_site, targets = checklist.check_targets(org, year)
    runner.step(job, 0, len(targets))
    if not main_site:
        with transaction.atomic():
            runner.finish(job, "", ["ยังไม่ได้ระบุเว็บไซต์หลักของหน่วยงาน"])
        return "done"
    findings = _check(org, year, lambda n: runner.step(job, n))
    bad = sum(1 for f in findings if f.status != "ok")
    fmt = thai.Formatter(org.thai_digits)
    message = f"ตรวจแล้ว {fmt.number(len(findings))} ลิงก์ พบปัญหา {fmt.number(bad)} ลิงก์"
    errors = [f"ข้อ {f.item}: {f.finding_th}" for f in findings if f.status != "ok"]
    # The findings and the job's end in one transaction: a lost worker leaves neither.
    with transaction.atomic():
        if not runner.finish(job, message, errors):
            transaction.set_rollback(True)
            return "cancelled"
        history.record(org, year, findings)
    return "done"


@app.task(base=runner.JobTask, bind=True, name="prongsai.oit.recheck_all", soft_time_limit=6 * 3600)
def recheck_all(self, job_id: int | None = None) -> str:
    """Every organisation with evidence this fiscal year (the scheduler sends it with no job)."""
    if job_id is None:  # one night's job, even if the scheduler's message comes twice
        today = timezone.localdate()
        job, _new = Job.objects.get_or_create(
            kind=Job.Kind.OIT_RECHECK, created__date=today,
            defaults={"params": {"year": thai.fiscal_year(today)}},
        )  # fmt: skip
        job_id = job.pk
    job = runner.claim(job_id)
    if job is None:
        return "skipped"
    year = job.params["year"]
    orgs = Organisation.objects.filter(pk__in=Evidence.objects.filter(year=year).values("org"))
    orgs = list(orgs.order_by("slug"))
    runner.step(job, 0, len(orgs))
    checked, regressions = 0, []
    for n, org in enumerate(orgs, start=1):
        # A night's run begun again (a lost worker) does not check an organisation twice.
        again = LinkCheck.objects.filter(org=org, year=year, run__gte=job.created).exists()
        main_site, targets = checklist.check_targets(org, year)
        if main_site and targets and not again:
            findings = _check(org, year, lambda _n, n=n: runner.step(job, n - 1))
            history.record(org, year, findings)  # each organisation's run is whole on its own
            checked += 1
            regressions += [
                f"{org.name_th} ข้อ {c['item']}: {c['url']}"
                for c in history.changes(org, year)
                if c["regression"]
            ]
        runner.step(job, n)
    with transaction.atomic():
        runner.finish(job, f"ตรวจเว็บไซต์ {checked} หน่วยงาน", regressions)
    return "done"
