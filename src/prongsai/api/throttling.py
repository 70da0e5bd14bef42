"""One request budget per token (or signed-in user, or client address), as DRF throttles it.

The rate is the setting PRONGSAI_API_RATE ('600/minute' by default, 'off' for none), read on
each request so that a changed setting applies without restarting the class.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from prongsai.api.access import token_of
from prongsai.security.clientaddr import client_address


class ApiRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        rate = settings.API_RATE
        return None if rate in ("", "off") else rate

    def __init__(self):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_cache_key(self, request, view):
        token = token_of(request)
        if token is not None:
            ident = f"token-{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"addr-{client_address(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        return super().allow_request(request, view)
