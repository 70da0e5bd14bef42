from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.ethics import documents
from prongsai.ethics.code import national_code
from prongsai.ethics.forms import (
    ActivityForm,
    AdditionForm,
    AnnouncementForm,
    GiftEntryForm,
    IndicatorYearForm,
)
from prongsai.ethics.gift_rules import gift_rule
from prongsai.ethics.indicators import YEARS_OF_TREND, indicator_rows, standards_of
from prongsai.ethics.models import (
    EthicsAddition,
    GiftEntry,
    Indicator,
    IndicatorYear,
    NoGiftActivity,
    NoGiftAnnouncement,
    Standard,
)
from prongsai.ethics.register import register, summary
from prongsai.ethics.standards import load_standards
from prongsai.orgs.access import can_write, get_for_user, get_org_for_user
from prongsai.thai import fiscal_year


def current_fiscal_year() -> int:
    return fiscal_year(timezone.localdate())


@login_required
@require_GET
def overview(request, org_slug: str):
    org = get_org_for_user(request, org_slug)
    return render(
        request,
        "ethics/overview.html",
        {"org": org, "year": current_fiscal_year(), "can_write": can_write(request.org_role)},
    )


# --- the code of ethics -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def code(request, org_slug: str):
    """The national code (data, read-only) and the organisation's additions (POST adds one)."""
    org = get_org_for_user(request, org_slug, write=request.method == "POST")
    form = AdditionForm(request.POST or None, org=org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The addition was saved."))
        return redirect("ethics:code", org_slug=org.slug)
    return render(
        request,
        "ethics/code.html",
        {
            "org": org,
            "code": national_code(),
            "year": current_fiscal_year(),  # the code is announced for a fiscal year
            "additions": EthicsAddition.objects.filter(org=org),
            "form": form,
            "can_write": can_write(request.org_role),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def addition_edit(request, org_slug: str, pk: int):
    org = get_org_for_user(request, org_slug, write=request.method == "POST")
    addition = get_for_user(
        request, EthicsAddition.objects.filter(org=org), write=request.method == "POST", pk=pk
    )
    form = AdditionForm(request.POST or None, org=org, instance=addition)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The addition was saved."))
        return redirect("ethics:code", org_slug=org.slug)
    return render(
        request,
        "ethics/addition_edit.html",
        {"org": org, "addition": addition, "form": form, "can_write": can_write(request.org_role)},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def addition_delete(request, org_slug: str, pk: int):
    org = get_org_for_user(request, org_slug, write=True)
    addition = get_for_user(request, EthicsAddition.objects.filter(org=org), write=True, pk=pk)
    addition.delete()
    messages.success(request, _("The addition was removed."))
    return redirect("ethics:code", org_slug=org.slug)


# --- ethical standards and indicators ------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def standards(request, org_slug: str, year: int):
    """The standards with each indicator's value, target and trend; POST loads the template."""
    org = get_org_for_user(request, org_slug, write=request.method == "POST")
    if request.method == "POST":
        # Only a first start: loading again would overwrite the organisation's own wording.
        if not Standard.objects.filter(org=org).exists():
            load_standards(org)
            messages.success(request, _("The standards were created from the template."))
        return redirect("ethics:standards", org_slug=org.slug, year=year)
    items = standards_of(org)
    rows = indicator_rows(org, year, items)
    return render(
        request,
        "ethics/standards.html",
        {
            "org": org,
            "year": year,
            "standards": [(s, [rows[i.pk] for i in s.indicators.all()]) for s in items],
            "previous_years": list(range(year - YEARS_OF_TREND, year)),
            "can_write": can_write(request.org_role),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_year(request, org_slug: str, pk: int, year: int):
    """Enter an indicator's value and target of a year; an htmx POST gets the updated row back."""
    org = get_org_for_user(request, org_slug, write=request.method == "POST")
    indicator = get_object_or_404(
        Indicator.objects.select_related("standard"), standard__org=org, pk=pk
    )
    row_obj = IndicatorYear.objects.filter(indicator=indicator, fiscal_year=year).first()
    form = IndicatorYearForm(
        request.POST or None,
        instance=row_obj or IndicatorYear(indicator=indicator, fiscal_year=year),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        if request.htmx:
            row = indicator_rows(org, year, [indicator.standard])[indicator.pk]
            return render(
                request,
                "ethics/partials/indicator_row.html",
                {"org": org, "year": year, "row": row, "can_write": True, "saved": True},
            )
        messages.success(request, _("Saved."))
        return redirect("ethics:standards", org_slug=org.slug, year=year)
    if request.htmx and form.is_bound:  # the row again, as typed, with the errors under its form
        row = indicator_rows(org, year, [indicator.standard])[indicator.pk]
        return render(
            request,
            "ethics/partials/indicator_row.html",
            {"org": org, "year": year, "row": row, "can_write": True, "form": form},
            status=400,
        )
    return render(
        request,
        "ethics/indicator_year.html",
        {"org": org, "year": year, "indicator": indicator, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- No Gift Policy ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def ngp(request, org_slug: str, year: int):
    """The year's announcement (POST saves it) and the activities that build the culture."""
    org = get_org_for_user(request, org_slug, write=request.method == "POST")
    announcement = NoGiftAnnouncement.for_year(org, year)
    form = AnnouncementForm(request.POST or None, instance=announcement)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The announcement was saved."))
        return redirect("ethics:ngp", org_slug=org.slug, year=year)
    return render(
        request,
        "ethics/ngp.html",
        {
            "org": org,
            "year": year,
            "announcement": announcement,
            "declaration": documents.declaration(),
            "form": form,
            "activities": NoGiftActivity.of_year(org, year),
            "activity_form": ActivityForm(org=org, year=year),
            "can_write": can_write(request.org_role),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def activity_add(request, org_slug: str, year: int):
    org = get_org_for_user(request, org_slug, write=True)
    form = ActivityForm(request.POST, org=org, year=year)
    if form.is_valid():
        form.save()
        messages.success(request, _("The activity was recorded."))
        return redirect("ethics:ngp", org_slug=org.slug, year=year)
    return render(
        request,
        "ethics/activity_errors.html",
        {"org": org, "year": year, "form": form},
        status=400,
    )


@login_required
@require_POST
def activity_delete(request, org_slug: str, pk: int):
    org = get_org_for_user(request, org_slug, write=True)
    activity = get_for_user(request, NoGiftActivity.objects.filter(org=org), write=True, pk=pk)
    year = fiscal_year(activity.held_on)
    activity.delete()
    messages.success(request, _("The activity was removed."))
    return redirect("ethics:ngp", org_slug=org.slug, year=year)


# --- the gift register ---------------------------------------------------------------------


@login_required
@require_GET
def gifts(request, org_slug: str, year: int):
    org = get_org_for_user(request, org_slug)
    rows = register(org, year)
    return render(
        request,
        "ethics/gifts.html",
        {
            "org": org,
            "year": year,
            "rows": rows,
            "summary": summary(rows),
            "rule": gift_rule(),
            "can_write": can_write(request.org_role),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def gift_edit(request, org_slug: str, year: int | None = None, pk: int | None = None):
    """A new entry (under a year's register) or an existing one."""
    write = request.method == "POST"
    org = get_org_for_user(request, org_slug, write=write)
    entry = (
        get_for_user(request, GiftEntry.objects.filter(org=org), write=write, pk=pk)
        if pk is not None
        else None
    )
    if entry is None and not can_write(request.org_role):
        raise PermissionDenied  # a blank entry is only for those who may add one
    year = entry.fiscal_year if entry else year  # <year:…> in the path: a year we know
    form = GiftEntryForm(request.POST or None, org=org, instance=entry)
    if entry is None and not form.is_bound:
        today = timezone.localdate()
        form.initial["date"] = today if fiscal_year(today) == year else None
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("The gift register entry was saved."))
        return redirect("ethics:gifts", org_slug=org.slug, year=saved.fiscal_year)
    return render(
        request,
        "ethics/gift_edit.html",
        {
            "org": org,
            "year": year,
            "entry": entry,
            "form": form,
            "rule": gift_rule(),
            "can_write": can_write(request.org_role),
        },
        status=400 if request.method == "POST" else 200,
    )
