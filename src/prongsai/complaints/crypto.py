"""Encryption at rest of complainants' identities: Fernet keys of their own, rotated with MultiFernet.

The keys are PRONGSAI_FIELD_KEYS (comma-separated Fernet keys, newest first) or, when that is
unset, the key file in the data directory (one key a line, newest first; made on first use, mode
0600). They are never derived from SECRET_KEY: rotating the secret key leaves identities
readable, and a database or backup taken without the key file reveals no identity. The newest key
encrypts; every listed key decrypts; `prongsai complaints rotate-key` adds a key in front and
re-encrypts every identity with it.

The key file is read on every use, so a running server sees a rotation at once.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from prongsai.security import keyfiles


def new_key() -> str:
    return Fernet.generate_key().decode()


def keys_from_environment() -> bool:
    return bool(settings.FIELD_KEYS)


def keys() -> tuple[str, ...]:
    """The field keys, newest first."""
    if keys_from_environment():
        return tuple(settings.FIELD_KEYS)
    text = keyfiles.read_or_create(settings.FIELD_KEYS_FILE, new_key)
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def add_key_to_file() -> str:
    """Put a new key in front of the key file (the old ones stay, to read older backups)."""
    key = new_key()
    keyfiles.write_private(settings.FIELD_KEYS_FILE, "\n".join((key, *keys())) + "\n")
    return key


@lru_cache(maxsize=4)
def _multi(key_list: tuple[str, ...]) -> MultiFernet:
    fernets = []
    for n, key in enumerate(key_list, 1):
        try:
            fernets.append(Fernet(key.encode()))
        except ValueError:
            where = "PRONGSAI_FIELD_KEYS" if keys_from_environment() else settings.FIELD_KEYS_FILE
            raise ImproperlyConfigured(
                f"field key {n} in {where} is not a Fernet key (32 url-safe base64 bytes)"
            ) from None
    return MultiFernet(fernets)


def fernet() -> MultiFernet:
    return _multi(keys())


# Fernet writes the encryption time into every token, in clear: the identity of a named complaint
# would date its filing to the second. Tokens carry this fixed time instead (decryption ignores
# it, and MultiFernet.rotate keeps it).
TOKEN_TIME = 0


def encrypt(text: str) -> bytes:
    return fernet().encrypt_at_time(text.encode(), TOKEN_TIME) if text else b""


def decrypt(token: bytes) -> str:
    return fernet().decrypt(bytes(token)).decode() if token else ""


def rotate(token: bytes) -> bytes:
    """The same text encrypted with the newest key (InvalidToken if no key reads it)."""
    return fernet().rotate(bytes(token)) if token else b""
