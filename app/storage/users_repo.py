"""Rows of the users table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.clock import to_iso
from app.domain.enums import Role
from app.storage.connection import Connection, integrity_errors


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    created_at: str
    disabled_at: str | None


_COLUMNS = "id, username, display_name, role, active, created_at, disabled_at"


def _row(values: tuple[object, ...]) -> UserRow:
    id_, username, display, role, active, created, disabled = values
    return UserRow(int(id_), str(username), str(display), Role(str(role)), bool(active),  # type: ignore[call-overload]
                   str(created), None if disabled is None else str(disabled))


def insert(conn: Connection, username: str, display_name: str, role: Role, at: datetime) -> int:
    cursor = conn.execute(
        "INSERT INTO users (username, display_name, role, active, created_at) VALUES (?,?,?,1,?)",
        (username, display_name, role.value, to_iso(at)),
    )
    return int(cursor.lastrowid)


def by_username(conn: Connection, username: str) -> UserRow | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM users WHERE username = ?", (username,)).fetchone()
    return None if row is None else _row(row)


def by_id(conn: Connection, user_id: int) -> UserRow | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM users WHERE id = ?", (user_id,)).fetchone()
    return None if row is None else _row(row)


def all_users(conn: Connection) -> list[UserRow]:
    return [_row(r) for r in conn.execute(f"SELECT {_COLUMNS} FROM users ORDER BY username")]


def set_active(conn: Connection, user_id: int, active: bool, at: datetime) -> None:
    conn.execute(
        "UPDATE users SET active = ?, disabled_at = ? WHERE id = ?",
        (1 if active else 0, None if active else to_iso(at), user_id),
    )


def set_role(conn: Connection, user_id: int, role: Role) -> None:
    conn.execute("UPDATE users SET role = ? WHERE id = ?", (role.value, user_id))


def count_active_with_role(conn: Connection, role: Role) -> int:
    row = conn.execute(
        "SELECT count(*) FROM users WHERE role = ? AND active = 1", (role.value,)
    ).fetchone()
    return int(row[0])


def public_key(conn: Connection, username: str) -> str | None:
    """The slot public key pinned for the account (base64), or None if none is pinned."""
    row = conn.execute("SELECT public_key FROM users WHERE username = ?", (username,)).fetchone()
    return str(row[0]) if row and row[0] else None


def set_public_key(conn: Connection, username: str, encoded: str) -> None:
    conn.execute("UPDATE users SET public_key = ? WHERE username = ?", (encoded, username))


def display_names(conn: Connection, usernames: list[str]) -> dict[str, str]:
    """Log-in name -> display name (rank, number, name) for these users."""
    wanted = sorted(set(usernames))
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    rows = conn.execute(f"SELECT username, display_name FROM users WHERE username IN ({marks})",  # noqa: S608 - placeholders only
                        wanted)
    return {str(u): str(d) for u, d in rows if str(d).strip()}


# --- signed account records (append-only history) ----------------------------


@dataclass(frozen=True)
class RecordRow:
    id: int
    username: str
    version: int
    record: str
    signatures: str  # JSON list


class RecordVersionTaken(Exception):
    """Another record of this version was entered first (two people changed the
    account at the same moment)."""


def insert_record(conn: Connection, username: str, version: int, record: str,
                  signatures: str) -> None:
    try:
        conn.execute(
            "INSERT INTO account_records (username, version, record, signatures) "
            "VALUES (?,?,?,?)", (username, version, record, signatures))
    except integrity_errors() as exc:
        raise RecordVersionTaken(f"{username} v{version}") from exc


def all_records(conn: Connection) -> list[RecordRow]:
    return [RecordRow(int(r[0]), str(r[1]), int(r[2]), str(r[3]), str(r[4])) for r in
            conn.execute("SELECT id, username, version, record, signatures "
                         "FROM account_records ORDER BY id")]


def has_records(conn: Connection) -> bool:
    return conn.execute("SELECT 1 FROM account_records LIMIT 1").fetchone() is not None


def set_role_and_active(conn: Connection, username: str, role: Role, active: bool,
                        at: datetime) -> None:
    conn.execute(
        "UPDATE users SET role = ?, active = ?, disabled_at = CASE WHEN ? THEN NULL "
        "ELSE coalesce(disabled_at, ?) END WHERE username = ?",
        (role.value, 1 if active else 0, 1 if active else 0, to_iso(at), username),
    )
