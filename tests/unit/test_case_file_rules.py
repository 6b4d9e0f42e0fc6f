"""Rules of the read model the case window used to work out for itself.

``CaseFile.can_edit`` (and the sentence of ``why_not_editable``) is the one rule the
case service enforces and the window shows; ``CaseFile.prefill`` is the stage 2
pre-fill of ¶5.2.13; ``CaseSummary.flags`` is the one flags column of every list.
No Qt here.
"""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.enums import Stage
from app.domain.flags import CaseFlag, case_flags
from app.errors import InvalidInput
from app.services import case_actions, cases
from app.services.case_file import PREFILLED_FROM_STAGE1
from app.services.case_list import list_cases
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, values, walk_to
from tests.unit.form_examples import valid_extension_values, valid_immediate_risk_values


# -- can_edit: only the current stage of an open case, and not a decision awaiting sign-off
def test_only_the_current_stage_of_an_open_case_can_be_edited(unit: TestUnit) -> None:
    with unit.officer() as officer:
        case = open_new(officer)
    assert case.can_edit(Stage.INITIAL_CONTACT)
    assert case.why_not_editable(Stage.INITIAL_CONTACT) is None
    for later in list(Stage)[1:]:
        assert not case.can_edit(later)
        assert "cannot be worked on now" in (case.why_not_editable(later) or "")


def test_a_completed_stage_is_read_only_until_reopened(unit: TestUnit) -> None:
    with unit.officer() as officer:
        case = walk_to(officer, None, open_new(officer).reference, Stage.INITIAL_CONTACT)
    assert case.can_edit(Stage.FACE_TO_FACE)
    assert not case.can_edit(Stage.INITIAL_CONTACT)
    assert "complete and can only be viewed" in (
        case.why_not_editable(Stage.INITIAL_CONTACT) or "")


def test_a_closed_case_cannot_be_edited_at_any_stage(unit: TestUnit) -> None:
    with unit.officer() as officer:
        closed = replace(open_new(officer), status="closed")
    assert not any(closed.can_edit(stage) for stage in Stage)
    assert "closed" in (closed.why_not_editable(closed.current_stage) or "")


def test_a_decision_waiting_for_sign_off_is_frozen(unit: TestUnit) -> None:
    with unit.officer() as officer:
        case = walk_to(officer, None, open_new(officer).reference, Stage.DECISION)
    assert case.awaiting_signoff and case.current_stage is Stage.DECISION
    assert not case.can_edit(Stage.DECISION)
    assert "sign-off" in (case.why_not_editable(Stage.DECISION) or "")
    assert replace(case, signoff="returned").can_edit(Stage.DECISION)


def test_the_service_refuses_with_the_same_rule_and_words(unit: TestUnit) -> None:
    """One implementation: whatever ``can_edit`` refuses, saving a draft refuses too."""
    with unit.officer() as officer:
        ref = open_new(officer).reference
        case = walk_to(officer, None, ref, Stage.DECISION)
        refused = [stage for stage in Stage if not case.can_edit(stage)]
        assert refused == list(Stage)  # earlier: complete; decision: waiting; later: not yet
        for stage in refused:
            with pytest.raises(InvalidInput) as error:
                cases.save_draft(officer, ref, stage, {})
            assert str(error.value) == case.why_not_editable(stage)


# -- prefill: stage 2 repeats stage 1's people (¶5.2.13) -------------------------------
def test_stage_2_starts_from_the_people_recorded_at_stage_1_para_5_2_13(
        unit: TestUnit) -> None:
    with unit.officer() as officer:
        case = walk_to(officer, None, open_new(officer).reference, Stage.INITIAL_CONTACT)
    first = case.values(Stage.INITIAL_CONTACT)
    before = copy.deepcopy(first)
    filled = case.prefill(Stage.FACE_TO_FACE)
    assert filled == {k: first[k] for k in PREFILLED_FROM_STAGE1 if first.get(k)}
    assert set(filled) == {"applicant", "safe_contact", "subject", "children"} & set(first)
    assert "subject" in filled and "applicant" in filled
    filled["subject"]["surname"] = "Changed-on-the-page"  # a copy: stage 1 is untouched
    assert case.values(Stage.INITIAL_CONTACT) == before
    assert all(case.prefill(stage) == {} for stage in Stage if stage is not Stage.FACE_TO_FACE)


def test_no_prefill_once_stage_2_has_a_saved_draft_para_5_2_13(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.INITIAL_CONTACT)
        saved = cases.save_draft(officer, ref, Stage.FACE_TO_FACE,
                                 {"applicant": {"surname": "Quigley"}})
    assert saved.prefill(Stage.FACE_TO_FACE) == {}


def test_no_prefill_before_stage_2_is_reached_or_after_it_is_done(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        cases.save_draft(officer, ref, Stage.INITIAL_CONTACT, values(Stage.INITIAL_CONTACT))
        assert cases.get_case(officer, ref).prefill(Stage.FACE_TO_FACE) == {}
        done = walk_to(officer, None, ref, Stage.FACE_TO_FACE)
    assert done.prefill(Stage.FACE_TO_FACE) == {}


# -- flags: one order, one set of words, for every case list ----------------------------
@given(st.booleans(), st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_flags_are_the_ones_on_in_one_fixed_order(risk: bool, repeat: bool, extended: bool,
                                                   waiting: bool, referral: bool) -> None:
    flags = case_flags(immediate_risk=risk, repeat_subject=repeat, extended=extended,
                       awaiting_signoff=waiting, referral_overdue=referral)
    expected = [flag for flag, on in zip(CaseFlag, (risk, repeat, extended, waiting, referral),
                                         strict=True) if on]
    assert list(flags) == expected


def test_flag_words_are_those_the_lists_have_always_shown() -> None:
    assert [flag.label for flag in CaseFlag] == [
        "Immediate risk", "Repeat subject", "Extended", "Awaiting sign-off",
        "Referral to chase"]


def test_a_case_summary_carries_its_flags_para_2_7_and_5_1_7(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        case_actions.record_immediate_risk(officer, ref, valid_immediate_risk_values())
        case_actions.add_extension(officer, ref, valid_extension_values())
        row = next(s for s in list_cases(officer) if s.reference == ref)
    assert row.flags == (CaseFlag.IMMEDIATE_RISK, CaseFlag.EXTENDED)
