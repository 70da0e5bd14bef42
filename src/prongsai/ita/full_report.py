"""The full province or national report, every organisation's row, made by a background job.

The comparison pages' own report prints at most REPORT_ROWS organisations (a request cannot wait
for LibreOffice to lay out the country's 300 pages). This job renders the same layout with every
row; as PDF it is laid out in parts (documents/parts.py) so the progress says how many rows are
done, cancelling stops between parts, and no single conversion runs into LibreOffice's limit.
The file is kept on the job and downloaded from the job's page (the province's or the nation's).
"""

from __future__ import annotations

from prongsai.documents import layout, parts, registry
from prongsai.documents.registry import DocumentRequest, Kind, NothingToReport
from prongsai.ita import comparison
from prongsai.ita.province_report import FILTERS, NATIONAL_REPORT, PROVINCE_REPORT
from prongsai.jobs import runner
from prongsai.jobs.models import Job
from prongsai.jobs.queue import app
from prongsai.orgs.models import Organisation


def rows_of(province: str | None, year: int, query: dict) -> int:
    """How many organisations the full report ranks: the page's count for these filters."""
    filters = comparison.Filters.from_query({**query, "year": str(year)}, [year])
    return comparison.ranked(province, filters).count()


def start(*, province: str | None, year: int, fmt: str, query: dict, user) -> Job:
    """The full report's job, queued; the same report already being made is that job."""
    kind = PROVINCE_REPORT if province is not None else NATIONAL_REPORT
    query = {k: str(query[k]) for k in FILTERS if query.get(k)}
    params = {"report": kind.key, "year": year, "fmt": fmt, "query": query}
    waiting = Job.objects.filter(kind=Job.Kind.ITA_REPORT, org=None, province=province or "")
    for job in waiting.exclude(state__in=Job.FINAL):
        if job.params == params:
            return job
    job = Job.objects.create(
        kind=Job.Kind.ITA_REPORT, org=None, province=province or "", started_by=user,
        total=rows_of(province, year, query), params=params,
    )  # fmt: skip
    return runner.enqueue(full_report, job)


def request_of(job: Job) -> DocumentRequest:
    """The document the job makes (NothingToReport when there is nothing to make)."""
    kind: Kind = registry.get(job.params["report"])
    province = job.province or None
    orgs = Organisation.objects.filter(province=province) if province else Organisation.objects
    # The report follows the digits setting of one of its organisations, as the page's does.
    org = orgs.order_by("name_th", "pk").first()
    if org is None:
        raise NothingToReport(f"ไม่มีหน่วยงานในจังหวัด{province}")
    extra = {"province": province, "query": job.params["query"], "full": True}
    request = DocumentRequest(kind=kind, org=org, params={"year": job.params["year"]}, extra=extra)
    reason = kind.reason_unavailable(request)
    if reason:
        raise NothingToReport(reason)
    return request


def file_name(job: Job) -> str:
    return f"{job.params['report'].replace('_', '-')}-full-{job.params['year']}.{job.params['fmt']}"


@app.task(base=runner.JobTask, bind=True, name="prongsai.ita.full_report")
def full_report(self, job_id: int) -> str:
    job = runner.claim(job_id)
    if job is None:
        return "skipped"
    try:
        request = request_of(job)
    except NothingToReport as exc:
        runner.fail(job.pk, str(exc))
        return "failed"
    total = rows_of(request.extra["province"], request.year, job.params["query"])
    runner.step(job, 0, total)
    docx = layout.render_docx(request)
    if job.params["fmt"] == "pdf":
        # The ranking comes first: the parts' table rows beyond it (the OIT items, the
        # questions, the provinces) do not count past the organisations.
        data = parts.pdf_in_parts(
            docx, on_part=lambda done, _rows: runner.step(job, min(done, total))
        )
    else:
        data = docx
    runner.step(job, total)
    f = request.fmt
    message = f"ทำรายงานฉบับเต็มครบทั้ง {f.number(total)} หน่วยงานแล้ว"
    message_en = f"The full report of all {total:,} organisations is ready"
    if not runner.finish_with_file(job, file_name(job), data, message, message_en=message_en):
        return "cancelled"
    return "done"
