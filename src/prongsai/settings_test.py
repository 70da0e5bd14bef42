"""Settings for the test suite: production settings with a throwaway key and a fast hasher."""

from __future__ import annotations

import os
import socket
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("PRONGSAI_DATA_DIR", tempfile.mkdtemp(prefix="prongsai-test-"))

from prongsai.settings import *  # noqa: E402,F403

# Each test run its own LibreOffice conversion server: runs side by side must not share one.
with socket.socket() as _probe:
    _probe.bind(("127.0.0.1", 0))
    LIBREOFFICE_PORT = _probe.getsockname()[1]

# Tests talk plain HTTP to the test client.
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
