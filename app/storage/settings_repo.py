"""Unit settings (name, case reference prefix, document letterhead, ...).

Every key is declared once in ``app/settings.py``; services use ``read`` / ``write``
with those declarations.
"""

from __future__ import annotations

from app.settings import UnitSetting
from app.storage.connection import Connection


def read(conn: Connection, setting: UnitSetting) -> str:
    """The stored value of ``setting``, else its declared default."""
    return get(conn, setting.key, setting.default)


def write(conn: Connection, setting: UnitSetting, value: str) -> None:
    put(conn, setting.key, value)


def remove(conn: Connection, setting: UnitSetting) -> None:
    """Forget the stored value: ``read`` gives the default again."""
    conn.execute("DELETE FROM settings WHERE key = ?", (setting.key,))


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
