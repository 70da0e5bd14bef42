from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai import pending
from prongsai.documents.charts import indicator_chart_svg
from prongsai.frameworks.library import FrameworkError
from prongsai.ita.analysis import build_analysis, save_indicator_analysis
from prongsai.ita.documents import unnamed_items
from prongsai.ita.forms import (
    IndicatorAnalysisForm,
    MeasureForm,
    ResultsEntryForm,
    ResultsImportForm,
)
from prongsai.ita.models import ItaResult
from prongsai.ita.names import Names
from prongsai.ita.results import (
    ParsedResults,
    assessment_of,
    criteria_for_year,
    preview_import,
    read_results_file,
    save_results,
)
from prongsai.ita.workbook import results_template
from prongsai.orgs.access import can_write, get_for_user, get_org_for_user
from prongsai.plans.models import IntegrityMeasure
from prongsai.spreadsheets import xlsx_response


def form_problems(form, anchor: str) -> list[tuple[str, str, str]]:
    """(label, message, link) of every error of a rejected form, for the summary atop the page."""
    out = [("", str(e), anchor) for e in form.non_field_errors()]
    for field in form:
        out += [(str(field.label), str(e), f"#{field.auto_id}") for e in field.errors]
    return out


def _criteria_or_404(year: int, org=None):
    try:
        return criteria_for_year(year, org)
    except FrameworkError as exc:
        raise Http404 from exc


def _result_or_none(org, year: int) -> ItaResult | None:
    return ItaResult.objects.filter(org=org, year=year).select_related("framework", "org").first()


@login_required
@require_GET
def dashboard(request, org_slug: str, year: int):
    org = get_org_for_user(request, org_slug)
    result = _result_or_none(org, year)
    context = {"org": org, "year": year, "result": result, "can_write": can_write(request.org_role)}
    try:
        criteria_for_year(year, org)
        context["has_criteria"] = True
    except FrameworkError:
        # A year nobody has published criteria for: no entry, but where to start them.
        context["has_criteria"] = False
        context["is_admin"] = request.org_role == "admin"
    if result:
        analysis = build_analysis(result)
        names = Names.of(result.framework.document)
        context |= {"analysis": analysis, "chart_svg": _chart(analysis, names), "names": names}
        context["history"] = _history(org)
    elif (latest := _latest_before(org, year)) is not None:
        # A year under way: its work so far is elsewhere; the last results are here in one line.
        context |= {
            "latest": latest,
            "latest_assessment": assessment_of(latest),
            "names": Names.of(latest.framework.document),
        }
    return render(request, "ita/dashboard.html", context)


def _latest_before(org, year: int) -> ItaResult | None:
    results = ItaResult.objects.filter(org=org, year__lt=year).select_related("framework", "org")
    return results.order_by("-year").first()


def _chart(analysis, names: Names) -> str:

    previous = None
    if analysis.previous:
        previous = {
            i.number: float(i.score) for i in analysis.previous.indicators if i.score is not None
        }
    rows = [
        {"number": i.number, "name": names.indicator(i.number, i.name_th), "score": float(i.score)}
        for i in analysis.assessment.indicators
        if i.score is not None
    ]
    return indicator_chart_svg(rows, previous=previous) if rows else ""


def _history(org) -> list[tuple[int, object]]:

    results = ItaResult.objects.filter(org=org).select_related("framework", "org").order_by("year")
    return [(r.year, assessment_of(r)) for r in results]


@login_required
@require_http_methods(["GET", "POST"])
def results_import(request, org_slug: str, year: int):
    """Upload → a preview of what would change → confirm (written) or cancel (nothing written).

    The checked figures wait in the session between the preview and the confirmation, under a
    token the preview page carries: a stale or repeated confirmation writes nothing.
    """
    org = get_org_for_user(request, org_slug, write=True)
    criteria, _framework = _criteria_or_404(year, org)
    key = f"ita-import:{org.pk}:{year}"
    if pending.answers(request):
        taken = pending.take(request, key)
        if taken is None:
            form = ResultsImportForm()
            problems = [
                _("Nothing was imported: this preview is no longer open. Upload the file again.")
            ]
            return _import_page(request, org, year, form, problems, criteria, status=400)
        answer, rows = taken
        if answer == pending.CANCEL:
            messages.info(request, _("The import was cancelled; nothing was changed."))
        else:
            save_results(org, year, ParsedResults.from_rows(rows), ItaResult.Source.IMPORT)
            messages.success(request, _("The results were imported."))
        return redirect("ita:dashboard", org_slug=org.slug, year=year)
    form = ResultsImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parsed, problems = pending.read_upload(upload, read_results_file, criteria)
        if not problems:
            rows = [[level, code, part, str(v)] for level, code, part, v in parsed.rows()]
            token = pending.hold(request.session, key, rows)
            preview = preview_import(org, year, parsed, criteria)
            context = {"org": org, "year": year, "preview": preview, "token": token}
            context["file_name"] = upload.name
            return render(request, "ita/results_preview.html", context)
    return _import_page(
        request, org, year, form, problems, criteria, status=400 if form.is_bound else 200
    )


def _import_page(request, org, year, form, problems, criteria, status):
    return render(
        request,
        "ita/results_import.html",
        {"org": org, "year": year, "form": form, "problems": problems, "criteria": criteria},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def results_entry(request, org_slug: str, year: int):
    org = get_org_for_user(request, org_slug, write=True)
    criteria, _framework = _criteria_or_404(year, org)
    result = _result_or_none(org, year)
    initial = ResultsEntryForm.initial_from(result.scores.all()) if result else {}
    form = ResultsEntryForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        save_results(org, year, form.parsed(), ItaResult.Source.MANUAL)
        messages.success(request, _("The results were saved."))
        return redirect("ita:dashboard", org_slug=org.slug, year=year)
    return render(
        request,
        "ita/results_entry.html",
        {
            "org": org,
            "year": year,
            "form": form,
            "problems": form_problems(form, "#results") if form.is_bound else [],
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_GET
def template_download(request, year: int):
    # ?org=<slug>: a year whose criteria are that organisation's own published draft
    org = get_org_for_user(request, request.GET["org"]) if request.GET.get("org") else None
    criteria, framework = _criteria_or_404(year, org)
    return xlsx_response(
        results_template(criteria, framework.document), f"ita-{year}-results-template.xlsx"
    )


@login_required
@require_GET
def analysis_page(request, org_slug: str, year: int):
    org = get_org_for_user(request, org_slug)
    result = get_object_or_404(
        ItaResult.objects.select_related("framework", "org"), org=org, year=year
    )
    return _analysis_page(request, result)


def _analysis_page(request, result: ItaResult, number=None, status=200, **rejected):
    """The analysis; a rejected form of indicator ``number`` is shown with its errors and input."""
    org, year = result.org, result.year
    analysis = build_analysis(result)
    problems, problems_anchor = [], ""
    for key, anchor in (("form", f"#indicator-{number}"), ("measure_form", f"#measure-{number}")):
        if rejected.get(key) is not None:
            problems += form_problems(rejected[key], anchor)
            problems_anchor = anchor
    sections = []
    for view in analysis.indicators:
        mine = rejected if view.result.number == number else {}
        initial = {"cause": view.cause, "guideline": view.guideline}
        prefix = f"m{view.result.number}"
        sections.append(
            {
                "view": view,
                "form": mine.get("form") or IndicatorAnalysisForm(initial=initial),
                "measure_form": mine.get("measure_form")
                or MeasureForm(org=org, initial=_measure_initial(view, year), prefix=prefix),
            }
        )
    return render(
        request,
        "ita/analysis.html",
        {
            "org": org,
            "year": year,
            "analysis": analysis,
            "sections": sections,
            "unnamed": unnamed_items(analysis),
            "can_write": can_write(request.org_role),
            "problems": problems,
            "problems_anchor": problems_anchor,
            "names": Names.of(result.framework.document),
        },
        status=status,
    )


def _measure_initial(view, year: int) -> dict:
    start, end = IntegrityMeasure.default_period(year + 1)
    first = view.suggestions[0] if view.suggestions else None
    weak = ", ".join(code for code, _text in view.weak)
    return {
        "name": first.measure if first else "",
        "analysis": _("Lowest: %(codes)s") % {"codes": weak} if weak else "",
        "steps": first.steps if first else "",
        "period_start": start,
        "period_end": end,
    }


@login_required
@require_POST
def analysis_edit(request, org_slug: str, year: int, number: int):
    org = get_org_for_user(request, org_slug, write=True)
    result = get_object_or_404(
        ItaResult.objects.select_related("framework", "org"), org=org, year=year
    )
    criteria, _framework = _criteria_or_404(year, org)
    if criteria.indicator(number) is None:
        raise Http404
    form = IndicatorAnalysisForm(request.POST)
    if not form.is_valid():
        if request.htmx:  # the text stays as typed in the page; the errors go next to its button
            return render(request, "partials/form_errors.html", {"form": form}, status=400)
        return _analysis_page(request, result, number, form=form, status=400)
    save_indicator_analysis(
        result, number, form.cleaned_data["cause"], form.cleaned_data["guideline"]
    )
    if request.htmx:
        return render(
            request,
            "ita/partials/analysis_saved.html",
            {"form": form, "number": number, "org": org, "year": year},
        )
    messages.success(request, _("Saved."))
    return redirect(reverse("ita:analysis", args=[org.slug, year]) + f"#indicator-{number}")


@login_required
@require_POST
def measure_add(request, org_slug: str, year: int, number: int):
    org = get_org_for_user(request, org_slug, write=True)
    result = get_object_or_404(
        ItaResult.objects.select_related("framework", "org"), org=org, year=year
    )
    criteria, _framework = _criteria_or_404(year, org)
    if criteria.indicator(number) is None:
        raise Http404
    # The organisation is set before validation: the model checks the unit belongs to it.
    draft = IntegrityMeasure(org=org, ita_year=year, indicator=number, fiscal_year=year + 1)
    form = MeasureForm(request.POST, org=org, prefix=f"m{number}", instance=draft)
    if not form.is_valid():
        return _analysis_page(request, result, number, measure_form=form, status=400)
    form.save()
    messages.success(request, _("The measure was added."))
    return redirect(reverse("ita:analysis", args=[org.slug, year]) + f"#indicator-{number}")


@login_required
@require_POST
def measure_delete(request, org_slug: str, pk: int):
    org = get_org_for_user(request, org_slug, write=True)
    measure = get_for_user(request, IntegrityMeasure.objects.filter(org=org), write=True, pk=pk)
    year, number = measure.ita_year, measure.indicator
    measure.delete()
    messages.success(request, _("The measure was removed."))
    if year:
        return redirect(reverse("ita:analysis", args=[org.slug, year]) + f"#indicator-{number}")
    return redirect("orgs:detail", org_slug=org.slug)
