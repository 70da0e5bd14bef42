"""Jobs' pages: the list, one job's page with its progress, cancel, the result; for an
organisation's jobs under its address, and for the jobs of no organisation under their
province's (its readers, as the province's comparison page) or the nation's (national readers,
as the national comparison page). Cancelling is for those who change the scope's data (the
organisation's writers, the province's administrators, superusers) and whoever started the job."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from prongsai.jobs import runner
from prongsai.jobs.models import Job
from prongsai.jobs.tasks import batch_kinds, start_document_batch
from prongsai.orgs.access import (
    administers_province,
    can_write,
    get_org_for_user,
    national_readers_only,
    province_readers_only,
)
from prongsai.orgs.models import Organisation
from prongsai.params import parse_year


def _job(request, org_slug: str, job_id: int, *, write: bool = False):
    org = get_org_for_user(request, org_slug, write=write)
    # Another organisation's job under this slug is a 404, as everywhere.
    return org, get_object_or_404(Job.objects.select_related("org"), pk=job_id, org=org)


@login_required
@require_GET
def job_list(request, org_slug: str):
    org = get_org_for_user(request, org_slug)
    province = Organisation.objects.for_user(request.user).filter(province=org.province)
    jobs = Job.objects.filter(org=org).select_related("started_by", "org")[:30]
    return render(
        request, "jobs/list.html",
        {"org": org, "jobs": jobs, **_org_scope(org), "kinds": batch_kinds(),
         "province_count": province.count(), "can_write": can_write(request.org_role)},
    )  # fmt: skip


@login_required
@require_GET
def job_page(request, org_slug: str, job_id: int):
    org, job = _job(request, org_slug, job_id)
    return _page(request, job, can_write(request.org_role), _org_scope(org))


@login_required
@require_POST
def job_cancel(request, org_slug: str, job_id: int):
    _org, job = _job(request, org_slug, job_id, write=True)
    return _cancel(request, job)


@login_required
@require_GET
def job_result(request, org_slug: str, job_id: int):
    _org, job = _job(request, org_slug, job_id)
    return _result(job)


def _org_scope(org) -> dict:
    return {"scope_name": org.name_th, "scope_url": reverse("orgs:detail", args=[org.slug])}


def _page(request, job: Job, may_cancel: bool, scope: dict):
    context = {"job": job, "can_write": may_cancel, **scope}
    if request.htmx:
        return render(request, "jobs/_progress.html", context)
    return render(request, "jobs/job.html", context)


def _cancel(request, job: Job):
    if runner.cancel(job):
        messages.success(request, _("The job was cancelled."))
    return redirect(job.links["detail"])


def _result(job: Job):
    if job.state != Job.State.DONE or not job.result:
        raise Http404
    name = job.result.name.rsplit("/", 1)[-1]
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=name)


def _list(request, jobs, scope: dict):
    jobs = jobs.select_related("started_by")[:30]
    return render(request, "jobs/list.html", {"jobs": jobs, **scope})


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


# A province's jobs (those of no organisation: its criteria's results followed, its full
# report): the province's readers see them. The job is looked up before the method is checked:
# another province's job under this name is a 404 whatever the method.


def _province_scope(name: str) -> dict:
    return {
        "scope_name": _("Province %(province)s") % {"province": name},
        "scope_url": reverse("ita:province", args=[name]),
    }


def province_job_gate(view):
    """The province's job named in the URL (a 404 for any other), handed to the view."""

    @wraps(view)
    def checked(request, name: str, job_id: int):
        job = get_object_or_404(Job, pk=job_id, org=None, province=name)
        return view(request, name, job)

    return checked


def _province_may_cancel(user, name: str, job: Job) -> bool:
    return administers_province(user, name) or job.started_by_id == user.pk


@login_required
@province_readers_only
@require_GET
def province_list(request, name: str):
    return _list(request, Job.objects.filter(org=None, province=name), _province_scope(name))


@login_required
@province_readers_only
@province_job_gate
@require_GET
def province_job(request, name: str, job: Job):
    may_cancel = _province_may_cancel(request.user, name, job)
    return _page(request, job, may_cancel, _province_scope(name))


@login_required
@province_readers_only
@province_job_gate
@require_POST
def province_cancel(request, name: str, job: Job):
    if not _province_may_cancel(request.user, name, job):
        raise PermissionDenied
    return _cancel(request, job)


@login_required
@province_readers_only
@province_job_gate
@require_GET
def province_result(request, name: str, job: Job):
    return _result(job)


# The nation's jobs (of no organisation nor province: official criteria followed, the
# country's full report, national bulk scoring): national readers and superusers.


def _national_scope() -> dict:
    return {"scope_name": _("All organisations"), "scope_url": reverse("ita:national")}


def national_job_gate(view):
    """The nation's job named in the URL (a 404 for a province's or an organisation's)."""

    @wraps(view)
    def checked(request, job_id: int):
        return view(request, get_object_or_404(Job, pk=job_id, org=None, province=""))

    return checked


def _national_may_cancel(user, job: Job) -> bool:
    return user.is_superuser or job.started_by_id == user.pk


@login_required
@national_readers_only
@require_GET
def national_list(request):
    return _list(request, Job.objects.filter(org=None, province=""), _national_scope())


@login_required
@national_readers_only
@national_job_gate
@require_GET
def national_job(request, job: Job):
    return _page(request, job, _national_may_cancel(request.user, job), _national_scope())


@login_required
@national_readers_only
@national_job_gate
@require_POST
def national_cancel(request, job: Job):
    if not _national_may_cancel(request.user, job):
        raise PermissionDenied
    return _cancel(request, job)


@login_required
@national_readers_only
@national_job_gate
@require_GET
def national_result(request, job: Job):
    return _result(job)
