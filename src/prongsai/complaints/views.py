from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import FileResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.complaints import attachments, receipts, stats, workflow
from prongsai.complaints.access import (
    get_complaint,
    is_custodian,
    require_custodian,
    roles,
    visible_complaints,
)
from prongsai.complaints.forms import (
    ComplainantMessageForm,
    ComplaintForm,
    DecideIdentityForm,
    DiscloseForm,
    MoveForm,
    ReceiptForm,
    ReplyForm,
    RequestIdentityForm,
)
from prongsai.complaints.intake import (
    AlreadyFiled,
    complainant_message,
    file_complaint,
    find_by_receipt,
)
from prongsai.complaints.models import Complaint, ComplaintRole, IdentityRequest
from prongsai.nonces import new_nonce
from prongsai.orgs.access import get_org_for_user
from prongsai.orgs.models import Organisation
from prongsai.params import year_param
from prongsai.security.clientaddr import client_address
from prongsai.thai import fiscal_year


def _org(slug: str) -> Organisation:
    return get_object_or_404(Organisation, slug=slug)


def _files(form, field="files") -> list:
    cleaned = []
    for upload in form.cleaned_data.get(field) or []:
        cleaned.append(attachments.clean_upload(upload))
    return cleaned


# ---------------------------------------------------------------- public (no login)


@never_cache
@require_http_methods(["GET", "POST"])
def complaint_form(request, org_slug: str):
    org = _org(org_slug)
    form = ComplaintForm(
        request.POST or None, request.FILES or None, initial={"nonce": new_nonce()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            files = _files(form)
            filed = file_complaint(org, form.cleaned_data, files, nonce=form.cleaned_data["nonce"])
        except attachments.Refused as exc:
            form.add_error("files", str(exc))
        except AlreadyFiled:
            return render(request, "complaints/already.html", {"org": org}, status=409)
        else:
            # The receipt is shown once, in this response only: never in a URL, never again.
            return render(
                request,
                "complaints/receipt.html",
                {"org": org, "receipt": receipts.format_receipt(filed.receipt)},
                status=201,
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request, "complaints/complaint_form.html", {"org": org, "form": form}, status=status
    )


@never_cache
@require_http_methods(["GET", "POST"])
def follow_up(request, org_slug: str):
    """Status and messages for whoever holds the receipt; the receipt travels only in POST bodies."""
    org = _org(org_slug)
    address = client_address(request)
    if request.method == "GET":
        return render(request, "complaints/follow_up.html", {"org": org, "form": ReceiptForm()})
    if receipts.too_many_wrong_tries(address):
        return render(
            request,
            "complaints/follow_up.html",
            {"org": org, "form": ReceiptForm(), "blocked": True},
            status=429,
        )
    receipt = request.POST.get("receipt", "")
    complaint = find_by_receipt(org, receipt)
    if complaint is None:
        receipts.record_wrong_try(address)
        form = ReceiptForm(request.POST)
        form.is_valid()
        form.add_error("receipt", _("No complaint has this receipt. Check the 16 digits."))
        return render(request, "complaints/follow_up.html", {"org": org, "form": form}, status=404)
    message_form = ComplainantMessageForm(
        request.POST if "text" in request.POST else None,
        request.FILES or None,
        initial={"receipt": receipt},
    )
    if "text" in request.POST and message_form.is_valid():
        try:
            complainant_message(complaint, message_form.cleaned_data["text"], _files(message_form))
        except attachments.Refused as exc:
            message_form.add_error("files", str(exc))
        else:
            message_form = ComplainantMessageForm(initial={"receipt": receipt})
            messages.success(request, _("Your message was sent."))
    return render(
        request,
        "complaints/status.html",
        {
            "org": org,
            "complaint": complaint,
            "thread": complaint.messages.all(),
            "form": message_form,
            "due": workflow.due(complaint),
        },
        status=400 if message_form.errors else 200,
    )


@require_GET
def public_stats(request, org_slug: str):
    org = _org(org_slug)
    year = year_param(request, fiscal_year(timezone.localdate()))
    return render(
        request,
        "complaints/public_stats.html",
        {"org": org, "stats": _labelled(stats.statistics(org, year)), "year": year},
    )


def _labelled(data: dict) -> dict:
    data["by_category"] = [
        (label, data["by_category"].get(value, 0)) for value, label in Complaint.Category.choices
    ]
    data["by_status"] = [
        (label, data["by_status"].get(value, 0)) for value, label in Complaint.Status.choices
    ]
    data["by_outcome"] = [
        (label, data["by_outcome"].get(value, 0)) for value, label in Complaint.Outcome.choices
    ]
    return data


# ---------------------------------------------------------------- handlers and custodians


@login_required
@require_GET
def board(request, org_slug: str):
    org = get_org_for_user(request, org_slug)
    if not roles(request.user, org):
        # One of the organisation's people without a complaint role: who to turn to, no case.
        designated = ComplaintRole.objects.filter(org=org).select_related("user")
        return render(
            request, "complaints/not_designated.html",
            {"org": org, "handlers": [r.user for r in designated if r.role == "handler"],
             "custodians": [r.user for r in designated if r.role == "custodian"]},
        )  # fmt: skip
    rows = [(c, workflow.due(c)) for c in visible_complaints(request.user, org)]
    waiting = (
        IdentityRequest.objects.filter(complaint__org=org, status=IdentityRequest.Status.PENDING)
        .select_related("complaint", "handler")
        .order_by("requested_on")
        if is_custodian(request.user, org)
        else []
    )
    year = fiscal_year(timezone.localdate())
    return render(
        request, "complaints/board.html",
        {"org": org, "rows": rows, "waiting": waiting, "year": year},
    )  # fmt: skip


@never_cache
@login_required
@require_GET
def detail(request, org_slug: str, pk):
    org = get_org_for_user(request, org_slug)
    complaint = get_complaint(request, org, pk)
    workflow.log(complaint, request.user, "viewed")
    identity = None
    if not is_custodian(request.user, org):
        identity = workflow.granted_identity(complaint, request.user)  # logged when shown
    return render(
        request, "complaints/detail.html", _detail_context(request, complaint, identity=identity)
    )


def _detail_context(request, complaint, **extra) -> dict:
    custodian = is_custodian(request.user, complaint.org)
    asked = complaint.identity_requests.select_related("handler", "decided_by")
    if not custodian:
        asked = asked.filter(handler=request.user)  # a handler sees their own requests only
    decide_for, decide_form = extra.pop("decide_for", None), extra.pop("decide_form", None)
    rows = []
    for item in asked:
        form = None
        if custodian and item.status == IdentityRequest.Status.PENDING:
            form = decide_form if item.pk == decide_for else DecideIdentityForm()
            form.auto_id = f"id_{item.pk.hex}_%s"  # one form per request: ids stay unique
        rows.append((item, form))
    return {
        "org": complaint.org, "complaint": complaint, "due": workflow.due(complaint),
        "thread": complaint.messages.select_related("author"), "files": complaint.attachments.all(),
        "move_form": MoveForm(), "reply_form": ReplyForm(), "disclose_form": DiscloseForm(),
        "custodian": custodian, "identity_requests": rows,
        "pending": any(r.status == IdentityRequest.Status.PENDING for r in asked),
        "granted": any(r.status == IdentityRequest.Status.GRANTED for r in asked),
        "request_form": RequestIdentityForm(), **extra,
    }  # fmt: skip


def _invalid(request, complaint, **forms):
    """The complaint page again with the rejected form and its errors, nothing written."""
    return render(
        request, "complaints/detail.html", _detail_context(request, complaint, **forms), status=400
    )


@login_required
@require_POST
def move(request, org_slug: str, pk):
    org = get_org_for_user(request, org_slug)
    complaint = get_complaint(request, org, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _invalid(request, complaint, move_form=form)
    try:
        workflow.move(
            complaint,
            request.user,
            form.cleaned_data["status"],
            outcome=form.cleaned_data["outcome"],
            delay_reason=form.cleaned_data["delay_reason"],
        )
    except workflow.TransitionError:
        form.add_error(
            None, _("That status cannot follow the current one (a conclusion needs an outcome).")
        )
        return _invalid(request, complaint, move_form=form)
    messages.success(request, _("The status was changed."))
    return redirect("complaints:detail", org_slug=org.slug, pk=complaint.pk)


@login_required
@require_POST
def reply(request, org_slug: str, pk):
    org = get_org_for_user(request, org_slug)
    complaint = get_complaint(request, org, pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _invalid(request, complaint, reply_form=form)
    workflow.reply(complaint, request.user, form.cleaned_data["text"])
    messages.success(request, _("The reply was sent; the complainant reads it with the receipt."))
    return redirect("complaints:detail", org_slug=org.slug, pk=complaint.pk)


@never_cache
@login_required
def disclose(request, org_slug: str, pk):
    """A custodian reads the identity, for a reason that is logged. A handler gets a 403 whatever
    the method (the role is checked before the method), a stranger a 404."""
    org = get_org_for_user(request, org_slug)
    complaint = get_complaint(request, org, pk)
    require_custodian(request, org)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DiscloseForm(request.POST)
    if not form.is_valid():
        return _invalid(request, complaint, disclose_form=form)
    try:
        name, contact = workflow.disclose(complaint, request.user, form.cleaned_data["reason"])
    except workflow.IdentityUnavailable:
        messages.error(request, _("This complaint holds no identity to disclose."))
        return _invalid(request, complaint, disclose_form=form)
    return render(
        request,
        "complaints/detail.html",
        _detail_context(request, complaint, identity=(name, contact)),
    )


@login_required
def request_identity(request, org_slug: str, pk):
    """A handler asks the custodian for the identity; the request is logged."""
    org = get_org_for_user(request, org_slug)
    complaint = get_complaint(request, org, pk)
    if is_custodian(request.user, org):
        raise PermissionDenied  # a custodian discloses; there is nobody to ask
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RequestIdentityForm(request.POST)
    if not form.is_valid():
        return _invalid(request, complaint, request_form=form)
    try:
        workflow.request_identity(complaint, request.user, form.cleaned_data["reason"])
    except (workflow.AlreadyPending, IntegrityError):
        messages.error(request, _("Your earlier request is still waiting for the custodian."))
        return _invalid(request, complaint)
    except workflow.IdentityUnavailable:
        messages.error(request, _("This complaint holds no identity to disclose."))
        return _invalid(request, complaint)
    messages.success(request, _("Your request was sent to the custodian."))
    return redirect("complaints:detail", org_slug=org.slug, pk=complaint.pk)


@login_required
def decide_identity_request(request, org_slug: str, pk, request_pk):
    """The custodian grants (discloses to that handler) or refuses a request, with a reason."""
    org = get_org_for_user(request, org_slug)
    complaint = get_complaint(request, org, pk)
    require_custodian(request, org)
    item = get_object_or_404(complaint.identity_requests.select_related("handler"), pk=request_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DecideIdentityForm(request.POST)
    if not form.is_valid():
        return _invalid(request, complaint, decide_form=form, decide_for=item.pk)
    try:
        workflow.decide(
            item,
            request.user,
            grant=form.cleaned_data["decision"] == "grant",
            reason=form.cleaned_data["reason"],
        )
    except workflow.AlreadyDecided:
        messages.error(request, _("This request was decided already."))
        return _invalid(request, complaint)
    messages.success(request, _("The decision was recorded."))
    return redirect("complaints:detail", org_slug=org.slug, pk=complaint.pk)


@login_required
@require_GET
def attachment(request, org_slug: str, pk, file_pk):
    org = get_org_for_user(request, org_slug)
    complaint = get_complaint(request, org, pk)
    item = get_object_or_404(complaint.attachments, pk=file_pk)
    workflow.log(complaint, request.user, "file-opened", str(item.pk))
    return FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=True,
        filename=f"attachment{item.suffix}",
    )
