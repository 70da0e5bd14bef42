from __future__ import annotations

from rest_framework import permissions

from prongsai.api.access import token_of


class ApiAccess(permissions.BasePermission):
    """A token or a signed-in user; what they reach is decided per organisation (access.py)."""

    def has_permission(self, request, view):
        return token_of(request) is not None or bool(request.user and request.user.is_authenticated)
