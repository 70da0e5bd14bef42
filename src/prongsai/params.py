"""Reading a request's query parameters and path years: one way, never a 500.

A view asks for a year, a whole number or one of a few choices from ``request.GET``. A value
that is not one (``?year=abc``, ``-1``, a 20-digit number, ``?year=2568&year=2569``) raises
:class:`BadParameter`; :class:`BadParameterMiddleware` answers it, on every page and download
alike, with status 400 and a Thai page that names the parameter, says what it accepts and links
to the same page without the query string (its default). An empty value means the default.

Years in paths go through :class:`YearConverter` (``<year:year>``): a year outside
:data:`MIN_YEAR`–:data:`MAX_YEAR` does not match, so it is a 404 like any unknown page; free
text in paths through :class:`TextConverter` (``<text:…>``), which refuses control characters.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

# The Buddhist-era (fiscal) years Prongsai works with; a Gregorian year is refused by them.
MIN_YEAR, MAX_YEAR = 2500, 2700
_SHOWN = 40  # characters of a rejected value quoted back on the page


class BadParameter(BadRequest):
    """A query parameter the view cannot use; ``message`` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _shown(value: str) -> str:
    value = value.replace("\x00", "")
    return value if len(value) <= _SHOWN else value[:_SHOWN] + "…"


def _raw(request, name: str, label) -> str:
    """The parameter's one value, stripped ("" when absent); different repeated values refuse."""
    values = {v.strip() for v in request.GET.getlist(name)}
    if len(values) > 1:
        raise BadParameter(
            _("%(label)s was given more than once with different values.") % {"label": label}
        )
    return values.pop() if values else ""


def year_param(
    request, default: int, *, name: str = "year", lo: int = MIN_YEAR, hi: int = MAX_YEAR
) -> int:
    """A Buddhist-era year from ``lo`` to ``hi``; ``default`` when the parameter is empty."""
    raw = _raw(request, name, _("The fiscal year"))
    if not raw:
        return default
    return parse_year(raw, lo=lo, hi=hi)


def parse_year(raw: str, *, lo: int = MIN_YEAR, hi: int = MAX_YEAR) -> int:
    """A Buddhist-era year written in Thai or Arabic digits, or BadParameter."""
    raw = raw.strip()
    # isdecimal() accepts Thai digits (๒๕๖๘), which int() reads; it refuses signs, dots, "1e3".
    if not raw.isdecimal() or len(raw) > 4 or not lo <= int(raw) <= hi:
        raise BadParameter(
            _(
                "“%(value)s” is not a fiscal year here: give a Buddhist-era year from %(min)s to %(max)s."
            )
            % {"value": _shown(raw), "min": lo, "max": hi}
        )
    return int(raw)


def choice_param(request, name: str, choices: Iterable[str], *, label, default=None):
    """One of ``choices`` (compared as text); ``default`` when the parameter is empty."""
    raw = _raw(request, name, label)
    if not raw:
        return default
    allowed = [str(c) for c in choices]
    if raw not in allowed:
        raise BadParameter(
            _("“%(value)s” is not a valid %(label)s: choose one of %(choices)s.")
            % {"value": _shown(raw), "label": label, "choices": ", ".join(allowed) or "–"}
        )
    return raw


class BadParameterMiddleware:
    """Answers :class:`BadParameter` with a 400 page in Thai; an htmx request gets the message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, BadParameter):
            return None
        template = "partials/bad_parameter.html" if getattr(request, "htmx", False) else (
            "bad_parameter.html"
        )  # fmt: skip
        return render(request, template, {"message": exception.message}, status=400)


class YearConverter:
    """``<year:…>`` in a path: a Buddhist-era year Prongsai knows, else no match (404)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"year {year} is outside {MIN_YEAR}-{MAX_YEAR}")
        return year

    def to_url(self, value: int) -> str:
        return str(self.to_python(str(value)))  # reverse() of a year outside the range fails too


class TextConverter:
    """``<text:…>`` in a path: any text but a slash or a control character.

    Like ``<str:…>``, which also lets NUL through, and PostgreSQL refuses NUL in a query (a 500).
    """

    regex = "[^/\x00-\x1f\x7f]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
