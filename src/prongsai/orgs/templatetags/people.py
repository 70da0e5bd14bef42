"""`{{ user|person:org }}`: a person as pages name them, by name and position in the organisation,
never by a bare user name where a name is known."""

from __future__ import annotations

from django import template

from prongsai.orgs.models import Membership

register = template.Library()


@register.filter
def person(user, org=None) -> str:
    if user is None:
        return ""
    if org is not None:
        membership = Membership.objects.filter(user=user, org=org).select_related("user").first()
        if membership is not None:
            return membership.person
    return user.get_full_name() or user.get_username()
