"""`{{ check.status|status_th }}`: the Thai words of an automatic check's status on a page."""

from __future__ import annotations

from django import template

from prongsai.oit.checker import STATUS_TH

register = template.Library()


@register.filter
def status_th(status: str) -> str:
    return STATUS_TH.get(status, status)
