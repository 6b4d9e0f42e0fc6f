"""Rows a key holder may write in their own name cannot re-tell a case's history
(issue 13, third attack review): a decision completed again with no reopening or
return, a completion row claiming a stage or route its stage cannot give, a sign-off
written before any decision awaited one."""

from __future__ import annotations

import json
from typing import Any

from app.domain.case_stamps import CaseState, record_stamp, stage_text
from app.domain.enums import Stage
from app.security import keyfile as kf
from app.security import slots
from app.security.signing import KeySigner
from app.storage import audit_repo
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, values, walk_to
from tests.unit.raw_db import raw_connection
from tests.unit.test_case_tamper import _has, _verify


def _walked(unit: TestUnit, last: Stage) -> str:
    with unit.officer() as olive, unit.supervisor() as sam:
        ref = open_new(olive).reference
        walk_to(olive, sam, ref, last, "disclose")
        return ref


def _as(unit: TestUnit, name: str) -> tuple[Any, KeySigner]:
    keyfile = kf.load(kf.keyfile_path(unit.db))
    opened = slots.open_slot(keyfile, name, keyfile.slots[name], unit.passwords[name])
    assert opened.signing is not None
    return raw_connection(unit.db, opened.db_keys[0]), KeySigner(name, opened.signing)


def _state(conn: Any, case_id: int) -> CaseState:
    found = conn.execute("SELECT status, current_stage, route, signoff FROM cases "
                         "WHERE id = ?", (case_id,)).fetchone()
    return CaseState(found[0], found[1], found[2], found[3])


def _ids(conn: Any, reference: str) -> int:
    return int(conn.execute("SELECT id FROM cases WHERE reference = ?",
                            (reference,)).fetchone()[0])


def _row(conn: Any, signer: KeySigner, unit: TestUnit, reference: str, entity: str,
         detail: str) -> None:
    audit_repo.append(conn, at=unit.clock.now(), actor=signer.name, action="alter",
                      entity=entity, case_ref=reference, detail=detail, signer=signer)


def test_c1_an_approved_decision_completed_again_by_the_officer_is_named(
        unit: TestUnit) -> None:
    ref = _walked(unit, Stage.DECISION)  # disclose, approved by sam
    assert _verify(unit) == []
    conn, olive = _as(unit, "olive")
    case_id = _ids(conn, ref)
    rewritten = values(Stage.DECISION, "not_disclosed")
    conn.execute("UPDATE stage_records SET data = ? WHERE case_id = ? AND stage = 5",
                 (stage_text(rewritten), case_id))
    conn.execute("UPDATE cases SET route = 'not_disclosed', current_stage = 7 WHERE id = ?",
                 (case_id,))
    _row(conn, olive, unit, ref, f"case:{case_id}/stage:5",
         f"Decision completed {_state(conn, case_id).stamp()} "
         f"{record_stamp(5, rewritten)}")
    conn.close()
    found = _verify(unit)
    assert _has(found, ref, "completes Decision again with no reopening or return")
    assert _has(found, ref, "completing stage 5 cannot take the case to stage 7")


def test_c2_a_completion_row_claiming_a_route_its_stage_cannot_give_is_named(
        unit: TestUnit) -> None:
    ref = _walked(unit, Stage.RISK_ASSESSMENT)  # at the decision, nothing decided
    conn, olive = _as(unit, "olive")
    case_id = _ids(conn, ref)
    answers = json.loads(conn.execute("SELECT data FROM stage_records WHERE case_id = ? "
                                      "AND stage = 4", (case_id,)).fetchone()[0])
    conn.execute("UPDATE cases SET route = 'disclosed', current_stage = 7 WHERE id = ?",
                 (case_id,))
    _row(conn, olive, unit, ref, f"case:{case_id}/stage:4",
         f"Full risk assessment completed {_state(conn, case_id).stamp()} "
         f"{record_stamp(4, answers)}")
    conn.close()
    found = _verify(unit)
    assert _has(found, ref, "completing stage 4 cannot take the case to stage 7")


def test_c3_a_sign_off_before_any_decision_awaited_one_is_named(unit: TestUnit) -> None:
    ref = _walked(unit, Stage.RISK_ASSESSMENT)
    conn, sam = _as(unit, "sam")
    case_id = _ids(conn, ref)
    conn.execute("UPDATE cases SET signoff = 'approved', current_stage = 6 WHERE id = ?",
                 (case_id,))
    _row(conn, sam, unit, ref, f"case:{case_id}/signoff",
         f"decision approved {_state(conn, case_id).stamp()}")
    decided = values(Stage.DECISION)
    conn.execute("INSERT INTO stage_records(case_id, stage, form_version, data, status, "
                 "updated_at, updated_by, completed_at, completed_by) SELECT ?, 5, 3, ?, "
                 "'complete', '2026-01-01T00:00:00Z', id, '2026-01-01T00:00:00Z', id "
                 "FROM users WHERE username = 'sam'", (case_id, stage_text(decided)))
    _row(conn, sam, unit, ref, f"case:{case_id}/stage:5",
         f"Decision completed {_state(conn, case_id).stamp()} {record_stamp(5, decided)}")
    conn.close()
    found = _verify(unit)
    assert _has(found, ref, "a sign-off needs a decision awaiting one")


def test_the_cases_walked_the_ordinary_way_still_verify_clean(unit: TestUnit) -> None:
    for last in (Stage.INITIAL_CONTACT, Stage.RISK_ASSESSMENT, Stage.DECISION,
                 Stage.CLOSURE):
        _walked(unit, last)
    assert _verify(unit) == []
