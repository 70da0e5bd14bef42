"""`{{ check.status|status_th }}`, `{{ row.state|state_th }}`: an automatic check's status and an
item's state in the words of the page's language (Thai, as the documents always print them, or
English)."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from prongsai.oit.checker import STATUS_TH
from prongsai.oit.checklist import STATE_TH
from prongsai.oit.pointers import Pointer, page_pointers

register = template.Library()

STATUS_EN = {
    "ok": "passed", "not_http": "not a web link", "private_address": "internal address, not checked",
    "dead": "cannot be opened", "timeout": "timed out", "busy": "website busy", "redirect_loop": "redirects in a loop",
    "off_site": "not on the main website", "too_large": "file too large",
    "scanned": "scanned image, cannot be checked", "unsupported": "content cannot be checked", "stale": "not of the current year",
    "incomplete": "components incomplete", "no_year": "no Buddhist-era year found",
}  # fmt: skip
STATE_EN = {
    "ready": "ready", "missing": "no evidence yet", "incomplete": "components incomplete",
    "problem": "problem found", "stale": "not updated for a while",
}  # fmt: skip


# NACC's verdict on one item in the imported results (100: pass, else fail).
VERDICT_TH = {"pass": "ผ่าน", "fail": "ไม่ผ่าน"}
VERDICT_EN = {"pass": "passed", "fail": "not passed"}


def _thai() -> bool:
    return (get_language() or "th").startswith("th")


@register.filter
def status_th(status: str) -> str:
    return (STATUS_TH if _thai() else STATUS_EN).get(status, status)


@register.filter
def state_th(state: str) -> str:
    return (STATE_TH if _thai() else STATE_EN).get(state, state)


@register.filter
def finding_text(check) -> str:
    """A stored check's finding in the page's language; a check stored before findings had
    English has none, and the English page shows its status word alone."""
    return check.finding if _thai() else check.finding_en


@register.filter
def in_language(data: dict, key: str) -> str:
    """`{{ d|in_language:"name" }}`: `d["name_en"]` on an English page when the data has it,
    else the Thai `d["name"]`."""
    return (not _thai() and data.get(f"{key}_en")) or data.get(key, "")


@register.filter
def pointers(check) -> list[Pointer]:
    """`{% for p in check|pointers %}`: where the check found each component, in the page's
    language, linked to the PDF page or HTML anchor where a browser can open it."""
    return page_pointers(check, getattr(check, "url", ""))


@register.filter
def nacc_verdict(items: dict, code: str) -> str:
    """ "pass" or "fail" for an item NACC scored in the imported results, "" when it did not."""
    score = (items or {}).get(code)
    if score is None:
        return ""
    return "pass" if score >= 100 else "fail"


@register.filter
def verdict_th(verdict: str) -> str:
    return (VERDICT_TH if _thai() else VERDICT_EN).get(verdict, verdict)


# What an item's year rule (criteria `oit_year_rules`) asks, as the checklist says it.
YEAR_RULE_TH = {
    "previous": "หลักฐานต้องเป็นของปี {before} (รายงานของปีก่อน)",
    "current_or_covering": "หลักฐานเป็นของปี {year} หรือแผนหลายปีที่ครอบคลุมปี {year}",
}
YEAR_RULE_EN = {
    "previous": "the evidence must be of {before} (the previous year's report)",
    "current_or_covering": "the evidence is of {year}, or a multi-year plan covering {year}",
}


@register.filter
def rule_of(rules: dict, code: str) -> str:
    return (rules or {}).get(code, "current")


@register.filter
def year_rule_th(rule: str, year: int) -> str:
    """What a `previous` or `current_or_covering` item asks of its evidence's year; "" for a
    `current` item (the year of the checklist goes without saying)."""
    text = (YEAR_RULE_TH if _thai() else YEAR_RULE_EN).get(rule, "")
    return text.format(year=year, before=int(year) - 1)
