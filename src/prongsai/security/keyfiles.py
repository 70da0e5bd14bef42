"""Keys kept in the data directory when the operator does not set them: made once, mode 0600.

Settings import this module, so it uses nothing from Django but its exception.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

SECRET_KEY_FILE = "secret_key"
FIELD_KEYS_FILE = "field_keys"
FIX = "Set PRONGSAI_DATA_DIR to a writable directory, or set the key in the environment."


def read_or_create(path: Path, make: Callable[[], str]) -> str:
    """The text in `path`; the first caller writes make() there (0600) and every caller reads it."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        text = ""
    except OSError as exc:
        raise ImproperlyConfigured(f"cannot read {path}: {exc.strerror}. {FIX}") from None
    if text:
        return text
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_private(path, make() + "\n", exclusive=True)
    except FileExistsError:
        pass  # another process made it first: use theirs
    except OSError as exc:
        raise ImproperlyConfigured(f"cannot create {path}: {exc.strerror}. {FIX}") from None
    return path.read_text(encoding="ascii").strip()


def write_private(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write `text` readable by the owner only, whole or not at all (a reader never sees half).

    exclusive: FileExistsError if `path` exists (link is atomic), else the file is replaced.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if exclusive:
            os.link(temporary, path)
        else:
            os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def secret_key(data_dir: Path) -> str:
    """Django's SECRET_KEY from the data directory, made on first use."""
    return read_or_create(data_dir / SECRET_KEY_FILE, lambda: secrets.token_urlsafe(50))
