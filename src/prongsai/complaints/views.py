from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.complaints import attachments, receipts, stats, workflow
from prongsai.complaints.access import get_complaint, require_any_role, visible_complaints
from prongsai.complaints.forms import (
    ComplainantMessageForm,
    ComplaintForm,
    DiscloseForm,
    MoveForm,
    ReceiptForm,
    ReplyForm,
)
from prongsai.complaints.intake import (
    AlreadyFiled,
    complainant_message,
    file_complaint,
    find_by_receipt,
)
from prongsai.complaints.models import Complaint
from prongsai.documents.thaifmt import fiscal_year
from prongsai.orgs.access import get_org_for_user
from prongsai.orgs.models import Organisation
from prongsai.params import year_param
from prongsai.surveys.intake import new_nonce


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
    address = request.META.get("REMOTE_ADDR", "")
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
    require_any_role(request, org)
    rows = [(c, workflow.due(c)) for c in visible_complaints(request.user, org)]
    return render(request, "complaints/board.html", {"org": org, "rows": rows})


@login_required
@require_GET
def detail(request, org_slug: str, pk):
    org = get_org_for_user(request, org_slug)
    complaint = get_complaint(request, org, pk)
    workflow.log(complaint, request.user, "viewed")
    return render(request, "complaints/detail.html", _detail_context(complaint))


def _detail_context(complaint, **extra) -> dict:
    return {
        "org": complaint.org, "complaint": complaint, "due": workflow.due(complaint),
        "thread": complaint.messages.select_related("author"), "files": complaint.attachments.all(),
        "move_form": MoveForm(), "reply_form": ReplyForm(), "disclose_form": DiscloseForm(), **extra,
    }  # fmt: skip


def _invalid(request, complaint, **forms):
    """The complaint page again with the rejected form and its errors, nothing written."""
    return render(
        request, "complaints/detail.html", _detail_context(complaint, **forms), status=400
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


@login_required
@require_POST
def disclose(request, org_slug: str, pk):
    org = get_org_for_user(request, org_slug)
    complaint = get_complaint(request, org, pk)
    form = DiscloseForm(request.POST)
    if not form.is_valid():
        return _invalid(request, complaint, disclose_form=form)
    name, contact = workflow.disclose(complaint, request.user, form.cleaned_data["reason"])
    return render(
        request, "complaints/detail.html", _detail_context(complaint, identity=(name, contact))
    )


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


@login_required
@require_GET
def stats_document(request, org_slug: str, fmt: str):
    from prongsai.complaints.documents import statistics_document

    org = get_org_for_user(request, org_slug)
    if fmt not in ("pdf", "docx"):
        raise Http404
    year = year_param(request, fiscal_year(timezone.localdate()))
    data = statistics_document(org, year, fmt)
    content_type = (
        "application/pdf"
        if fmt == "pdf"
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="complaint-statistics-{org.slug}-{year}.{fmt}"'
    )
    return response


@login_required
@require_GET
def poster(request, org_slug: str):
    from prongsai.complaints.documents import poster_pdf

    org = get_org_for_user(request, org_slug)
    url = request.build_absolute_uri(reverse("complaints:form", args=[org.slug]))
    response = HttpResponse(poster_pdf(org, url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="complaints-poster-{org.slug}.pdf"'
    return response
