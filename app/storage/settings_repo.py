"""Unit settings (name, case reference prefix, document letterhead)."""

from __future__ import annotations

from app.storage.connection import Connection


def get(conn: Connection, key: str, default: str = "") -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return default if row is None else str(row[0])


def put(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def delete(conn: Connection, key: str) -> None:
    conn.execute("DELETE FROM settings WHERE key = ?", (key,))
