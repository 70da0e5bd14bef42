"""{% indicator_name ind %}, {% item_text code text %}, {% rating_label assessment %}: names in
the page's language, from the `names` (ita.names.Names) the view puts in the context."""

from __future__ import annotations

from django import template

from prongsai.ita.names import Names

register = template.Library()


def _names(context) -> Names:
    return context.get("names") or Names()


@register.simple_tag(takes_context=True)
def indicator_name(context, indicator) -> str:
    return _names(context).indicator(indicator.number, indicator.name_th)


@register.simple_tag(takes_context=True)
def item_text(context, code: str, text: str) -> str:
    return _names(context).item(code, text)


@register.simple_tag(takes_context=True)
def rating_label(context, assessment) -> str:
    return _names(context).rating(assessment.rating_code, assessment.rating_th)
