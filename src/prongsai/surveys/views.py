from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.documents import layout
from prongsai.documents.registry import DocumentRequest
from prongsai.frameworks.drafts import provisional_notice
from prongsai.frameworks.store import published_for
from prongsai.nonces import new_nonce
from prongsai.orgs.access import can_write, get_for_user, get_org_for_user
from prongsai.security.clientaddr import client_address
from prongsai.spreadsheets import XLSX_TYPE
from prongsai.surveys import documents, results
from prongsai.surveys.forms import CampaignForm, CodesForm, ServicePointForm, SurveyForm
from prongsai.surveys.intake import (
    AlreadyReceived,
    Refused,
    check_open,
    code_counts,
    code_is_fresh,
    flood_guard,
    generate_codes,
    submit,
)
from prongsai.surveys.models import Campaign, ServicePoint
from prongsai.surveys.questionnaire import for_campaign

DONE_COOKIE = "prongsai_done_{token}"
ONE_YEAR = 365 * 86400


# ---------------------------------------------------------------- public pages (no login)


def _public_campaign(token: str) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("org"), token=token)


@never_cache
@require_http_methods(["GET", "POST"])
def survey(request, token: str):
    """The questionnaire. Plain HTML form; one response per browser for EIT and satisfaction."""
    campaign = _public_campaign(token)
    cookie = DONE_COOKIE.format(token=token)
    context = {"campaign": campaign, "org": campaign.org}
    try:
        check_open(campaign)
    except Refused as exc:
        return render(request, "surveys/closed.html", context | {"message": str(exc)}, status=410)
    if campaign.tool != Campaign.Tool.IIT and request.COOKIES.get(cookie):
        return render(request, "surveys/thanks.html", context | {"again": True})
    if campaign.tool == Campaign.Tool.IIT and request.method == "GET":
        code = request.GET.get("c", "").strip()
        if not code or not code_is_fresh(campaign, code):
            # The code first: a used or mistyped one is told before any question is answered.
            get_token(request)  # the CSRF cookie, as the questionnaire's page would set it
            return render(
                request, "surveys/code_step.html", context | {"code": code},
                status=409 if code else 200,
            )  # fmt: skip
    service_points = None
    if campaign.tool == Campaign.Tool.SATISFACTION:
        service_points = ServicePoint.objects.filter(org=campaign.org) or None
    form = SurveyForm(
        request.POST or None,
        questionnaire=for_campaign(campaign),
        with_code=campaign.tool == Campaign.Tool.IIT,
        service_points=service_points,
        initial={"nonce": new_nonce(), "code": request.GET.get("c", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            if campaign.tool != Campaign.Tool.IIT:
                flood_guard(campaign, client_address(request))
            submit(
                campaign,
                form.answers(),
                nonce=form.cleaned_data["nonce"],
                code=form.cleaned_data.get("code"),
                part=1 if campaign.tool == Campaign.Tool.EIT else 0,
                service_point=form.cleaned_data.get("service_point"),
            )
        except AlreadyReceived:
            pass  # the first submission counts; show the same thanks
        except Refused as exc:
            form.add_error(None, str(exc))
            return render(request, "surveys/survey.html", context | {"form": form}, status=409)
        response = redirect("surveys:thanks", token=token)
        if campaign.tool != Campaign.Tool.IIT:
            response.set_cookie(cookie, "1", max_age=ONE_YEAR, httponly=True, samesite="Lax")
        return response
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/survey.html", context | {"form": form}, status=status)


@require_GET
def thanks(request, token: str):
    campaign = _public_campaign(token)
    return render(request, "surveys/thanks.html", {"campaign": campaign, "org": campaign.org})


# ---------------------------------------------------------------- the organisation's side


def public_url(request, campaign: Campaign) -> str:
    return request.build_absolute_uri(reverse("surveys:survey", args=[campaign.token]))


@login_required
@require_http_methods(["GET", "POST"])
def campaign_list(request, org_slug: str):
    org = get_org_for_user(request, org_slug, write=request.method == "POST")
    form = CampaignForm(request.POST or None, org=org)
    if request.method == "POST" and form.is_valid():
        campaign = form.save()
        messages.success(request, _("The survey was created."))
        return redirect("surveys:campaign", org_slug=org.slug, pk=campaign.pk)
    return _campaign_list_page(request, org, form=form)


def _campaign_list_page(request, org, *, form=None, point_form=None):
    """The surveys page; a rejected form (new survey or service point) keeps input and errors."""
    rejected = (form is not None and form.is_bound) or point_form is not None
    return render(
        request,
        "surveys/campaign_list.html",
        {"org": org, "campaigns": Campaign.objects.filter(org=org), "form": form or CampaignForm(org=org),
         "points": ServicePoint.objects.filter(org=org), "point_form": point_form or ServicePointForm(),
         "can_write": can_write(request.org_role)},
        status=400 if rejected else 200,
    )  # fmt: skip


@login_required
@require_POST
def service_point_add(request, org_slug: str):
    org = get_org_for_user(request, org_slug, write=True)
    form = ServicePointForm(request.POST, instance=ServicePoint(org=org))
    if not form.is_valid():
        return _campaign_list_page(request, org, point_form=form)
    form.save()
    return redirect("surveys:list", org_slug=org.slug)


def _campaign(request, org_slug: str, pk: int, *, write=False) -> Campaign:
    org = get_org_for_user(request, org_slug, write=write)
    return get_for_user(request, Campaign.objects.filter(org=org), write=write, pk=pk)


@login_required
@require_GET
def campaign_detail(request, org_slug: str, pk: int):
    campaign = _campaign(request, org_slug, pk)
    return _campaign_page(request, campaign)


def _campaign_page(request, campaign: Campaign, codes_form=None):
    """A survey's page; a rejected request for code slips shows its error and the number given."""
    n, shares = results.question_results(campaign)
    context = {
        "org": campaign.org,
        "campaign": campaign,
        "count": n,
        "shares": shares,
        "k": results.K_ANONYMITY,
        "progress": results.progress(campaign),
        "by_day": results.by_day(campaign),
        "assessment": results.engine_scores(campaign) if n >= results.K_ANONYMITY else None,
        "overall_satisfied": results.overall_satisfied(shares),
        "url": public_url(request, campaign),
        "codes_form": codes_form or CodesForm(),
        "can_write": can_write(request.org_role),
    }
    if campaign.tool == Campaign.Tool.IIT:
        context["codes"] = code_counts(campaign)
    if campaign.tool != Campaign.Tool.SATISFACTION:
        # IIT and EIT ask the year's criteria's questions: say so when those are a draft
        org = campaign.org
        notice = provisional_notice(published_for(org, campaign.year), org.thai_digits)
        context["provisional_notice"] = notice
    if request.htmx:
        return render(request, "surveys/partials/counts.html", context)
    status = 400 if codes_form is not None else 200
    return render(request, "surveys/campaign_detail.html", context, status=status)


@login_required
@require_POST
def codes(request, org_slug: str, pk: int):
    """Generate one-time codes and hand back the printable slips; the codes are not kept."""
    campaign = _campaign(request, org_slug, pk, write=True)
    if campaign.tool != Campaign.Tool.IIT:
        raise Http404
    form = CodesForm(request.POST)
    if not form.is_valid():
        return _campaign_page(request, campaign, codes_form=form)
    new_codes = generate_codes(campaign, form.cleaned_data["count"])
    # The slips are made here and only here: the codes exist in this request and nowhere else.
    doc = DocumentRequest(
        kind=documents.SURVEY_CODES, org=campaign.org, params={"campaign": campaign.pk},
        extra={"codes": new_codes},
    )  # fmt: skip
    response = HttpResponse(layout.make(doc, "pdf"), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{documents.SURVEY_CODES.file_name(doc, "pdf")}"'
    )
    return response


@login_required
@require_GET
def export(request, org_slug: str, pk: int, fmt: str):
    campaign = _campaign(request, org_slug, pk)
    name = f"responses-{campaign.org.slug}-{campaign.year}-{campaign.tool}"
    if fmt == "csv":
        response = HttpResponse(
            results.export_csv(campaign), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(
            results.export_xlsx(campaign),
            content_type=XLSX_TYPE,
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
@require_POST
def close(request, org_slug: str, pk: int):
    campaign = _campaign(request, org_slug, pk, write=True)
    campaign.closed = True
    campaign.save(update_fields=["closed"])
    messages.success(request, _("The survey is closed; its results are frozen."))
    return redirect("surveys:campaign", org_slug=campaign.org.slug, pk=campaign.pk)


@login_required
@require_http_methods(["GET", "POST"])
def interview(request, org_slug: str, pk: int):
    """EIT part 2: an interviewer with an account enters answers collected by telephone."""
    campaign = _campaign(request, org_slug, pk, write=True)
    if campaign.tool != Campaign.Tool.EIT:
        raise Http404
    form = SurveyForm(
        request.POST or None, questionnaire=for_campaign(campaign), initial={"nonce": new_nonce()}
    )
    context = {"org": campaign.org, "campaign": campaign, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            submit(campaign, form.answers(), nonce=form.cleaned_data["nonce"], part=2)
        except AlreadyReceived:
            pass  # sent twice: the first one counts
        except Refused as exc:  # a closed survey: the answers stay on the page with the reason
            form.add_error(None, str(exc))
            return render(request, "surveys/interview.html", context, status=409)
        messages.success(request, _("The interview was recorded. Next one:"))
        return redirect("surveys:interview", org_slug=campaign.org.slug, pk=campaign.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/interview.html", context, status=status)
