"""Which models the audit trail keeps, and how each entry finds its organisation.

Every organisation-owned model is listed with the path from an instance to its organisation's id
(so the organisation's history page is one indexed query) and, for the parts of a larger record,
the path to that record (so a project's history also shows its budgets and progress).

Deliberately NOT tracked (privacy first): survey responses, answers, one-time codes, form nonces
and receipts, campaigns' salts and tokens; complaints and everything under them (they keep their
own append-only audit log, and a complainant's identity must never be copied elsewhere). Also
not tracked: automatic OIT link checks (machine output, kept as their own history) and ITA scores
row by row (`ita.results.save_results` replaces them in bulk and records one entry per save with
every figure's old → new value, see `record.record_set_change`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from auditlog import get_logentry_model
from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.receivers import log_update
from auditlog.registry import auditlog
from auditlog.signals import pre_log
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_save, pre_delete, pre_save
from django.utils.translation import gettext as _

from prongsai.thai import thai_date


@dataclass(frozen=True)
class Tracked:
    org: str | None  # attribute path to the organisation's id ("plan.org_id")
    root: str = ""  # attribute path to the record this row is part of ("project")
    province: str = ""  # for rows that belong to a province, not one organisation
    include: tuple[str, ...] = ()  # only these fields are kept (default: all but timestamps)
    exclude: tuple[str, ...] = ()
    m2m: tuple[str, ...] = ()
    describe: Callable | None = None  # a readable name where the model's str() is a bare id
    names_from: tuple[str, ...] = ()  # related rows that name reads (select_related on pages)
    skip: Callable | None = None  # instances that are not organisation data


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


TRACKED: dict[str, Tracked] = {
    # orgs
    "orgs.organisation": Tracked(org="pk"),
    "orgs.unit": Tracked(org="org_id"),
    "orgs.position": Tracked(org="unit.org_id", root="unit"),
    "orgs.membership": Tracked(
        org="org_id",
        describe=lambda m: f"{_person(m.user)} – {m.get_role_display()}",
        names_from=("user",),
    ),
    "orgs.provincerole": Tracked(
        org=None,
        province="province",
        describe=lambda r: f"{_person(r.user)} – {r.province} ({r.get_role_display()})",
        names_from=("user",),
    ),
    # api: tokens made and revoked (never the token or its hash; last use is not an event)
    "api.apitoken": Tracked(
        org="org_id",
        province="province",
        include=("name", "org", "province", "write", "prefix", "revoked"),
        describe=lambda t: f"{t.prefix}… {t.name}",
    ),
    # frameworks: an organisation's or a province's own criteria (built-in ones are shipped data)
    "frameworks.framework": Tracked(
        org="org_id",
        province="province",
        exclude=("document",),
        skip=lambda f: f.builtin or not (f.org_id or f.province),
    ),
    # ita
    "ita.itaresult": Tracked(org="org_id", names_from=("org",)),
    "ita.indicatoranalysis": Tracked(
        org="result.org_id",
        root="result",
        describe=lambda a: (
            _("%(result)s, indicator %(number)s") % {"result": a.result, "number": a.indicator}
        ),
        names_from=("result__org",),
    ),
    # plans
    "plans.actionplan": Tracked(org="org_id"),
    "plans.plantarget": Tracked(
        org="plan.org_id", root="plan", describe=lambda t: f"{t.indicator} {t.fiscal_year}"
    ),
    "plans.dimension": Tracked(org="plan.org_id", root="plan"),
    "plans.subsection": Tracked(org="dimension.plan.org_id", root="dimension.plan"),
    "plans.project": Tracked(org="plan.org_id"),
    "plans.budget": Tracked(
        org="project.plan.org_id",
        root="project",
        describe=lambda b: f"{b.project} – {b.fiscal_year}",
        names_from=("project",),
    ),
    "plans.projectindicator": Tracked(
        org="project.plan.org_id", root="project", describe=lambda i: i.text
    ),
    "plans.progress": Tracked(
        org="project.plan.org_id",
        root="project",
        describe=lambda p: f"{p.project} – {p.get_round_display()} {p.fiscal_year}",
        names_from=("project",),
    ),
    "plans.riskassessment": Tracked(org="org_id", names_from=("org",)),
    "plans.riskitem": Tracked(
        org="assessment.org_id", m2m=("projects", "measures"), describe=lambda r: r.process
    ),
    "plans.riskreview": Tracked(
        org="item.assessment.org_id",
        root="item",
        describe=lambda r: f"{r.item.process} – {thai_date(r.reviewed_on, thai_digits=False)}",
        names_from=("item",),
    ),
    "plans.integritymeasure": Tracked(org="org_id"),
    "plans.measureresult": Tracked(
        org="measure.org_id",
        root="measure",
        describe=lambda r: f"{r.measure} – {r.get_round_display()} {r.fiscal_year}",
        names_from=("measure",),
    ),
    # oit
    "oit.evidence": Tracked(org="org_id", describe=lambda e: f"{e.item} {e.year}"),
    "oit.componentcheck": Tracked(
        org="evidence.org_id",
        root="evidence",
        describe=lambda c: f"{c.evidence.item} {c.evidence.year} – {c.component}",
        names_from=("evidence",),
    ),
    # ethics
    "ethics.ethicsaddition": Tracked(org="org_id"),
    "ethics.behaviourgroup": Tracked(org="org_id"),
    "ethics.standard": Tracked(org="org_id"),
    "ethics.indicator": Tracked(org="standard.org_id", root="standard", names_from=("standard",)),
    "ethics.indicatoryear": Tracked(
        org="indicator.standard.org_id",
        root="indicator",
        describe=lambda y: f"{y.indicator} – {y.fiscal_year}",
        names_from=("indicator__standard",),
    ),
    "ethics.nogiftannouncement": Tracked(org="org_id", names_from=("org",)),
    "ethics.nogiftactivity": Tracked(org="org_id"),
    "ethics.giftentry": Tracked(org="org_id", names_from=("official",)),
    # documents
    "documents.documenttemplate": Tracked(org="org_id", names_from=("org",)),
    "documents.documentsignoff": Tracked(org="org_id", names_from=("org",)),
    # surveys: only the organisation's own settings; never a response, code, nonce or salt
    "surveys.servicepoint": Tracked(org="org_id"),
    "surveys.campaign": Tracked(
        org="org_id",
        include=("year", "tool", "opens", "closes", "closed", "minimum_sample"),
        names_from=("org",),
    ),
}

# Apps whose models must never be tracked, whatever is added to TRACKED by mistake.
NEVER_TRACKED_APPS = frozenset({"complaints"})
NEVER_TRACKED_MODELS = frozenset(
    {
        "surveys.response",
        "surveys.answer",
        "surveys.onetimecode",
        "surveys.submissionreceipt",
        "surveys.spentcodes",
    }
)


def walk(instance, path: str):
    """Follow an attribute path ("project.plan.org_id"); None where a link is empty or gone."""
    value = instance
    for name in path.split("."):
        try:
            value = getattr(value, name)
        except ObjectDoesNotExist:
            return None
        if value is None:
            return None
    return value


def tracked_for(model) -> Tracked | None:
    return TRACKED.get(model._meta.label_lower)


def _own_fields(model) -> list[str]:
    """The row's own columns: not the id (the entry names it) nor other tables pointing here."""
    return [f.name for f in model._meta.concrete_fields if not f.primary_key]


def _timestamps(model) -> list[str]:
    """Fields Django stamps by itself: the entry's own time says when, so they are noise."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]


@dataclass(frozen=True)
class Owner:
    """Where an entry belongs: an organisation (or a province) and the record it is part of."""

    organisation_id: int | None
    province: str
    root_type: str
    root_id: int | None


def owner_of(instance) -> Owner:
    # A delete notes the owner first (its parents may be deleted before its entry is written).
    remembered = getattr(instance, "_audit_owner", None)
    if remembered is not None:
        return remembered
    spec = tracked_for(type(instance))
    if spec is None:
        return Owner(None, "", "", None)
    root = walk(instance, spec.root) if spec.root else None
    return Owner(
        organisation_id=walk(instance, spec.org) if spec.org else None,
        province=(walk(instance, spec.province) or "") if spec.province else "",
        root_type=root._meta.label_lower if root is not None else "",
        root_id=root.pk if root is not None else None,
    )


def describe(instance) -> str:
    """What an entry calls its object: the model's own name for it, or a readable one."""
    spec = tracked_for(type(instance))
    try:
        if spec is not None and spec.describe is not None:
            return str(spec.describe(instance))
        return str(instance)
    except ObjectDoesNotExist:
        return f"#{instance.pk}"


def live_names(entries) -> dict[tuple[int, int], str]:
    """{(content type id, object id): today's name} of the entries' records that still exist,
    one query per kind of record: a person renamed since shows by the name they have now."""
    wanted: dict = {}
    for entry in entries:
        if entry.object_id is not None:
            wanted.setdefault(entry.content_type, set()).add(entry.object_id)
    names = {}
    for content_type, ids in wanted.items():
        model = content_type.model_class()
        spec = TRACKED.get(f"{content_type.app_label}.{content_type.model}")
        if model is None or spec is None:
            continue
        rows = model._default_manager.select_related(*spec.names_from).in_bulk(ids)
        for pk, instance in rows.items():
            names[(content_type.pk, pk)] = describe(instance)
    return names


def is_skipped(instance) -> bool:
    spec = tracked_for(type(instance))
    return spec is not None and spec.skip is not None and bool(spec.skip(instance))


def _remember_owner(sender, instance, **kwargs) -> None:
    """Before a delete cascades, note where the row belonged (its parents may go first)."""
    instance._audit_owner = owner_of(instance)


def _not_skipped(sender, instance, **kwargs) -> bool:
    """auditlog's pre_log: returning False keeps no entry (e.g. built-in criteria)."""
    return not is_skipped(instance)


def _off(raw: bool) -> bool:
    return auditlog_disabled.get() or (raw and settings.AUDITLOG_DISABLE_ON_RAW_SAVE)


def _before_update(sender, instance, raw=False, **kwargs) -> None:
    if not instance._state.adding and instance.pk is not None and not _off(raw):
        instance._audit_before = sender._default_manager.filter(pk=instance.pk).first()


def _after_update(sender, instance, created, raw=False, update_fields=None, **kwargs) -> None:
    """An update is written once the row is saved: a change the database refuses leaves none."""
    before = instance.__dict__.pop("_audit_before", None)
    if created or before is None or _off(raw) or is_skipped(instance):
        return
    # Compared as the database holds it: 5 and 5.00 (a form's Decimal, the column's) are no change.
    after = sender._default_manager.filter(pk=instance.pk).first() or instance
    changes = model_instance_diff(before, after, fields_to_check=update_fields)
    if changes:
        get_logentry_model().objects.log_create(
            instance, action=get_logentry_model().Action.UPDATE, changes=changes
        )


def _write_updates_after_saving(model, label: str) -> None:
    # auditlog writes an update in pre_save, before the database has accepted it.
    uid = auditlog._dispatch_uid(pre_save, log_update)  # pinned django-auditlog 3.4.1
    if not pre_save.disconnect(sender=model, dispatch_uid=uid):
        raise RuntimeError(f"auditlog's update receiver for {label} was not found")
    pre_save.connect(_before_update, sender=model, dispatch_uid=f"audit-before-{label}")
    post_save.connect(_after_update, sender=model, dispatch_uid=f"audit-after-{label}")


def register_tracked_models() -> None:
    for label, spec in TRACKED.items():
        app_label = label.split(".")[0]
        if app_label in NEVER_TRACKED_APPS or label in NEVER_TRACKED_MODELS:
            raise RuntimeError(f"{label} must not be in the audit trail")
        model = apps.get_model(label)
        auditlog.register(
            model,
            include_fields=list(spec.include) or _own_fields(model),
            exclude_fields=[*spec.exclude, *_timestamps(model)],
            m2m_fields=set(spec.m2m),
        )
        _write_updates_after_saving(model, label)
        pre_delete.connect(_remember_owner, sender=model, dispatch_uid=f"audit-owner-{label}")
        if spec.skip is not None:
            pre_log.connect(_not_skipped, sender=model, dispatch_uid=f"audit-skip-{label}")


def tracked_models() -> list:
    return [apps.get_model(label) for label in TRACKED]
