"""Who is acting: the signed-in user of a request, or the command-line command being run.

A context variable, so threads and async tasks each see their own. The user is read only when an
entry is written, so a request that changes nothing costs no extra query.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_acting: ContextVar[tuple[object, str] | None] = ContextVar("prongsai_audit_acting", default=None)


@contextmanager
def acting(*, request=None, source: str = "") -> Iterator[None]:
    token = _acting.set((request, source))
    try:
        yield
    finally:
        _acting.reset(token)


def current_actor() -> tuple[object | None, str]:
    """(the signed-in user or None, the command or "")."""
    acting_now = _acting.get()
    if acting_now is None:
        return None, ""
    request, source = acting_now
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None, source
    return user, source
