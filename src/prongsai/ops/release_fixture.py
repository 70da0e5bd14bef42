"""Populated snapshots of released schemas, to prove that migrations keep data.

At each release a snapshot of the demo is taken (`scripts/release-fixture.sh`): every row of every
table, read through the *historical* models of the migration state it was taken at, with that
state. The migration test puts the snapshot into a database migrated back to that state and then
migrates it forward to today's schema: a migration that loses or breaks rows fails it, on SQLite
and on PostgreSQL alike (the values are typed, not raw SQL of one engine).
"""

from __future__ import annotations

import base64
import datetime
import gzip
import json
import uuid
from decimal import Decimal
from pathlib import Path

from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

FIXTURES_DIR = Path(__file__).resolve().parent / "release_fixtures"
# Rows that say nothing about the organisations' data and are not kept in a snapshot.
SKIPPED_TABLES = {"django_session", "django_migrations"}

_TAGS = {
    datetime.datetime: ("dt", datetime.datetime.isoformat, datetime.datetime.fromisoformat),
    datetime.date: ("d", datetime.date.isoformat, datetime.date.fromisoformat),
    datetime.time: ("t", datetime.time.isoformat, datetime.time.fromisoformat),
    Decimal: ("dec", str, Decimal),
    uuid.UUID: ("uuid", str, uuid.UUID),
    bytes: ("b64", lambda b: base64.b64encode(b).decode(), base64.b64decode),
    memoryview: ("b64", lambda b: base64.b64encode(bytes(b)).decode(), base64.b64decode),
}
_DECODE = {tag: decode for tag, _, decode in _TAGS.values()}


def _encode(value):
    for kind, (tag, encode, _) in _TAGS.items():
        if isinstance(value, kind):
            return {"$": tag, "v": encode(value)}
    return value


def _decode(value):
    if isinstance(value, dict) and set(value) == {"$", "v"}:
        return _DECODE[value["$"]](value["v"])
    return value


def applied_state() -> dict[str, str]:
    """The latest applied migration of every app: the state a snapshot belongs to."""
    executor = MigrationExecutor(connection)
    leaves = dict(executor.loader.graph.leaf_nodes())
    return {app: leaves[app] for app in sorted(leaves)}


def _concrete_models(apps):
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            if model._meta.db_table not in SKIPPED_TABLES:
                yield model


def dump(release: str) -> dict:
    """Every row of this database, typed, with the migration state (it must be fully migrated)."""
    state = applied_state()
    executor = MigrationExecutor(connection)
    if executor.migration_plan(list(state.items())):
        raise RuntimeError("migrate the database before taking a release snapshot")
    apps = executor.loader.project_state(list(state.items())).apps
    tables = {}
    for model in _concrete_models(apps):
        fields = [f for f in model._meta.concrete_fields]
        rows = model._base_manager.order_by("pk").values_list(*(f.attname for f in fields))
        if rows:
            tables[model._meta.label_lower] = {
                "fields": [f.attname for f in fields],
                "rows": [[_encode(v) for v in row] for row in rows],
            }
    return {"release": release, "migrations": state, "tables": tables}


def write(snapshot: dict, path: Path) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        json.dump(snapshot, out, ensure_ascii=False, sort_keys=True)


def read(path: Path) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as src:
        return json.load(src)


def snapshots() -> list[Path]:
    return sorted(FIXTURES_DIR.glob("release-*.json.gz"))


def load_at_its_state(snapshot: dict) -> None:
    """Migrate this (test) database back to the snapshot's state, empty it and load the rows.

    Only for a throwaway database: it deletes every row of every table.
    """
    targets = list(snapshot["migrations"].items())
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    apps = executor.loader.project_state(targets).apps
    with transaction.atomic():
        for model in _concrete_models(apps):
            _truncate(model)
        for label, table in snapshot["tables"].items():
            model = apps.get_model(label)
            objects = [
                model(**dict(zip(table["fields"], map(_decode, row), strict=True)))
                for row in table["rows"]
            ]
            model._base_manager.bulk_create(objects)
    _reset_sequences(apps)


def _truncate(model) -> None:
    # A plain DELETE: the historical model knows no signals, and foreign keys are checked at
    # commit (Django creates them deferrable), so the order of tables does not matter.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def _reset_sequences(apps) -> None:
    statements = connection.ops.sequence_reset_sql(_NoStyle(), list(_concrete_models(apps)))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


class _NoStyle:
    """sequence_reset_sql colours its SQL with a style; the test needs it plain."""

    def __getattr__(self, name):
        return lambda text: text
