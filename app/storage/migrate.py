"""Ordered SQL migrations, each applied in one transaction, with a backup first.

The schema version lives in ``PRAGMA user_version``. A file whose version is
newer than the newest migration this code knows is refused untouched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path

from app.errors import DatabaseError, SchemaTooNew
from app.file_faults import classify
from app.storage.connection import Connection, SqliteFileFault, schema_changes, sqlite_errors

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    folder = resources.files("app.storage") / "migrations"
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise RuntimeError(f"migrations are not contiguous at {migration.name}")
    return found


def latest_version() -> int:
    migrations = available_migrations()
    return migrations[-1].version if migrations else 0


def schema_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_not_newer(conn: Connection) -> None:
    found, supported = schema_version(conn), latest_version()
    if found > supported:
        raise SchemaTooNew(found, supported)


def needs_migration(conn: Connection) -> bool:
    """True when the file is older than the code (migrations would change it)."""
    return 0 < schema_version(conn) < latest_version()


def backup_path_for(db_path: Path, version: int, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    return db_path.with_name(f"{db_path.name}.pre-migration-v{version}-{stamp}")


def migrate(conn: Connection, db_path: Path, now: datetime, key: bytes,
            on_copy: Callable[[Path], None] | None = None) -> list[str]:
    """Bring the database up to date; return the names of applied migrations.

    Before changing an existing (non-empty) database, an encrypted copy is
    written beside it with the same key; ``on_copy(copy_path)`` is then called
    (the caller keeps a key-file snapshot beside it, so the copy can be opened).
    """
    from app.storage.post_migration import run_post_steps

    check_not_newer(conn)
    current = schema_version(conn)
    pending = [m for m in available_migrations() if m.version > current]
    if not pending:
        run_post_steps(conn, current, now)  # finishes a step interrupted last time
        return []
    if current > 0:
        from app.storage.backup import copy_database

        copy = backup_path_for(db_path, current, now)
        copy_database(conn, copy, key)
        if on_copy is not None:
            on_copy(copy)
    applied: list[str] = []
    for migration in pending:
        script = f"BEGIN IMMEDIATE;\n{migration.sql}\nPRAGMA user_version = {migration.version};\n"
        try:
            with schema_changes(conn):
                conn.executescript(script)
                conn.execute("COMMIT")
        except sqlite_errors() as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise classify(exc, db_path, SqliteFileFault) or DatabaseError(
                f"Migration {migration.name} failed and was rolled back.") from exc
        applied.append(migration.name)
    run_post_steps(conn, schema_version(conn), now)
    return applied
