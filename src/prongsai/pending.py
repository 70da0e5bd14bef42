"""An import uploaded on a page, checked and previewed, waiting in the session for the user's
confirmation.

`read_upload` hands the uploaded file to an importer and turns its ScoringInputError into the
Thai lines (row, column) the page shows.

The preview page carries a one-time token; the confirming (or cancelling) POST sends it back.
Whatever the answer, the held data is dropped, so a preview is confirmed at most once; a token
that does not match (another tab, a stale page) finds nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from prongsai.scoring.errors import ScoringInputError
from prongsai.spreadsheets import uploaded_path

CONFIRM, CANCEL = "confirm", "cancel"


def hold(session, key: str, data: Any) -> str:
    """Keep `data` (JSON-serialisable) under `key`; returns the token the preview carries."""
    token = secrets.token_urlsafe(16)
    session[key] = {"token": token, "data": data}
    return token


def answers(request) -> bool:
    """The POST answers a preview (its confirm or cancel button)."""
    return request.method == "POST" and (CONFIRM in request.POST or CANCEL in request.POST)


def take(request, key: str) -> tuple[str, Any] | None:
    """(CONFIRM or CANCEL, the held data) when the POST's token is the held one, else None."""
    held = request.session.get(key)
    answer = CONFIRM if CONFIRM in request.POST else CANCEL
    token = request.POST.get(answer) or ""
    if not held or not secrets.compare_digest(held["token"], token):
        return None
    del request.session[key]
    return answer, held["data"]


def read_upload(upload, read: Callable, *args) -> tuple[Any, list[str]]:
    """(`read(path, *args, upload's name)`, no problems), or (None, every problem as a line)."""
    with uploaded_path(upload) as path:
        try:
            return read(path, *args, upload.name), []
        except ScoringInputError as exc:
            return None, exc.lines()
