"""The backup archive: a tar.gz of the database dump, the media files, maybe the keys, and a
manifest (JSON) with the versions, the migration state, the row counts and a sha256 of every
other member.

    manifest.json            what is inside, written last
    database.sqlite3 | database.sql
    media/<path>             every file under MEDIA_ROOT
    keys/<name>              the data directory's key files, only with --include-keys

Checksums catch a damaged archive; they do not stop someone who can rewrite the archive (the
manifest could be rewritten too): keep backups where only the operator can write.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tarfile
import zlib
from pathlib import Path

from prongsai.ops.errors import Failed, Refused

FORMAT = 1
MANIFEST = "manifest.json"
# Key files the installation generates into the data directory (secret key, field keys).
KEY_PATTERNS = ("secret_key*", "field_key*", "*.key")
KEPT_ASIDE = ".before-restore"
MEMBER_NAME = re.compile(r"^(manifest\.json|database\.(sqlite3|sql)|media/.+|keys/[^/]+)$")
CHUNK = 1 << 20
MANIFEST_LIMIT = 64 << 20  # a manifest lists files; it is never this large
DAMAGED = "ไฟล์สำรองเสียหายหรือไม่ใช่ไฟล์สำรองของโปร่งใส (a damaged archive, or not a Prongsai backup)"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def key_files(data_dir: Path) -> list[Path]:
    """The key files in the data directory (none yet on an installation that sets its keys)."""
    found = set()
    for pattern in KEY_PATTERNS:
        found.update(p for p in data_dir.glob(pattern) if p.is_file() and KEPT_ASIDE not in p.name)
    return sorted(found)


def media_files(media_root: Path) -> list[tuple[str, Path]]:
    """(archive name, path) of every regular file under MEDIA_ROOT; links are not followed."""
    if not media_root.is_dir():
        return []
    found = []
    for path in sorted(media_root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found.append(("media/" + path.relative_to(media_root).as_posix(), path))
    return found


class _Hashing(io.RawIOBase):
    """Reads exactly `size` bytes of a file, hashing them on the way into the archive."""

    def __init__(self, handle, size: int):
        self.handle, self.left, self.digest = handle, size, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        data = self.handle.read(n)
        self.left -= len(data)
        self.digest.update(data)
        return data


def _tarinfo(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    # The day only: a file's time of day could date a complaint's filing.
    info.mtime = int(mtime) - int(mtime) % 86400
    info.mode = 0o600
    return info


def write_archive(out: Path, manifest: dict, members: list[tuple[str, Path]]) -> None:
    """Write the members, record each one's sha256 in the manifest, then the manifest."""
    files = manifest.setdefault("files", {})
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        for name, path in members:
            with path.open("rb") as handle:
                stat = path.stat()
                reader = _Hashing(handle, stat.st_size)
                tar.addfile(_tarinfo(name, stat.st_size, stat.st_mtime), reader)
                files[name] = reader.digest.hexdigest()
        data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        tar.addfile(_tarinfo(MANIFEST, len(data), 0), io.BytesIO(data))


def _check_member(member: tarfile.TarInfo) -> None:
    parts = member.name.split("/")
    if (
        not member.isfile()
        or not MEMBER_NAME.match(member.name)
        or any(part in ("", ".", "..") for part in parts)
    ):
        raise Refused(f"{DAMAGED}: {member.name!r}")


def _stream_digest(stream) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _valid_manifest(manifest) -> dict:
    ok = (
        isinstance(manifest, dict)
        and manifest.get("format") == FORMAT
        and isinstance(manifest.get("engine"), str)
        and isinstance(manifest.get("files"), dict)
        and isinstance(manifest.get("tables"), dict)
        and isinstance(manifest.get("migrations"), dict)
        and isinstance(manifest["migrations"].get("applied"), dict)
        and isinstance(manifest.get("keys"), dict)
    )
    if not ok:
        raise Refused(f"{DAMAGED}: manifest.json")
    return manifest


def read_manifest(path: Path) -> dict:
    """Read the manifest and check every member against it, writing nothing anywhere."""
    manifest, digests = None, {}
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                _check_member(member)
                stream = tar.extractfile(member)
                if member.name == MANIFEST:
                    if member.size > MANIFEST_LIMIT:
                        raise Refused(f"{DAMAGED}: manifest.json")
                    manifest = json.loads(stream.read().decode("utf-8"))
                else:
                    digests[member.name] = _stream_digest(stream)
    except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError) as exc:
        raise Refused(f"{DAMAGED}: {exc}") from exc
    manifest = _valid_manifest(manifest)
    expected = manifest["files"]
    missing = sorted(set(expected) - set(digests))
    extra = sorted(set(digests) - set(expected))
    wrong = sorted(n for n in set(expected) & set(digests) if expected[n] != digests[n])
    if missing or extra or wrong:
        detail = "; ".join(
            f"{label}: {', '.join(names[:5])}"
            for label, names in (
                ("ไม่มีในไฟล์ (missing)", missing),
                ("ไม่อยู่ในรายการ (not listed)", extra),
                ("checksum ไม่ตรง (checksum mismatch)", wrong),
            )
            if names
        )
        raise Refused(f"{DAMAGED}: {detail}")
    return manifest


def extract(path: Path, manifest: dict, staging: Path) -> None:
    """Write every member under `staging`, checking each sha256 again as it is written."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                _check_member(member)
                if member.name == MANIFEST:
                    continue
                target = staging / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                stream = tar.extractfile(member)
                with target.open("wb") as handle:
                    while chunk := stream.read(CHUNK):
                        digest.update(chunk)
                        handle.write(chunk)
                target.chmod(0o600)
                os.utime(target, (member.mtime, member.mtime))
                if digest.hexdigest() != manifest["files"].get(member.name):
                    raise Failed(f"{DAMAGED}: {member.name}")
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise Failed(f"{DAMAGED}: {exc}") from exc
