"""Shared by every test: each test starts and ends in the default language (Thai).

A request for an English page activates English in the thread that handles it, and the test
client handles requests in the test's own thread: without this, a test that followed a redirect
to `/en/…` would leave the next test reversing URLs with the English prefix."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def default_language():
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
