"""16-digit receipts: random, shown once, stored only as a keyed hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.cache import cache

RECEIPT_DIGITS = 16
WRONG_RECEIPT_LIMIT = 10  # wrong tries per hour from one (hashed) address before we refuse
WINDOW = 3600


def new_receipt() -> str:
    """16 random digits from the OS's CSPRNG: not derived from time, sequence or content."""
    return f"{secrets.randbelow(10**RECEIPT_DIGITS):0{RECEIPT_DIGITS}d}"


def normalise(receipt: str) -> str:
    return "".join(ch for ch in receipt if ch.isdigit())


def receipt_hash(receipt: str) -> str:
    key = f"prongsai-receipt:{settings.SECRET_KEY}".encode()
    return hmac.new(key, normalise(receipt).encode(), hashlib.sha256).hexdigest()


def format_receipt(receipt: str) -> str:
    return " ".join(receipt[i : i + 4] for i in range(0, len(receipt), 4))


def _address_key(address: str) -> str:
    salt = cache.get_or_set("complaints-salt", secrets.token_hex(16), 86400)
    return "receipt-tries:" + hashlib.sha256(f"{salt}:{address}".encode()).hexdigest()


def too_many_wrong_tries(address: str) -> bool:
    return (cache.get(_address_key(address)) or 0) >= WRONG_RECEIPT_LIMIT


def record_wrong_try(address: str) -> None:
    key = _address_key(address)
    cache.add(key, 0, WINDOW)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW)
