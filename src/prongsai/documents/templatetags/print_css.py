"""Filters for the printed (PDF) document templates."""

from __future__ import annotations

import re

from django import template

register = template.Library()

_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@register.filter
def css_color(value) -> str:
    """The value when it is a ``#rrggbb`` colour, else ``transparent``.

    For colours that come with the data (a risk level's) and go into a ``style`` attribute:
    anything else could smuggle other CSS in.
    """
    text = str(value or "")
    return text if _HEX_COLOUR.fullmatch(text) else "transparent"
