"""National bulk scoring as a queued job: `prongsai ita bulk FILE --year Y --out OUT --queue`.

The worker reads the response file and writes the results where the command was told; both paths
must be readable and writable by the workers (a shared disk). The result file is written under a
temporary name and renamed at the end, so a worker lost mid-way leaves no half-written file and
the job run again writes it whole.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.db import transaction

from prongsai.frameworks.library import FrameworkError, criteria_of
from prongsai.frameworks.models import Framework
from prongsai.frameworks.store import find_document
from prongsai.ita.bulk_load import load_bulk_results
from prongsai.jobs import runner
from prongsai.jobs.models import Job
from prongsai.jobs.queue import app
from prongsai.scoring.bulk import BulkScorer
from prongsai.scoring.errors import ScoringInputError

STEPS = 3  # criteria loaded, every organisation scored, results written


def start_bulk(
    responses: Path, *, year: int, out: Path, framework: str | None, user=None,
    summaries: bool = False, skip_unknown: bool = False,
) -> Job:  # fmt: skip
    params = {"responses": str(responses.resolve()), "year": year, "out": str(out.resolve()),
              "framework": framework}  # fmt: skip
    if summaries:  # older jobs have no such key: they only write the file
        params |= {"summaries": True, "skip_unknown": skip_unknown}
    job = Job.objects.create(kind=Job.Kind.ITA_BULK, started_by=user, total=STEPS, params=params)
    return runner.enqueue(bulk_score, job)


@app.task(base=runner.JobTask, bind=True, name="prongsai.ita.bulk_score")
def bulk_score(self, job_id: int) -> str:
    job = runner.claim(job_id)
    if job is None:
        return "skipped"
    params, out = job.params, Path(job.params["out"])
    runner.step(job, 0, STEPS)
    try:
        document = find_document(year=params["year"], urn=params["framework"])
        criteria = criteria_of(document)
        scorer = BulkScorer(criteria)
        runner.step(job, 1)
        scorer.score(Path(params["responses"]))
        if params.get("summaries"):
            framework = Framework.objects.get(urn=document["urn"], version=document["version"])
            load_bulk_results(
                scorer, params["year"], framework, skip_unknown=params.get("skip_unknown", False)
            )
    except (ScoringInputError, FrameworkError) as exc:  # bad input: said row by row, not retried
        Job.objects.filter(pk=job.pk).update(errors=exc.lines())
        runner.fail(
            job.pk,
            "คิดคะแนนไม่ได้ ข้อมูลไม่ถูกต้อง ไม่ได้บันทึกผล",
            "Nothing was scored: the data has errors, and nothing was saved.",
        )
        return "failed"
    runner.step(job, 2)
    partial = out.with_name(f".{out.name}.{job.pk}.partial{out.suffix}")
    scorer.write(partial)
    count = scorer.con.execute("SELECT count(*) FROM result").fetchone()[0]
    with transaction.atomic():
        if not runner.finish(
            job,
            f"คิดคะแนน {count} หน่วยงาน บันทึกที่ {out}",
            message_en=f"Scored {count:,} organisations, saved in {out}",
        ):
            partial.unlink(missing_ok=True)
            return "cancelled"
        os.replace(partial, out)
    return "done"
