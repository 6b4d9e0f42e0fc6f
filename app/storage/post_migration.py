"""Registered steps that finish a migration in Python, after its SQL has run.

The audit trail is hash-chained (audit_repo), which SQL cannot extend. A migration that
changes case records leaves notes in ``migration_audit_notes``; the step below turns each
note into an audit row and deletes it, in one transaction. It runs on every open until no
note is left, so a crash between the SQL and the step loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from app.storage import audit_repo
from app.storage.connection import Connection

#: The schema version from which a step applies, and the step.
PostStep = Callable[[Connection, datetime], int]


def _table_exists(conn: Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                       (name,)).fetchone()
    return row is not None


def write_migration_audit_notes(conn: Connection, now: datetime) -> int:
    """Schema 7: one audit row per case a migration changed; returns how many."""
    if not _table_exists(conn, "migration_audit_notes"):
        return 0
    notes = conn.execute("SELECT id, case_id, case_ref, detail FROM migration_audit_notes "
                         "ORDER BY id").fetchall()
    if not notes:
        return 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for note_id, case_id, case_ref, detail in notes:
            audit_repo.append(conn, at=now, actor=None, action="alter",
                              entity=f"case:{case_id}", case_ref=case_ref,
                              justification="Scheme fidelity correction (issue 11): no "
                              "disclosure was made (¶5.6.21)", detail=detail)
            conn.execute("DELETE FROM migration_audit_notes WHERE id = ?", (note_id,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return len(notes)


POST_STEPS: tuple[tuple[int, PostStep], ...] = ((7, write_migration_audit_notes),)


def run_post_steps(conn: Connection, version: int, now: datetime) -> None:
    """Run every registered step that applies at schema ``version``."""
    for since, step in POST_STEPS:
        if version >= since:
            step(conn, now)
