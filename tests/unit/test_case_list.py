"""Case lists and search."""

from __future__ import annotations

import pytest

from app.domain.enums import Stage
from app.domain.timescales import DeadlineState
from app.errors import NotAuthorised
from app.services import case_actions, cases
from app.services.case_list import CaseQuery, list_cases
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, values, walk_to


def test_my_cases_and_unit_list(unit: TestUnit) -> None:
    with unit.officer() as olive:
        a = open_new(olive).reference
        walk_to(olive, None, a, Stage.INITIAL_CONTACT)
    with unit.officer2() as owen:
        b = open_new(owen).reference
        assert [s.reference for s in list_cases(owen)] == [b]
        with pytest.raises(NotAuthorised):
            list_cases(owen, mine=False)
    with unit.supervisor() as sam:
        every = list_cases(sam)
        assert {s.reference for s in every} == {a, b}
        row = next(s for s in every if s.reference == a)
        assert row.subject_surname == "Smith" and row.applicant_surname == "Okafor"
        assert row.current_stage is Stage.FACE_TO_FACE
        # Contact in 2025, clock in 2026: everything outstanding is overdue and sorts first.
        assert row.next_deadline is not None
        assert row.next_deadline.state is DeadlineState.OVERDUE


def test_search_by_reference_name_and_sound(unit: TestUnit) -> None:
    with unit.officer() as olive:
        a = open_new(olive).reference
        cases.save_draft(olive, a, Stage.INITIAL_CONTACT, values(Stage.INITIAL_CONTACT))
        b = open_new(olive).reference
        assert [s.reference for s in list_cases(olive, CaseQuery(text=a))] == [a]
        assert [s.reference for s in list_cases(olive, CaseQuery(text="okafor"))] == [a]
        assert [s.reference for s in list_cases(olive, CaseQuery(text="Smyth"))] == [a]
        assert list_cases(olive, CaseQuery(text="nobody-like-this")) == []
        assert b


def test_flags_show_in_the_list(unit: TestUnit) -> None:
    from tests.unit.form_examples import valid_immediate_risk_values

    with unit.officer() as olive:
        a = open_new(olive).reference
        case_actions.record_immediate_risk(olive, a, valid_immediate_risk_values())
        walk_to(olive, None, a, Stage.DECISION)
        row = list_cases(olive)[0]
    assert row.immediate_risk and row.awaiting_signoff
