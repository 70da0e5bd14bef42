"""OIT website checks as queued jobs: one organisation from the checklist's button, and the
nightly re-check of every organisation (scheduled in settings.CELERY_BEAT_SCHEDULE); and the
walk of the main website that suggests the steps from the home page (oit/navigation.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from prongsai import thai
from prongsai.jobs import runner
from prongsai.jobs.models import Job
from prongsai.jobs.queue import app
from prongsai.oit import checklist, history, navigation
from prongsai.oit.checker import check_sync
from prongsai.oit.models import Evidence, join_path
from prongsai.orgs.models import Organisation

# URLs checked between two progress steps (and two looks at the cancel button).
CHUNK = 5
NO_MAIN_SITE = ("ยังไม่ได้ระบุเว็บไซต์หลักของหน่วยงาน", "The organisation's main website is not set")


def start_check(org, year: int, user) -> Job:
    """A queued check of one organisation, sent once the transaction that made it commits."""
    job = Job.objects.create(
        org=org, kind=Job.Kind.OIT_CHECK, started_by=user, params={"year": year}
    )
    return runner.enqueue(check_org, job)


CHECK_TIMEOUT, CHECK_RETRIES = 10, 2  # seconds per wait, retries per URL (the about page says so)


def _check(
    org, year: int, on_step, *, timeout: float = CHECK_TIMEOUT, retries: int = CHECK_RETRIES
):
    """Check the organisation's evidence URLs in chunks, calling on_step(URLs checked so far)
    between chunks (it raises Cancelled when the user cancelled); the findings."""
    main_site, targets = checklist.check_targets(org, year)
    findings = []
    for start in range(0, len(targets), CHUNK):
        findings += check_sync(
            targets[start : start + CHUNK], main_site=main_site, year=year, timeout=timeout,
            retries=retries, guard=checklist.checker_guard(), **checklist.checker_options(),
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
            runner.finish(job, "", [NO_MAIN_SITE[0]], errors_en=[NO_MAIN_SITE[1]])
        return "done"
    findings = _check(org, year, lambda n: runner.step(job, n))
    bad = sum(1 for f in findings if f.status != "ok")
    fmt = thai.Formatter(org.thai_digits)
    message = f"ตรวจแล้ว {fmt.number(len(findings))} ลิงก์ พบปัญหา {fmt.number(bad)} ลิงก์"
    english = {
        "message_en": f"Checked {len(findings)} links, {bad} with a problem",
        "errors_en": [f"Item {f.item}: {f.finding_en}" for f in findings if f.status != "ok"],
    }
    errors = [f"ข้อ {f.item}: {f.finding_th}" for f in findings if f.status != "ok"]
    # The findings and the job's end in one transaction: a lost worker leaves neither.
    with transaction.atomic():
        history.record(org, year, findings)
        regressions = []
        if job.params.get("parent"):  # a night's check: what passed before and fails now
            regressions = [
                f"{org.name_th} ข้อ {c['item']}: {c['url']}"
                for c in history.changes(org, year)
                if c["regression"]
            ]
        if not runner.finish(job, message, errors, parent_errors=regressions, **english):
            transaction.set_rollback(True)
            return "cancelled"
    return "done"


def start_steps(org, year: int, user) -> Job:
    """A queued walk of the organisation's main website for the steps to its evidence."""
    job = Job.objects.create(
        org=org, kind=Job.Kind.OIT_STEPS, started_by=user, params={"year": year}
    )
    return runner.enqueue(suggest_steps, job)


@app.task(base=runner.JobTask, bind=True, name="prongsai.oit.suggest_steps", soft_time_limit=300)
def suggest_steps(self, job_id: int) -> str:
    """Walk two levels of the main website from its home page and keep, per evidence, the link
    texts that lead to its URLs as the suggested steps (the officer takes them or not)."""
    job = runner.claim(job_id)
    if job is None:
        return "skipped"
    org, year = job.org, job.params["year"]
    evidence = [e for e in Evidence.objects.filter(org=org, year=year) if e.url_list()]
    urls = list(dict.fromkeys(u for e in evidence for u in e.url_list()))
    runner.step(job, 0, len(urls))
    if not org.website:
        with transaction.atomic():
            runner.finish(job, "", [NO_MAIN_SITE[0]], errors_en=[NO_MAIN_SITE[1]])
        return "done"
    found = navigation.walk_sync(
        org.website,
        urls,
        guard=checklist.checker_guard(),
        user_agent=checklist.checker_user_agent(),
    )
    runner.step(job, len(urls))
    fmt = thai.Formatter(org.thai_digits)
    message = (
        f"อ่าน {fmt.number(len(found.pages_read))} หน้าของเว็บไซต์หลัก"
        f" พบเส้นทางของ {fmt.number(len(found.steps))} จาก {fmt.number(len(urls))} ลิงก์"
    )
    missing = [(e.item, u) for e in evidence for u in e.url_list() if u not in found.steps]
    errors = [f"ข้อ {item}: ไม่พบลิงก์ไปยัง {u} จากหน้าหลักภายในสองชั้น" for item, u in missing]
    english = {
        "message_en": f"Read {len(found.pages_read)} pages of the main website; found the steps"
        f" to {len(found.steps)} of {len(urls)} links",
        "errors_en": [
            f"Item {item}: no link to {u} within two levels of the home page" for item, u in missing
        ],
    }
    with transaction.atomic():
        if not runner.finish(job, message, errors, **english):
            transaction.set_rollback(True)
            return "cancelled"
        for e in evidence:
            paths = dict.fromkeys(
                join_path(found.steps[u]) for u in e.url_list() if u in found.steps
            )
            # update(): a suggestion is not the officer's edit (no "updated" time, no history)
            Evidence.objects.filter(pk=e.pk).update(suggested_steps="\n".join(paths))
    return "done"


def start_recheck(org_ids: list[int], year: int, user, org=None) -> Job:
    """A check of every listed organisation (a province's, from its job page), one job each."""
    job = Job.objects.create(
        org=org, kind=Job.Kind.OIT_RECHECK, started_by=user,
        params={"year": year, "orgs": org_ids},
    )  # fmt: skip
    return runner.enqueue(recheck_all, job)


@app.task(base=runner.JobTask, bind=True, name="prongsai.oit.recheck_all", soft_time_limit=1800)
def recheck_all(self, job_id: int | None = None) -> str:
    """A fan-out: one OIT check job per organisation with evidence this fiscal year (all of
    them when the scheduler sends it with no job, else the job's `orgs`), run by any worker.

    Idempotent: the scheduler's night is one job whatever the number of its messages; a fan-out
    begun again (a lost worker) makes no second set of children and sends again only those no
    worker has taken yet (a child sent twice runs to one result: see runner).
    """
    if job_id is None:
        today = timezone.localdate()
        job, _new = Job.objects.get_or_create(
            kind=Job.Kind.OIT_RECHECK, created__date=today, org=None,
            defaults={"params": {"year": thai.fiscal_year(today)}},
        )  # fmt: skip
        job_id = job.pk
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state in Job.FINAL:
            return "skipped"
        if job.state == Job.State.RUNNING:  # fanned out already: send what nobody has taken
            children = list(
                Job.objects.filter(params__parent=job.pk, state=Job.State.QUEUED).values_list(
                    "pk", flat=True
                )
            )
        else:
            job.state, job.attempts = Job.State.RUNNING, job.attempts + 1
            job.save(update_fields=["state", "attempts"])
            year = job.params["year"]
            if "orgs" in job.params:  # a province's, asked for from its job page
                orgs = (
                    Organisation.objects.filter(
                        pk__in=Evidence.objects.filter(year=year).values("org")
                    )
                    .exclude(website="")
                    .filter(pk__in=job.params["orgs"])
                )
            else:  # the scheduler's night
                orgs = checklist.orgs_to_recheck(year)
            made = runner.fan_out(
                job,
                [
                    Job(org=org, kind=Job.Kind.OIT_CHECK, started_by=job.started_by,
                        params={"year": year})
                    for org in orgs.order_by("slug")
                ],
            )  # fmt: skip
            children = [child.pk for child in made]
            job.message = f"ตรวจเว็บไซต์ {len(children)} หน่วยงาน หน่วยงานละหนึ่งงาน"
            job.message_en = f"Checking the websites of {len(children)} organisations, one job each"
            job.save(update_fields=["message", "message_en"])
        transaction.on_commit(lambda: [check_org.delay(pk) for pk in children])
    return "fanned out"
