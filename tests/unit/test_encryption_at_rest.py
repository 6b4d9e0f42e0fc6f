"""The unit database is encrypted at rest and never opened as plain SQLite."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.errors import AuthenticationFailed, DatabaseError
from app.storage import settings_repo
from app.storage.connection import open_connection
from tests.conftest import ADMIN_PW, TestUnit

MARKER = "ZZ-MARKER-Quentin-Fairweather-7731"


def _unit_bytes(db: Path) -> bytes:
    data = b""
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{db}{suffix}")
        if path.exists():
            data += path.read_bytes()
    return data


def test_marker_written_through_the_app_is_absent_from_every_file(unit: TestUnit) -> None:
    with unit.supervisor() as session, session.transaction() as conn:
        settings_repo.put(conn, "marker", MARKER)
        # Keep the WAL un-checkpointed while we look: the session is still open.
        raw = _unit_bytes(unit.db)
        assert MARKER.encode() not in raw
        assert MARKER.encode("utf-16-le") not in raw
    raw_after = _unit_bytes(unit.db)
    assert MARKER.encode() not in raw_after
    for keys in unit.db.parent.glob("*.keys*"):
        assert MARKER.encode() not in keys.read_bytes()


def test_header_is_not_plain_sqlite(unit: TestUnit) -> None:
    assert not unit.db.read_bytes()[:16].startswith(b"SQLite format 3")


def test_standard_sqlite3_cannot_read_it(unit: TestUnit) -> None:
    conn = sqlite3.connect(unit.db)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()


def test_wrong_key_is_refused(unit: TestUnit) -> None:
    with pytest.raises(DatabaseError):
        open_connection(unit.db, b"\x01" * 32)


def test_wrong_password_fails_and_leaves_the_database_byte_identical(unit: TestUnit) -> None:
    before = unit.db.read_bytes()
    with pytest.raises(AuthenticationFailed):
        unit.login("admin", ADMIN_PW + "x")
    assert unit.db.read_bytes() == before


def test_pinned_pragmas(unit: TestUnit) -> None:
    with unit.supervisor() as session:
        conn = session.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert conn.execute("PRAGMA cipher_version").fetchone()[0]
