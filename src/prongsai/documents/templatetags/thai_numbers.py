"""Numbers the printed (PDF) templates write themselves, in the document's digits."""

from __future__ import annotations

from django import template

from prongsai import thai

register = template.Library()


@register.filter
def digits(value, thai_digits=True) -> str:
    """``value`` as text in Thai digits (๑๒) when ``thai_digits`` is true, else Arabic (12).

    For numbers a template counts itself, such as ``forloop.counter``:
    ``{{ forloop.counter|digits:thai_digits }}``. ``numerals`` covers single digits only.
    """
    text = str(value)
    return thai.to_thai_digits(text) if thai_digits else thai.to_arabic_digits(text)
