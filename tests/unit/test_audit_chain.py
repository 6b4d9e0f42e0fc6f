"""The audit trail is append-only and its hash chain reveals tampering."""

from __future__ import annotations

import pytest

from app.domain.enums import AuditAction
from app.services import unit_verify
from app.storage import audit_repo
from app.storage.connection import sqlite_errors
from tests.conftest import TestUnit
from tests.unit.raw_db import raw_connection


def _add_rows(unit: TestUnit, n: int) -> bytes:
    with unit.supervisor() as session:
        for i in range(n):
            session.record(AuditAction.CONSULT, entity=f"test:{i}", detail=f"row {i}")
        return session.db_key


def _tamper(unit: TestUnit, key: bytes, *statements: str) -> None:
    """Change the trail around the app: drop the guards first, as an attacker would."""
    conn = raw_connection(unit.db, key)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    for sql in statements:
        conn.execute(sql)
    conn.close()


def _problems(unit: TestUnit) -> list[str]:
    with unit.supervisor() as session:
        return audit_repo.chain_problems(session.conn)


def test_intact_chain_has_no_problems(unit: TestUnit) -> None:
    _add_rows(unit, 5)
    assert _problems(unit) == []


def test_modified_row_is_detected(unit: TestUnit) -> None:
    key = _add_rows(unit, 5)
    _tamper(unit, key, "UPDATE audit SET detail = 'nothing to see' WHERE id = 6")
    problems = _problems(unit)
    assert any("audit row 6 was altered" in p for p in problems)


def test_deleted_row_is_detected(unit: TestUnit) -> None:
    key = _add_rows(unit, 5)
    _tamper(unit, key, "DELETE FROM audit WHERE id = 7")
    problems = _problems(unit)
    assert any("audit row 7 is missing" in p for p in problems)
    assert any("audit row 8 does not follow" in p for p in problems)


def test_reordered_rows_are_detected(unit: TestUnit) -> None:
    key = _add_rows(unit, 5)
    conn = raw_connection(unit.db, key)
    rows = {r[0]: r for r in conn.execute(
        "SELECT id, at, actor, action, entity, case_ref, justification, recipient, detail, "
        "prev_hash, hash FROM audit WHERE id IN (6, 7)")}
    conn.close()
    swap = []
    for target, source in ((6, 7), (7, 6)):
        values = rows[source][1:]
        sets = ", ".join(
            f"{col} = ?" for col in ("at", "actor", "action", "entity", "case_ref",
                                     "justification", "recipient", "detail", "prev_hash", "hash")
        )
        swap.append((f"UPDATE audit SET {sets} WHERE id = {target}", values))
    conn = raw_connection(unit.db, key)
    conn.execute("DROP TRIGGER audit_no_update")
    for sql, values in swap:
        conn.execute(sql, values)
    conn.close()
    problems = _problems(unit)
    assert any("audit row 6" in p for p in problems)
    assert any("audit row 7" in p for p in problems)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit SET detail = 'x' WHERE id = 1",
        "DELETE FROM audit WHERE id = 1",
        "DELETE FROM audit",
        "DROP TRIGGER audit_no_update",
        "DROP TRIGGER audit_no_delete",
        "DROP TABLE audit",
        "ALTER TABLE audit RENAME TO old_audit",
        "ALTER TABLE audit ADD COLUMN sneaky TEXT",
        "PRAGMA writable_schema = ON",
    ],
)
def test_app_connection_refuses_to_rewrite_the_trail(unit: TestUnit, sql: str) -> None:
    with unit.supervisor() as session:
        before = audit_repo.head(session.conn)
        with pytest.raises(sqlite_errors()):
            session.conn.execute(sql)
        assert audit_repo.head(session.conn) == before
        assert audit_repo.chain_problems(session.conn) == []


def test_audit_rows_must_be_written_inside_a_transaction(unit: TestUnit) -> None:
    with unit.supervisor() as session, pytest.raises(RuntimeError):
        session.audit(session.conn, AuditAction.CONSULT)


def test_a_failed_change_leaves_no_audit_row(unit: TestUnit) -> None:
    with unit.supervisor() as session:
        before = audit_repo.head(session.conn)
        with pytest.raises(ZeroDivisionError), session.transaction() as conn:
            session.audit(conn, AuditAction.ALTER, detail="will be rolled back")
            _ = 1 / 0
        assert audit_repo.head(session.conn) == before


def test_verify_reports_the_chain_head(unit: TestUnit) -> None:
    _add_rows(unit, 3)
    with unit.supervisor() as session:
        report = unit_verify.verify(session)
        assert report.ok, report.problems
        assert report.audit_rows >= 3 and len(report.chain_head) == 64
