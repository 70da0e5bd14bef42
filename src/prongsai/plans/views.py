from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.documents.registry import DocumentRequest
from prongsai.orgs.access import can_write, get_for_user, get_org_for_user
from prongsai.orgs.models import Unit
from prongsai.params import choice_param, year_param
from prongsai.plans import measure_documents
from prongsai.plans.forms import (
    MeasureProgressForm,
    PlanCreateForm,
    PlanImportForm,
    PlanTextsForm,
    ProgressForm,
    ProjectForm,
    RiskItemForm,
    RiskReviewForm,
)
from prongsai.plans.models import (
    ActionPlan,
    Dimension,
    IntegrityMeasure,
    Progress,
    Project,
    RiskAssessment,
    RiskItem,
)
from prongsai.plans.risk import matrices, matrix
from prongsai.plans.rollups import budgets_by_project, progress_by_project, rollup
from prongsai.plans.templates_data import create_plan
from prongsai.plans.texts import FIELDS, defaults
from prongsai.plans.workbook import export_plan, import_plan
from prongsai.scoring.errors import ScoringInputError
from prongsai.spreadsheets import xlsx_response
from prongsai.thai import fiscal_year


def _plan(request, org_slug: str, pk: int, *, write=False) -> ActionPlan:
    org = get_org_for_user(request, org_slug, write=write)
    return get_for_user(request, ActionPlan.objects.filter(org=org), write=write, pk=pk)


def current_fiscal_year() -> int:
    return fiscal_year(timezone.localdate())


def _plan_year(request, plan: ActionPlan) -> int:
    """?year= within the plan's years; by default the current one, or the nearest of the plan's."""
    default = min(max(current_fiscal_year(), plan.first_year), plan.last_year)
    return year_param(request, default, lo=plan.first_year, hi=plan.last_year)


def _round(request) -> str:
    return choice_param(
        request, "round", Progress.Round.values, label=_("reporting round"), default="h1"
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_list(request, org_slug: str):
    org = get_org_for_user(request, org_slug, write=request.method == "POST")
    form = PlanCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = create_plan(org, **form.cleaned_data)
        messages.success(request, _("The plan was created with the NACC template's dimensions."))
        return redirect("plans:plan", org_slug=org.slug, pk=plan.pk)
    return render(
        request,
        "plans/plan_list.html",
        {
            "org": org,
            "plans": ActionPlan.objects.filter(org=org),
            "form": form,
            "can_write": can_write(request.org_role),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_GET
def plan_detail(request, org_slug: str, pk: int):
    plan = _plan(request, org_slug, pk)
    return _plan_page(request, plan, PlanImportForm())


def _plan_page(request, plan: ActionPlan, import_form: PlanImportForm, status: int = 200):
    year, round = _plan_year(request, plan), _round(request)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "org": plan.org, "plan": plan, "summary": rollup(plan, fiscal_year=year, round=round),
            "year": year, "round": round, "can_write": can_write(request.org_role),
            "targets": plan.targets.all(), "import_form": import_form,
        },
        status=status,
    )  # fmt: skip


@login_required
@require_GET
def project_list(request, org_slug: str, pk: int):
    plan = _plan(request, org_slug, pk)
    year, round = _plan_year(request, plan), _round(request)
    dimensions, units = Dimension.objects.filter(plan=plan), Unit.objects.filter(org=plan.org)
    dimension = choice_param(
        request, "dimension", [d.number for d in dimensions], label=_("dimension")
    )
    unit = choice_param(request, "unit", [u.pk for u in units], label=_("responsible unit"))
    status = choice_param(request, "status", Progress.Status.values, label=_("status"))
    projects = Project.objects.filter(plan=plan).select_related(
        "subsection__dimension", "responsible"
    )
    if dimension:
        projects = projects.filter(subsection__dimension__number=dimension)
    if unit:
        projects = projects.filter(responsible_id=unit)
    projects = projects.filter(start_year__lte=year, end_year__gte=year)
    progress = progress_by_project(plan, year, round)
    if status:
        ids = [p for p, r in progress.items() if r.status == status]
        projects = (
            projects.exclude(pk__in=list(progress))
            if status == "not_started"
            else projects.filter(pk__in=ids)
        )
    budgets = budgets_by_project(plan)
    rows = [(p, progress.get(p.pk), budgets.get(p.pk, {}).get(year)) for p in projects]
    context = {
        "org": plan.org, "plan": plan, "rows": rows, "year": year,
        "dimensions": dimensions, "units": units,
        "statuses": Progress.Status.choices, "filters": request.GET, "can_write": can_write(request.org_role),
    }  # fmt: skip
    template = "plans/partials/project_rows.html" if request.htmx else "plans/project_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, org_slug: str, pk: int, project_pk: int | None = None):
    plan = _plan(request, org_slug, pk, write=request.method == "POST")
    project = get_object_or_404(Project, plan=plan, pk=project_pk) if project_pk else None
    form = ProjectForm(request.POST or None, plan=plan, instance=project)
    if request.method == "POST" and form.is_valid():
        project = form.save()
        messages.success(request, _("The project sheet was saved."))
        return redirect("plans:project", org_slug=plan.org.slug, pk=plan.pk, project_pk=project.pk)
    reports = project.progress.all() if project else []
    years = list(range(project.start_year, project.end_year + 1)) if project else []
    year = min(max(current_fiscal_year(), years[0]), years[-1]) if years else None
    return render(
        request,
        "plans/project_edit.html",
        {"org": plan.org, "plan": plan, "project": project, "form": form, "reports": reports,
         "can_write": can_write(request.org_role), "year": year, "years": years},
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def progress_edit(request, org_slug: str, pk: int, project_pk: int, year: int, round: str):
    plan = _plan(request, org_slug, pk, write=request.method == "POST")
    project = get_object_or_404(Project, plan=plan, pk=project_pk)
    if round not in ("h1", "annual"):
        raise Http404
    if not (project.start_year <= year <= project.end_year):
        return _outside_project(request, plan, project, year)
    report = Progress.objects.filter(project=project, fiscal_year=year, round=round).first()
    form = ProgressForm(
        request.POST or None,
        instance=report or Progress(project=project, fiscal_year=year, round=round),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The progress was recorded."))
        return redirect("plans:project", org_slug=plan.org.slug, pk=plan.pk, project_pk=project.pk)
    return render(
        request,
        "plans/progress_edit.html",
        {
            "org": plan.org,
            "plan": plan,
            "project": project,
            "form": form,
            "year": year,
            "round": round,
        },
        status=400 if form.is_bound else 200,
    )


def _outside_project(request, plan: ActionPlan, project: Project, year: int):
    messages.error(
        request,
        f"บันทึกผลของปีงบประมาณ {year} ไม่ได้ โครงการนี้ดำเนินการในปี "
        f"{project.start_year}–{project.end_year} เท่านั้น",
    )
    return redirect("plans:project", org_slug=plan.org.slug, pk=plan.pk, project_pk=project.pk)


@login_required
@require_GET
def progress_pick(request, org_slug: str, pk: int, project_pk: int):
    """The project page's year and round picker: any year of the project, refused outside it."""
    plan = _plan(request, org_slug, pk)
    project = get_object_or_404(Project, plan=plan, pk=project_pk)
    round = choice_param(
        request, "round", Progress.Round.values, label="รอบการรายงาน", default="h1"
    )
    text = request.GET.get("year", "").strip()
    if not text.isdecimal() or len(text) > 4:
        messages.error(request, "กรุณาเลือกปีงบประมาณ (พ.ศ.)")
        return redirect("plans:project", org_slug=plan.org.slug, pk=plan.pk, project_pk=project.pk)
    year = int(text)
    if not (project.start_year <= year <= project.end_year):
        return _outside_project(request, plan, project, year)
    return redirect(
        "plans:progress", org_slug=plan.org.slug, pk=plan.pk, project_pk=project.pk,
        year=year, round=round,
    )  # fmt: skip


@login_required
@require_GET
def plan_export(request, org_slug: str, pk: int):
    plan = _plan(request, org_slug, pk)
    return xlsx_response(export_plan(plan), f"plan-{plan.org.slug}-{plan.pk}.xlsx")


@login_required
@require_POST
def plan_import(request, org_slug: str, pk: int):
    plan = _plan(request, org_slug, pk, write=True)
    form = PlanImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _plan_page(request, plan, form, status=400)
    try:
        upload = form.cleaned_data["file"]
        report = import_plan(plan, upload.read(), upload.name)
    except ScoringInputError as exc:
        return render(
            request,
            "plans/import_errors.html",
            {"org": plan.org, "plan": plan, "problems": exc.lines()},
            status=400,
        )
    messages.success(request, _("Imported: %(created)s added, %(updated)s updated.") % report)
    return redirect("plans:plan", org_slug=plan.org.slug, pk=plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_texts(request, org_slug: str, pk: int):
    """The plan's own texts (preface, Part 1, who announces it), for officers who may write;
    a blank field starts from the default the plan book would print."""
    plan = _plan(request, org_slug, pk, write=True)
    made = defaults(plan)
    initial = {name: made[name] for name in FIELDS if not getattr(plan, name)}
    form = PlanTextsForm(request.POST or None, instance=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "บันทึกข้อความของแผนแล้ว")
        return redirect("plans:plan", org_slug=plan.org.slug, pk=plan.pk)
    return render(
        request,
        "plans/plan_texts.html",
        {"org": plan.org, "plan": plan, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_register(request, org_slug: str, year: int):
    org = get_org_for_user(request, org_slug, write=request.method == "POST")
    assessment = RiskAssessment.objects.filter(org=org, year=year).first()
    if request.method == "POST" and assessment is None:
        code = request.POST.get("matrix", "default-5x5")
        if code in matrices():
            RiskAssessment.objects.create(org=org, year=year, matrix=code)
            return redirect("plans:risks", org_slug=org.slug, year=year)
        error = _("Choose one of the risk matrices listed.")
        return _risk_page(request, org, year, None, matrix_error=error, status=400)
    form = None
    if assessment:
        form = RiskItemForm(
            request.POST or None,
            org=org,
            matrix=matrix(assessment.matrix),
            instance=RiskItem(assessment=assessment),
            initial={"order": _next_order(assessment)},
        )
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("The risk was added."))
            return redirect("plans:risks", org_slug=org.slug, year=year)
    status = 400 if request.method == "POST" else 200
    return _risk_page(request, org, year, assessment, form=form, status=status)


def _risk_page(request, org, year: int, assessment, *, status: int = 200, **forms):
    """The year's register; a rejected form (risk, review or matrix choice) shows its errors."""
    context = {
        "org": org,
        "year": year,
        "assessment": assessment,
        "matrices": matrices().values(),
        "can_write": can_write(request.org_role),
        "matrix_error": forms.pop("matrix_error", None),
    }
    if assessment:
        m = matrix(assessment.matrix)
        items = list(assessment.items.select_related("owner").prefetch_related("reviews"))
        rejected = forms.get("review_form")  # shown under its own risk, with the input kept
        context |= {
            "matrix": m,
            "form": forms.get("form")
            or RiskItemForm(
                org=org,
                matrix=m,
                instance=RiskItem(assessment=assessment),
                initial={"order": _next_order(assessment)},
            ),  # fmt: skip
            "items": [
                (i, m.level(i.likelihood, i.impact), rejected if i == forms.get("item") else None)
                for i in items
            ],
            "grid": _grid(m, items),
            "review_form": RiskReviewForm(),
        }
    return render(request, "plans/risk_register.html", context, status=status)


def _next_order(assessment: RiskAssessment) -> int:
    """A new risk's number: one after the highest so far (1 for the first)."""
    highest = assessment.items.aggregate(Max("order"))["order__max"]
    return (highest or 0) + 1


@login_required
@require_http_methods(["GET", "POST"])
def risk_edit(request, org_slug: str, item_pk: int):
    org = get_org_for_user(request, org_slug, write=request.method == "POST")
    item = get_object_or_404(
        RiskItem.objects.select_related("assessment"), assessment__org=org, pk=item_pk
    )
    year = item.assessment.year
    form = RiskItemForm(
        request.POST or None, org=org, matrix=matrix(item.assessment.matrix), instance=item
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "บันทึกการแก้ไขความเสี่ยงแล้ว")
        return redirect("plans:risks", org_slug=org.slug, year=year)
    return render(
        request,
        "plans/risk_edit.html",
        {
            "org": org,
            "year": year,
            "item": item,
            "form": form,
            "can_write": can_write(request.org_role),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def risk_delete(request, org_slug: str, item_pk: int):
    org = get_org_for_user(request, org_slug, write=True)
    item = get_object_or_404(
        RiskItem.objects.select_related("assessment"), assessment__org=org, pk=item_pk
    )
    year = item.assessment.year
    messages.success(request, f"ลบความเสี่ยง “{item.process}” แล้ว")
    item.delete()
    return redirect("plans:risks", org_slug=org.slug, year=year)


def _grid(m, items) -> list[dict]:
    """The heat map as rows (highest likelihood first) of cells with their level and risks."""
    rows = []
    for li in range(m.size, 0, -1):
        cells = []
        for im in range(1, len(m.impact) + 1):
            here = [i for i in items if i.likelihood == li and i.impact == im]
            cells.append({"level": m.level(li, im), "count": len(here)})
        rows.append({"label": m.likelihood[li - 1], "cells": cells})
    return rows


@login_required
@require_POST
def risk_review(request, org_slug: str, item_pk: int):
    org = get_org_for_user(request, org_slug, write=True)
    item = get_object_or_404(RiskItem, assessment__org=org, pk=item_pk)
    form = RiskReviewForm(request.POST)
    if not form.is_valid():
        year = item.assessment.year
        return _risk_page(
            request, org, year, item.assessment, item=item, review_form=form, status=400
        )
    review = form.save(commit=False)
    review.item = item
    review.save()
    messages.success(request, _("The review was recorded."))
    return redirect("plans:risks", org_slug=org.slug, year=item.assessment.year)


@login_required
@require_GET
def measures_board(request, org_slug: str, year: int):
    org = get_org_for_user(request, org_slug)
    return _measures_page(request, org, year)


def _measures_page(request, org, year: int, rejected=None, status: int = 200):
    """The measures board; a rejected update form is shown with its errors and input."""
    measures = measure_documents.measures_for(org, year)
    forms = {m.pk: MeasureProgressForm(instance=m, prefix=f"m{m.pk}") for m in measures}
    if rejected is not None:
        forms[rejected.instance.pk] = rejected
    return render(
        request,
        "plans/measures_board.html",
        {"org": org, "year": year, "columns": [(s, [m for m in measures if m.status == s.value]) for s in IntegrityMeasure.Status],
         "forms": forms, "can_write": can_write(request.org_role), "documents": _measure_documents(org, year)},
        status=status,
    )  # fmt: skip


def _measure_documents(org, year: int) -> list[dict]:
    """The board's documents: the announcement and the two reports, each with its download
    query or the reason it is not offered (the registry's own check)."""
    offered = []
    for kind in (measure_documents.MEASURES_ANNOUNCEMENT, measure_documents.MEASURES_REPORT):
        for variant in kind.variants_for(org, year):
            doc = DocumentRequest(kind=kind, org=org, params=variant.params)
            offered.append(
                {"kind": kind.key, "label": variant.label, "query": urlencode(variant.params),
                 "reason": kind.reason_unavailable(doc)}
            )  # fmt: skip
    return offered


@login_required
@require_POST
def measure_update(request, org_slug: str, pk: int):
    org = get_org_for_user(request, org_slug, write=True)
    measure = get_for_user(request, IntegrityMeasure.objects.filter(org=org), write=True, pk=pk)
    form = MeasureProgressForm(request.POST, instance=measure, prefix=f"m{measure.pk}")
    if not form.is_valid():
        if request.htmx:  # the form stays as typed on the page; the errors go next to its button
            return render(request, "partials/form_errors.html", {"form": form}, status=400)
        return _measures_page(request, org, measure.fiscal_year, form, status=400)
    form.save()
    if request.htmx:
        return HttpResponse(f'<span class="saved">{_("Saved")} ✓</span>')
    messages.success(request, _("Saved."))
    return redirect("plans:measures", org_slug=org.slug, year=measure.fiscal_year)
