"""Issue 13, second attack review: an officer backs her SQL edit with a row signed with
her own key carrying a case stamp her role or the row's action is not entitled to
(app/domain/stamp_rules.py). ``csods verify`` names the row and the case. Each attack
opens the unit as an insider would: sqlcipher3 and the key from olive's own slot, and
her own signing key for the forged row."""

from __future__ import annotations

import json
from typing import Any

from app.domain.case_stamps import CaseState, record_stamp
from app.domain.enums import Stage
from app.security import keyfile as kf
from app.security import pending_events, slots
from app.security.signing import KeySigner
from app.services import cases
from app.storage import audit_repo
from tests.conftest import TestUnit
from tests.unit import test_case_tamper as tamper
from tests.unit.case_walk import values
from tests.unit.raw_db import raw_connection
from tests.unit.test_case_tamper import Refs, _has, _verify

built = tamper.built  # the unit with every kind of case, built once for this module
unit_refs = tamper.unit_refs  # a fresh copy of it for each attack


def _as(unit: TestUnit, name: str) -> tuple[Any, KeySigner]:
    """``name``'s own slot: the database key and their signing key, no application."""
    keyfile = kf.load(kf.keyfile_path(unit.db))
    opened = slots.open_slot(keyfile, name, keyfile.slots[name], unit.passwords[name])
    assert opened.signing is not None
    return raw_connection(unit.db, opened.db_keys[0]), KeySigner(name, opened.signing)


def _case_id(conn: Any, reference: str) -> int:
    return int(conn.execute("SELECT id FROM cases WHERE reference = ?",
                            (reference,)).fetchone()[0])


def _row(conn: Any, signer: KeySigner, unit: TestUnit, reference: str, entity: str,
         detail: str, action: str = "alter") -> int:
    audit_repo.append(conn, at=unit.clock.now(), actor=signer.name, action=action,
                      entity=entity, case_ref=reference, detail=detail, signer=signer)
    return int(conn.execute("SELECT max(id) FROM audit").fetchone()[0])


def _self_approve(unit: TestUnit, reference: str) -> int:
    """B1: olive approves her own decision in SQL and stamps it in a consultation row."""
    conn, olive = _as(unit, "olive")
    case_id = _case_id(conn, reference)
    conn.execute("UPDATE cases SET signoff = 'approved', current_stage = 6 WHERE id = ?",
                 (case_id,))
    row = _row(conn, olive, unit, reference, f"case:{case_id}",
               f"case viewed {CaseState('open', 6, None, 'approved').stamp()}", "consult")
    conn.close()
    return row


def test_b1_a_sign_off_stamped_in_an_officers_consultation_row_is_named(
        unit_refs: tuple[TestUnit, Refs]) -> None:
    unit, refs = unit_refs
    row = _self_approve(unit, refs.awaiting)
    problems = _verify(unit)
    assert _has(problems, f"case {refs.awaiting}: audit row {row} (consult by olive) carries "
                "a case state stamp: only a sign-off by a supervisor can say "
                "signoff=approved")
    assert _has(problems, refs.awaiting, "its sign-off is 'approved' but the signed Decision "
                "completion row", "says 'awaiting'")


def test_b1_prime_the_outcome_completed_on_a_forged_approval_is_named(
        unit_refs: tuple[TestUnit, Refs]) -> None:
    """The Outcome service trusts the case row's sign-off; verify names the forged
    approval and the completion built on it."""
    unit, refs = unit_refs
    _self_approve(unit, refs.awaiting)
    with unit.officer() as olive:
        cases.complete_stage(olive, refs.awaiting, Stage.OUTCOME, values(Stage.OUTCOME))
    problems = _verify(unit)
    assert _has(problems, refs.awaiting, "(disclose by olive) carries a case state stamp: "
                "only a sign-off by a supervisor can say signoff=approved")
    assert _has(problems, refs.awaiting, "(consult by olive) carries a case state stamp")


def test_b2_a_signed_off_decision_rewritten_with_an_officers_correction_row_is_named(
        unit_refs: tuple[TestUnit, Refs]) -> None:
    unit, refs = unit_refs
    conn, olive = _as(unit, "olive")
    case_id = _case_id(conn, refs.disclosed)
    data = conn.execute("SELECT data FROM stage_records WHERE stage = 5 AND case_id = ?",
                        (case_id,)).fetchone()[0]
    decision = {**json.loads(data), "rationale_note": "Rewritten after the event."}
    conn.execute("UPDATE stage_records SET data = ? WHERE stage = 5 AND case_id = ?",
                 (json.dumps(decision, ensure_ascii=False, sort_keys=True), case_id))
    row = _row(conn, olive, unit, refs.disclosed, f"case:{case_id}/stage:5",
               f"time of first contact corrected {record_stamp(5, decision)}")
    first = json.loads(conn.execute("SELECT data FROM stage_records WHERE stage = 1 AND "
                                    "case_id = ?", (case_id,)).fetchone()[0])
    first["contact_at"] = "2025-01-01T09:00:00+00:00"
    conn.execute("UPDATE stage_records SET data = ? WHERE stage = 1 AND case_id = ?",
                 (json.dumps(first, ensure_ascii=False, sort_keys=True), case_id))
    officers = _row(conn, olive, unit, refs.disclosed, f"case:{case_id}/stage:1",
                    f"time of first contact corrected {record_stamp(1, first)}")
    conn.close()
    problems = _verify(unit)
    assert _has(problems, f"case {refs.disclosed}: audit row {row} (alter by olive) carries "
                "a stage record stamp: a correction of the time of first contact re-stamps "
                "stage 1 only")
    assert _has(problems, refs.disclosed, "answers of the completed Decision are not those "
                "its completion row")
    assert _has(problems, f"audit row {officers} (alter by olive) carries a stage record "
                "stamp: only a supervisor can correct the time of first contact")
    assert _has(problems, refs.disclosed, "answers of the completed Initial contact")


def test_b3_a_closed_case_rerouted_with_a_forged_closure_correction_is_named(
        unit_refs: tuple[TestUnit, Refs]) -> None:
    unit, refs = unit_refs
    conn, olive = _as(unit, "olive")
    case_id = _case_id(conn, refs.not_disclosed)
    data = conn.execute("SELECT data FROM stage_records WHERE stage = 7 AND case_id = ?",
                        (case_id,)).fetchone()[0]
    closure = {**json.loads(data), "route": "disclosed"}
    conn.execute("UPDATE cases SET route = 'disclosed' WHERE id = ?", (case_id,))
    conn.execute("UPDATE stage_records SET data = ? WHERE stage = 7 AND case_id = ?",
                 (json.dumps(closure, ensure_ascii=False, sort_keys=True), case_id))
    stamp = CaseState("closed", 7, "disclosed", "approved").stamp()
    row = _row(conn, olive, unit, refs.not_disclosed, f"case:{case_id}/stage:7",
               f"time of first contact corrected {stamp} {record_stamp(7, closure)}")
    conn.close()
    problems = _verify(unit)
    assert _has(problems, f"audit row {row} (alter by olive) carries a case state stamp: "
                "only opening a case, completing a stage")
    assert _has(problems, f"audit row {row} (alter by olive) carries a stage record stamp")
    assert _has(problems, refs.not_disclosed, "route is 'Disclosed' but the signed closure "
                "row", "says 'Not disclosed'")


def test_b4_a_closed_case_reopened_by_an_officers_row_is_named(
        unit_refs: tuple[TestUnit, Refs]) -> None:
    unit, refs = unit_refs
    conn, olive = _as(unit, "olive")
    case_id = _case_id(conn, refs.not_disclosed)
    conn.execute("UPDATE cases SET status = 'open', closed_at = NULL WHERE id = ?", (case_id,))
    state = CaseState("open", 7, "not_disclosed", "approved").stamp()
    viewed = _row(conn, olive, unit, refs.not_disclosed, f"case:{case_id}",
                  f"viewed {state}", "consult")
    reopened = _row(conn, olive, unit, refs.not_disclosed, f"case:{case_id}",
                    f"reopened at Closure {state}")
    conn.close()
    problems = _verify(unit)
    for row, action in ((viewed, "consult"), (reopened, "alter")):
        assert _has(problems, f"case {refs.not_disclosed}: audit row {row} ({action} by "
                    "olive) carries a case state stamp: only a reopening by a supervisor can "
                    "say a closed case is open")
    assert _has(problems, refs.not_disclosed, "it is open but the signed closure row",
                "says closed")


def test_d4_a_key_file_event_about_a_case_is_refused_and_never_believed(
        unit_refs: tuple[TestUnit, Refs]) -> None:
    """An administrator has no case access: their event naming a case is not entered;
    one entered before this check, stamps and all, says nothing about the case."""
    unit, refs = unit_refs
    keyfile = kf.load(kf.keyfile_path(unit.db))
    admin = slots.open_slot(keyfile, "admin", keyfile.slots["admin"], unit.passwords["admin"])
    assert admin.signing is not None
    conn, sam = _as(unit, "sam")
    case_id = _case_id(conn, refs.early)
    stamp = CaseState("closed", 7, "disclosed", "approved").stamp()
    _row(conn, sam, unit, refs.early, f"case:{case_id}",
         f"OLD-D4 {stamp} (by admin, recorded in the key file)", "user_admin")
    conn.close()
    assert _verify(unit) == []
    event = pending_events.signed_event(KeySigner("admin", admin.signing), unit.clock.now(),
                                        "user_admin", f"case:{case_id}", f"STAMP-D4 {stamp}",
                                        unit_id=keyfile.unit_id)
    path = kf.keyfile_path(unit.db)
    stored = json.loads(path.read_text())
    stored["pending_audit"] = [*stored.get("pending_audit", []), event]
    path.write_text(json.dumps(stored))
    with unit.supervisor():
        pass
    conn, _sam = _as(unit, "sam")
    entered = conn.execute("SELECT count(*) FROM audit WHERE detail LIKE '%STAMP-D4%'"
                           ).fetchone()[0]
    refusal = conn.execute("SELECT detail FROM audit WHERE entity = 'key-file' ORDER BY id "
                           "DESC LIMIT 1").fetchone()[0]
    conn.close()
    assert entered == 0
    assert "about a case" in refusal
    assert _verify(unit) == []
