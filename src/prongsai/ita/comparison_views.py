"""The province and national comparison pages, their Excel export and the province report."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from openpyxl import Workbook

from prongsai.documents import layout, registry
from prongsai.documents.registry import DocumentRequest, NothingToReport
from prongsai.documents.views import CONTENT_TYPES
from prongsai.frameworks.store import province_years
from prongsai.ita import comparison, full_report
from prongsai.ita import province_report as reports  # the views below take its name
from prongsai.ita.province_import_views import may_import
from prongsai.orgs.access import (
    administers_province,
    national_readers_only,
    province_readers_only,
)
from prongsai.orgs.models import Organisation
from prongsai.spreadsheets import append_row, xlsx_response


@login_required
@province_readers_only
@require_GET
def province(request, name: str):
    """Every organisation of a province side by side, for its readers (and superusers)."""
    return _page(request, name)


@login_required
@national_readers_only
@require_GET
def national(request):
    return _page(request, None)


def _page(request, province: str | None):
    c = comparison.build(province, request.GET)
    context = {
        "c": c,
        "province": province,
        "kinds": Organisation.Kind.choices,
        "sizes": Organisation.Size.choices,
        "bands": comparison.BANDS,
        "pass_mark": comparison.PASS_MARK,
    }
    if province is not None and may_import(request.user, province):
        context["import_years"] = province_years(province)
    if province is not None:
        context["administers"] = administers_province(request.user, province)
    # The report prints REPORT_ROWS rows; more are offered as the full report, made by a job.
    ranked = c.page.paginator.count if c.page is not None else 0
    if ranked > reports.REPORT_ROWS:
        context["full_report_rows"] = ranked
        context["report_rows"] = reports.REPORT_ROWS
    return render(request, "ita/comparison.html", context)


@login_required
@province_readers_only
@require_GET
def province_export(request, name: str):
    return _export(request, name)


@login_required
@national_readers_only
@require_GET
def national_export(request):
    return _export(request, None)


def _export(request, province: str | None):
    c = comparison.build(province, request.GET, paginate=False)
    data = workbook(c)
    scope = province or "national"
    return xlsx_response(data, f"ita-{scope}-{c.filters.year or ''}.xlsx")


def workbook(c: comparison.Comparison) -> bytes:
    """Ranked figures, then the failed OIT items and the lowest questions; every text cell is
    written as text (a name that looks like a formula stays a name)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Ranking"))
    numbers = c.indicator_numbers
    append_row(
        sheet,
        [
            _("Rank"), _("Organisation"), _("Type"), _("Size"), _("Province"), _("District"),
            _("Fiscal year"), "IIT", "EIT", "OIT", _("Total"), _("Result"),
            *[_("Indicator %(n)s") % {"n": n} for n in numbers],
            *([_("LPA %(year)s (%%)") % {"year": c.lpa_year}] if c.lpa_year else []),
        ],
    )  # fmt: skip
    for row in c.rows:
        s, org = row["summary"], row["org"]
        append_row(
            sheet,
            [
                row["rank"], org.name_th, org.get_kind_display(), org.get_size_display(),
                org.province, org.district, s.year, s.iit, s.eit, s.oit, s.total, row["rating"],
                *[cell["value"] for cell in row["cells"]],
                *([row["lpa"].total_percent if row.get("lpa") else None] if c.lpa_year else []),
            ],
        )  # fmt: skip
    for title, rows in (
        (_("Failed OIT items"), c.failed_items),
        (_("Lowest questions"), c.weak_questions),
    ):
        sheet = book.create_sheet(title[:31])
        append_row(sheet, [_("Code"), _("Text"), _("Organisations"), _("Average score")])
        for r in rows:
            append_row(sheet, [r["code"], r["text"], r["orgs"], r["average"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@login_required
@province_readers_only
@require_GET
def province_report(request, name: str, fmt: str):
    """The province report (a registered document) as Word or PDF, of the page's filters."""
    orgs = Organisation.objects.filter(province=name)
    return _report(request, registry.get("province_report"), orgs, fmt, name)


@login_required
@national_readers_only
@require_GET
def national_report(request, fmt: str):
    """The national report: the province report's layout over every province (or the one the
    page's filter names), with the provinces ranked by their average."""
    return _report(request, registry.get("national_report"), Organisation.objects.all(), fmt)


def _report(request, kind, orgs, fmt: str, province: str | None = None):
    if fmt not in kind.formats:
        raise Http404
    # The report follows the digits setting of one of its organisations.
    org = orgs.order_by("name_th", "pk").first()
    if org is None:
        raise Http404
    try:
        params = registry.parse_params(kind, {"year": request.GET.get("year")})
    except ValueError as exc:
        return render(request, "bad_parameter.html", {"message": str(exc)}, status=400)
    extra = {"province": province, "query": request.GET.dict()}
    doc = DocumentRequest(kind=kind, org=org, params=params, extra=extra)
    try:
        data = layout.make(doc, fmt)
    except NothingToReport as exc:
        return render(request, "bad_parameter.html", {"message": str(exc)}, status=409)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    filename = f"{kind.key.replace('_', '-')}-{params['year']}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@province_readers_only
@require_POST
def province_report_full(request, name: str):
    """The province report with every organisation (over REPORT_ROWS), made by a job."""
    return _start_full_report(request, name)


@login_required
@national_readers_only
@require_POST
def national_report_full(request):
    """The national report with every organisation, made by a job."""
    return _start_full_report(request, None)


def _start_full_report(request, province: str | None):
    kind = registry.get("province_report" if province is not None else "national_report")
    fmt = request.POST.get("fmt", "")
    if fmt not in kind.formats:
        raise Http404
    try:
        params = registry.parse_params(kind, {"year": request.POST.get("year")})
    except ValueError as exc:
        return render(request, "bad_parameter.html", {"message": str(exc)}, status=400)
    query = request.POST.dict()
    if not full_report.rows_of(province, params["year"], query):
        message = _("No organisation here has results for %(year)s.") % {"year": params["year"]}
        return render(request, "bad_parameter.html", {"message": message}, status=409)
    job = full_report.start(
        province=province, year=params["year"], fmt=fmt, query=query, user=request.user
    )
    messages.success(
        request, _("The full report is being prepared; this page shows how far it is.")
    )
    return redirect(job.links["detail"])
