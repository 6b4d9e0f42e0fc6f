"""Tasks and reminders on cases (issue 15 item 1).

Each change: authorise → validate → change → audit, in one transaction. The audit
rows say what happened to which task; never the note (it may name people).
Suggestions are derived from the case each time (``app.domain.tasks.suggestions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.domain.enums import AuditAction, Role
from app.domain.tasks import Suggestion, Task, note_problems, suggestions
from app.errors import InvalidInput, NotFound
from app.services.authz import Permission, authorise, refuse
from app.services.case_file import CaseFile, load_case, may_change, open_for
from app.services.session import Session
from app.storage import tasks_repo, users_repo

#: The home screen lists open tasks due within this window (overdue ones included).
HORIZON = timedelta(days=28)
LIST_LIMIT = 500


@dataclass(frozen=True)
class TaskOwner:
    username: str
    display_name: str


@dataclass(frozen=True)
class TaskTimes:
    """A task as the chronology needs it: what, and its instants."""

    id: int
    note: str
    owner: str
    created_at: datetime
    due_at: datetime
    done_at: datetime | None


@dataclass(frozen=True)
class CaseTasks:
    tasks: list[Task]
    suggestions: list[Suggestion]


def _owner_id(session: Session, case: CaseFile, username: str) -> int:
    """The owner must be an active supervisor, or the officer the case is with."""
    row = users_repo.by_username(session.conn, username)
    if row is None or not row.active:
        raise InvalidInput(f"There is no active user {username!r} to own the task.")
    if row.role is Role.SUPERVISOR:
        return row.id
    if row.role is Role.OFFICER and username in (case.assigned_to, case.created_by):
        return row.id
    raise InvalidInput(f"{row.display_name} cannot own a task on case {case.reference}: "
                       "only a supervisor or the officer the case is assigned to can.")


def _check(note: str, due: datetime) -> None:
    problems = note_problems(note)
    if due.tzinfo is None:
        problems.append("The due date needs a time zone.")
    if problems:
        raise InvalidInput("The task cannot be saved: " + " ".join(problems))


def _changeable(session: Session, reference: str, what: str) -> CaseFile:
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, what, change=True)
    if case.erased:
        raise InvalidInput("This case's record has been disposed of.")
    return case


def task_owners(session: Session, reference: str) -> list[TaskOwner]:
    """Who may own a task on the case: active supervisors and the case's officer."""
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, "view tasks")
    return [TaskOwner(u.username, u.display_name) for u in users_repo.all_users(session.conn)
            if u.active and (u.role is Role.SUPERVISOR or (
                u.role is Role.OFFICER and u.username in (case.assigned_to, case.created_by)))]


def case_tasks(session: Session, reference: str) -> CaseTasks:
    """The case's tasks (open first) and what the process suggests adding."""
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, "view tasks")
    taken = tasks_repo.sources_for_case(session.conn, case.id)
    offered = [] if case.erased else suggestions(case.deadlines, case.referrals, taken)
    return CaseTasks(tasks_repo.for_case(session.conn, case.id), offered)


def tasks_for_case(session: Session, reference: str) -> list[TaskTimes]:
    """The case's tasks with their created / due / done instants (for the chronology)."""
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, "view tasks")
    return [TaskTimes(t.id, t.note, t.owner, t.created_at, t.due, t.done_at)
            for t in tasks_repo.for_case(session.conn, case.id)]


def add_task(session: Session, reference: str, note: str, due: datetime, owner: str,
             *, source: str = "") -> Task:
    """Add a task to the case (by hand, or accepting a suggestion: ``source``)."""
    case = _changeable(session, reference, "add a task")
    _check(note, due)
    owner_id = _owner_id(session, case, owner)
    if source and source in tasks_repo.sources_for_case(session.conn, case.id):
        raise InvalidInput("That reminder has already been added as a task.")
    with session.transaction() as conn:
        new_id = tasks_repo.insert(conn, case.id, note.strip(), due, owner_id, source,
                                   session.clock.now(), session.user.id)
        session.audit(conn, AuditAction.COLLECT, entity=f"case:{case.id}/task:{new_id}",
                      case_ref=case.reference,
                      detail="task added from a reminder" if source else "task added")
    return _task(session, case, new_id)


def accept_suggestion(session: Session, reference: str, source: str) -> Task:
    """Add the suggested reminder ``source`` as a task owned by the current user."""
    offered = case_tasks(session, reference).suggestions
    found = next((s for s in offered if s.source == source), None)
    if found is None:
        raise NotFound("That reminder is no longer offered on this case.")
    return add_task(session, reference, found.note, found.due, session.user.username,
                    source=found.source)


def update_task(session: Session, reference: str, task_id: int, note: str, due: datetime,
                owner: str) -> Task:
    """Change an open task's note, due date/time or owner."""
    case = _changeable(session, reference, "change a task")
    _check(note, due)
    owner_id = _owner_id(session, case, owner)
    with session.transaction() as conn:
        if not tasks_repo.update(conn, case.id, task_id, note.strip(), due, owner_id,
                                 session.clock.now(), session.user.id):
            raise NotFound(f"Case {case.reference} has no open task {task_id}.")
        session.audit(conn, AuditAction.ALTER, entity=f"case:{case.id}/task:{task_id}",
                      case_ref=case.reference, detail="task changed")
    return _task(session, case, task_id)


def complete_task(session: Session, reference: str, task_id: int) -> Task:
    """Mark a task done: by whoever may change the case, or the task's owner."""
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = load_case(session, reference)
    current = tasks_repo.by_id(session.conn, case.id, task_id)
    if not may_change(session, case) and (
            current is None or current.owner != session.user.username):
        refuse(session, f"complete a task on case {case.reference}, which is not assigned "
                        "to you", case_ref=case.reference)
    if case.erased:
        raise InvalidInput("This case's record has been disposed of.")
    with session.transaction() as conn:
        if not tasks_repo.complete(conn, case.id, task_id, session.clock.now(),
                                   session.user.id):
            raise NotFound(f"Case {case.reference} has no open task {task_id}.")
        session.audit(conn, AuditAction.ALTER, entity=f"case:{case.id}/task:{task_id}",
                      case_ref=case.reference, detail="task completed")
    return _task(session, case, task_id)


def _task(session: Session, case: CaseFile, task_id: int) -> Task:
    found = tasks_repo.by_id(session.conn, case.id, task_id)
    if found is None:
        raise NotFound(f"Case {case.reference} has no task {task_id}.")
    return found


def my_tasks(session: Session) -> list[Task]:
    """The signed-in user's open tasks: overdue, and due in the next four weeks."""
    authorise(session, Permission.WORK_CASE)
    until = session.clock.now() + HORIZON
    return tasks_repo.open_for_owner(session.conn, session.user.id, until, LIST_LIMIT)


def unit_tasks(session: Session) -> list[Task]:
    """Every open task of the unit, overdue and due in the next four weeks (supervisors)."""
    authorise(session, Permission.VIEW_ALL_CASES)
    until = session.clock.now() + HORIZON
    return tasks_repo.open_in_unit(session.conn, until, LIST_LIMIT)


def overdue_count(session: Session) -> int:
    """How many of the signed-in user's open tasks are overdue (the sign-in notice)."""
    authorise(session, Permission.WORK_CASE)
    return tasks_repo.count_overdue_for_owner(session.conn, session.user.id,
                                              session.clock.now())
