"""`{% history_link org obj %}`: a small "ประวัติการแก้ไข" link for those who may read it."""

from __future__ import annotations

from django import template
from django.urls import reverse

from prongsai.audit.tracked import tracked_for
from prongsai.orgs.access import can_audit

register = template.Library()


@register.inclusion_tag("audit/history_link.html", takes_context=True)
def history_link(context, org, obj) -> dict:
    request = context.get("request")
    url = ""
    if (
        obj is not None
        and getattr(obj, "pk", None)
        and tracked_for(type(obj)) is not None
        and can_audit(getattr(request, "org_role", None))
    ):
        url = reverse("audit:object", args=[org.slug, obj._meta.label_lower, obj.pk])
    return {"url": url}
