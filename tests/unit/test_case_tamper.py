"""Issue 13, gaps an insider with the database key could exploit unnoticed: case rows
changed with sqlcipher3 (route, decision, sign-off, a re-opened or closed case, a
completed stage's answers). ``csods verify`` compares each case with its signed audit
rows and names the case and what differs. Each attack opens the unit as an insider
would: sqlcipher3 and the key unsealed from the officer's own slot."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.clock import FixedClock
from app.domain.enums import Route, Stage
from app.security import keyfile as kf
from app.security import slots
from app.services import case_actions, cases, contact_time, unit_verify
from app.services.right_to_know import open_right_to_know
from tests.conftest import SUPERVISOR_PW, TestUnit, make_test_unit
from tests.unit.case_walk import open_new, values, walk_to
from tests.unit.older_units import OLDER_UNITS, older_unit
from tests.unit.raw_db import raw_connection
from tests.unit.test_right_to_know import opening


@dataclass(frozen=True)
class Refs:
    not_disclosed: str  # closed: not disclosed
    disclosed: str  # closed: disclosed
    reopened: str  # withdrawn, closed, reopened by a supervisor (open at closure)
    redecided: str  # reopened at the decision, returned once, approved, now at outcome
    awaiting: str  # decision awaiting sign-off
    early: str  # at stage 2
    override: str  # "no concerns" by a supervisor's override, at the decision
    rtk: str  # police-initiated (right to know), at the decision
    corrected: str  # first-contact time corrected by a supervisor


def _build(unit: TestUnit) -> Refs:
    with unit.officer() as olive, unit.supervisor() as sam:
        def walked(last: Stage, variant: Any = "disclose") -> str:
            ref = open_new(olive).reference
            walk_to(olive, sam, ref, last, variant)
            return ref

        not_disclosed = walked(Stage.CLOSURE, "not_disclosed")
        disclosed = walked(Stage.CLOSURE)
        reopened = open_new(olive).reference
        case = case_actions.close_early(olive, reopened, Route.WITHDRAWN, "Withdrawn by phone.")
        closure = case.values(Stage.CLOSURE)
        closure.update(intel_report_ref="INT/4", intel_report_date="2025-03-10")
        cases.complete_stage(olive, reopened, Stage.CLOSURE, closure)
        case_actions.reopen(sam, reopened, "Applicant called back.")
        reclosed = walked(Stage.CLOSURE, "no_concerns")
        case_actions.reopen(sam, reclosed, "Summary incomplete.")
        closure = cases.load_case(olive, reclosed).values(Stage.CLOSURE)
        cases.complete_stage(olive, reclosed, Stage.CLOSURE, closure)
        redecided = walked(Stage.OUTCOME)
        case_actions.reopen(sam, redecided, "Decision reviewed.", Stage.DECISION)
        cases.complete_stage(olive, redecided, Stage.DECISION, values(Stage.DECISION))
        case_actions.sign_off(sam, redecided, approve=False, comment="Say more.")
        cases.complete_stage(olive, redecided, Stage.DECISION, values(Stage.DECISION))
        case_actions.sign_off(sam, redecided, approve=True)
        awaiting = walked(Stage.RISK_ASSESSMENT)
        cases.complete_stage(olive, awaiting, Stage.DECISION, values(Stage.DECISION))
        early = walked(Stage.INITIAL_CONTACT)
        override = walked(Stage.INFORMATION_PACK, "no_concerns")
        s4 = values(Stage.RISK_ASSESSMENT, "no_concerns",
                    intelligence="Arrested 2019 for indecent images; no further action.",
                    no_concerns_override_reason="Intelligence disproved: wrong man.")
        case_actions.assign(sam, override, "sam")
        cases.complete_stage(sam, override, Stage.RISK_ASSESSMENT, s4)
        rtk = open_right_to_know(olive, opening()).reference
        corrected = walked(Stage.INITIAL_CONTACT)
        moved = cases.load_case(olive, corrected).contact_at - timedelta(hours=2)
        contact_time.correct_contact_time(sam, corrected, moved, "Call log says earlier.")
    return Refs(not_disclosed, disclosed, reopened, redecided, awaiting, early, override,
                rtk, corrected)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestUnit, Refs]:
    clock = FixedClock(datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    unit = make_test_unit(tmp_path_factory.mktemp("tamper"), clock)
    return unit, _build(unit)


@pytest.fixture
def unit_refs(built: tuple[TestUnit, Refs], tmp_path: Path) -> tuple[TestUnit, Refs]:
    """A fresh copy of the built unit for each attack."""
    made, refs = built
    folder = tmp_path / "unit"
    folder.mkdir()
    for file in made.db.parent.iterdir():
        if file.is_file():
            shutil.copy(file, folder / file.name)
    copy = TestUnit(folder / made.db.name, made.recovery_code,
                    FixedClock(made.clock.now()), dict(made.passwords))
    return copy, refs


def _insider(unit: TestUnit) -> Any:
    """olive's own password and the key file, no application."""
    keyfile = kf.load(kf.keyfile_path(unit.db))
    key = slots.open_slot(keyfile, "olive", keyfile.slots["olive"],
                          unit.passwords["olive"]).db_keys[0]
    return raw_connection(unit.db, key)


def _sql(unit: TestUnit, *statements: tuple[str, tuple[Any, ...]]) -> None:
    conn = _insider(unit)
    for sql, params in statements:
        conn.execute(sql, params)
    conn.close()


def _verify(unit: TestUnit) -> list[str]:
    """The service, then the command line (both must fail, naming the same problems)."""
    problems = unit_verify.verify_file(unit.db, "sam", unit.passwords["sam"],
                                       unit.clock).problems
    return problems


def _cli_fails_naming(unit: TestUnit, text: str, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CSODS_PASSWORD", unit.passwords["sam"])
    capsys.readouterr()
    assert main(["verify", "--db", str(unit.db), "--user", "sam"]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and text in out, out


def _has(problems: list[str], *parts: str) -> bool:
    return any(all(p in problem for p in parts) for problem in problems)


def test_a_demo_sized_unit_with_every_kind_of_case_verifies_clean(
        unit_refs: tuple[TestUnit, Refs], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    unit, _refs = unit_refs
    assert _verify(unit) == []
    monkeypatch.setenv("CSODS_PASSWORD", SUPERVISOR_PW)
    assert main(["verify", "--db", str(unit.db), "--user", "sam"]) == 0
    assert "PASS  cases against the audit trail" in capsys.readouterr().out


def test_a_closed_case_rerouted_to_disclosed_is_named(
        unit_refs: tuple[TestUnit, Refs], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    unit, refs = unit_refs
    _sql(unit, ("UPDATE cases SET route = 'disclosed' WHERE reference = ?",
                (refs.not_disclosed,)))
    problems = _verify(unit)
    assert _has(problems, f"case {refs.not_disclosed}: route is 'Disclosed' but the signed "
                "closure row", "says 'Not disclosed'")
    assert _has(problems, refs.not_disclosed, "its closure record says 'Not disclosed'")
    _cli_fails_naming(unit, f"case {refs.not_disclosed}: route is 'Disclosed'", monkeypatch,
                      capsys)


def test_rerouting_the_case_and_its_closure_record_together_is_named(
        unit_refs: tuple[TestUnit, Refs]) -> None:
    unit, refs = unit_refs
    case = "(SELECT id FROM cases WHERE reference = ?)"
    _sql(unit, ("UPDATE cases SET route = 'disclosed' WHERE reference = ?",
                (refs.not_disclosed,)),
         (f"UPDATE stage_records SET data = json_set(data, '$.route', 'disclosed') "
          f"WHERE stage = 7 AND case_id = {case}", (refs.not_disclosed,)))
    problems = _verify(unit)
    assert _has(problems, refs.not_disclosed, "route is 'Disclosed' but the signed closure")
    assert _has(problems, refs.not_disclosed, "answers of the completed Closure",
                "changed outside the application")


def test_an_edited_decision_is_named(unit_refs: tuple[TestUnit, Refs]) -> None:
    unit, refs = unit_refs
    _sql(unit, ("UPDATE stage_records SET data = json_set(data, '$.rationale_note', "
                "'Rewritten after the event.') WHERE stage = 5 AND case_id = "
                "(SELECT id FROM cases WHERE reference = ?)", (refs.disclosed,)))
    assert _has(_verify(unit), f"case {refs.disclosed}: the answers of the completed "
                "Decision are not those its completion row")


def test_a_changed_approver_or_outcome_of_a_sign_off_is_named(
        unit_refs: tuple[TestUnit, Refs]) -> None:
    unit, refs = unit_refs
    case = "(SELECT id FROM cases WHERE reference = ?)"
    _sql(unit, (f"UPDATE signoffs SET by_user = (SELECT id FROM users WHERE username = "
                f"'owen') WHERE case_id = {case}", (refs.disclosed,)),
         (f"UPDATE signoffs SET outcome = 'approved' WHERE outcome = 'returned' "
          f"AND case_id = {case}", (refs.redecided,)))
    problems = _verify(unit)
    assert _has(problems, f"case {refs.disclosed}: sign-off 1 is recorded as approved by "
                "'owen' but the sign-off row", "says approved by 'sam'")
    assert _has(problems, f"case {refs.redecided}: sign-off 2 is recorded as approved",
                "says returned by 'sam'")


def test_a_decision_signed_off_in_sql_is_named(unit_refs: tuple[TestUnit, Refs]) -> None:
    """Skipping the supervisor: the case moved on to the outcome with a forged sign-off."""
    unit, refs = unit_refs
    case = "(SELECT id FROM cases WHERE reference = ?)"
    _sql(unit, ("UPDATE cases SET signoff = 'approved', current_stage = 6 WHERE reference = ?",
                (refs.awaiting,)),
         (f"INSERT INTO signoffs (case_id, outcome, comment, at, by_user) VALUES ({case}, "
          "'approved', '', '2026-03-02T09:30:00+00:00', (SELECT id FROM users WHERE "
          "username = 'sam'))", (refs.awaiting,)))
    problems = _verify(unit)
    assert _has(problems, f"case {refs.awaiting}: its sign-off is 'approved' but the signed "
                "Decision completion row", "says 'awaiting'")
    assert _has(problems, refs.awaiting, "current stage is 6", "says 5")
    assert _has(problems, refs.awaiting, "sign-off 1 (approved by 'sam') has no sign-off row")


def test_who_completed_a_stage_changed_is_named(unit_refs: tuple[TestUnit, Refs]) -> None:
    unit, refs = unit_refs
    _sql(unit, ("UPDATE stage_records SET completed_by = (SELECT id FROM users WHERE "
                "username = 'sam') WHERE stage = 6 AND case_id = (SELECT id FROM cases "
                "WHERE reference = ?)", (refs.disclosed,)))
    assert _has(_verify(unit), f"case {refs.disclosed}: Outcome is recorded as completed by "
                "'sam' but its completion row", "is olive's")


def test_a_closed_case_reopened_in_sql_and_an_open_one_closed_are_named(
        unit_refs: tuple[TestUnit, Refs]) -> None:
    unit, refs = unit_refs
    _sql(unit, ("UPDATE cases SET status = 'open', closed_at = NULL WHERE reference = ?",
                (refs.disclosed,)),
         ("UPDATE cases SET status = 'closed', route = 'withdrawn' WHERE reference = ?",
          (refs.early,)))
    problems = _verify(unit)
    assert _has(problems, f"case {refs.disclosed}: it is open but the signed closure row",
                "says closed")
    assert _has(problems, f"case {refs.early}: it is closed but the signed", "says open")
    assert _has(problems, f"case {refs.early}: route is 'Withdrawn'", "says none")


def test_a_completed_stage_made_a_draft_again_is_named(unit_refs: tuple[TestUnit, Refs]) -> None:
    """A draft can be edited in the application: undoing a completion is not silent."""
    unit, refs = unit_refs
    _sql(unit, ("UPDATE stage_records SET status = 'draft', completed_by = NULL, "
                "completed_at = NULL WHERE stage = 4 AND case_id = (SELECT id FROM cases "
                "WHERE reference = ?)", (refs.override,)))
    assert _has(_verify(unit), f"case {refs.override}: Full risk assessment is a draft but "
                "its completion row")


def test_a_deleted_or_added_case_is_named(unit_refs: tuple[TestUnit, Refs]) -> None:
    unit, refs = unit_refs
    _sql(unit, ("DELETE FROM cases WHERE reference = ?", (refs.early,)),
         ("INSERT INTO cases (reference, contact_at, created_at, created_by, current_stage, "
          "status) VALUES ('TST/2025/09999', '2025-03-03T09:15:00+00:00', "
          "'2025-03-03T09:15:00+00:00', 1, 7, 'closed')", ()))
    problems = _verify(unit)
    assert _has(problems, f"case {refs.early}: the audit trail records it but it is not in "
                "the database")
    assert _has(problems, "case TST/2025/09999: the audit trail has no row about it")


@pytest.mark.parametrize("fixture", list(OLDER_UNITS))
def test_units_from_release_0_1_verify_clean_and_tampering_is_named(
        fixture: str, tmp_path: Path) -> None:
    """Rows written before the stamps say less; what they say is compared. The schema 7
    migration re-routed one case of unit_v010 with an audit row: it verifies clean."""
    unit = older_unit(tmp_path, fixture)
    for open_once in (unit.officer, unit.supervisor):
        open_once().close()
    assert _verify(unit) == []
    closed = _insider(unit).execute(
        "SELECT reference, route FROM cases WHERE status = 'closed' ORDER BY id").fetchall()
    if not closed:  # release-0.1.0-h has one open case at stage 1
        _sql(unit, ("UPDATE cases SET status = 'closed'", ()))
        assert _has(_verify(unit), "it is closed but the audit trail has no closure row")
        return
    rerouted = next(ref for ref, route in closed if route == Route.DISCLOSURE_NOT_MADE.value)
    other = next(ref for ref, route in closed if route == Route.DISCLOSED.value)
    _sql(unit, ("UPDATE cases SET route = 'disclosed' WHERE reference = ?", (rerouted,)),
         ("UPDATE cases SET status = 'open' WHERE reference = ?", (other,)),
         ("UPDATE signoffs SET by_user = (SELECT id FROM users WHERE username = 'olive') "
          "WHERE case_id = 1", ()))
    problems = _verify(unit)
    assert _has(problems, f"case {rerouted}: route is 'Disclosed' but the software update's "
                "correction row")
    assert _has(problems, f"case {other}: it is open but the closure row", "left it closed")
    assert _has(problems, "sign-off 1 is recorded as approved by 'olive'", "by 'sam'")


def test_verify_on_a_new_unit_with_no_cases_is_clean(tmp_path: Path, clock: FixedClock) -> None:
    unit = make_test_unit(tmp_path, clock)
    assert _verify(unit) == []


def test_supervisor_roles_are_read_from_signed_records(unit_refs: tuple[TestUnit, Refs]) -> None:
    """A sign-off needs a supervisor: the check knows who ever was one."""
    unit, _refs = unit_refs
    with unit.supervisor() as sam:
        from app.services import account_trust

        keyfile = kf.load(kf.keyfile_path(unit.db))
        assert account_trust.load(sam.conn, keyfile.unit_id).ever_supervisors() == {"sam"}


def test_a_self_signed_closure_row_backing_a_rerouted_case_is_named(
        unit_refs: tuple[TestUnit, Refs]) -> None:
    """olive cannot sign as sam, but she can sign rows as herself: a second closure row
    that agrees with her edit is itself a row the application never writes."""
    from app.domain.case_stamps import CaseState, record_stamp
    from app.security.signing import KeySigner
    from app.storage import audit_repo

    unit, refs = unit_refs
    keyfile = kf.load(kf.keyfile_path(unit.db))
    opened = slots.open_slot(keyfile, "olive", keyfile.slots["olive"], unit.passwords["olive"])
    assert opened.signing is not None
    conn = raw_connection(unit.db, opened.db_keys[0])
    case_id, = conn.execute("SELECT id FROM cases WHERE reference = ?",
                            (refs.not_disclosed,)).fetchone()
    data = conn.execute("SELECT data FROM stage_records WHERE stage = 7 AND case_id = ?",
                        (case_id,)).fetchone()[0]
    closure = {**json.loads(data), "route": "disclosed"}
    conn.execute("UPDATE cases SET route = 'disclosed' WHERE id = ?", (case_id,))
    conn.execute("UPDATE stage_records SET data = ? WHERE stage = 7 AND case_id = ?",
                 (json.dumps(closure, ensure_ascii=False, sort_keys=True), case_id))
    stamp = CaseState("closed", 7, "disclosed", "approved").stamp()
    audit_repo.append(conn, at=unit.clock.now(), actor="olive", action="alter",
                      entity=f"case:{case_id}/stage:7", case_ref=refs.not_disclosed,
                      detail=f"Closure completed {stamp} {record_stamp(7, closure)}",
                      signer=KeySigner("olive", opened.signing))
    conn.close()
    assert _has(_verify(unit), f"case {refs.not_disclosed}: audit row",
                "closes the case again with no reopening row")
