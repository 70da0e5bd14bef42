"""Login throttling with django-axes: what it stores, how two limits combine, the lock page."""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


class PrivateDatabaseHandler(AxesDatabaseHandler):
    """Axes' database handler, keeping no user agent or Accept header, with two limits.

    Axes compares one count with one limit (AXES_FAILURE_LIMIT, one account's failures). A client
    address counts the failures of every account tried from it, so its count is scaled down:
    LOGIN_CLIENT_FAILURE_LIMIT failures from one address weigh as much as the account limit. An
    office behind one address can then mistype a few passwords without locking everyone out.
    """

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is not None:
            request.axes_user_agent = ""  # not needed to lock anyone: not stored
            request.axes_http_accept = ""
        return super().user_login_failed(sender, credentials, request, **kwargs)

    def get_failures(self, request, credentials: dict | None = None) -> int:
        by_account, by_client = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        account_limit = settings.AXES_FAILURE_LIMIT
        client_limit = max(settings.LOGIN_CLIENT_FAILURE_LIMIT, 1)
        return max(by_account, by_client * account_limit // client_limit)


def locked_out(request, original_response=None, credentials=None):
    """The login page again, with the lock explained (429): the admin login shows it too."""
    context = {"locked": True, "minutes": settings.LOGIN_LOCK_MINUTES}
    context["next"] = request.POST.get("next", "") if request.method == "POST" else ""
    return render(request, "registration/login.html", context, status=429)


def username(request, credentials: dict | None = None) -> str | None:
    """The user name typed, as axes counts it: cut to a user name's length, because axes keeps it
    in a 255-character column (a 5,000-character name was a database error on PostgreSQL)."""
    source = credentials if credentials else getattr(request, "data", request.POST)
    typed = source.get("username") if source else None
    return typed[:150] if isinstance(typed, str) else typed
