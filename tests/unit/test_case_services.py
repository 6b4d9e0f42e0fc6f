"""Drafts, hostile text, access, immediate risk, extensions and repeat subjects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.enums import AuditAction, Route, Stage
from app.domain.timescales import DeadlineKind
from app.errors import InvalidInput, NotAuthorised
from app.services import case_actions, cases
from app.storage import audit_repo
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, values, walk_to
from tests.unit.form_examples import valid_extension_values, valid_immediate_risk_values


def test_reference_is_prefix_year_sequence(unit: TestUnit) -> None:
    with unit.officer() as officer:
        first = open_new(officer).reference
        second = open_new(officer).reference
    assert first == "TST/2025/00001" and second == "TST/2025/00002"


def test_contact_in_the_future_is_refused(unit: TestUnit) -> None:
    with unit.officer() as officer, pytest.raises(InvalidInput, match="future"):
        open_new(officer, unit.clock.now() + timedelta(hours=1))


def test_draft_keeps_everything_typed_and_resumes(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        draft = {
            "reason": "Worried about my sister's new partner.",
            "applicant": {"surname": "Quigley"},
        }
        cases.save_draft(officer, ref, Stage.INITIAL_CONTACT, draft)
    with unit.officer() as officer:
        case = cases.get_case(officer, ref)
    assert case.values(Stage.INITIAL_CONTACT) == draft
    assert case.current_stage is Stage.INITIAL_CONTACT


def test_unchanged_draft_writes_no_audit_row(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        cases.save_draft(officer, ref, Stage.INITIAL_CONTACT, {"reason": "x"})
        head = audit_repo.head(officer.conn)
        cases.save_draft(officer, ref, Stage.INITIAL_CONTACT, {"reason": "x"})
        assert audit_repo.head(officer.conn) == head


def test_draft_of_wrong_type_is_refused_clearly(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        with pytest.raises(InvalidInput) as refused:
            cases.save_draft(officer, ref, Stage.INITIAL_CONTACT, {"immediate_risk": "maybe"})
    assert refused.value.problems and refused.value.problems[0].path == "immediate_risk"


HOSTILE = st.one_of(
    st.text(min_size=1, max_size=300),
    st.sampled_from(
        [
            "'; DROP TABLE cases;--",
            "Robert'); DELETE FROM audit; --",
            "\u202eevil\u202c",
            "שלום עליכם",
            "مرحبا بالعالم",
            "🙂👨‍👩‍👧‍👦🏳️‍🌈",
            "a" * 20_000,
            "a" * 20_001,
            "tab\tand\nnewline",
            "nul\x00byte",
            "bell\x07",
            "<b>bold</b> & more",
        ]
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=HOSTILE)
def test_hostile_text_round_trips_or_is_refused(unit: TestUnit, text: str) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        draft = {"reason": text, "applicant": {"surname": text[:200]}}
        try:
            cases.save_draft(officer, ref, Stage.INITIAL_CONTACT, draft)
        except InvalidInput as refused:
            assert refused.problems and all(p.message for p in refused.problems)
            return
        assert cases.load_case(officer, ref).values(Stage.INITIAL_CONTACT) == draft


def test_other_officers_case_is_refused_and_audited(unit: TestUnit) -> None:
    with unit.officer() as olive:
        ref = open_new(olive).reference
    with unit.officer2() as owen:
        with pytest.raises(NotAuthorised):
            cases.get_case(owen, ref)
        with pytest.raises(NotAuthorised):
            cases.save_draft(owen, ref, Stage.INITIAL_CONTACT, {"reason": "x"})
        rows = audit_repo.search(
            owen.conn, audit_repo.AuditQuery(actor="owen", action=AuditAction.REFUSED)
        )
    assert len(rows) == 2 and all(r.case_ref == ref for r in rows)


def test_assignment_gives_access(unit: TestUnit) -> None:
    with unit.officer() as olive:
        ref = open_new(olive).reference
    with unit.supervisor() as sam:
        case_actions.assign(sam, ref, "owen")
    with unit.officer2() as owen:
        assert cases.get_case(owen, ref).assigned_to == "owen"


def test_administrator_cannot_read_or_create_cases(unit: TestUnit) -> None:
    with unit.officer() as olive:
        ref = open_new(olive).reference
    with unit.admin() as admin:
        with pytest.raises(NotAuthorised):
            cases.get_case(admin, ref)
        with pytest.raises(NotAuthorised):
            open_new(admin)
        with pytest.raises(NotAuthorised):
            case_actions.repeat_subject_alerts(admin, ref)


def test_immediate_risk_at_any_stage_flags_the_case(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.FACE_TO_FACE)
        with pytest.raises(InvalidInput):
            case_actions.record_immediate_risk(officer, ref, {"what_seen": "x"})
        case = case_actions.record_immediate_risk(officer, ref, valid_immediate_risk_values())
    assert case.immediate_risk and case.risks[0].stage == Stage.INFORMATION_PACK
    assert case.current_stage is Stage.INFORMATION_PACK  # the case carries on


def test_extension_moves_the_deadline(unit: TestUnit) -> None:
    unit.clock.set(datetime(2025, 4, 11, 12, 0, tzinfo=UTC))
    with unit.officer() as officer:
        ref = open_new(officer).reference
        before = next(
            d for d in cases.load_case(officer, ref).deadlines if d.kind is DeadlineKind.CLOSURE_45D
        )
        case = case_actions.add_extension(officer, ref, valid_extension_values())
        after = next(d for d in case.deadlines if d.kind is DeadlineKind.CLOSURE_45D)
        assert after.extended and after.due - before.due == timedelta(days=14)
        with pytest.raises(InvalidInput):
            case_actions.add_extension(officer, ref, {**valid_extension_values(), "reason": ""})


def test_repeat_subject_found_and_viewing_audited(unit: TestUnit) -> None:
    with unit.officer() as officer:
        first = open_new(officer).reference
        walk_to(officer, None, first, Stage.INITIAL_CONTACT)
        second = open_new(officer).reference
        s1 = values(Stage.INITIAL_CONTACT)
        s1["subject"] = {
            **s1["subject"],
            "surname": "Smyth",
            "forenames": "Jon",
            "address": "99 Other Street, York",
        }
        cases.save_draft(officer, second, Stage.INITIAL_CONTACT, s1)
        alerts = case_actions.repeat_subject_alerts(officer, second)
        assert [a.other_reference for a in alerts] == [first]
        assert any("date of birth" in r for r in alerts[0].reasons)
        back = case_actions.repeat_subject_alerts(officer, first)
        assert [a.other_reference for a in back] == [second]
        actions = [
            r.action
            for r in audit_repo.search(officer.conn, audit_repo.AuditQuery(case_ref=second))
        ]
    assert AuditAction.COMBINE in actions
    assert actions.count(AuditAction.CONSULT) >= 1


def test_common_name_different_dob_is_not_flagged(unit: TestUnit) -> None:
    with unit.officer() as officer:
        first = open_new(officer).reference
        walk_to(officer, None, first, Stage.INITIAL_CONTACT)
        second = open_new(officer).reference
        s1 = values(Stage.INITIAL_CONTACT)
        s1["subject"] = {
            **s1["subject"],
            "dob": "1992-07-15",
            "aliases": [],
            "address": "4 Quarry Hill, Hull",
            "previous_addresses": [],
        }
        cases.save_draft(officer, second, Stage.INITIAL_CONTACT, s1)
        assert case_actions.repeat_subject_alerts(officer, second) == []


def test_closed_case_cannot_be_edited(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        case = case_actions.close_early(officer, ref, Route.WITHDRAWN, "Withdrawn.")
        closure = case.values(Stage.CLOSURE)
        closure.update(intel_report_ref="INT/9", intel_report_date="2025-03-10")
        cases.complete_stage(officer, ref, Stage.CLOSURE, closure)
        with pytest.raises(InvalidInput, match="closed"):
            cases.save_draft(officer, ref, Stage.CLOSURE, closure)
