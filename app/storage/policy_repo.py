"""SQL for the unit's timescale policy versions (never updated, only added)."""

from __future__ import annotations

from datetime import datetime

from app.clock import to_iso
from app.domain.timescale_policy import TimescalePolicy
from app.storage.connection import Connection

_SELECT = ("SELECT version, initial_contact_hours, face_to_face_days, risk_assessment_days, "
           "decision_route_days, overall_days, name FROM timescale_policies")


def _policy(row: tuple[object, ...]) -> TimescalePolicy:
    return TimescalePolicy(int(row[0]), int(row[1]), int(row[2]), int(row[3]),  # type: ignore[call-overload]
                           int(row[4]), int(row[5]), str(row[6]))  # type: ignore[call-overload]


def all_policies(conn: Connection) -> list[TimescalePolicy]:
    return [_policy(r) for r in conn.execute(_SELECT + " ORDER BY version")]


def history(conn: Connection) -> list[tuple[TimescalePolicy, str, str, str | None]]:
    """Every version with its reason, when it was adopted and by whom (display name;
    None for the built-in version 1), oldest first."""
    rows = conn.execute(
        "SELECT p.version, p.initial_contact_hours, p.face_to_face_days, "
        "p.risk_assessment_days, p.decision_route_days, p.overall_days, p.name, p.reason, "
        "p.created_at, u.display_name FROM timescale_policies p "
        "LEFT JOIN users u ON u.id = p.created_by ORDER BY p.version").fetchall()
    return [(_policy(r[:7]), str(r[7]), str(r[8]), None if r[9] is None else str(r[9]))
            for r in rows]


def current(conn: Connection) -> TimescalePolicy:
    row = conn.execute(_SELECT + " ORDER BY version DESC LIMIT 1").fetchone()
    return _policy(row) if row is not None else TimescalePolicy()


def insert(conn: Connection, policy: TimescalePolicy, reason: str, at: datetime,
           user_id: int) -> None:
    conn.execute(
        "INSERT INTO timescale_policies (version, name, initial_contact_hours, "
        "face_to_face_days, risk_assessment_days, decision_route_days, overall_days, reason, "
        "created_at, created_by) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (policy.version, policy.name, policy.initial_contact_hours, policy.face_to_face_days,
         policy.risk_assessment_days, policy.decision_route_days, policy.overall_days, reason,
         to_iso(at), user_id))


def case_policy_version(conn: Connection, case_id: int) -> int:
    row = conn.execute("SELECT policy_version FROM cases WHERE id = ?", (case_id,)).fetchone()
    return 1 if row is None else int(row[0])


def set_case_policy(conn: Connection, case_id: int, version: int) -> None:
    conn.execute("UPDATE cases SET policy_version = ? WHERE id = ?", (version, case_id))
