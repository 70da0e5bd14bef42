"""One-use form nonces: a double tap or the back button must not file a form twice.

A form carries a fresh random nonce; what is stored is only a hash of it scoped to the thing
filed into (a survey, an organisation's complaint box), so the stored value says nothing about
the response or complaint it guarded.
"""

from __future__ import annotations

import hashlib
import secrets


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def nonce_hash(scope: object, nonce: str) -> str:
    return hashlib.sha256(f"{scope}:{nonce}".encode()).hexdigest()
