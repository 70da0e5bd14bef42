"""`{{ check.status|status_th }}`, `{{ row.state|state_th }}`: the Thai words of an automatic
check's status and of an item's state on a page."""

from __future__ import annotations

from django import template

from prongsai.oit.checker import STATUS_TH
from prongsai.oit.checklist import STATE_TH

register = template.Library()


@register.filter
def status_th(status: str) -> str:
    return STATUS_TH.get(status, status)


@register.filter
def state_th(state: str) -> str:
    return STATE_TH.get(state, state)
