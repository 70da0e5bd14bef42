"""`prongsai backup OUT.tar.gz`: the database snapshot first, then the media files, then the
manifest, written to a temporary file that is renamed into place only when complete.

Files uploaded after the snapshot may be in the archive without a row (harmless); files a row
refers to were there when the snapshot was taken, unless deleted in between (a purge).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import django
from django.conf import settings
from django.db import DatabaseError, connections

from prongsai.ops import archive, database
from prongsai.ops.errors import Failed, Refused

KEYS_LEFT_OUT = (
    "คำเตือน: ไฟล์สำรองนี้ไม่มีกุญแจ เก็บไฟล์กุญแจ {files} (หรือค่า SECRET_KEY และ "
    "PRONGSAI_FIELD_KEYS) แยกจากไฟล์สำรองในที่ปลอดภัย หากไม่มีกุญแจจะอ่านตัวตนผู้ร้องเรียนไม่ได้ "
    "(Warning: this backup holds no keys. Keep the key files {files} (or the values of "
    "SECRET_KEY and PRONGSAI_FIELD_KEYS) apart from the backups, somewhere safe: without them "
    "complainants' identities cannot be read.)"
)
KEYS_INCLUDED = (
    "คำเตือน: ไฟล์สำรองนี้มีกุญแจเข้ารหัสอยู่ด้วย ผู้ใดได้ไฟล์นี้ไปจะอ่านตัวตนผู้ร้องเรียนได้ "
    "เก็บไว้ในที่ปลอดภัยเท่านั้น (Warning: this backup holds the encryption keys: whoever has "
    "it can read complainants' identities. Keep it somewhere safe.)"
)


@dataclass
class BackupReport:
    path: Path
    tables: int
    rows: int
    files: int
    warnings: list[str] = field(default_factory=list)


def prongsai_version() -> str:
    try:
        return version("prongsai")
    except PackageNotFoundError:
        return "unknown"


def make_backup(out: Path, *, include_keys: bool = False, using: str = "default") -> BackupReport:
    out = Path(out).absolute()
    if out.exists():
        raise Refused(f"มีไฟล์ {out} อยู่แล้ว ไม่เขียนทับ ({out} exists: not overwritten)")
    if out.is_relative_to(Path(settings.MEDIA_ROOT).absolute()):
        raise Refused(
            f"เก็บไฟล์สำรองไว้นอกโฟลเดอร์ไฟล์ {settings.MEDIA_ROOT} (write the backup outside "
            "the media directory: it would back itself up)"
        )
    if not out.parent.is_dir():
        raise Refused(f"ไม่พบโฟลเดอร์ {out.parent} (no such directory)")
    connection = connections[using]
    engine = database.check_engine(connection)
    dump_name = database.SUPPORTED_ENGINES[engine]
    try:
        with tempfile.TemporaryDirectory(prefix=".prongsai-backup-", dir=out.parent) as work:
            dump = Path(work) / dump_name
            if engine == "sqlite":
                snapshot = database.snapshot_sqlite(connection, dump)
            else:
                snapshot = database.snapshot_postgresql(connection, dump)
            keys = archive.key_files(Path(settings.DATA_DIR)) if include_keys else []
            media = archive.media_files(Path(settings.MEDIA_ROOT))
            manifest = {
                "format": archive.FORMAT,
                "prongsai_version": prongsai_version(),
                "django_version": django.get_version(),
                "engine": engine,
                "server_version": snapshot.server_version,
                **snapshot.extra,
                "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "database": dump_name,
                "migrations": {
                    "applied": snapshot.migrations,
                    "latest": {app: names[-1] for app, names in snapshot.migrations.items()},
                },
                "tables": snapshot.counts,
                "keys": {"included": bool(keys), "files": [p.name for p in keys]},
            }
            members = [(dump_name, dump), *media, *((f"keys/{p.name}", p) for p in keys)]
            partial = Path(work) / "archive.tar.gz"
            archive.write_archive(partial, manifest, members)
            partial.chmod(0o600)  # personal data: the operator's eyes only
            os.replace(partial, out)
    except DatabaseError as exc:
        raise Failed(f"อ่านฐานข้อมูลไม่ได้ (cannot read the database): {exc}") from exc
    except OSError as exc:
        raise Failed(f"เขียนไฟล์สำรองไม่สำเร็จ (cannot write the backup): {exc}") from exc
    warnings = [KEYS_INCLUDED] if keys else [KEYS_LEFT_OUT.format(files=_key_hint())]
    return BackupReport(
        out, len(snapshot.counts), sum(snapshot.counts.values()), len(media), warnings
    )


def _key_hint() -> str:
    found = archive.key_files(Path(settings.DATA_DIR))
    if found:
        return ", ".join(str(p) for p in found)
    return str(Path(settings.DATA_DIR) / "field_keys")  # where the installation will put it
