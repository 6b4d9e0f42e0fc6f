"""SQL for the tasks and reminders of cases (issue 15 item 1)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from app.clock import from_iso, to_iso
from app.domain.tasks import Task, TaskStatus
from app.storage.connection import Connection

_SELECT = (
    "SELECT t.id, c.reference, t.note, t.due_at, o.username, o.display_name, t.status, "
    "t.source, cb.username, t.created_at, db.username, t.done_at "
    "FROM tasks t JOIN cases c ON c.id = t.case_id JOIN users o ON o.id = t.owner_id "
    "JOIN users cb ON cb.id = t.created_by LEFT JOIN users db ON db.id = t.done_by ")


def _task(r: Sequence[Any]) -> Task:
    return Task(int(r[0]), str(r[1]), str(r[2]), from_iso(str(r[3])), str(r[4]), str(r[5]),
                TaskStatus(str(r[6])), str(r[7]), str(r[8]), from_iso(str(r[9])),
                None if r[10] is None else str(r[10]),
                None if r[11] is None else from_iso(str(r[11])))


def insert(conn: Connection, case_id: int, note: str, due: datetime, owner_id: int,
           source: str, at: datetime, user_id: int) -> int:
    cursor = conn.execute(
        "INSERT INTO tasks (case_id, note, due_at, owner_id, source, created_at, created_by, "
        "updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?,?)",
        (case_id, note, to_iso(due), owner_id, source, to_iso(at), user_id, to_iso(at),
         user_id))
    return int(cursor.lastrowid)


def update(conn: Connection, case_id: int, task_id: int, note: str, due: datetime,
           owner_id: int, at: datetime, user_id: int) -> bool:
    cursor = conn.execute(
        "UPDATE tasks SET note = ?, due_at = ?, owner_id = ?, updated_at = ?, updated_by = ? "
        "WHERE id = ? AND case_id = ? AND status = 'open'",
        (note, to_iso(due), owner_id, to_iso(at), user_id, task_id, case_id))
    return int(cursor.rowcount) == 1


def complete(conn: Connection, case_id: int, task_id: int, at: datetime, user_id: int) -> bool:
    cursor = conn.execute(
        "UPDATE tasks SET status = 'done', done_at = ?, done_by = ?, updated_at = ?, "
        "updated_by = ? WHERE id = ? AND case_id = ? AND status = 'open'",
        (to_iso(at), user_id, to_iso(at), user_id, task_id, case_id))
    return int(cursor.rowcount) == 1


def by_id(conn: Connection, case_id: int, task_id: int) -> Task | None:
    row = conn.execute(_SELECT + "WHERE t.id = ? AND t.case_id = ?",
                       (task_id, case_id)).fetchone()
    return None if row is None else _task(row)


def for_case(conn: Connection, case_id: int) -> list[Task]:
    """Every task of the case, open ones first, each by due instant."""
    rows = conn.execute(_SELECT + "WHERE t.case_id = ? "
                        "ORDER BY t.status = 'done', t.due_at, t.id", (case_id,))
    return [_task(r) for r in rows]


def open_for_owner(conn: Connection, owner_id: int, until: datetime, limit: int) -> list[Task]:
    """Open tasks owned by the user falling due before ``until`` (overdue included),
    on cases not disposed of, soonest first."""
    rows = conn.execute(
        _SELECT + "WHERE t.owner_id = ? AND t.status = 'open' AND t.due_at < ? "
        "AND c.erased_at IS NULL ORDER BY t.due_at, t.id LIMIT ?",
        (owner_id, to_iso(until), limit))
    return [_task(r) for r in rows]


def open_in_unit(conn: Connection, until: datetime, limit: int) -> list[Task]:
    """Every open task of the unit due before ``until``, soonest first."""
    rows = conn.execute(
        _SELECT + "WHERE t.status = 'open' AND t.due_at < ? AND c.erased_at IS NULL "
        "ORDER BY t.due_at, t.id LIMIT ?", (to_iso(until), limit))
    return [_task(r) for r in rows]


def count_overdue_for_owner(conn: Connection, owner_id: int, now: datetime) -> int:
    row = conn.execute(
        "SELECT count(*) FROM tasks t JOIN cases c ON c.id = t.case_id "
        "WHERE t.owner_id = ? AND t.status = 'open' AND t.due_at < ? "
        "AND c.erased_at IS NULL", (owner_id, to_iso(now))).fetchone()
    return int(row[0])


def sources_for_case(conn: Connection, case_id: int) -> set[str]:
    return {str(r[0]) for r in conn.execute(
        "SELECT source FROM tasks WHERE case_id = ? AND source <> ''", (case_id,))}
