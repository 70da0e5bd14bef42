"""The province and national comparison pages, their Excel export and the province report."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from prongsai.documents import layout, registry
from prongsai.documents.registry import DocumentRequest, NothingToReport
from prongsai.frameworks.library import criteria_years
from prongsai.ita import comparison
from prongsai.ita.province_import_views import may_import
from prongsai.orgs.access import administers_province, province_readers_only
from prongsai.orgs.models import Organisation
from prongsai.spreadsheets import append_row, xlsx_response

NATIONAL_PERMISSION = "ita.view_national"


def _national_or_404(request) -> None:
    if not (request.user.is_superuser or request.user.has_perm(NATIONAL_PERMISSION)):
        raise Http404


@login_required
@province_readers_only
@require_GET
def province(request, name: str):
    """Every organisation of a province side by side, for its readers (and superusers)."""
    return _page(request, name)


@login_required
@require_GET
def national(request):
    _national_or_404(request)
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
        context["import_years"] = sorted(criteria_years(), reverse=True)
    if province is not None:
        context["administers"] = administers_province(request.user, province)
    return render(request, "ita/comparison.html", context)


@login_required
@province_readers_only
@require_GET
def province_export(request, name: str):
    return _export(request, name)


@login_required
@require_GET
def national_export(request):
    _national_or_404(request)
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
    """The province report (a registered document) as Word or PDF."""
    kind = registry.get("province_report")
    if fmt not in kind.formats:
        raise Http404
    org = Organisation.objects.filter(province=name).order_by("name_th").first()
    if org is None:
        raise Http404
    try:
        params = registry.parse_params(kind, {"year": request.GET.get("year")})
    except ValueError as exc:
        return render(request, "bad_parameter.html", {"message": str(exc)}, status=400)
    doc = DocumentRequest(kind=kind, org=org, params=params, extra={"province": name})
    try:
        data = layout.make(doc, fmt)
    except NothingToReport as exc:
        return render(request, "bad_parameter.html", {"message": str(exc)}, status=409)
    types = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    response = HttpResponse(data, content_type=types[fmt])
    filename = f"province-report-{params['year']}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
