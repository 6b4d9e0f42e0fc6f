"""SQL for a case's contact log and its free-text notes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from app.clock import from_iso, to_iso
from app.domain.contacts import CaseNote, Contact
from app.storage.connection import Connection


def insert_contact(conn: Connection, case_id: int, values: dict[str, Any], at: datetime,
                   user_id: int) -> int:
    cursor = conn.execute(
        "INSERT INTO contacts (case_id, at, method, party, party_detail, outcome, purpose, "
        "note, recorded_at, recorded_by) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (case_id, values["at"], values["method"], values["party"],
         values.get("party_detail") or "", values["outcome"], values["purpose"],
         values.get("note") or "", to_iso(at), user_id))
    return int(cursor.lastrowid)


def _contact(r: Sequence[Any]) -> Contact:
    return Contact(int(r[0]), from_iso(str(r[1])), str(r[2]), str(r[3]), str(r[4]), str(r[5]),
                   str(r[6]), str(r[7]), str(r[8]))


def contacts(conn: Connection, case_id: int) -> list[Contact]:
    """The case's contact attempts, oldest first."""
    rows = conn.execute(
        "SELECT c.id, c.at, c.method, c.party, c.party_detail, c.outcome, c.purpose, c.note, "
        "u.username FROM contacts c JOIN users u ON u.id = c.recorded_by "
        "WHERE c.case_id = ? ORDER BY c.at, c.id", (case_id,))
    return [_contact(r) for r in rows]


def insert_note(conn: Connection, case_id: int, values: dict[str, Any], at: datetime,
                user_id: int) -> int:
    cursor = conn.execute(
        "INSERT INTO case_notes (case_id, noted_at, text, recorded_at, recorded_by) "
        "VALUES (?,?,?,?,?)", (case_id, values["noted_at"], values["text"], to_iso(at), user_id))
    return int(cursor.lastrowid)


def notes(conn: Connection, case_id: int) -> list[CaseNote]:
    """The case's notes, oldest first."""
    rows = conn.execute(
        "SELECT n.id, n.noted_at, n.text, n.recorded_at, u.username FROM case_notes n "
        "JOIN users u ON u.id = n.recorded_by WHERE n.case_id = ? ORDER BY n.noted_at, n.id",
        (case_id,))
    return [CaseNote(int(r[0]), from_iso(str(r[1])), str(r[2]), from_iso(str(r[3])), str(r[4]))
            for r in rows]

