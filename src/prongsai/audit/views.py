"""History pages: an organisation's audit trail, and one record's, for its administrator and auditor."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from prongsai.audit.display import (
    People,
    action_label,
    be_datetime,
    changes_of,
    model_name,
)
from prongsai.audit.forms import HistoryFilterForm
from prongsai.audit.models import AuditEntry
from prongsai.audit.tracked import TRACKED, describe, live_names, owner_of
from prongsai.orgs.access import get_org_for_audit

PAGE_SIZE = 50


def entries_of(org):
    """Everything recorded for an organisation (and for readers of its province): one query on the
    (organisation, time) index."""
    return AuditEntry.objects.filter(
        Q(organisation_id=org.pk) | Q(organisation__isnull=True, province=org.province)
    ).select_related("content_type")


def _rows(org, entries) -> list[dict]:
    people = People(org, entries)
    names = live_names(entries)
    lookups: dict = {}
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        rows.append(
            {
                "entry": entry,
                "name": names.get((entry.content_type_id, entry.object_id), entry.object_repr),
                "when": be_datetime(entry.timestamp),
                "who": people.label(entry),
                "what": model_name(model),
                "action": action_label(entry.action),
                "changes": changes_of(entry, model, lookups),
                "label": model._meta.label_lower if model is not None else "",
            }
        )
    return rows


def _people_choices(org) -> list[tuple[int, str]]:
    ids = entries_of(org).exclude(actor=None).values_list("actor_id", flat=True).distinct()
    users = get_user_model().objects.filter(pk__in=ids)
    return sorted(
        ((u.pk, u.get_full_name() or u.get_username()) for u in users), key=lambda c: c[1]
    )


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@login_required
@require_GET
def org_history(request, org_slug: str):
    org = get_org_for_audit(request, org_slug)
    form = HistoryFilterForm(request.GET or None, people=_people_choices(org))
    entries = entries_of(org)
    status = 200
    if form.is_bound and not form.is_valid():
        entries = entries.none()
        status = 400
    elif form.is_bound:
        data = form.cleaned_data
        if data["user"]:
            entries = entries.filter(actor_id=data["user"])
        if data["model"]:
            entries = entries.filter(
                content_type=ContentType.objects.get_for_model(apps.get_model(data["model"]))
            )
        if data["date_from"]:
            entries = entries.filter(timestamp__gte=_day_start(data["date_from"]))
        if data["date_to"]:
            entries = entries.filter(timestamp__lt=_day_start(data["date_to"] + dt.timedelta(1)))
    page = Paginator(entries.order_by("-timestamp", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "org": org,
        "form": form,
        "page": page,
        "rows": _rows(org, page.object_list),
        "query": query.urlencode(),
    }
    return render(request, "audit/org_history.html", context, status=status)


@login_required
@require_GET
def object_history(request, org_slug: str, model: str, pk: int):
    """One record's history with its parts'. Another organisation's record is a 404, as is a
    record that never was this organisation's."""
    org = get_org_for_audit(request, org_slug)
    if model not in TRACKED:
        raise Http404
    model_class = apps.get_model(model)
    content_type = ContentType.objects.get_for_model(model_class)
    instance = model_class._default_manager.filter(pk=pk).first()
    entries = entries_of(org).filter(
        Q(content_type=content_type, object_id=pk) | Q(root_type=model, root_id=pk)
    )
    if instance is not None:
        owner = owner_of(instance)
        if owner.organisation_id != org.pk and not (
            owner.organisation_id is None and owner.province == org.province
        ):
            raise Http404
        title = describe(instance)
    else:
        first = entries.filter(content_type=content_type, object_id=pk).first()
        if first is None:
            raise Http404
        title = first.object_repr
    page = Paginator(entries.order_by("-timestamp", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "org": org,
        "title": title,
        "kind": model_name(model_class),
        "deleted": instance is None,
        "page": page,
        "rows": _rows(org, page.object_list),
        "query": "",
    }
    return render(request, "audit/object_history.html", context)
