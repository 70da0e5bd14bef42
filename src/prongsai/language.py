"""The language a user chose governs every page, also the ones reached without ``/en/``.

Thai is the default and its pages have no prefix (``i18n_patterns(prefix_default_language=
False)``); English pages live under ``/en/``. Django's LocaleMiddleware serves every unprefixed
page in Thai whatever the user chose, so a link, a bookmark, a QR code or a redirect without the
prefix would drop an English reader back into Thai. :class:`ChosenLanguageMiddleware` sends a
request for an unprefixed page, from someone whose language cookie (set by the language switch,
Django's ``set_language``) names another language, to the same page under that language's
prefix: 302 for GET/HEAD, 307 for the other methods (the browser repeats the POST with its body,
so public forms keep working without JavaScript). Paths outside the language patterns
(``/i18n/setlang/``, ``/healthz``) and unknown pages (the error pages are in both languages) are
left alone. The cookie alone counts: a browser's Accept-Language does not move a Thai reader.

:func:`set_language` is Django's language switch, with the language of the page it returns to
active while it translates that page's address, so choosing Thai on ``/en/x/`` lands on ``/x/``
(Django's own resolves ``/en/x/`` with Thai active, fails, and stays on the English page).
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.http.response import HttpResponseRedirectBase
from django.urls import get_script_prefix, is_valid_path
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_protect
from django.views.i18n import set_language as django_set_language

from prongsai import thai


class HttpResponseTemporaryRedirect(HttpResponseRedirectBase):
    """307: the method and the body are kept (a form POST is posted again to the new place)."""

    status_code = 307


def english_page() -> bool:
    """True while an English page (or anything made for one) is being rendered."""
    return (translation.get_language() or "th").startswith("en")


def page_date(day) -> str:
    """A date as the page's reader expects it, the year Buddhist-era either way:
    '1 ตุลาคม 2568' on Thai pages, '1 October 2568' on English ones. A moment is dated where
    the reader is (Asia/Bangkok), not in UTC: 02:00 there is already the next day."""
    day = local_day(day)
    return thai.english_be_date(day) if english_page() else thai.thai_date(day, thai_digits=False)


def local_day(value):
    """The local date of an aware datetime; anything else as it is."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).date()
    return value


def chosen_language(request) -> str | None:
    """The non-default language the user's cookie names, or None."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if not code or code == settings.LANGUAGE_CODE or code not in dict(settings.LANGUAGES):
        return None
    return code


@csrf_protect
def set_language(request):
    next_url = request.POST.get("next", request.GET.get("next")) or request.META.get(
        "HTTP_REFERER", ""
    )
    page_language = translation.get_language_from_path(urlsplit(next_url).path)
    if page_language:
        translation.activate(page_language)
    return django_set_language(request)


def _valid(path: str, urlconf) -> bool:
    return is_valid_path(path, urlconf) or (
        settings.APPEND_SLASH and not path.endswith("/") and is_valid_path(path + "/", urlconf)
    )


class ChosenLanguageMiddleware:
    """Put after LocaleMiddleware (which has activated Thai for an unprefixed path)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self.redirect(request)
        if redirect is not None:
            return redirect
        return self.get_response(request)

    def redirect(self, request):
        code = chosen_language(request)
        if code is None or translation.get_language_from_path(request.path_info):
            return None
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        with translation.override(code):  # the prefixed path resolves with its language active
            valid = _valid(f"/{code}{request.path_info}", urlconf)
        if not valid:
            return None
        script_prefix = get_script_prefix()
        target = request.get_full_path().replace(script_prefix, f"{script_prefix}{code}/", 1)
        safe = request.method in ("GET", "HEAD")
        response = (HttpResponseRedirect if safe else HttpResponseTemporaryRedirect)(target)
        patch_vary_headers(response, ("Cookie",))
        return response
