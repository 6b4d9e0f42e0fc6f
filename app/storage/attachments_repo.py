"""Files attached to a case, stored as BLOBs inside the encrypted database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.clock import to_iso
from app.storage.connection import Connection


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    case_id: int
    filename: str
    media_type: str
    description: str
    sha256: str
    size: int
    added_at: str
    added_by: str


_COLUMNS = ("a.id, a.case_id, a.filename, a.media_type, a.description, a.sha256, a.size, "
            "a.added_at, u.username")


def insert(conn: Connection, case_id: int, filename: str, media_type: str, description: str,
           sha256: str, data: bytes, at: datetime, user_id: int) -> int:
    cursor = conn.execute(
        "INSERT INTO attachments (case_id, filename, media_type, description, sha256, size, "
        "data, added_at, added_by) VALUES (?,?,?,?,?,?,?,?,?)",
        (case_id, filename, media_type, description, sha256, len(data), data, to_iso(at),
         user_id))
    return int(cursor.lastrowid)


def for_case(conn: Connection, case_id: int) -> list[AttachmentRow]:
    rows = conn.execute(f"SELECT {_COLUMNS} FROM attachments a JOIN users u ON u.id = a.added_by "
                        "WHERE a.case_id = ? ORDER BY a.id", (case_id,))
    return [AttachmentRow(*r) for r in rows]


def get(conn: Connection, attachment_id: int) -> tuple[AttachmentRow, bytes] | None:
    row = conn.execute(f"SELECT {_COLUMNS}, a.data FROM attachments a "
                       "JOIN users u ON u.id = a.added_by WHERE a.id = ?",
                       (attachment_id,)).fetchone()
    return None if row is None else (AttachmentRow(*row[:-1]), bytes(row[-1]))
