"""Bulk reads for ``csods verify``'s comparison of the case rows with the audit trail
(app/services/case_integrity.py): every case, completed stage record, sign-off and
case or account audit row, each in one query."""

from __future__ import annotations

from dataclasses import dataclass

from app.storage.connection import Connection


@dataclass(frozen=True)
class CaseState:
    id: int
    reference: str
    status: str
    stage: int
    route: str | None
    signoff: str
    erased: bool


@dataclass(frozen=True)
class StageState:
    case_id: int
    stage: int
    status: str
    data: str
    completed_by: str | None


@dataclass(frozen=True)
class SignoffState:
    case_id: int
    outcome: str
    by: str | None


@dataclass(frozen=True)
class AuditFact:
    """The columns of an audit row the comparison reads."""

    id: int
    actor: str | None
    action: str
    entity: str
    case_ref: str | None
    detail: str
    signed: bool


def cases(conn: Connection) -> list[CaseState]:
    rows = conn.execute("SELECT id, reference, status, current_stage, route, signoff, "
                        "erased_at IS NOT NULL FROM cases ORDER BY id")
    return [CaseState(int(r[0]), str(r[1]), str(r[2]), int(r[3]), r[4], str(r[5]), bool(r[6]))
            for r in rows]


def stages(conn: Connection) -> list[StageState]:
    rows = conn.execute(
        "SELECT s.case_id, s.stage, s.status, s.data, u.username FROM stage_records s "
        "LEFT JOIN users u ON u.id = s.completed_by ORDER BY s.case_id, s.stage")
    return [StageState(int(r[0]), int(r[1]), str(r[2]), str(r[3]), r[4]) for r in rows]


def signoffs(conn: Connection) -> list[SignoffState]:
    rows = conn.execute("SELECT s.case_id, s.outcome, u.username FROM signoffs s "
                        "LEFT JOIN users u ON u.id = s.by_user ORDER BY s.id")
    return [SignoffState(int(r[0]), str(r[1]), r[2]) for r in rows]


def _facts(conn: Connection, prefix: str) -> list[AuditFact]:
    names = {row[1] for row in conn.execute("PRAGMA table_info(audit)")}
    signed = "signature IS NOT NULL" if "signature" in names else "0"
    rows = conn.execute(
        f"SELECT id, actor, action, entity, case_ref, COALESCE(detail, ''), {signed} "
        "FROM audit WHERE entity LIKE ? ORDER BY id", (f"{prefix}%",))
    return [AuditFact(int(r[0]), r[1], str(r[2]), str(r[3]), r[4], str(r[5]), bool(r[6]))
            for r in rows]


def case_rows(conn: Connection) -> list[AuditFact]:
    """Every audit row about a case (entity ``case:N…``), oldest first."""
    return _facts(conn, "case:")


def account_rows(conn: Connection) -> list[AuditFact]:
    """Every audit row about an account (entity ``user:NAME``), oldest first."""
    return _facts(conn, "user:")
