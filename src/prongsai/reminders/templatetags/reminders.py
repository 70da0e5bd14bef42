"""`{% reminders_for org %}`: the signed-in user's reminders for one organisation, on a page."""

from __future__ import annotations

from django import template
from django.utils import timezone

from prongsai.reminders.digest import items_for

register = template.Library()


@register.inclusion_tag("reminders/list.html", takes_context=True)
def reminders_for(context, org):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"items": [], "show": False}
    items = [i for i in items_for(user, timezone.localdate()) if i.org == org]
    return {"items": items, "show": True, "org": org}
