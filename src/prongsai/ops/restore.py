"""`prongsai restore IN.tar.gz`: check everything first, then replace the database, the media
files and (when the backup holds them) the keys, then migrate.

Refused before anything is touched: a damaged archive (any checksum), a backup of the other
database engine, a backup whose migrations this code does not know (made by a newer Prongsai),
and, unless --force, a target database or media directory that holds data. Files are written
to a staging directory beside MEDIA_ROOT and moved into place by renaming.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from prongsai.ops import archive, database
from prongsai.ops.errors import Failed, Refused

NO_KEYS = (
    "ไฟล์สำรองนี้ไม่มีกุญแจ: นำไฟล์กุญแจที่เก็บแยกไว้ (secret_key, field_keys) มาวางใน {data_dir} "
    "หรือตั้ง SECRET_KEY และ PRONGSAI_FIELD_KEYS ก่อนเริ่มระบบ มิฉะนั้นจะอ่านตัวตนผู้ร้องเรียนไม่ได้ "
    "(this backup holds no keys: put the key files you kept apart (secret_key, field_keys) into "
    "{data_dir}, or set SECRET_KEY and PRONGSAI_FIELD_KEYS, before starting the server; without "
    "them complainants' identities cannot be read)"
)


@dataclass
class RestoreReport:
    tables: int
    rows: int
    files: int
    keys: list[str]
    migrations_applied: int
    warnings: list[str] = field(default_factory=list)


def check_engine(manifest: dict, connection) -> str:
    engine = database.check_engine(connection)
    source = manifest["engine"]
    if source != engine:
        names = database.ENGINE_NAMES
        raise Refused(
            f"ไฟล์สำรองนี้มาจากฐานข้อมูล {names.get(source, source)} แต่ปลายทางเป็น "
            f"{names[engine]}: กู้คืนข้ามชนิดฐานข้อมูลไม่ได้ (this backup is from "
            f"{names.get(source, source)}, the target is {names[engine]}: restoring across "
            "database engines is not supported)"
        )
    if manifest.get("database") != database.SUPPORTED_ENGINES[engine]:
        raise Refused(f"{archive.DAMAGED}: database")
    return engine


def check_migrations(manifest: dict) -> None:
    """Refuse a database that went through migrations this code does not know."""
    applied = {
        (app, name)
        for app, names in manifest["migrations"]["applied"].items()
        for name in (names if isinstance(names, list) else [])
    }
    unknown = sorted(applied - database.known_migrations())
    if unknown:
        listed = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        made_by = manifest.get("prongsai_version", "?")
        raise Refused(
            f"ไฟล์สำรองมาจากโปร่งใสรุ่นที่ใหม่กว่า ({made_by}): ฐานข้อมูลผ่าน migration ที่รุ่นนี้ไม่รู้จัก "
            f"({listed}) ให้ปรับรุ่นโปร่งใสก่อนกู้คืน (the backup comes from a newer Prongsai "
            f"({made_by}): its database has migrations this code does not know ({listed}); "
            "upgrade Prongsai first)"
        )


def check_target(connection, media_root: Path) -> None:
    """Refuse a target that holds data (the caller skips this with --force)."""
    try:
        holding = database.rows_holding_data(connection)
    except DatabaseError as exc:
        raise Failed(f"อ่านฐานข้อมูลปลายทางไม่ได้ (cannot read the target database): {exc}") from exc
    if holding:
        tables = ", ".join(f"{t} {n}" for t, n in holding.items())
        raise Refused(
            f"ฐานข้อมูลปลายทางมีข้อมูลอยู่แล้ว ({tables}): กู้คืนได้เฉพาะฐานข้อมูลว่างหรือที่เพิ่ง migrate "
            "ใช้ --force เพื่อเขียนทับทั้งหมด (the target database holds data: restore needs an empty "
            "or freshly migrated database; --force replaces everything)"
        )
    files = archive.media_files(media_root)
    if files:
        raise Refused(
            f"โฟลเดอร์ไฟล์ {media_root} มีไฟล์อยู่แล้ว ({len(files)} ไฟล์): ใช้ --force เพื่อเขียนทับ "
            f"(the media directory {media_root} holds {len(files)} files: --force replaces them)"
        )


def prepare_directories(connection, data_dir: Path, media_root: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite" and (db_file := database.sqlite_file(connection)):
        db_file.parent.mkdir(parents=True, exist_ok=True)


def swap_media(new: Path, media_root: Path) -> None:
    """Rename the restored tree into place; the old one goes only once the new one is there."""
    new.mkdir(exist_ok=True)
    old = None
    if media_root.exists():
        old = media_root.with_name(f".{media_root.name}-replaced-{secrets.token_hex(4)}")
        os.replace(media_root, old)
    os.replace(new, media_root)
    if old is not None:
        shutil.rmtree(old)


def place_keys(keys_dir: Path, data_dir: Path) -> tuple[list[str], list[str]]:
    """Put the backup's key files in the data directory; a different key is kept aside, never
    deleted (identities encrypted with it would be lost). Returns (placed, kept aside)."""
    placed, aside = [], []
    if not keys_dir.is_dir():
        return placed, aside
    for new in sorted(keys_dir.iterdir()):
        target = data_dir / new.name
        if target.exists() and target.read_bytes() != new.read_bytes():
            keep = target.with_name(target.name + archive.KEPT_ASIDE)
            n = 1
            while keep.exists():
                n += 1
                keep = target.with_name(f"{target.name}{archive.KEPT_ASIDE}-{n}")
            os.replace(target, keep)
            aside.append(str(keep))
        os.replace(new, target)
        target.chmod(0o600)
        placed.append(new.name)
    return placed, aside


def migrate(connection, using: str) -> int:
    """Bring a restored older state up to this code; returns how many migrations ran."""
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    try:
        call_command("migrate", database=using, interactive=False, verbosity=0)
    except Exception as exc:  # any failure here must reach the operator as a message
        raise Failed(
            f"กู้คืนข้อมูลแล้วแต่ migrate ไม่สำเร็จ: แก้แล้วสั่ง prongsai migrate (the data is "
            f"restored but migrate failed: fix it and run prongsai migrate): {exc}"
        ) from exc
    return pending


def restore_backup(path: Path, *, force: bool = False, using: str = "default") -> RestoreReport:
    path = Path(path)
    if not path.is_file():
        raise Refused(f"ไม่พบไฟล์ {path} (no such file)")
    manifest = archive.read_manifest(path)
    connection = connections[using]
    engine = check_engine(manifest, connection)
    check_migrations(manifest)
    if connection.in_atomic_block:
        raise Failed("กู้คืนภายใน transaction ไม่ได้ (cannot restore inside a transaction)")
    try:
        return _restore(path, manifest, connection, engine, force=force, using=using)
    except DatabaseError as exc:
        raise Failed(f"กู้คืนฐานข้อมูลไม่สำเร็จ (the database restore failed): {exc}") from exc
    except OSError as exc:
        raise Failed(f"เขียนไฟล์ไม่สำเร็จ (cannot write the files): {exc}") from exc


def _restore(path, manifest, connection, engine, *, force, using) -> RestoreReport:
    data_dir, media_root = Path(settings.DATA_DIR), Path(settings.MEDIA_ROOT)
    prepare_directories(connection, data_dir, media_root)
    if not force:
        check_target(connection, media_root)
    psql = database.check_postgresql_target(connection, manifest) if engine == "postgresql" else ""
    staging = Path(tempfile.mkdtemp(prefix=".prongsai-restore-", dir=media_root.parent))
    try:
        archive.extract(path, manifest, staging)
        dump = staging / manifest["database"]
        if engine == "sqlite":
            database.load_sqlite(connection, dump)
        else:
            database.load_postgresql(connection, dump, psql, staging)
        with connection.cursor() as cursor:
            counts = database.row_counts(cursor, engine)
        if counts != manifest["tables"]:
            differ = sorted(
                t for t in set(counts) | set(manifest["tables"])
                if counts.get(t) != manifest["tables"].get(t)
            )  # fmt: skip
            raise Failed(
                "ข้อมูลที่กู้คืนไม่ตรงกับ manifest (the restored rows differ from the manifest): "
                + ", ".join(differ[:5])
            )
        swap_media(staging / "media", media_root)
        placed, aside = place_keys(staging / "keys", data_dir)
        applied = migrate(connection, using)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    warnings = [] if placed else [NO_KEYS.format(data_dir=data_dir)]
    warnings += [f"เก็บกุญแจเดิมไว้ที่ {p} (the previous key was kept as {p})" for p in aside]
    media = sum(1 for name in manifest["files"] if name.startswith("media/"))
    return RestoreReport(len(counts), sum(counts.values()), media, placed, applied, warnings)
