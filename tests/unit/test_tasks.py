"""Tasks and reminders (issue 15 item 1): added by hand or from the process's
suggestions, changed, completed (audited), listed per user and per unit, refused to
those who may not, and erased with the case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.domain.tasks import TaskGroup, TaskStatus, group_of
from app.errors import InvalidInput, NotAuthorised, NotFound
from app.services import referrals, tasks
from app.services.session import Session
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # the test clock


def _details(session: Session, ref: str) -> list[str]:
    rows = session.conn.execute(
        "SELECT detail FROM audit WHERE case_ref = ? ORDER BY id", (ref,)).fetchall()
    return [str(r[0]) for r in rows]


def test_add_change_complete_is_audited(unit: TestUnit) -> None:
    with unit.officer() as olive:
        ref = open_new(olive, NOW - timedelta(hours=2)).reference
        task = tasks.add_task(olive, ref, "  Call the applicant back  ",
                              NOW + timedelta(days=1), "olive")
        assert task.note == "Call the applicant back" and task.status is TaskStatus.OPEN
        assert task.created_by == "olive" and task.created_at == NOW
        changed = tasks.update_task(olive, ref, task.id, "Call back after 4pm",
                                    NOW + timedelta(days=2), "sam")
        assert changed.owner == "sam" and changed.owner_name == "DS Sam Whitlock"
        done = tasks.complete_task(olive, ref, task.id)
        assert done.done and done.done_by == "olive" and done.done_at == NOW
        details = _details(olive, ref)
        done_steps = [d for d in details if d.startswith("task")]
        assert done_steps == ["task added", "task changed", "task completed"]
        assert not any("applicant back" in d for d in details)  # no note in the audit
        with pytest.raises(NotFound):  # a done task is not completed twice
            tasks.complete_task(olive, ref, task.id)
        with pytest.raises(NotFound):  # nor changed
            tasks.update_task(olive, ref, task.id, "x", NOW, "olive")
        timed = tasks.tasks_for_case(olive, ref)
        assert [(t.created_at, t.due_at, t.done_at) for t in timed] == [
            (NOW, NOW + timedelta(days=2), NOW)]


def test_refusals(unit: TestUnit) -> None:
    with unit.officer() as olive:
        ref = open_new(olive, NOW - timedelta(hours=2)).reference
        with pytest.raises(InvalidInput):
            tasks.add_task(olive, ref, "   ", NOW, "olive")
        with pytest.raises(InvalidInput):
            tasks.add_task(olive, ref, "x" * 501, NOW, "olive")
        with pytest.raises(InvalidInput, match="cannot own"):
            tasks.add_task(olive, ref, "Chase MASH", NOW, "owen")  # not Owen's case
        with pytest.raises(InvalidInput, match="no active user"):
            tasks.add_task(olive, ref, "Chase MASH", NOW, "nobody")
        task = tasks.add_task(olive, ref, "Book MAPPA slot", NOW, "olive")
        assert tasks.case_tasks(olive, ref).tasks == [task]
    with unit.officer2() as owen:
        with pytest.raises(NotAuthorised):
            tasks.add_task(owen, ref, "Mine now", NOW, "owen")
        with pytest.raises(NotAuthorised):
            tasks.complete_task(owen, ref, task.id)
        with pytest.raises(NotAuthorised):
            tasks.case_tasks(owen, ref)
        with pytest.raises(NotAuthorised):
            tasks.unit_tasks(owen)
        assert "refused" in _details(owen, ref)[-1]
    with unit.admin() as admin, pytest.raises(NotAuthorised):
        tasks.my_tasks(admin)


def test_owner_may_complete_and_lists(unit: TestUnit) -> None:
    with unit.officer() as olive:
        ref = open_new(olive, NOW - timedelta(hours=2)).reference
        late = tasks.add_task(olive, ref, "Late one", NOW - timedelta(hours=1), "olive")
        soon = tasks.add_task(olive, ref, "Soon", NOW + timedelta(days=3), "olive")
        tasks.add_task(olive, ref, "Far off", NOW + timedelta(days=60), "olive")
        sams = tasks.add_task(olive, ref, "Supervisor to review", NOW, "sam")
        assert [t.id for t in tasks.my_tasks(olive)] == [late.id, soon.id]
        assert tasks.overdue_count(olive) == 1
    with unit.supervisor() as sam:
        # Not Sam's case, but Sam owns the task: Sam may complete it.
        assert tasks.complete_task(sam, ref, sams.id).done
        unit_ids = [t.id for t in tasks.unit_tasks(sam)]
        assert unit_ids == [late.id, soon.id]


def test_suggestions_from_deadlines_and_referrals(unit: TestUnit) -> None:
    with unit.officer() as olive:
        ref = open_new(olive, NOW - timedelta(hours=2)).reference
        referrals.add_referral(olive, ref, {"agency": "mash", "sent_on": "2026-03-01",
                                            "chase_by": "2026-03-05"})
        offered = tasks.case_tasks(olive, ref).suggestions
        notes = [s.note for s in offered]
        assert any("scheme deadline" in n for n in notes)
        chase = next(s for s in offered if s.source.startswith("referral:"))
        assert chase.note.startswith("Chase referral: Multi-agency")
        task = tasks.accept_suggestion(olive, ref, chase.source)
        assert task.owner == "olive" and task.source == chase.source
        again = [s.source for s in tasks.case_tasks(olive, ref).suggestions]
        assert chase.source not in again  # accepted once, offered no more
        with pytest.raises(NotFound):
            tasks.accept_suggestion(olive, ref, chase.source)
        with pytest.raises(InvalidInput, match="already"):
            tasks.add_task(olive, ref, "dup", NOW, "olive", source=chase.source)


def test_erasure_takes_the_tasks(unit: TestUnit) -> None:
    from app.storage.retention_repo import erase_case

    with unit.officer() as olive:
        case = open_new(olive, NOW - timedelta(hours=2))
        tasks.add_task(olive, case.reference, "Call back", NOW, "olive")
        with olive.transaction() as conn:
            erase_case(conn, case.id, NOW, olive.user.id)
        assert olive.conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == 0


def test_groups() -> None:
    assert group_of(NOW - timedelta(minutes=1), NOW) is TaskGroup.OVERDUE
    assert group_of(NOW + timedelta(hours=8), NOW) is TaskGroup.TODAY
    assert group_of(NOW + timedelta(days=7), NOW) is TaskGroup.THIS_WEEK
    assert group_of(NOW + timedelta(days=8), NOW) is TaskGroup.LATER
