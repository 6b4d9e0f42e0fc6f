"""When each timescale's milestone happened: the recorded event, not the click.

FORMS.md (Timescales) and ¶5.6.27: milestones are the dates the events
happened — the face-to-face meeting held, the outcome given (disclosure made,
or the non-disclosure visit or letter) — not the moment someone pressed
Complete (that moment stays in the audit trail and in the stage record).

* Initial contact (24 h, ¶5.1.13): the moment stage 1 was completed, i.e. the
  initial checks and risk assessment were done; the form has no separate event.
* Face to face (¶5 table): stage 2's "Date and time of the meeting".
* Full risk assessment reached (¶5.4.8): the moment the case entered stage 4
  (stage 3 completed).
* Decision route (¶5.6.27): stage 6's "Date and time of disclosure", or the
  day a non-disclosure outcome was given ("Date given"; a date without a time
  counts from the start of that day, Europe/London). If the form carries no
  event date (an older or other route), the completion moment is used.

A milestone counts only once its stage is complete.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time
from typing import Any

from app.domain.enums import Stage
from app.domain.forms.values import parse_date, parse_datetime
from app.domain.timescales import LONDON, DeadlineKind

# The stage whose completion meets each deadline (the 45-day one is met by closing).
MILESTONE_STAGES: Mapping[DeadlineKind, Stage] = {
    DeadlineKind.STAGE1_24H: Stage.INITIAL_CONTACT,
    DeadlineKind.FACE_TO_FACE_10D: Stage.FACE_TO_FACE,
    DeadlineKind.RISK_ASSESSMENT_10D: Stage.INFORMATION_PACK,  # stage 4 reached
    DeadlineKind.DECISION_35D: Stage.OUTCOME,  # decision made and outcome given
}

# (field, is a date only) in order of preference, per deadline.
_EVENT_FIELDS: Mapping[DeadlineKind, tuple[tuple[str, bool], ...]] = {
    DeadlineKind.FACE_TO_FACE_10D: (("meeting_at", False),),
    DeadlineKind.DECISION_35D: (("disclosed_at", False), ("conveyed_on", True)),
}


def event_instant(values: Mapping[str, Any], field: str, date_only: bool) -> datetime | None:
    """The instant recorded in ``values[field]`` (a date: its first moment, UK time)."""
    raw = values.get(field)
    if date_only:
        day = parse_date(raw)
        return None if day is None else datetime.combine(day, time(0, 0), LONDON)
    return parse_datetime(raw)


def milestone_instants(values: Mapping[Stage, Mapping[str, Any]],
                       completed_at: Mapping[Stage, datetime]) -> dict[DeadlineKind, datetime]:
    """Each met milestone's instant, from the event dates of the completed stages."""
    out: dict[DeadlineKind, datetime] = {}
    for kind, stage in MILESTONE_STAGES.items():
        done = completed_at.get(stage)
        if done is None:
            continue
        instant: datetime | None = None
        for field, date_only in _EVENT_FIELDS.get(kind, ()):
            instant = event_instant(values.get(stage, {}), field, date_only)
            if instant is not None:
                break
        out[kind] = instant if instant is not None else done
    return out


#: A right-to-know case has no applicant: no initial contact and no face-to-face meeting.
RIGHT_TO_KNOW_NOT_APPLICABLE = frozenset({DeadlineKind.STAGE1_24H,
                                          DeadlineKind.FACE_TO_FACE_10D})


def right_to_know_milestones(values: Mapping[Stage, Mapping[str, Any]],
                             completed_at: Mapping[Stage, datetime]) -> dict[DeadlineKind,
                                                                             datetime]:
    """A right-to-know case opens with its risk assessment done (recorded at the opening,
    stage 4): that milestone is the opening; the rest as for any case (¶5.6.27)."""
    out = milestone_instants(values, completed_at)
    opened = completed_at.get(Stage.RISK_ASSESSMENT)
    if opened is not None:
        out[DeadlineKind.RISK_ASSESSMENT_10D] = opened
    return out
