"""An organisation's jobs: the list, one job's page with its progress, cancel, the result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from prongsai.jobs import runner
from prongsai.jobs.models import Job
from prongsai.jobs.tasks import batch_kinds, start_document_batch
from prongsai.orgs.access import can_write, get_org_for_user
from prongsai.orgs.models import Organisation
from prongsai.params import parse_year


def _job(request, org_slug: str, job_id: int, *, write: bool = False):
    org = get_org_for_user(request, org_slug, write=write)
    # Another organisation's job under this slug is a 404, as everywhere.
    return org, get_object_or_404(Job, pk=job_id, org=org)


@login_required
@require_GET
def job_list(request, org_slug: str):
    org = get_org_for_user(request, org_slug)
    province = Organisation.objects.for_user(request.user).filter(province=org.province)
    return render(
        request, "jobs/list.html",
        {"org": org, "jobs": Job.objects.filter(org=org).select_related("started_by")[:30],
         "kinds": batch_kinds(), "province_count": province.count(), "can_write": can_write(request.org_role)},
    )  # fmt: skip


@login_required
@require_GET
def job_page(request, org_slug: str, job_id: int):
    org, job = _job(request, org_slug, job_id)
    context = {"org": org, "job": job, "can_write": can_write(request.org_role)}
    if request.htmx:
        return render(request, "jobs/_progress.html", context)
    return render(request, "jobs/job.html", context)


@login_required
@require_POST
def job_cancel(request, org_slug: str, job_id: int):
    org, job = _job(request, org_slug, job_id, write=True)
    if runner.cancel(job):
        messages.success(request, _("The job was cancelled."))
    return redirect("jobs:detail", org_slug=org.slug, job_id=job.pk)


@login_required
@require_GET
def job_result(request, org_slug: str, job_id: int):
    _org, job = _job(request, org_slug, job_id)
    if job.state != Job.State.DONE or not job.result:
        raise Http404
    name = job.result.name.rsplit("/", 1)[-1]
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def document_batch(request, org_slug: str):
    """One document kind and year for every organisation of the province the user may read,
    as one ZIP made by a job."""
    org = get_org_for_user(request, org_slug, write=True)
    kinds = {k.key: k for k in batch_kinds()}
    kind = kinds.get(request.POST.get("kind", ""))
    fmt = request.POST.get("fmt", "pdf")
    if kind is None or fmt not in kind.formats:
        raise Http404
    year = parse_year(request.POST.get("year", ""))
    orgs = Organisation.objects.for_user(request.user).filter(province=org.province)
    ids = list(orgs.order_by("slug").values_list("pk", flat=True))
    job = start_document_batch(
        org_ids=ids, kind=kind.key, year=year, fmt=fmt, user=request.user, org=org
    )
    return redirect("jobs:detail", org_slug=org.slug, job_id=job.pk)
