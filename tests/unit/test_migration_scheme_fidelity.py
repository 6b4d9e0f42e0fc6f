"""Migration 0007 on a unit made by v0.1.0 (tests/fixtures/unit_v010, see its README)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from app.clock import FixedClock
from app.documents import DocumentKind
from app.domain.enums import Route, Stage
from app.domain.forms import validate_stage
from app.domain.forms.upgrades import upgrade_v1_to_v2
from app.services import cases, documents
from app.services.unit import login
from app.storage import audit_repo
from app.storage.migrate import latest_version, schema_version
from tests.unit.test_documents_support import text

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "unit_v010"
OFFICER_PW = "fixture-officer-pass-03"
SUPERVISOR_PW = "fixture-super-pass-02"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "unit"
    shutil.copytree(FIXTURE, target)
    return target / "unit.db"


def test_v010_unit_migrates_and_refused_undertaking_is_rerouted_5_6_21(tmp_path: Path) -> None:
    """¶5.6.21: the old 'Disclosed' case whose undertaking was refused and not proceeded
    with is re-routed to 'disclosure not made'; the audit trail says so and verifies; the
    other cases and the closed records still open and print."""
    db = _copy(tmp_path)
    clock = FixedClock(datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    with login(db, "sam", SUPERVISOR_PW, clock) as supervisor:
        assert schema_version(supervisor.conn) == latest_version()
        routes = {ref: cases.get_case(supervisor, ref).route for ref in (
            "FIX/2025/00001", "FIX/2025/00002", "FIX/2025/00003")}
        rerouted = cases.get_case(supervisor, "FIX/2025/00002")
        rows = list(audit_repo.iter_rows(supervisor.conn))
        assert audit_repo.chain_problems(supervisor.conn) == []
        report = text(documents.produce(supervisor, "FIX/2025/00002",
                                        DocumentKind.CLOSURE_REPORT))
        for ref in ("FIX/2025/00001", "FIX/2025/00003"):
            documents.produce(supervisor, ref, DocumentKind.CLOSURE_REPORT)
    assert routes == {"FIX/2025/00001": Route.DISCLOSED,
                      "FIX/2025/00002": Route.DISCLOSURE_NOT_MADE,
                      "FIX/2025/00003": Route.DISCLOSED}
    closure = rerouted.values(Stage.CLOSURE)
    assert closure["route"] == "disclosure_not_made"
    assert "Route at closure: Disclosed" in closure["summary"]  # as submitted, kept
    assert "Correction (software update, schema 7)" in closure["summary"]
    assert rerouted.facts.disclosure_not_made
    notes = [r for r in rows if r.case_ref == "FIX/2025/00002"
             and "route corrected by software update" in (r.detail or "")]
    assert len(notes) == 1 and "¶5.6.21" in (notes[0].detail or "")
    assert not any("route corrected" in (r.detail or "") for r in rows
                   if r.case_ref != "FIX/2025/00002")
    assert "Disclosure decided but not made" in report


def test_migration_audit_note_written_once_across_reopens(tmp_path: Path) -> None:
    """The post-migration step leaves no note behind: a second open adds no audit row."""
    db = _copy(tmp_path)
    clock = FixedClock(datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    with login(db, "olive", OFFICER_PW, clock):
        pass
    with login(db, "olive", OFFICER_PW, clock) as officer:
        rows = list(audit_repo.iter_rows(officer.conn))
        left = officer.conn.execute("SELECT count(*) FROM migration_audit_notes").fetchone()[0]
    assert left == 0
    assert sum("route corrected" in (r.detail or "") for r in rows) == 1


def test_upgrade_v1_to_v2_stage6_answers_5_6_21() -> None:
    """Data test of the form upgrader: v1 stage 6 answers gain 'was the disclosure made'."""
    refused = {"undertaking_signed": False, "proceed_despite_refusal": False,
               "refusal_decision_reasons": "Would not sign.", "verbatim": "x"}
    up = upgrade_v1_to_v2(Stage.OUTCOME, refused)
    assert up["disclosure_made"] is False and up["not_made_reason"] == "undertaking_refused"
    assert up["not_made_details"] == "Would not sign."
    assert "disclosure_made" not in refused  # pure: the input is untouched
    went_ahead = upgrade_v1_to_v2(Stage.OUTCOME, {**refused, "proceed_despite_refusal": True})
    assert went_ahead["disclosure_made"] is True
    signed = upgrade_v1_to_v2(Stage.OUTCOME, {"undertaking_signed": True, "verbatim": "y"})
    assert signed["disclosure_made"] is True
    letter = {"conveyed_by": "letter", "conveyed_on": "2025-03-25"}
    assert upgrade_v1_to_v2(Stage.OUTCOME, letter) == letter
    decision = {"forum": "strategy_meeting", "decision": "disclose"}
    assert upgrade_v1_to_v2(Stage.DECISION, decision) == decision
    assert upgrade_v1_to_v2(6, {"disclosure_made": True}) == {"disclosure_made": True}


def test_old_answers_still_pass_the_draft_check() -> None:
    """Old stage 6 answers, upgraded, hold no field the v2 form does not know."""
    from tests.unit.form_examples import valid_case_context

    ctx = valid_case_context("disclose")
    v1 = {k: v for k, v in ctx[Stage.OUTCOME].items()
          if not k.startswith(("subject_", "disclosure_made"))}
    up = upgrade_v1_to_v2(Stage.OUTCOME, v1)
    problems = [p.path for p in validate_stage(Stage.OUTCOME, up, ctx)]
    assert problems == ["subject_told_by", "subject_told_at", "subject_told_in_person",
                        "subject_given_scheme_info", "subject_response"]
