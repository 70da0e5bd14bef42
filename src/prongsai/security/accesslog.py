"""gunicorn's access log without what could link a person to a survey answer or a complaint.

No client address, user agent, referrer or query string, ever (a survey link's query string can
carry a one-time code, and its referrer repeats it). The public survey and complaint pages
(/s/…, /c/…, with or without a language prefix) are logged as their area only: a dated line
"POST /s/…" shows load, not which survey was answered or which organisation received a complaint.
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

PUBLIC_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?([sc])/")
NEVER = ("h", "a", "f", "q", "{remote_addr}e", "{http_x_forwarded_for}e", "{x-forwarded-for}i")
PATH_ENVIRON = ("{path_info}e", "{raw_uri}e", "{request_uri}e", "{query_string}e")


def logged_path(path: str) -> str:
    match = PUBLIC_PATH.match(path or "")
    return f"/{match.group(1)}/…" if match else path


class PrivateAccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in NEVER:
            atoms[key] = "-"
        path = logged_path(environ.get("PATH_INFO", ""))
        atoms["U"] = path
        atoms["r"] = f"{environ.get('REQUEST_METHOD')} {path} {environ.get('SERVER_PROTOCOL')}"
        for key in PATH_ENVIRON:
            atoms.pop(key, None)
        return atoms
