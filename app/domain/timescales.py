"""Maximum timescales of the scheme, derived from the instant of first contact.

Deadlines are never stored: they are computed from the contact instant, the
instants at which milestones were met and any recorded extensions (¶5 table,
5.1.13, 5.4.8, 5.6.27; extensions need a reason and the applicant must be told,
¶5.1.7). The lengths come from the case's timescale policy
(``app.domain.timescale_policy``; the 2010 maxima by default).

* The **decision route** (¶5.6.27) runs from the moment the full risk assessment
  was reached, not from contact: up to 28 days for a MAPPA meeting plus 7 to
  disclose and close, 35 in all, so 10 + 35 = 45 days overall. Until stage 4 is
  reached it is counted from the (possibly extended) stage 4 due instant, or
  from the moment stage 4 was reached if that came later.
* Milestone instants are the recorded event dates (``app.domain.milestones``):
  the meeting held, the outcome given; never the moment a form was completed
  when an event date exists.

Semantics
---------
* All instants are timezone-aware. Naive datetimes are refused with
  ``ValueError``; results are returned in UTC and shown via ``due_local()`` in
  Europe/London.
* **24 hours** (stage 1) means 24 *elapsed* hours: ``contact + 24 h`` in UTC.
  Across a clock change the local wall time of the deadline therefore moves by
  one hour (contact 10:00 GMT on the Saturday → due 11:00 BST on the Sunday).
* **N days** means the same Europe/London wall-clock time N calendar days
  later. A contact at 10:00 BST on the Saturday before the October change is
  due at 10:00 GMT N days later (elapsed time N days + 1 hour); across the March
  change it is N days − 1 hour. If that wall time is *ambiguous* (01:00–01:59
  on the last Sunday of October) the first occurrence is used (``fold=0``,
  BST, i.e. the earlier instant). If it *does not exist* (01:00–01:59 on the
  last Sunday of March) it moves forward by the length of the gap: 01:30 is
  read with the pre-transition offset (GMT) and so becomes 02:30 BST.
* A milestone completed at or before its due instant is MET; after it,
  MISSED ("Completed late"). The due instant itself is still in time.
* While a milestone is outstanding: OVERDUE once ``now > due``; DUE_SOON when
  ``due - now <= window``; otherwise OPEN. The window is ``due_soon``
  (default 2 days) for the day-based deadlines and ``due_soon_24h`` (default
  6 hours, a quarter of the period) for the 24-hour deadline, because a 2-day
  window would mark every new case "due soon" from its first minute.
* Once the case is closed (``Progress.closed_at`` set) a milestone that was
  never completed is NOT_APPLICABLE: the case ended, on whatever route, before
  that stage (e.g. redirected at stage 1, identity not verified at stage 2, or
  a no-concerns case that needed no stage 5 forum). ``closed_early`` records
  that the case ended on an early route; it must come with ``closed_at`` but
  does not otherwise change the states. The 45-day closure deadline is judged
  on ``closed_at`` whatever the route.
* Extensions: the latest ``new_due`` recorded for a kind wins (order of the
  sequence does not matter). An extension must move the deadline later than
  the original due instant, otherwise ``ValueError``.
* The clock is injected: every function that needs "now" takes it as a
  parameter; nothing here reads the system clock.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from zoneinfo import ZoneInfo

from app.domain.enums import Stage
from app.domain.timescale_policy import DEFAULT_POLICY, TimescalePolicy

LONDON = ZoneInfo("Europe/London")

DEFAULT_DUE_SOON = timedelta(days=2)
DEFAULT_DUE_SOON_24H = timedelta(hours=6)


class DeadlineKind(StrEnum):
    """The five maximum timescales, in the order they fall due."""

    STAGE1_24H = "stage1_24h"
    FACE_TO_FACE_10D = "face_to_face_10d"
    RISK_ASSESSMENT_10D = "risk_assessment_10d"
    DECISION_35D = "decision_35d"
    CLOSURE_45D = "closure_45d"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def paragraph(self) -> str:
        """The guidance paragraph(s) setting the timescale, ready to display."""
        return _KIND_PARAGRAPHS[self]

    @property
    def stage(self) -> Stage:
        """The stage whose completion (or reaching) the deadline measures."""
        return _KIND_STAGES[self]

    @property
    def period(self) -> timedelta:
        """Nominal length; for day-based kinds see ``days``."""
        return _KIND_PERIODS[self]

    @property
    def days(self) -> int | None:
        """Calendar days for wall-clock kinds, None for the elapsed 24 hours."""
        return None if self is DeadlineKind.STAGE1_24H else self.period.days


_KIND_LABELS = {
    DeadlineKind.STAGE1_24H: "Initial contact completed within 24 hours",
    DeadlineKind.FACE_TO_FACE_10D: "Face-to-face meeting within 10 days",
    DeadlineKind.RISK_ASSESSMENT_10D: "Full risk assessment reached within 10 days",
    DeadlineKind.DECISION_35D: "Decision route completed within 35 days of the risk "
                               "assessment",
    DeadlineKind.CLOSURE_45D: "Case closed within 45 days",
}

_KIND_PARAGRAPHS = {
    DeadlineKind.STAGE1_24H: "¶5.1.13",
    DeadlineKind.FACE_TO_FACE_10D: "¶5 (table)",
    DeadlineKind.RISK_ASSESSMENT_10D: "¶5.4.8",
    DeadlineKind.DECISION_35D: "¶5.6.27",
    DeadlineKind.CLOSURE_45D: "¶5 (table), ¶5.6.27",
}

_KIND_STAGES = {
    DeadlineKind.STAGE1_24H: Stage.INITIAL_CONTACT,
    DeadlineKind.FACE_TO_FACE_10D: Stage.FACE_TO_FACE,
    DeadlineKind.RISK_ASSESSMENT_10D: Stage.RISK_ASSESSMENT,
    DeadlineKind.DECISION_35D: Stage.DECISION,
    DeadlineKind.CLOSURE_45D: Stage.CLOSURE,
}

_KIND_PERIODS = {
    DeadlineKind.STAGE1_24H: timedelta(hours=24),
    DeadlineKind.FACE_TO_FACE_10D: timedelta(days=10),
    DeadlineKind.RISK_ASSESSMENT_10D: timedelta(days=10),
    DeadlineKind.DECISION_35D: timedelta(days=35),
    DeadlineKind.CLOSURE_45D: timedelta(days=45),
}


class DeadlineState(StrEnum):
    MET = "met"
    MISSED = "missed"
    OPEN = "open"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def outstanding(self) -> bool:
        """True while the milestone can still be met (open, due soon, overdue)."""
        return self in (DeadlineState.OPEN, DeadlineState.DUE_SOON, DeadlineState.OVERDUE)


_STATE_LABELS = {
    DeadlineState.MET: "Met",
    DeadlineState.MISSED: "Completed late",
    DeadlineState.OPEN: "Open",
    DeadlineState.DUE_SOON: "Due soon",
    DeadlineState.OVERDUE: "Overdue",
    DeadlineState.NOT_APPLICABLE: "Not applicable",
}

# Urgency rank for case lists: lower sorts first.
_URGENCY_RANK = {
    DeadlineState.OVERDUE: 0,
    DeadlineState.DUE_SOON: 1,
    DeadlineState.OPEN: 2,
}
_NO_DEADLINE_RANK = 3


def require_aware(value: datetime, name: str = "datetime") -> datetime:
    """Return ``value`` in UTC; refuse naive datetimes with ValueError."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value!r}")
    return value.astimezone(UTC)


def add_local_days(start: datetime, days: int) -> datetime:
    """Same Europe/London wall-clock time ``days`` calendar days later, in UTC.

    Ambiguous wall times resolve to the first occurrence (fold=0); wall times
    in the spring-forward gap move forward by the gap (see module docstring).
    """
    local = require_aware(start, "start").astimezone(LONDON)
    wall = local.replace(tzinfo=None) + timedelta(days=days)
    # fold=0: first occurrence when ambiguous; the pre-transition offset (GMT)
    # when in the gap, which lands one hour later on the wall clock.
    return wall.replace(tzinfo=LONDON, fold=0).astimezone(UTC)


def policy_days(kind: DeadlineKind, policy: TimescalePolicy) -> int | None:
    """Calendar days of ``kind`` under ``policy`` (None for the elapsed-hours stage 1)."""
    return {
        DeadlineKind.STAGE1_24H: None,
        DeadlineKind.FACE_TO_FACE_10D: policy.face_to_face_days,
        DeadlineKind.RISK_ASSESSMENT_10D: policy.risk_assessment_days,
        DeadlineKind.DECISION_35D: policy.decision_route_days,
        DeadlineKind.CLOSURE_45D: policy.overall_days,
    }[kind]


def policy_label(kind: DeadlineKind, policy: TimescalePolicy) -> str:
    """The label of ``kind`` with this policy's length (e.g. "Case closed within 28 days")."""
    if policy == DEFAULT_POLICY or policy.version == DEFAULT_POLICY.version:
        return kind.label
    if kind is DeadlineKind.STAGE1_24H:
        return f"Initial contact completed within {policy.initial_contact_hours} hours"
    return kind.label.replace(f"{kind.days} days", f"{policy_days(kind, policy)} days")


def original_due(kind: DeadlineKind, start: datetime,
                 policy: TimescalePolicy = DEFAULT_POLICY) -> datetime:
    """The due instant of ``kind`` counted from ``start``, before any extension, in UTC.

    ``start`` is the contact instant, except for the decision route (see
    ``compute_deadlines``)."""
    begin = require_aware(start, "start")
    days = policy_days(kind, policy)
    if days is None:
        return begin + timedelta(hours=policy.initial_contact_hours)
    return add_local_days(begin, days)


@dataclass(frozen=True)
class Extension:
    """A recorded extension of one timescale (¶5.1.7, FORMS.md Closure)."""

    kind: DeadlineKind
    new_due: datetime
    reason: str
    applicant_told_on: date

    def __post_init__(self) -> None:
        object.__setattr__(self, "new_due", require_aware(self.new_due, "new_due"))
        if not self.reason.strip():
            raise ValueError("an extension needs a reason")


@dataclass(frozen=True)
class Progress:
    """What the services know about a case's milestones.

    ``completed`` maps each kind to the instant its milestone was met
    (stage 1 complete, face to face held, stage 4 reached, decision made,
    case closed). CLOSURE_45D may be omitted: ``closed_at`` is used.
    """

    contact_at: datetime
    completed: Mapping[DeadlineKind, datetime] = field(default_factory=dict)
    closed_at: datetime | None = None
    closed_early: bool = False
    #: Timescales that do not apply to this case at all (a right-to-know case has no
    #: initial contact or face-to-face meeting with an applicant).
    not_applicable: frozenset[DeadlineKind] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "contact_at", require_aware(self.contact_at, "contact_at"))
        done = {
            DeadlineKind(kind): require_aware(at, f"completed[{kind}]")
            for kind, at in self.completed.items()
        }
        if self.closed_at is not None:
            closed = require_aware(self.closed_at, "closed_at")
            object.__setattr__(self, "closed_at", closed)
            done.setdefault(DeadlineKind.CLOSURE_45D, closed)
        elif self.closed_early:
            raise ValueError("closed_early needs closed_at")
        object.__setattr__(self, "completed", MappingProxyType(done))

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    due: datetime
    original_due: datetime
    state: DeadlineState
    extended: bool
    completed_at: datetime | None

    def due_local(self) -> datetime:
        return self.due.astimezone(LONDON)

    def original_due_local(self) -> datetime:
        return self.original_due.astimezone(LONDON)

    def remaining(self, now: datetime) -> timedelta:
        """Time left until due (negative once overdue)."""
        return self.due - require_aware(now, "now")


def _state(
    due: datetime,
    completed_at: datetime | None,
    closed: bool,
    now: datetime,
    window: timedelta,
) -> DeadlineState:
    if completed_at is not None:
        return DeadlineState.MET if completed_at <= due else DeadlineState.MISSED
    if closed:
        return DeadlineState.NOT_APPLICABLE
    if now > due:
        return DeadlineState.OVERDUE
    if due - now <= window:
        return DeadlineState.DUE_SOON
    return DeadlineState.OPEN


def compute_deadlines(
    progress: Progress,
    extensions: Sequence[Extension],
    now: datetime,
    due_soon: timedelta = DEFAULT_DUE_SOON,
    *,
    due_soon_24h: timedelta = DEFAULT_DUE_SOON_24H,
    policy: TimescalePolicy = DEFAULT_POLICY,
) -> list[Deadline]:
    """All five deadlines of a case, in DeadlineKind order (lengths from ``policy``).

    The decision route starts when the full risk assessment was reached (¶5.6.27)."""
    now_utc = require_aware(now, "now")
    latest: dict[DeadlineKind, datetime] = {}
    for ext in extensions:
        if ext.kind not in latest or ext.new_due > latest[ext.kind]:
            latest[ext.kind] = ext.new_due
    result: list[Deadline] = []
    dues: dict[DeadlineKind, datetime] = {}
    for kind in DeadlineKind:
        start = progress.contact_at
        if kind is DeadlineKind.DECISION_35D:
            reached = progress.completed.get(DeadlineKind.RISK_ASSESSMENT_10D)
            start = reached if reached is not None else dues[DeadlineKind.RISK_ASSESSMENT_10D]
        base = original_due(kind, start, policy)
        extended = kind in latest
        if extended and latest[kind] <= base:
            if kind is not DeadlineKind.DECISION_35D:
                raise ValueError(f"extension of {kind} must be later than {base.isoformat()}")
            # The route's start moved later than when the extension was granted (stage 4
            # reached late): the later of the two dates stands.
            extended = False
        due = latest[kind] if extended else base
        dues[kind] = due
        completed_at = progress.completed.get(kind)
        window = due_soon_24h if kind is DeadlineKind.STAGE1_24H else due_soon
        result.append(
            Deadline(
                kind=kind,
                due=due,
                original_due=base,
                state=DeadlineState.NOT_APPLICABLE if kind in progress.not_applicable
                and completed_at is None
                else _state(due, completed_at, progress.is_closed, now_utc, window),
                extended=extended,
                completed_at=completed_at,
            )
        )
    return result


def next_deadline(deadlines: Iterable[Deadline]) -> Deadline | None:
    """The earliest deadline still outstanding (open, due soon or overdue)."""
    pending = [d for d in deadlines if d.state.outstanding]
    return min(pending, key=lambda d: (d.due, list(DeadlineKind).index(d.kind)), default=None)


def urgency_key(deadlines: Iterable[Deadline]) -> tuple[int, float]:
    """Sort key for case lists: overdue first, then due soon, then open, each
    by earliest due instant; cases with nothing outstanding last."""
    nxt = next_deadline(deadlines)
    if nxt is None:
        return (_NO_DEADLINE_RANK, math.inf)
    return (_URGENCY_RANK[nxt.state], nxt.due.timestamp())
