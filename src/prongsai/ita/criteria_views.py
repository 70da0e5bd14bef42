"""An organisation's criteria for a year nobody has published: start, edit and publish a draft.

Only the organisation's administrator (get_org_for_admin): another organisation's draft is a 404,
a member in another role gets 403. Built-in criteria are never changed (frameworks/drafts.py).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from prongsai.frameworks import drafts
from prongsai.frameworks.library import (
    FrameworkError,
    builtin_document,
    year_to_draft,
)
from prongsai.frameworks.models import Framework
from prongsai.ita import follow
from prongsai.ita.forms import DraftItemForm, DraftStartForm, DraftWorkbookForm
from prongsai.orgs.access import get_org_for_admin
from prongsai.spreadsheets import xlsx_response
from prongsai.thai import fiscal_year


def _next_year() -> int:
    return year_to_draft(fiscal_year(timezone.localdate()))


def _own(org):
    return Framework.objects.filter(org=org, status__in=drafts.OWN).order_by("-year", "-version")


@login_required
@require_GET
def criteria_page(request, org_slug: str):
    org = get_org_for_admin(request, org_slug)
    return _criteria_page(request, org, DraftStartForm(initial={"year": _next_year()}))


def _criteria_page(request, org, form, problems=(), status=200):
    return render(
        request,
        "ita/criteria.html",
        {"org": org, "form": form, "rows": _own(org), "problems": problems},
        status=status,
    )


@login_required
@require_POST
def draft_start(request, org_slug: str):
    org = get_org_for_admin(request, org_slug)
    form = DraftStartForm(request.POST)
    if not form.is_valid():
        return _criteria_page(request, org, form, status=400)
    try:
        row = drafts.start_draft(org, form.cleaned_data["year"])
    except FrameworkError as exc:
        return _criteria_page(request, org, form, exc.lines(), status=400)
    messages.success(request, f"เริ่มฉบับร่างเกณฑ์ปี {row.year} จากปี {row.based_on_year} แล้ว")
    return redirect("ita:draft", org_slug=org.slug, pk=row.pk)


def _draft(request, org_slug: str, pk: int, *, editable: bool = True):
    org = get_org_for_admin(request, org_slug)
    rows = Framework.objects.filter(org=org, status__in=drafts.OWN)
    if editable:
        rows = rows.filter(status=Framework.Status.DRAFT)
    return org, get_object_or_404(rows, pk=pk)


def _draft_page(request, org, row, *, upload=None, item=None, problems=(), status=200):
    return render(
        request,
        "ita/draft.html",
        {
            "org": org,
            "row": row,
            "doc": row.document,
            "is_draft": row.status == Framework.Status.DRAFT,
            "official_exists": builtin_document(row.year) is not None,
            "notice": drafts.provisional_notice(row, org.thai_digits),
            "upload_form": upload or DraftWorkbookForm(),
            "item_form": item or DraftItemForm(),
            "problems": problems,
        },
        status=status,
    )


@login_required
@require_GET
def draft_page(request, org_slug: str, pk: int):
    org, row = _draft(request, org_slug, pk, editable=False)
    return _draft_page(request, org, row)


@login_required
@require_GET
def draft_workbook(request, org_slug: str, pk: int):
    _org, row = _draft(request, org_slug, pk, editable=False)
    return xlsx_response(drafts.workbook_of(row), f"ita-{row.year}-draft.xlsx")


@login_required
@require_POST
def draft_upload(request, org_slug: str, pk: int):
    org, row = _draft(request, org_slug, pk)
    form = DraftWorkbookForm(request.POST, request.FILES)
    if not form.is_valid():
        return _draft_page(request, org, row, upload=form, status=400)
    upload = form.cleaned_data["file"]
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        try:
            drafts.replace_from_workbook(row, Path(tmp.name), upload.name)
        except FrameworkError as exc:
            row.refresh_from_db()
            return _draft_page(
                request, org, row, upload=form, problems=_named(exc, upload.name), status=400
            )
    messages.success(request, "บันทึกฉบับร่างจากไฟล์แล้ว")
    return redirect("ita:draft", org_slug=org.slug, pk=row.pk)


def _named(exc: FrameworkError, name: str) -> list[str]:
    """Problems named by the uploaded file's name, not a temporary copy's."""
    return [f"{name}: {p}" for p in exc.problems]


@login_required
@require_POST
def draft_item(request, org_slug: str, pk: int):
    org, row = _draft(request, org_slug, pk)
    form = DraftItemForm(request.POST)
    if not form.is_valid():
        return _draft_page(request, org, row, item=form, status=400)
    data = form.cleaned_data
    try:
        drafts.edit_item(row, data["action"], data["code"], data["name_th"], data["indicator"])
    except FrameworkError as exc:
        row.refresh_from_db()
        return _draft_page(request, org, row, item=form, problems=exc.lines(), status=400)
    messages.success(request, f"แก้ไขข้อ {data['code']} ในฉบับร่างแล้ว")
    return redirect("ita:draft", org_slug=org.slug, pk=row.pk)


@login_required
@require_POST
def draft_publish(request, org_slug: str, pk: int):
    org, row = _draft(request, org_slug, pk)
    try:
        drafts.publish(row)
    except FrameworkError as exc:
        return _draft_page(request, org, row, problems=exc.lines(), status=400)
    messages.success(request, f"ประกาศใช้เกณฑ์ปี {row.year} ของหน่วยงานแล้ว")
    job = follow.job_of(row)
    if job is not None:  # the results move in the background: their progress is the job's page
        return redirect(job.links["detail"])
    return redirect("ita:dashboard", org_slug=org.slug, year=row.year)
