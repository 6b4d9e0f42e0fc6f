"""Tasks and reminders on a case: what an officer must do between the forms.

A task is stored: a note ("call applicant back"), a due instant, an owner and its
open/done state with who and when. A *suggestion* is derived, never stored: the
case's open scheme deadlines (their due instant already includes any extension,
so an extension's new date is offered as a new suggestion) and each referral's
chase-by date with no outcome yet. Accepting a suggestion stores an ordinary task
carrying the suggestion's ``source`` key, which is what stops it being offered again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from app.domain.referrals import Referral
from app.domain.timescales import LONDON, Deadline, DeadlineState

NOTE_MAX = 500
#: A referral's chase-by date is a day; its reminder falls due at the start of the
#: working day so it shows under "Today" that morning.
CHASE_HOUR = time(9, 0)
OPEN_STATES = frozenset({DeadlineState.OPEN, DeadlineState.DUE_SOON, DeadlineState.OVERDUE})


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class TaskGroup(StrEnum):
    """Where an open task falls on the officer's list (UK local days)."""

    OVERDUE = "Overdue"
    TODAY = "Today"
    THIS_WEEK = "This week"
    LATER = "Later"


@dataclass(frozen=True)
class Task:
    """A task of a case (the case's reference alongside, for lists across cases)."""

    id: int
    case_reference: str
    note: str
    due: datetime
    owner: str
    owner_name: str
    status: TaskStatus
    source: str
    created_by: str
    created_at: datetime
    done_by: str | None
    done_at: datetime | None

    @property
    def done(self) -> bool:
        return self.status is TaskStatus.DONE

    def overdue(self, now: datetime) -> bool:
        return not self.done and self.due < now


@dataclass(frozen=True)
class Suggestion:
    """A reminder the process offers; accepting it stores a task with ``source``."""

    source: str
    note: str
    due: datetime


def group_of(due: datetime, now: datetime) -> TaskGroup:
    """Overdue (due before now), today, the next 7 days, or later (UK local days)."""
    if due < now:
        return TaskGroup.OVERDUE
    today = now.astimezone(LONDON).date()
    day = due.astimezone(LONDON).date()
    if day == today:
        return TaskGroup.TODAY
    if day <= today + timedelta(days=7):
        return TaskGroup.THIS_WEEK
    return TaskGroup.LATER


def chase_instant(day: date) -> datetime:
    return datetime.combine(day, CHASE_HOUR, tzinfo=LONDON)


def deadline_source(deadline: Deadline) -> str:
    """The key of a deadline's reminder; an extension moves the due instant, so the
    extended deadline is a new suggestion."""
    return f"deadline:{deadline.kind.value}@{deadline.due.isoformat()}"


def suggestions(deadlines: list[Deadline], referrals: list[Referral],
                taken: set[str]) -> list[Suggestion]:
    """What the process offers for a case, minus the sources already taken as tasks."""
    out: list[Suggestion] = []
    for deadline in deadlines:
        if deadline.state not in OPEN_STATES:
            continue
        label = deadline.kind.label
        note = (f"{label}: extended deadline" if deadline.extended
                else f"{label}: scheme deadline")
        out.append(Suggestion(deadline_source(deadline), note, deadline.due))
    for referral in referrals:
        if referral.answered or referral.chase_by is None:
            continue
        out.append(Suggestion(f"referral:{referral.id}@{referral.chase_by.isoformat()}",
                              f"Chase referral: {referral.agency_label}",
                              chase_instant(referral.chase_by)))
    return sorted((s for s in out if s.source not in taken), key=lambda s: s.due)


def note_problems(note: str) -> list[str]:
    text = note.strip()
    if not text:
        return ["Say what the task is (for example: call the applicant back)."]
    if len(text) > NOTE_MAX:
        return [f"The note is too long: at most {NOTE_MAX} characters."]
    return []
