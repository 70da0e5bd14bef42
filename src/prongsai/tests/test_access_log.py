"""The server's access log: no address, no query string, no public survey or complaint path."""

from __future__ import annotations

import os
import runpy
import tempfile
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

from django.test import SimpleTestCase
from gunicorn.config import Config
from gunicorn.util import load_class

GUNICORN_CONF = Path(__file__).resolve().parents[3] / "gunicorn.conf.py"
CLIENT = "198.51.100.31"


class AccessLogTests(SimpleTestCase):
    def logged(self, method: str, path: str, query: str = "") -> str:
        """One request through gunicorn's logger as gunicorn.conf.py sets it up; the line written."""
        with mock.patch.dict(os.environ, {"PRONGSAI_WORKERS": "1"}):
            conf = runpy.run_path(str(GUNICORN_CONF))
        with tempfile.TemporaryDirectory() as tmp:
            log_file = Path(tmp) / "access.log"
            cfg = Config()
            cfg.set("accesslog", str(log_file))
            cfg.set("access_log_format", conf["access_log_format"])
            logger = load_class(conf.get("logger_class", "gunicorn.glogging.Logger"))(cfg)
            environ = {
                "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
                "RAW_URI": f"{path}?{query}" if query else path, "SERVER_PROTOCOL": "HTTP/1.1",
                "REMOTE_ADDR": CLIENT, "HTTP_USER_AGENT": "Phone/1", "HTTP_REFERER": path,
            }  # fmt: skip
            response = SimpleNamespace(status="302 Found", sent=0, headers=[])
            request = SimpleNamespace(headers=[("X-FORWARDED-FOR", CLIENT)])
            logger.access(response, request, environ, timedelta(milliseconds=12))
            for handler in logger.access_log.handlers:
                handler.flush()
            return log_file.read_text()

    def test_public_survey_and_complaint_posts_leave_no_path(self):
        for path in (
            "/s/Xq7-token/", "/en/s/Xq7-token/", "/c/org-a/", "/en/c/org-a/follow-up/",
        ):  # fmt: skip
            with self.subTest(path=path):
                line = self.logged("POST", path)
                self.assertIn('"POST /', line)
                self.assertNotIn("Xq7-token", line)
                self.assertNotIn("org-a", line)
                self.assertNotIn(CLIENT, line)

    def test_no_query_string_or_address_ever_and_other_paths_are_kept(self):
        line = self.logged("GET", "/o/org-a/surveys/", "c=CODE1234")
        self.assertIn("/o/org-a/surveys/", line)
        self.assertNotIn("CODE1234", line)
        self.assertNotIn(CLIENT, line)
        self.assertNotIn("Phone/1", line)
