"""Upload a province's results file → a preview per organisation → confirm (all written) or
cancel (nothing written), as the single-organisation import does."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from prongsai import pending
from prongsai.frameworks.library import FrameworkError
from prongsai.ita.forms import ResultsImportForm
from prongsai.ita.models import ItaResult
from prongsai.ita.province_import import (
    has_org_code,
    preview_province,
    read_province_file,
    save_province,
)
from prongsai.ita.results import criteria_for_year
from prongsai.ita.workbook import province_template
from prongsai.orgs.access import administers_province, province_gate, reads_province
from prongsai.orgs.models import Organisation
from prongsai.spreadsheets import xlsx_response

IMPORT_PERMISSION = "ita.import_province_results"


def may_import(user, province: str) -> bool:
    """The province's administrators (and superusers), and its readers who hold the import
    permission (a provincial office that enters what NACC published)."""
    if administers_province(user, province):
        return True
    return user.has_perm(IMPORT_PERMISSION) and reads_province(user, province)


def _importer_of_a_province_with_organisations(user, name: str) -> bool:
    return may_import(user, name) and Organisation.objects.filter(province=name).exists()


@login_required
@province_gate(_importer_of_a_province_with_organisations)
@require_http_methods(["GET", "POST"])
def province_import(request, name: str, year: int):
    try:
        criteria, _framework = criteria_for_year(year, province=name)
    except FrameworkError as exc:
        raise Http404 from exc
    key = f"ita-province-import:{name}:{year}"
    back = reverse("ita:province", args=[name]) + f"?year={year}"
    if pending.answers(request):
        taken = pending.take(request, key)
        if taken is None:
            problems = [
                _("Nothing was imported: this preview is no longer open. Upload the file again.")
            ]
            return _page(request, name, year, ResultsImportForm(), problems, status=400)
        answer, rows = taken
        if answer == pending.CANCEL:
            messages.info(request, _("The import was cancelled; nothing was changed."))
            return redirect(back)
        try:
            done = save_province(year, name, rows, ItaResult.Source.IMPORT)
        except Organisation.DoesNotExist:
            problems = [_("Nothing was imported: an organisation of the file has moved or gone.")]
            return _page(request, name, year, ResultsImportForm(), problems, status=409)
        messages.success(request, _("Results imported for %(n)s organisations.") % {"n": done})
        return redirect(back)
    form = ResultsImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data, problems = pending.read_upload(upload, read_province_file, criteria, name)
        if not problems:
            token = pending.hold(request.session, key, data.rows())
            context = {
                "province": name,
                "year": year,
                "token": token,
                "file_name": upload.name,
                "orgs": preview_province(year, data),
            }
            return render(request, "ita/province_import_preview.html", context)
    return _page(request, name, year, form, problems, status=400 if form.is_bound else 200)


def _page(request, name, year, form, problems, status):
    context = {
        "province": name,
        "year": year,
        "form": form,
        "problems": problems,
        "by_code": has_org_code(),
    }
    return render(request, "ita/province_import.html", context, status=status)


@login_required
@province_gate(_importer_of_a_province_with_organisations)
@require_GET
def province_import_template(request, name: str, year: int):
    """The province's sheet to fill: its organisations, a column per indicator and OIT item."""
    try:
        criteria, _framework = criteria_for_year(year, province=name)
    except FrameworkError as exc:
        raise Http404 from exc
    orgs = Organisation.objects.filter(province=name).order_by("name_th")
    return xlsx_response(
        province_template(criteria, orgs), f"ita-{year}-province-results-template.xlsx"
    )
