"""The whole fictional demo: the organisations and people, then each app's own demo rows.

Each app owns its demo (`<app>/demo.py`, `load_demo(demo)`), as it owns its models and documents;
this module only decides the order. Everything is relative to `today`, so the demo lives in the
year its user is in: the last completed fiscal year has full results, the current one is under
way. Loading twice changes nothing; `reset_demo` removes the demo (and nothing else) first.
"""

from __future__ import annotations

from datetime import date

from auditlog.context import disable_auditlog
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from prongsai.audit.models import AuditEntry
from prongsai.complaints import demo as complaints_demo
from prongsai.complaints.models import AuditEvent, Complaint, IdentityRequest
from prongsai.ethics import demo as ethics_demo
from prongsai.frameworks.drafts import provisional_notice
from prongsai.frameworks.library import builtin_document
from prongsai.frameworks.store import published_for
from prongsai.ita import demo as ita_demo
from prongsai.ita.models import ItaResult
from prongsai.lpa import demo as lpa_demo
from prongsai.oit import demo as oit_demo
from prongsai.orgs import demo as orgs_demo
from prongsai.orgs.models import Organisation, ProvinceRole
from prongsai.plans import demo as plans_demo
from prongsai.plans.models import ActionPlan, IntegrityMeasure, Project, RiskAssessment
from prongsai.surveys import demo as surveys_demo
from prongsai.surveys.models import Campaign

# In this order: results before the measures born from their analysis, plans before the OIT
# items that point at them.
APP_DEMOS = (
    ita_demo, lpa_demo, plans_demo, surveys_demo, ethics_demo, complaints_demo, oit_demo,
)  # fmt: skip


def load_demo(password: str | None = None, *, today: date | None = None):
    """Create or refresh the demo; returns (demo context, password set or None)."""
    with transaction.atomic():
        demo, chosen = orgs_demo.load_demo(today or timezone.localdate(), password)
        for app_demo in APP_DEMOS:
            app_demo.load_demo(demo)
    return demo, chosen


def current_year_lines(demo) -> list[str]:
    """What the demo shows for the year its user is in, per province (the command prints it)."""
    year = demo.current_year
    if builtin_document(year) is not None:
        return [f"ปีงบประมาณ {year} (ปีปัจจุบัน): ใช้เกณฑ์ที่ ป.ป.ช. ประกาศแล้ว"]
    lines = [f"ปีงบประมาณ {year} (ปีปัจจุบัน): ป.ป.ช. ยังไม่ประกาศเกณฑ์ (NACC has not published)"]
    by_province: dict[str, list] = {}
    for org in demo.orgs.values():
        by_province.setdefault(org.province, []).append(org)
    for province, orgs in by_province.items():
        notices = {provisional_notice(published_for(org, year), False) for org in orgs}
        if notices == {""}:
            lines.append(
                f"  {province}: ยังไม่มีเกณฑ์ปี {year} รายการตรวจ OIT เปิดที่ปี {year - 1} "
                f"ผู้ดูแลหน่วยงานเริ่มเกณฑ์ปี {year} จากปีก่อนได้ (no criteria yet)"
            )
        else:
            lines += [f"  {province}: {n} (provisional criteria)" for n in sorted(notices) if n]
    return lines


def reset_demo(password: str | None = None, *, today: date | None = None):
    """Delete the demo and load it again, in one transaction; returns what `load_demo` returns."""
    with transaction.atomic():
        delete_demo()
        return load_demo(password, today=today)


def delete_demo() -> None:
    """Delete the demo's organisations (by their slugs) with everything of theirs, and the demo's
    accounts. No other organisation is touched.

    Rows that PROTECT what they point at go first: complaints' identity requests and audit events
    (append-only for real complaints; the demo's own are deleted here, and only here), plan
    projects (they protect sub-sections and units), risk assessments and measures (units), survey
    campaigns (their responses protect service points), ITA results (their criteria). The audit
    trail's entries about the demo go too, so a reset leaves what a first load leaves.
    """
    orgs = Organisation.objects.filter(slug__in=[o["slug"] for o in orgs_demo.ORGS])
    org_ids = list(orgs.values_list("pk", flat=True))
    users = get_user_model().objects.filter(username__in=orgs_demo.usernames())
    roles = list(ProvinceRole.objects.filter(user__in=users).values_list("pk", flat=True))
    with transaction.atomic(), disable_auditlog():
        complaints = Complaint.objects.filter(org__in=org_ids)
        # The guard on AuditEvent's manager refuses deletes; the demo's own events are the exception.
        models.QuerySet.delete(AuditEvent.objects.filter(complaint__in=complaints))
        IdentityRequest.objects.filter(complaint__in=complaints).delete()
        Project.objects.filter(plan__org__in=org_ids).delete()
        RiskAssessment.objects.filter(org__in=org_ids).delete()
        IntegrityMeasure.objects.filter(org__in=org_ids).delete()
        ActionPlan.objects.filter(org__in=org_ids).delete()
        Campaign.objects.filter(org__in=org_ids).delete()
        ItaResult.objects.filter(org__in=org_ids).delete()
        orgs.delete()
        users.delete()
        AuditEntry.objects.filter(organisation_id__in=org_ids).delete()
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(ProvinceRole),
            object_pk__in=[str(pk) for pk in roles],
        ).delete()
