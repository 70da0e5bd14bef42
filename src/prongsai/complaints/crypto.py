"""Encryption at rest of complainants' identities: Fernet with a key from the environment.

PRONGSAI_FIELD_KEY (a Fernet key) should be set in production and kept apart from the database
backups; without it a key is derived from SECRET_KEY, so a stolen database alone reveals nothing.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet
from django.conf import settings


@cache
def _fernet(key: str) -> Fernet:
    if key:
        return Fernet(key.encode())
    derived = hashlib.sha256(f"prongsai-field-key:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def fernet() -> Fernet:
    return _fernet(getattr(settings, "FIELD_KEY", ""))


def encrypt(text: str) -> bytes:
    return fernet().encrypt(text.encode()) if text else b""


def decrypt(token: bytes) -> str:
    return fernet().decrypt(bytes(token)).decode() if token else ""
