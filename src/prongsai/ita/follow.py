"""Results follow the criteria in force: when criteria come into force for a year (an
organisation's or a province's published, official ones shipped or corrected — the signal
frameworks.store.criteria_published), each stored result of that year they now govern is moved
onto them (in the audit trail) and its summary made again, so the province and national pages
show the figures the organisation's own dashboard shows.

A few results follow inside the request that published the criteria; more (a province's
hundreds, a corrected national year's thousands) are a queued job with its progress page: the
organisation's for its own criteria, the province's for a province's (where its administrator
who published them is sent), the nation's for official ones (shipped with `migrate`, which logs
the job's address).
"""

from __future__ import annotations

import logging

from django.db import transaction

from prongsai.frameworks.models import Framework
from prongsai.frameworks.store import criteria_published
from prongsai.ita.models import ItaResult
from prongsai.ita.results import UNSCORABLE, assessment_of, criteria_for_year
from prongsai.ita.summary import store_summary
from prongsai.jobs import runner
from prongsai.jobs.models import Job
from prongsai.jobs.queue import app

FOLLOW_AT_ONCE = 50  # results moved inside the publishing request; more are a job

log = logging.getLogger(__name__)


def governed_by(framework: Framework):
    """The stored results of the framework's year that it may now govern (those of its
    organisation, of its province, or of everyone for official criteria) not on it already."""
    results = ItaResult.objects.filter(year=framework.year).exclude(framework=framework)
    if framework.org_id:
        return results.filter(org_id=framework.org_id)
    if framework.province:
        return results.filter(org__province=framework.province)
    return results


def follow_criteria(results, on_step=None) -> tuple[int, list[str]]:
    """Each result scored with the criteria now in force for its organisation-year and, when
    they differ from its own, moved onto them and summarised again. Returns (moved, problems):
    a result the new criteria cannot score keeps its criteria and summary and is named."""
    moved, problems = 0, []
    ids = list(results.order_by("pk").values_list("pk", flat=True))
    rows = ItaResult.objects.filter(pk__in=ids).select_related("org", "framework")
    for n, result in enumerate(rows.prefetch_related("scores").order_by("pk"), start=1):
        try:
            criteria, in_force = criteria_for_year(result.year, result.org)
            if in_force.pk != result.framework_id:
                assessment = assessment_of(result, criteria)
                with transaction.atomic():
                    result.framework = in_force
                    result.save(update_fields=["framework"])
                    store_summary(result, assessment)
                moved += 1
        except UNSCORABLE as exc:
            problems.append(f"{result.org.name_th} ปี {result.year}: {exc}")
        if on_step is not None:
            on_step(n, len(ids))
    return moved, problems


def start_follow(framework: Framework, user=None) -> Job:
    job = Job.objects.create(
        kind=Job.Kind.ITA_FOLLOW, started_by=user, org=framework.org,
        province="" if framework.org_id else framework.province,
        total=governed_by(framework).count(), params={"framework": framework.pk},
    )  # fmt: skip
    log.info("ITA results follow criteria %s in job %s: %s", framework, job.pk, job.links["detail"])
    return runner.enqueue(follow_task, job)


def job_of(framework: Framework) -> Job | None:
    """The job that moves results onto the criteria, when there were too many to move at once."""
    jobs = Job.objects.filter(kind=Job.Kind.ITA_FOLLOW, params__framework=framework.pk)
    return jobs.select_related("org").order_by("-pk").first()


@app.task(base=runner.JobTask, bind=True, name="prongsai.ita.follow_criteria")
def follow_task(self, job_id: int) -> str:
    job = runner.claim(job_id)
    if job is None:
        return "skipped"
    framework = Framework.objects.filter(pk=job.params["framework"]).first()
    if framework is None:
        runner.fail(job.pk, "ไม่พบเกณฑ์ที่ประกาศใช้แล้ว", "The published criteria are gone.")
        return "failed"
    # Each result is moved in its own transaction: a job run again finds only those left.
    moved, problems = follow_criteria(
        governed_by(framework), on_step=lambda n, total: runner.step(job, n, total)
    )
    with transaction.atomic():
        message = f"คิดผลสรุปใหม่ตามเกณฑ์ปี {framework.year} แล้ว {moved} หน่วยงาน"
        message_en = (
            f"Summaries of {moved} organisations made again by the {framework.year} criteria"
        )
        if not runner.finish(job, message, problems, message_en=message_en):
            transaction.set_rollback(True)
            return "cancelled"
    return "done"


def _on_criteria_published(sender, framework: Framework, **kwargs) -> None:
    results = governed_by(framework)
    if results.count() <= FOLLOW_AT_ONCE:
        follow_criteria(results)
    else:
        start_follow(framework)


criteria_published.connect(_on_criteria_published, dispatch_uid="ita-follow-criteria")
