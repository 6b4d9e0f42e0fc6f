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


def _three_cases(unit: TestUnit) -> dict[str, str]:
    """One overdue (contact 3 days ago, stage 1 open), one due soon (contact 20 h ago),
    one open (contact 1 h ago, stage 1 done)."""
    from datetime import timedelta

    now = unit.clock.now()
    refs = {}
    with unit.officer() as olive:
        refs["overdue"] = open_new(olive, now - timedelta(days=3)).reference
        refs["due_soon"] = open_new(olive, now - timedelta(hours=20)).reference
        refs["open"] = open_new(olive, now - timedelta(hours=1)).reference
        s1 = values(Stage.INITIAL_CONTACT)
        s1["contact_at"] = (now - timedelta(hours=1)).isoformat(timespec="seconds")
        s1["initial_checks"] = []
        cases.complete_stage(olive, refs["open"], Stage.INITIAL_CONTACT, s1)
    return refs


def test_sorting_by_deadline_puts_overdue_first(unit: TestUnit) -> None:
    from app.services.case_list import find_case_ids, summaries_for

    refs = _three_cases(unit)
    with unit.supervisor() as sam:
        ordered = [s.reference for s in summaries_for(sam, find_case_ids(sam, sort="deadline"))]
        assert ordered == [refs["overdue"], refs["due_soon"], refs["open"]]
        backwards = find_case_ids(sam, sort="deadline", descending=True)
        assert [s.reference for s in summaries_for(sam, backwards)][0] == refs["open"]
        by_ref = [s.reference for s in summaries_for(sam, find_case_ids(sam, sort="reference"))]
        assert by_ref == sorted(by_ref)


@pytest.mark.parametrize("state", ["overdue", "due_soon", "open"])
def test_deadline_state_filter(unit: TestUnit, state: str) -> None:
    refs = _three_cases(unit)
    with unit.supervisor() as sam:
        found = list_cases(sam, CaseQuery(deadline_state=DeadlineState(state)), mine=False)
    assert [s.reference for s in found] == [refs[state]]
    assert found[0].next_deadline is not None
    assert found[0].next_deadline.state is DeadlineState(state)


def test_filters_by_stage_officer_and_dates(unit: TestUnit) -> None:
    from datetime import date

    refs = _three_cases(unit)
    with unit.supervisor() as sam:
        case_actions.assign(sam, refs["open"], "owen")
        at_two = list_cases(sam, CaseQuery(stage=Stage.FACE_TO_FACE), mine=False)
        assert [s.reference for s in at_two] == [refs["open"]]
        owens = list_cases(sam, CaseQuery(officer="owen"), mine=False)
        assert [s.reference for s in owens] == [refs["open"]]
        today = unit.clock.now().date()
        recent = list_cases(sam, CaseQuery(contact_from=today, contact_to=today), mine=False)
        assert refs["overdue"] not in {s.reference for s in recent}
        assert list_cases(sam, CaseQuery(contact_to=date(2000, 1, 1)), mine=False) == []


def test_officer_cannot_read_rows_of_other_cases_by_id(unit: TestUnit) -> None:
    from app.services.case_list import find_case_ids, summaries_for

    refs = _three_cases(unit)
    with unit.supervisor() as sam:
        ids = find_case_ids(sam, mine=False)
    with unit.officer2() as owen:
        assert summaries_for(owen, ids) == []
    assert refs


def test_sort_by_officer_follows_assignment(unit: TestUnit) -> None:
    from app.services.case_list import find_case_ids, summaries_for

    refs = _three_cases(unit)
    with unit.supervisor() as sam:
        case_actions.assign(sam, refs["overdue"], "owen")
        rows = summaries_for(sam, find_case_ids(sam, mine=False, sort="officer"))
        assert [r.assigned_to for r in rows] == ["olive", "olive", "owen"]
        rows = summaries_for(sam, find_case_ids(sam, mine=False, sort="officer", descending=True))
        assert rows[0].reference == refs["overdue"]


def test_typing_the_number_of_a_case_finds_it(unit: TestUnit) -> None:
    with unit.officer() as olive:
        refs = [open_new(olive).reference for _ in range(3)]
        found = list_cases(olive, CaseQuery(text="2"))
        assert [s.reference for s in found] == [refs[1]]
        assert [s.reference for s in list_cases(olive, CaseQuery(text="00003"))] == [refs[2]]
        prefix = refs[0].rsplit("/", 1)[0] + "/"
        assert {s.reference for s in list_cases(olive, CaseQuery(text=prefix))} == set(refs)
