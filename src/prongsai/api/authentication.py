"""`Authorization: Bearer prs_…` (or `Token prs_…`): an API token, by the hash of its text."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from prongsai.api.models import ApiToken

KEYWORDS = (b"bearer", b"token")


class TokenAuthentication(authentication.BaseAuthentication):
    """The request's `auth` is the ApiToken; its `user` stays anonymous (a token is no person):
    access is decided by the token's scope (api/access.py)."""

    def authenticate(self, request):
        words = authentication.get_authorization_header(request).split()
        if not words or words[0].lower() not in KEYWORDS:
            return None
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(_("Give one token after Bearer."))
        try:
            text = words[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token.")) from None
        token = ApiToken.objects.find(text)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        now = timezone.now()
        if token.last_used is None or now - token.last_used > timedelta(minutes=5):
            # At most one write every few minutes per token, and no audit entry for it.
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
            token.last_used = now
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class TokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI description names the token: HTTP bearer."""

    target_class = TokenAuthentication
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "prs_… from the organisation's API tokens page or `prongsai api token`",
        }
