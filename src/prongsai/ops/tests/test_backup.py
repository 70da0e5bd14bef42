"""Backup and restore, on the database the suite runs on (SQLite, then PostgreSQL).

The round trip runs `prongsai restore` as an operator would, in a new process, against a new
database (a fresh file, or a PostgreSQL database made for the test) and a new data directory,
then compares every table's rows (all columns, as the database prints them) and every file's
bytes. Refusals are checked in place against the suite's own (freshly migrated) database.
"""

from __future__ import annotations

import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from PIL import Image

from prongsai.complaints.intake import file_complaint
from prongsai.demo.site import load_demo
from prongsai.documents.models import DocumentTemplate
from prongsai.oit.models import Evidence
from prongsai.ops.database import rows_holding_data
from prongsai.orgs.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)
ENGINE = connection.vendor
ON_POSTGRESQL = pytest.mark.skipif(ENGINE != "postgresql", reason="pg_dump is PostgreSQL's")


# --- reading both sides -----------------------------------------------------------------


def all_rows(cursor, engine: str) -> dict[str, list]:
    """Every table's rows, every column, in the database's own text form, sorted."""
    if engine == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        tables = [r[0] for r in cursor.fetchall()]
    else:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() ORDER BY table_name"
        )
        tables = [r[0] for r in cursor.fetchall()]
    rows = {}
    for table in tables:
        if engine == "sqlite":
            cursor.execute(f'PRAGMA table_info("{table}")')
            columns = ", ".join(f'quote("{c[1]}")' for c in cursor.fetchall())
            cursor.execute(f'SELECT {columns} FROM "{table}"')
        else:
            cursor.execute(f'SELECT t::text FROM "{table}" AS t')
        rows[table] = sorted(tuple(r) for r in cursor.fetchall())
    return rows


def source_rows() -> dict[str, list]:
    with connection.cursor() as cursor:
        return all_rows(cursor, ENGINE)


def files_under(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "navy").save(out, "PNG")
    return out.getvalue()


# --- the installation under test ----------------------------------------------------------


@pytest.fixture
def data_dir(settings, tmp_path) -> Path:
    """The installation's data directory and media, fresh for each test."""
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = settings.DATA_DIR / "media"
    settings.MEDIA_ROOT.mkdir(parents=True)
    return settings.DATA_DIR


def populate_small() -> Organisation:
    """One organisation, a named complaint with a picture, an uploaded evidence file."""
    org = Organisation.objects.create(
        slug="backup-a", name_th="องค์การบริหารส่วนตำบลสำรอง", kind="sao", province="ชลบุรี"
    )
    data = {"category": "other", "what": "ทดสอบการสำรองข้อมูล", "anonymous": False}
    file_complaint(
        org, {**data, "name": "นางสาวทดสอบ", "contact": "080-000-0000"},
        [(ContentFile(png()), "image/png", len(png()))], nonce=secrets.token_hex(8),
    )  # fmt: skip
    evidence = Evidence.objects.create(org=org, year=2568, item="o1")
    evidence.file.save("report.pdf", ContentFile(b"%PDF-1.4 evidence\n"))
    return org


def populate_demo() -> None:
    """The demo, its programme and complaints, plus an attachment, an upload and a template."""
    demo, _password = load_demo("a-long-demo-password")
    org = demo.main
    populate_small()
    DocumentTemplate.objects.create(
        org=org, kind="complaint_statistics",
        file=SimpleUploadedFile("statistics.docx", b"PK stands in for a Word file"),
    )  # fmt: skip


def backup(path: Path, *args: str) -> Path:
    call_command("backup", str(path), *args, stdout=io.StringIO(), stderr=io.StringIO())
    return path


def restore(path: Path, *args: str) -> None:
    call_command("restore", str(path), *args, stdout=io.StringIO(), stderr=io.StringIO())


def refused(path: Path, *args: str) -> str:
    with pytest.raises(CommandError) as caught:
        restore(path, *args)
    assert caught.value.returncode == 2
    return str(caught.value)


def freshly_migrated(media_root: Path) -> None:
    """Empty every table (post_migrate puts back what migrate writes: criteria, content types)
    and the media directory, as on a new installation."""
    call_command("flush", interactive=False, verbosity=0)
    assert rows_holding_data(connection) == {}
    shutil.rmtree(media_root)
    media_root.mkdir()


def rewritten(source: Path, out: Path, *, manifest=None, member=None) -> Path:
    """A copy of an archive with its manifest or one member's bytes changed."""
    with tarfile.open(source, "r:gz") as tar, tarfile.open(out, "w:gz") as new:
        for info in tar:
            data = tar.extractfile(info).read()
            if info.name == "manifest.json" and manifest:
                doc = json.loads(data)
                manifest(doc)
                data = json.dumps(doc).encode()
            elif member and info.name == member[0]:
                data = member[1](data)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return out


# --- a fresh database in another process ---------------------------------------------------


class FreshTarget:
    """A new database and data directory, restored into by `prongsai restore` in a new process."""

    def __init__(self, tmp_path: Path):
        self.data_dir = tmp_path / "fresh-data"
        params = connection.settings_dict
        if ENGINE == "sqlite":
            self.db_file = tmp_path / "fresh-db" / "prongsai.sqlite3"
            self.url = f"sqlite://{self.db_file}"
        else:
            self.name = f"{params['NAME']}_restore_{secrets.token_hex(4)}"
            auth = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
            self.conninfo = dict(
                dbname=self.name, user=params["USER"], password=params["PASSWORD"],
                host=params["HOST"], port=params["PORT"] or 5432,
            )  # fmt: skip
            self.url = f"postgres://{auth}@{params['HOST']}:{params['PORT'] or 5432}/{self.name}"
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if ENGINE == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def prongsai(self, *args: str) -> subprocess.CompletedProcess:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "prongsai.settings",
            "SECRET_KEY": "test-only-secret-key",
            "DATABASE_URL": self.url,
            "PRONGSAI_DATA_DIR": str(self.data_dir),
        }
        return subprocess.run(
            [sys.executable, "-m", "prongsai.cli", *args],
            env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip

    def rows(self) -> dict[str, list]:
        if ENGINE == "sqlite":
            db = sqlite3.connect(self.db_file)
            try:
                return all_rows(db.cursor(), ENGINE)
            finally:
                db.close()
        with psycopg.connect(**self.conninfo) as db:
            return all_rows(db.cursor(), ENGINE)


@pytest.fixture
def fresh(tmp_path):
    target = FreshTarget(tmp_path)
    yield target
    target.drop()


def test_backup_then_restore_into_a_fresh_install_gives_equal_rows_and_files(
    data_dir, tmp_path, fresh
):
    populate_demo()
    archive = backup(tmp_path / "prongsai.tar.gz")
    rows, files = source_rows(), files_under(data_dir / "media")
    # Not vacuous: the demo fills the tables, the files are there, identities are encrypted.
    assert sum(1 for table_rows in rows.values() if table_rows) >= 40
    for table in ("complaints_attachment", "oit_evidence", "documents_documenttemplate"):
        assert rows[table], table
    assert len(files) == 3 and any(name.startswith("complaints/") for name in files)
    assert set(connection.introspection.django_table_names(only_existing=True)) <= set(rows)

    done = fresh.prongsai("restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert "ไม่มีกุญแจ" in done.stderr and "holds no keys" in done.stderr
    assert fresh.rows() == rows
    assert files_under(fresh.data_dir / "media") == files

    # Again into what now holds data: refused, exit status 2, a message and no traceback.
    again = fresh.prongsai("restore", str(archive))
    assert again.returncode == 2
    assert "--force" in again.stderr and "Traceback" not in again.stderr
    forced = fresh.prongsai("restore", str(archive), "--force")
    assert forced.returncode == 0, forced.stderr
    assert fresh.rows() == rows
    assert files_under(fresh.data_dir / "media") == files


def test_restore_into_a_freshly_migrated_database_replaces_migrates_rows(data_dir, tmp_path):
    populate_small()
    archive = backup(tmp_path / "small.tar.gz")
    rows, files = source_rows(), files_under(data_dir / "media")
    freshly_migrated(data_dir / "media")
    assert source_rows()["frameworks_framework"]  # migrate's rows are there to be replaced
    restore(archive)
    assert source_rows() == rows
    assert files_under(data_dir / "media") == files


def test_a_database_that_holds_data_is_refused_without_force(data_dir, tmp_path):
    populate_small()
    archive = backup(tmp_path / "small.tar.gz")
    Organisation.objects.create(slug="later", name_th="เทศบาลภายหลัง", kind="sao", province="ชลบุรี")
    rows = source_rows()
    message = refused(archive)
    assert "ฐานข้อมูลปลายทางมีข้อมูลอยู่แล้ว" in message and "orgs_organisation" in message
    assert source_rows() == rows
    restore(archive, "--force")
    assert not Organisation.objects.filter(slug="later").exists()


def test_a_media_directory_that_holds_files_is_refused_without_force(data_dir, tmp_path):
    populate_small()
    archive = backup(tmp_path / "small.tar.gz")
    freshly_migrated(data_dir / "media")
    stray = data_dir / "media" / "stray.txt"
    stray.write_text("ของเดิม")
    assert "--force" in refused(archive)
    assert stray.read_text() == "ของเดิม"
    assert rows_holding_data(connection) == {}


def test_a_damaged_archive_is_refused_before_anything_is_touched(data_dir, tmp_path):
    populate_small()
    archive = backup(tmp_path / "small.tar.gz")
    freshly_migrated(data_dir / "media")
    before = source_rows()
    with tarfile.open(archive) as tar:
        attachment = next(n for n in tar.getnames() if n.startswith("media/complaints/"))
    flipped = rewritten(
        archive, tmp_path / "flipped.tar.gz", member=(attachment, lambda b: b[:-1] + b"\0")
    )
    assert "checksum" in refused(flipped) and attachment in refused(flipped)
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    assert "เสียหาย" in refused(truncated)
    assert source_rows() == before
    assert files_under(data_dir / "media") == {}


def test_a_backup_from_a_newer_prongsai_is_refused(data_dir, tmp_path):
    populate_small()
    archive = backup(tmp_path / "small.tar.gz")
    freshly_migrated(data_dir / "media")
    newer = rewritten(
        archive, tmp_path / "newer.tar.gz",
        manifest=lambda m: m["migrations"]["applied"]["orgs"].append("9999_from_the_future"),
    )  # fmt: skip
    message = refused(newer)
    assert "orgs.9999_from_the_future" in message and "newer Prongsai" in message
    assert rows_holding_data(connection) == {}


def test_a_backup_of_the_other_engine_is_refused(data_dir, tmp_path):
    populate_small()
    archive = backup(tmp_path / "small.tar.gz")
    freshly_migrated(data_dir / "media")
    other = "postgresql" if ENGINE == "sqlite" else "sqlite"
    crossed = rewritten(
        archive, tmp_path / "crossed.tar.gz", manifest=lambda m: m.update(engine=other)
    )
    assert "ข้ามชนิดฐานข้อมูล" in refused(crossed)
    assert rows_holding_data(connection) == {}


def leaf_app() -> str:
    """A project app no other app's migrations depend on, so it can be unapplied alone."""
    graph = MigrationLoader(None).graph
    depended = {
        parent.key[0]
        for key, node in graph.node_map.items()
        for parent in node.parents
        if parent.key[0] != key[0]
    }
    return next(a for a in ("documents", "oit", "complaints", "ethics") if a not in depended)


def test_an_older_backup_is_migrated_after_restore(data_dir, tmp_path):
    populate_small()
    app = leaf_app()
    call_command("migrate", app, "zero", verbosity=0)
    try:
        archive = backup(tmp_path / "older.tar.gz")
    finally:
        call_command("migrate", verbosity=0)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert app not in manifest["migrations"]["applied"]
    freshly_migrated(data_dir / "media")
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out, stderr=io.StringIO())
    assert "migrations applied" in out.getvalue()
    known = {name for (label, name) in MigrationLoader(None).disk_migrations if label == app}
    applied = {
        name for (label, name) in MigrationLoader(connection).applied_migrations if label == app
    }
    assert known and known <= applied
    assert Organisation.objects.filter(slug="backup-a").exists()
    tables = set(connection.introspection.table_names())
    assert {m._meta.db_table for m in apps.get_app_config(app).get_models()} <= tables


def test_keys_stay_out_unless_asked_and_a_replaced_key_is_kept(data_dir, tmp_path):
    (data_dir / "secret_key").write_text("the-secret-key")
    (data_dir / "field_keys").write_text("the-field-key")
    populate_small()
    err = io.StringIO()
    call_command("backup", str(tmp_path / "plain.tar.gz"), stdout=io.StringIO(), stderr=err)
    assert "ไม่มีกุญแจ" in err.getvalue() and "apart from the backups" in err.getvalue()
    assert str(data_dir / "field_keys") in err.getvalue()
    with tarfile.open(tmp_path / "plain.tar.gz") as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert not any(n.startswith("keys/") for n in tar.getnames())
    assert manifest["keys"] == {"included": False, "files": []}

    archive = backup(tmp_path / "keys.tar.gz", "--include-keys")
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert tar.extractfile("keys/field_keys").read() == b"the-field-key"
    assert manifest["keys"] == {"included": True, "files": ["field_keys", "secret_key"]}
    assert archive.stat().st_mode & 0o777 == 0o600

    freshly_migrated(data_dir / "media")
    (data_dir / "field_keys").write_text("a-key-generated-on-the-new-machine")
    restore(archive)
    assert (data_dir / "field_keys").read_text() == "the-field-key"
    assert (data_dir / "field_keys").stat().st_mode & 0o777 == 0o600
    assert (
        data_dir / "field_keys.before-restore"
    ).read_text() == "a-key-generated-on-the-new-machine"


def test_an_existing_archive_is_never_overwritten_nor_written_into_media(data_dir, tmp_path):
    out = tmp_path / "exists.tar.gz"
    out.write_bytes(b"an older backup")
    with pytest.raises(CommandError) as caught:
        backup(out)
    assert caught.value.returncode == 2 and out.read_bytes() == b"an older backup"
    with pytest.raises(CommandError) as caught:
        backup(data_dir / "media" / "inside.tar.gz")
    assert caught.value.returncode == 2 and "outside the media directory" in str(caught.value)


@ON_POSTGRESQL
def test_a_pg_dump_older_than_the_server_is_refused(data_dir, tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "pg_dump"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(CommandError) as caught:
        backup(tmp_path / "old-tool.tar.gz")
    assert caught.value.returncode == 2
    assert "pg_dump 9 is older than the server" in str(caught.value)
    assert "postgresql-client-" in str(caught.value)
    monkeypatch.setenv("PATH", str(fake.parent.parent / "nowhere"))
    with pytest.raises(CommandError) as caught:
        backup(tmp_path / "no-tool.tar.gz")
    assert "pg_dump not found" in str(caught.value) and "ไม่พบโปรแกรม pg_dump" in str(caught.value)
    assert not (tmp_path / "old-tool.tar.gz").exists()
