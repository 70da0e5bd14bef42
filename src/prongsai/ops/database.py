"""The database half of a backup: a consistent snapshot out, a whole database back in.

SQLite: the online backup API, consistent while the server writes (WAL or not), and the same
API copies the snapshot back over the live database in one step.
PostgreSQL: pg_dump (plain SQL) inside an exported snapshot, so the manifest's row counts and
migration state describe exactly the dumped data; psql loads it back in one transaction after
dropping what the target holds (empty or freshly migrated: built-in rows are replaced too).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.db.migrations.loader import MigrationLoader

from prongsai.ops.errors import Failed, Refused

SUPPORTED_ENGINES = {"sqlite": "database.sqlite3", "postgresql": "database.sql"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

# Rows that `migrate` itself writes: a database holding only these is "freshly migrated".
# "" = every row of the table; a column name = the rows where that boolean column is true.
MIGRATE_ROWS = {
    "django_migrations": "",
    "django_content_type": "",
    "auth_permission": "",
    "frameworks_framework": "builtin",  # built-in criteria, mirrored after every migrate
    # Thailand's provinces, districts and subdistricts, shipped data loaded after every migrate
    "geo_province": "",
    "geo_district": "",
    "geo_subdistrict": "",
}

INSTALL_CLIENT = (
    "ติดตั้ง postgresql-client รุ่นหลักเท่ากับหรือใหม่กว่าเซิร์ฟเวอร์ (เช่น apt-get install postgresql-client) "
)


@dataclass
class Snapshot:
    """What the manifest says about the dumped database."""

    counts: dict[str, int]
    migrations: dict[str, list[str]]
    server_version: str = ""
    extra: dict = field(default_factory=dict)


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_names(cursor, engine: str) -> list[str]:
    if engine == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    return [row[0] for row in cursor.fetchall()]


def row_counts(cursor, engine: str) -> dict[str, int]:
    counts = {}
    for table in table_names(cursor, engine):
        cursor.execute(f"SELECT count(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor, engine: str) -> dict[str, list[str]]:
    """{app: [migration names]} as the django_migrations table of this database says."""
    if "django_migrations" not in table_names(cursor, engine):
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def known_migrations() -> set[tuple[str, str]]:
    """Every migration this code knows, including those a squashed migration replaces."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(tuple(r) for r in migration.replaces)
    return known


def rows_holding_data(connection) -> dict[str, int]:
    """Tables with rows `migrate` did not write; empty = an empty or freshly migrated database."""
    engine = connection.vendor
    holding = {}
    with connection.cursor() as cursor:
        for table in table_names(cursor, engine):
            column = MIGRATE_ROWS.get(table)
            if column == "":
                continue
            sql = f"SELECT count(*) FROM {quote(table)}"
            if column:
                sql += f" WHERE NOT {quote(column)}"
            cursor.execute(sql)
            count = cursor.fetchone()[0]
            if count:
                holding[table] = count
    return holding


def check_engine(connection) -> str:
    engine = connection.vendor
    if engine not in SUPPORTED_ENGINES:
        raise Refused(
            f"ยังสำรองฐานข้อมูลชนิด {engine} ไม่ได้ (backing up a {engine} database is not "
            "supported: SQLite and PostgreSQL are)"
        )
    return engine


def sqlite_file(connection) -> Path | None:
    """The file of a SQLite database, or None for an in-memory one."""
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


# --- SQLite -------------------------------------------------------------------------------


def snapshot_sqlite(connection, dest: Path) -> Snapshot:
    connection.ensure_connection()
    target = sqlite3.connect(dest)
    try:
        connection.connection.backup(target)
        cursor = target.cursor()
        return Snapshot(
            row_counts(cursor, "sqlite"),
            applied_migrations(cursor, "sqlite"),
            server_version=sqlite3.sqlite_version,
        )
    finally:
        target.close()


def load_sqlite(connection, dump: Path) -> None:
    """Copy the snapshot over the live database: schema and rows, in one step."""
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    except sqlite3.Error as exc:
        raise Failed(f"กู้คืนฐานข้อมูล SQLite ไม่สำเร็จ (the SQLite restore failed): {exc}") from exc
    finally:
        source.close()


# --- PostgreSQL ---------------------------------------------------------------------------


def client_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise Refused(
            f"ไม่พบโปรแกรม {name}: {INSTALL_CLIENT}"
            f"({name} not found: install postgresql-client of the server's major version or newer)"
        )
    return path


def tool_major(path: str) -> int:
    done = subprocess.run([path, "--version"], capture_output=True, text=True)
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", done.stdout)
    if done.returncode != 0 or not match:
        raise Refused(f"อ่านรุ่นของ {path} ไม่ได้ (cannot tell the version of {path})")
    return int(match.group(1))


def server_major(connection) -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


def run_client(connection, tool: str, arguments: list[str]) -> None:
    """Run pg_dump/psql with the connection's own host, port, user and password."""
    args, env = connection.client.settings_to_cmd_args_env(connection.settings_dict, arguments)
    args[0] = tool
    done = subprocess.run(
        args,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if done.returncode != 0:
        detail = "\n".join(done.stderr.strip().splitlines()[-5:])
        name = Path(tool).name
        raise Failed(f"{name} ทำงานไม่สำเร็จ ({name} failed):\n{detail}")


def snapshot_postgresql(connection, dest: Path) -> Snapshot:
    pg_dump = client_tool("pg_dump")
    server = server_major(connection)
    dump_major = tool_major(pg_dump)
    if dump_major < server:
        raise Refused(
            f"pg_dump รุ่น {dump_major} เก่ากว่าเซิร์ฟเวอร์ PostgreSQL รุ่น {server}: "
            f"ติดตั้ง postgresql-client-{server} หรือใหม่กว่า (pg_dump {dump_major} is older "
            f"than the server ({server}): install postgresql-client-{server} or newer)"
        )
    # A second connection holds a read-only snapshot; pg_dump reads the very same one.
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        cursor = raw.cursor()
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot_id, version = cursor.fetchone()
        snapshot = Snapshot(
            row_counts(cursor, "postgresql"),
            applied_migrations(cursor, "postgresql"),
            server_version=version,
            extra={"server_major": server},
        )
        run_client(
            connection,
            pg_dump,
            [
                "--format=plain",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot_id}",
                f"--file={dest}",
            ],
        )
        return snapshot
    finally:
        raw.rollback()
        raw.close()


# Drops every relation of the target's schema, inside the restore's single transaction; the
# sequences left after the tables are those no identity column owns.
DROP_ALL = """
SET LOCAL lock_timeout = '60s';
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  LOOP
    EXECUTE format('DROP %s IF EXISTS %I CASCADE',
      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                     WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
      r.relname);
  END LOOP;
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = current_schema() AND c.relkind = 'S'
  LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS %I CASCADE', r.relname);
  END LOOP;
END $$;
"""


def check_postgresql_target(connection, manifest: dict) -> str:
    """psql is there and the server is not older than the one the dump came from."""
    psql = client_tool("psql")
    source = int(manifest.get("server_major") or 0)
    target = server_major(connection)
    if source > target:
        raise Refused(
            f"ไฟล์สำรองมาจาก PostgreSQL รุ่น {source} แต่เซิร์ฟเวอร์ปลายทางเป็นรุ่น {target}: "
            f"กู้คืนลงรุ่นที่เก่ากว่าไม่ได้ (the backup comes from PostgreSQL {source}, the "
            f"target server is {target}: restoring into an older server is not supported)"
        )
    return psql


def load_postgresql(connection, dump: Path, psql: str, workdir: Path) -> None:
    drop = workdir / "drop-all.sql"
    drop.write_text(DROP_ALL, encoding="utf-8")
    run_client(
        connection,
        psql,
        ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", str(drop)]
        + ["-f", str(dump)],
    )
