from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.frameworks.library import FrameworkError, dump
from prongsai.frameworks.store import find_document
from prongsai.ita.names import Names
from prongsai.oit import checker, checklist, history, navigation, public_page, report, tasks
from prongsai.oit.forms import EvidenceForm
from prongsai.oit.models import ComponentCheck, Evidence, split_paths
from prongsai.oit.readiness import readiness
from prongsai.orgs.access import can_write, get_org_for_user
from prongsai.orgs.models import Organisation
from prongsai.params import parse_year
from prongsai.spreadsheets import xlsx_response
from prongsai.thai import fiscal_year


def _rows(org, year: int):
    try:
        return checklist.rows(org, year)
    except FrameworkError as exc:
        raise Http404 from exc


@login_required
@require_GET
def checklist_default(request, org_slug: str):
    """The checklist of the current fiscal year (its criteria shipped, or the organisation's
    own published ones), else of the newest year before it that has criteria."""
    org = get_org_for_user(request, org_slug)
    return redirect("oit:checklist", org_slug=org.slug, year=checklist.default_year(org))


@login_required
@require_GET
def checklist_page(request, org_slug: str, year: int):
    org = get_org_for_user(request, org_slug)
    table = _rows(org, year)
    current = fiscal_year(timezone.localdate())
    return render(
        request,
        "oit/checklist.html",
        {
            "org": org, "year": year, "rows": table, "readiness": readiness(org, year, table),
            "current_year": current, "default_year": checklist.year_for(current, org),
            "year_rules": checklist.year_rules(year, org),
            "changes": history.changes(org, year), "todo": checklist.stale_or_missing(org, year, timezone.localdate()),
            "calendar": checklist.calendar(year), "can_write": can_write(request.org_role),
            "hidden": public_page.hidden_items(table),
            "names": Names.of(dump(find_document(year=year, org=org))),
        },
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def evidence_edit(request, org_slug: str, year: int, item: str):
    org = get_org_for_user(request, org_slug, write=request.method == "POST")
    row = next((r for r in _rows(org, year) if r.code == item), None)
    if row is None:
        raise Http404
    evidence = row.evidence or Evidence(org=org, year=year, item=item)
    ticks = {c.code: c.check for c in row.components if c.check}
    data = request.POST or None
    if data is not None and data.get("use_suggestion") and evidence.suggested_steps:
        data = data.copy()  # the officer takes the steps the navigation job found
        data["steps"] = evidence.suggested_steps
    form = EvidenceForm(
        data,
        request.FILES or None,
        instance=evidence,
        org=org,
        components=row.components,
        ticks=ticks,
    )
    if request.method == "POST" and form.is_valid():
        evidence = form.save()
        today = timezone.localdate()
        for component, tick, note in form.component_fields():
            ComponentCheck.objects.update_or_create(
                evidence=evidence,
                component=component.code,
                defaults={"ticked": tick.data if isinstance(tick.data, bool) else bool(form.cleaned_data[tick.name]),
                          "note": form.cleaned_data[note.name], "checked_by": request.user, "checked_on": today},
            )  # fmt: skip
        messages.success(request, _("The evidence of %(item)s was saved.") % {"item": item})
        return redirect("oit:checklist", org_slug=org.slug, year=year)
    return render(
        request,
        "oit/evidence_edit.html",
        {
            "org": org,
            "year": year,
            "row": row,
            "form": form,
            "suggested_paths": split_paths(evidence.suggested_steps),
            "names": Names.of(dump(find_document(year=year, org=org))),
        },  # fmt: skip
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def run_check(request, org_slug: str, year: int):
    """The checklist's button: a job checks every evidence URL and records the results."""
    org = get_org_for_user(request, org_slug, write=True)  # access first, always

    _rows(org, year)  # a year without OIT criteria is a 404, as on the checklist
    main_site, targets = checklist.check_targets(org, year)
    if not main_site:
        messages.error(request, _("Set the organisation's main website first."))
    elif not targets:
        messages.error(request, _("No evidence URL to check yet."))
    else:
        # The check runs on the queue; its page shows the progress and the result.
        job = tasks.start_check(org, year, request.user)
        return redirect("jobs:detail", org_slug=org.slug, job_id=job.pk)
    return redirect("oit:checklist", org_slug=org.slug, year=year)


@login_required
@require_POST
def run_steps(request, org_slug: str, year: int):
    """The checklist's button: a job walks the main website for the steps to each evidence URL."""
    org = get_org_for_user(request, org_slug, write=True)  # access first, always
    _rows(org, year)
    if not org.website:
        messages.error(request, _("Set the organisation's main website first."))
    elif not any(e.url_list() for e in Evidence.objects.filter(org=org, year=year)):
        messages.error(request, _("No evidence URL to check yet."))
    else:
        job = tasks.start_steps(org, year, request.user)
        return redirect("jobs:detail", org_slug=org.slug, job_id=job.pk)
    return redirect("oit:checklist", org_slug=org.slug, year=year)


@login_required
@require_GET
def findings_report(request, org_slug: str, year: int, fmt: str):
    """The findings as an Excel sheet (the Word and PDF report is the `oit_findings` document)."""
    org = get_org_for_user(request, org_slug)
    table = _rows(org, year)
    if fmt != "xlsx":
        raise Http404
    return xlsx_response(
        report.findings_xlsx(org, year, table), f"oit-findings-{org.slug}-{year}.xlsx"
    )


# ---------------------------------------------------------------- the public ITA page (no login)


def _public_page(org_slug: str, year: int) -> public_page.PublicPage:
    """Any visitor: an unknown organisation, or a year without criteria, is a 404."""
    org = get_object_or_404(Organisation, slug=org_slug)
    try:
        return public_page.build(org, year)
    except FrameworkError as exc:
        raise Http404 from exc


@require_GET
def public_ita(request, org_slug: str, year: int):
    """The organisation's ITA page: every ready item, its links, steps and page pointers."""
    page = _public_page(org_slug, year)
    return render(request, "oit/public.html", {"org": page.org, "page": page})


@require_GET
def public_ita_export(request, org_slug: str, year: int, fmt: str):
    """The same page as one self-contained HTML file (inline CSS, no external request) or as an
    Excel list, in Thai, to paste into the organisation's own website and into ITAS."""
    if fmt not in ("html", "xlsx"):
        raise Http404
    with translation.override("th"):
        page = _public_page(org_slug, year)
        filename = f"ita-{page.org.slug}-{year}.{fmt}"
        if fmt == "xlsx":
            return xlsx_response(public_page.xlsx(page), filename)
        html = render_to_string(
            "oit/public_export.html", {"org": page.org, "page": page, "css": public_page.css()}
        )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def province_check(request, org_slug: str):
    """Check the websites of every organisation of the province the user may read: one job per
    organisation, followed on one job page (n of m organisations)."""
    org = get_org_for_user(request, org_slug, write=True)
    year = parse_year(request.POST.get("year", ""))
    orgs = Organisation.objects.for_user(request.user).filter(province=org.province)
    ids = list(orgs.order_by("slug").values_list("pk", flat=True))
    job = tasks.start_recheck(ids, year, request.user, org=org)
    return redirect("jobs:detail", org_slug=org.slug, job_id=job.pk)


@require_GET
def about_checker(request):
    """What the OIT website checker fetches, how often and how to reach whoever runs it: the
    page its User-Agent names (no login), for the administrators of the websites it checks."""
    return render(
        request,
        "oit/about_checker.html",
        {
            "user_agent": checklist.checker_user_agent(),
            "per_host": settings.OIT_PER_HOST,
            "retry_after_max": f"{settings.OIT_RETRY_AFTER_MAX:g}",
            "timeout": tasks.CHECK_TIMEOUT,
            "retries": tasks.CHECK_RETRIES,
            "max_mb": f"{checker.MAX_BYTES / 1_000_000:g}",
            "max_redirects": checker.MAX_REDIRECTS,
            "walk_pages": navigation.MAX_PAGES,
            "contact_email": settings.DEFAULT_FROM_EMAIL,
        },
    )
