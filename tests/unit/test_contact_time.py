"""Stage 1's "Date and time of contact" is the single source of the first-contact instant
(¶5.1.13; issue 12 item 2)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.clock import to_iso
from app.domain.enums import Stage
from app.domain.timescales import DeadlineKind
from app.errors import InvalidInput, NotAuthorised
from app.services import case_list, cases, contact_time
from app.storage import audit_repo
from tests.conftest import TestUnit
from tests.unit.case_walk import CONTACT, open_new, values


def _due(case: cases.CaseFile, kind: DeadlineKind):  # type: ignore[no-untyped-def]
    return next(d.due for d in case.deadlines if d.kind is kind)


def test_correcting_stage1_before_completion_moves_every_deadline_5_1_13(unit: TestUnit) -> None:
    earlier = CONTACT - timedelta(hours=5)
    with unit.officer() as officer:
        case = open_new(officer)
        draft = case.values(Stage.INITIAL_CONTACT) | {"contact_at": to_iso(earlier)}
        moved = cases.save_draft(officer, case.reference, Stage.INITIAL_CONTACT, draft)
        assert moved.contact_at == earlier
        assert _due(moved, DeadlineKind.STAGE1_24H) == earlier + timedelta(hours=24)
        listed = case_list.list_cases(officer)[0]
        assert listed.contact_at == earlier
        with pytest.raises(NotAuthorised):  # the officer corrects it on the form
            contact_time.correct_contact_time(officer, case.reference, earlier, "typo")
    with unit.supervisor() as sup, pytest.raises(InvalidInput, match="not complete"):
        contact_time.correct_contact_time(sup, case.reference, earlier, "typo")


def test_after_completion_only_a_supervisor_with_a_reason_audited(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        cases.complete_stage(officer, ref, Stage.INITIAL_CONTACT, values(Stage.INITIAL_CONTACT))
        with pytest.raises(NotAuthorised):
            contact_time.correct_contact_time(officer, ref, CONTACT, "typo")
        before = cases.get_case(officer, ref).contact_at
    new = before - timedelta(days=1)
    with unit.supervisor() as sup:
        with pytest.raises(InvalidInput, match="reason"):
            contact_time.correct_contact_time(sup, ref, new, " ")
        with pytest.raises(InvalidInput, match="future"):
            contact_time.correct_contact_time(sup, ref, unit.clock.now() + timedelta(hours=1),
                                              "x")
        fixed = contact_time.correct_contact_time(sup, ref, new, "Call log shows the day before")
        assert fixed.contact_at == new
        assert fixed.values(Stage.INITIAL_CONTACT)["contact_at"] == to_iso(new)
        assert fixed.is_complete(Stage.INITIAL_CONTACT)
        assert _due(fixed, DeadlineKind.CLOSURE_45D) < _due(cases.get_case(sup, ref),
                                                            DeadlineKind.CLOSURE_45D) \
            + timedelta(seconds=1)
        audit = [r for r in audit_repo.iter_rows(sup.conn)
                 if (r.detail or "").startswith("time of first contact corrected")]
        assert audit and audit[0].justification == "Call log shows the day before"


def test_new_case_older_than_24_hours_needs_confirmation(unit: TestUnit) -> None:
    now = unit.clock.now()
    assert contact_time.opens_overdue(now - timedelta(hours=25), now)
    assert not contact_time.opens_overdue(now - timedelta(hours=23), now)
