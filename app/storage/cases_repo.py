"""SQL for cases and their stage records, risks, extensions and sign-offs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.clock import to_iso
from app.storage.connection import Connection


@dataclass(frozen=True)
class CaseRow:
    id: int
    reference: str
    contact_at: str
    created_at: str
    created_by: str
    assigned_to: str | None
    current_stage: int
    status: str
    route: str | None
    closed_at: str | None
    signoff: str
    erased_at: str | None
    policy_version: int = 1
    case_type: str = "right_to_ask"


_CASE_SELECT = """
SELECT c.id, c.reference, c.contact_at, c.created_at, cu.username, au.username,
       c.current_stage, c.status, c.route, c.closed_at, c.signoff, c.erased_at,
       c.policy_version, c.case_type
FROM cases c
JOIN users cu ON cu.id = c.created_by
LEFT JOIN users au ON au.id = c.assigned_to
"""


def next_reference(conn: Connection, prefix: str, year: int) -> str:
    scope = f"{prefix}/{year}"
    conn.execute(
        "INSERT INTO reference_sequences (scope, last) VALUES (?, 0) "
        "ON CONFLICT (scope) DO NOTHING",
        (scope,),
    )
    conn.execute("UPDATE reference_sequences SET last = last + 1 WHERE scope = ?", (scope,))
    last = int(
        conn.execute("SELECT last FROM reference_sequences WHERE scope = ?", (scope,)).fetchone()[0]
    )
    return f"{prefix}/{year}/{last:05d}"


def insert_case(
    conn: Connection, reference: str, contact_at: datetime, created_at: datetime, user_id: int,
    *, policy_version: int = 1, case_type: str = "right_to_ask", stage: int = 1,
) -> int:
    cursor = conn.execute(
        "INSERT INTO cases (reference, contact_at, created_at, created_by, assigned_to, "
        "current_stage, status, policy_version, case_type) "
        "VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)",
        (reference, to_iso(contact_at), to_iso(created_at), user_id, user_id, stage,
         policy_version, case_type),
    )
    return int(cursor.lastrowid)


def case_by_reference(conn: Connection, reference: str) -> CaseRow | None:
    row = conn.execute(_CASE_SELECT + " WHERE c.reference = ?", (reference,)).fetchone()
    return None if row is None else CaseRow(*row)


def case_by_id(conn: Connection, case_id: int) -> CaseRow | None:
    row = conn.execute(_CASE_SELECT + " WHERE c.id = ?", (case_id,)).fetchone()
    return None if row is None else CaseRow(*row)


def update_case(conn: Connection, case_id: int, **changes: Any) -> None:
    allowed = {
        "current_stage",
        "status",
        "route",
        "closed_at",
        "signoff",
        "assigned_to",
        "contact_at",
        "erased_at",
        "next_due",
        "next_kind",
        "applicant_surname",
        "subject_surname",
        "assigned_username",
        "ref_seq",
        "milestones",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"unknown case columns: {sorted(unknown)}")
    sets = ", ".join(f"{name} = ?" for name in changes)
    conn.execute(f"UPDATE cases SET {sets} WHERE id = ?", (*changes.values(), case_id))


@dataclass(frozen=True)
class StageRow:
    stage: int
    form_version: int
    values: dict[str, Any]
    status: str
    updated_at: str
    updated_by: str
    completed_at: str | None
    completed_by: str | None


def stage_rows(conn: Connection, case_id: int) -> list[StageRow]:
    rows = conn.execute(
        "SELECT s.stage, s.form_version, s.data, s.status, s.updated_at, uu.username, "
        "s.completed_at, cu.username FROM stage_records s "
        "JOIN users uu ON uu.id = s.updated_by LEFT JOIN users cu ON cu.id = s.completed_by "
        "WHERE s.case_id = ? ORDER BY s.stage",
        (case_id,),
    )
    return [
        StageRow(
            int(r[0]), int(r[1]), json.loads(r[2]), str(r[3]), str(r[4]), str(r[5]), r[6], r[7]
        )
        for r in rows
    ]


def upsert_stage(
    conn: Connection,
    case_id: int,
    stage: int,
    form_version: int,
    values: dict[str, Any],
    status: str,
    at: datetime,
    user_id: int,
) -> None:
    data = json.dumps(values, ensure_ascii=False, sort_keys=True)
    completed_at = to_iso(at) if status == "complete" else None
    completed_by = user_id if status == "complete" else None
    conn.execute(
        "INSERT INTO stage_records (case_id, stage, form_version, data, status, updated_at, "
        "updated_by, completed_at, completed_by) VALUES (?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT (case_id, stage) DO UPDATE SET form_version = excluded.form_version, "
        "data = excluded.data, status = excluded.status, updated_at = excluded.updated_at, "
        "updated_by = excluded.updated_by, completed_at = excluded.completed_at, "
        "completed_by = excluded.completed_by",
        (
            case_id,
            stage,
            form_version,
            data,
            status,
            to_iso(at),
            user_id,
            completed_at,
            completed_by,
        ),
    )


def set_stage_status(conn: Connection, case_id: int, stage: int, status: str) -> None:
    conn.execute(
        "UPDATE stage_records SET status = ?, completed_at = CASE WHEN ? = 'complete' "
        "THEN completed_at ELSE NULL END, completed_by = CASE WHEN ? = 'complete' "
        "THEN completed_by ELSE NULL END WHERE case_id = ? AND stage = ?",
        (status, status, status, case_id, stage),
    )


# --- immediate risk, extensions, sign-offs ------------------------------------


@dataclass(frozen=True)
class RiskRow:
    id: int
    stage: int
    values: dict[str, Any]
    recorded_at: str
    recorded_by: str


def insert_risk(
    conn: Connection, case_id: int, stage: int, values: dict[str, Any], at: datetime, user_id: int
) -> int:
    cursor = conn.execute(
        "INSERT INTO risk_records (case_id, stage, data, recorded_at, recorded_by) "
        "VALUES (?,?,?,?,?)",
        (case_id, stage, json.dumps(values, ensure_ascii=False), to_iso(at), user_id),
    )
    return int(cursor.lastrowid)


def risks(conn: Connection, case_id: int) -> list[RiskRow]:
    rows = conn.execute(
        "SELECT r.id, r.stage, r.data, r.recorded_at, u.username FROM risk_records r "
        "JOIN users u ON u.id = r.recorded_by WHERE r.case_id = ? ORDER BY r.id",
        (case_id,),
    )
    return [RiskRow(int(r[0]), int(r[1]), json.loads(r[2]), str(r[3]), str(r[4])) for r in rows]


@dataclass(frozen=True)
class ExtensionRow:
    id: int
    kind: str
    new_due: str
    reason: str
    applicant_told_on: str
    recorded_at: str
    recorded_by: str


def insert_extension(
    conn: Connection,
    case_id: int,
    kind: str,
    new_due: datetime,
    reason: str,
    told_on: str,
    at: datetime,
    user_id: int,
) -> int:
    cursor = conn.execute(
        "INSERT INTO extensions (case_id, kind, new_due, reason, applicant_told_on, "
        "recorded_at, recorded_by) VALUES (?,?,?,?,?,?,?)",
        (case_id, kind, to_iso(new_due), reason, told_on, to_iso(at), user_id),
    )
    return int(cursor.lastrowid)


def extensions(conn: Connection, case_id: int) -> list[ExtensionRow]:
    rows = conn.execute(
        "SELECT e.id, e.kind, e.new_due, e.reason, e.applicant_told_on, e.recorded_at, "
        "u.username FROM extensions e JOIN users u ON u.id = e.recorded_by "
        "WHERE e.case_id = ? ORDER BY e.id",
        (case_id,),
    )
    return [ExtensionRow(int(r[0]), *(str(x) for x in r[1:])) for r in rows]


@dataclass(frozen=True)
class SignoffRow:
    id: int
    outcome: str
    comment: str
    at: str
    by: str


def insert_signoff(
    conn: Connection, case_id: int, outcome: str, comment: str, at: datetime, user_id: int
) -> None:
    conn.execute(
        "INSERT INTO signoffs (case_id, outcome, comment, at, by_user) VALUES (?,?,?,?,?)",
        (case_id, outcome, comment, to_iso(at), user_id),
    )


def signoffs(conn: Connection, case_id: int) -> list[SignoffRow]:
    rows = conn.execute(
        "SELECT s.id, s.outcome, s.comment, s.at, u.username FROM signoffs s "
        "JOIN users u ON u.id = s.by_user WHERE s.case_id = ? ORDER BY s.id",
        (case_id,),
    )
    return [SignoffRow(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows]


def live_references(conn: Connection) -> list[str]:
    """The reference of every case whose records have not been erased."""
    return [str(r[0]) for r in conn.execute("SELECT reference FROM cases WHERE erased_at IS NULL")]


def set_stage_values(conn: Connection, case_id: int, stage: int, form_version: int,
                     values: dict[str, Any], at: datetime, user_id: int) -> None:
    """Replace a stage record's answers, keeping its status and completion (corrections)."""
    conn.execute(
        "UPDATE stage_records SET data = ?, form_version = ?, updated_at = ?, updated_by = ? "
        "WHERE case_id = ? AND stage = ?",
        (json.dumps(values, ensure_ascii=False, sort_keys=True), form_version, to_iso(at),
         user_id, case_id, stage))
