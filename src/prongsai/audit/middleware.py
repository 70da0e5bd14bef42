"""Every change made during a request is attributed to the signed-in user."""

from __future__ import annotations

from prongsai.audit.context import acting


class AuditActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting(request=request):
            return self.get_response(request)
