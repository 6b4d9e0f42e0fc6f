"""The small types of the demo plan: what kind of case, its twists, its milestones, its steps.

A ``CaseKind`` says how a case ends (or where it was left open); ``Twist`` marks
what goes unusually (late, extended, immediate risk); ``Milestone`` names the
moments planned for a case; a ``Step`` is one service call made by one user at
one instant, and ``CaseRun`` is every step of one case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum, Flag, auto
from typing import Any

from app.domain.enums import Route, Stage


class Outcome(Enum):
    """How an application that reached a decision ends."""

    NO_CONCERNS = "no_concerns"
    NOT_DISCLOSED = "not_disclosed"
    DISCLOSED = "disclosed"


class CaseKind(Enum):
    """What happens to one demo case: how it closes, or the stage it is left open at."""

    # Closed at initial contact (guidance ¶1.3: about 5 enquiries in 12).
    REDIRECT_DBS = "redirect:dbs"
    REDIRECT_SUBJECT_ACCESS = "redirect:subject_access"
    REDIRECT_FOI = "redirect:foi"
    REDIRECT_VETTING_BARRING = "redirect:vetting_barring"
    INTELLIGENCE_REQUEST = "intel:request"
    INTELLIGENCE_ANONYMOUS = "intel:anonymous"
    INTELLIGENCE_NO_CHILD = "intel:nochild"
    WITHDRAWN_AT_CONTACT = "withdrawn:1"
    # Applications that were closed.
    IDENTITY_NOT_VERIFIED = "identity_not_verified"
    WITHDRAWN_LATER = "withdrawn:later"
    DISCLOSED = "disclosed"
    NOT_DISCLOSED = "not_disclosed"
    NO_CONCERNS = "no_concerns"
    # Left open, by the stage the case stopped at.
    OPEN_INITIAL_CONTACT = "open:1"
    OPEN_FACE_TO_FACE = "open:2"
    OPEN_INFORMATION_PACK = "open:3"
    OPEN_RISK_ASSESSMENT = "open:4"
    OPEN_AWAITING_SIGNOFF = "open:5a"
    OPEN_DECISION_RETURNED = "open:5r"
    OPEN_DECISION_DRAFT = "open:5d"
    OPEN_OUTCOME = "open:6"

    @property
    def is_open(self) -> bool:
        return self.value.startswith("open:")

    @property
    def closes_at_contact(self) -> bool:
        return self in EARLY

    @property
    def outcome(self) -> Outcome | None:
        """The outcome this kind closes with, if it is a decided application."""
        return _OUTCOMES.get(self)

    @property
    def redirected_to(self) -> str | None:
        """The request type of a redirected enquiry (a value of ``request_type``)."""
        return self.value.split(":")[1] if self.value.startswith("redirect:") else None


_OUTCOMES = {CaseKind.DISCLOSED: Outcome.DISCLOSED, CaseKind.NOT_DISCLOSED: Outcome.NOT_DISCLOSED,
             CaseKind.NO_CONCERNS: Outcome.NO_CONCERNS}

# The enquiries that end at initial contact, in the order the mix takes them first.
EARLY: tuple[CaseKind, ...] = (
    CaseKind.REDIRECT_DBS, CaseKind.INTELLIGENCE_REQUEST, CaseKind.WITHDRAWN_AT_CONTACT,
    CaseKind.INTELLIGENCE_ANONYMOUS, CaseKind.REDIRECT_SUBJECT_ACCESS,
    CaseKind.INTELLIGENCE_NO_CHILD, CaseKind.REDIRECT_FOI, CaseKind.REDIRECT_VETTING_BARRING)


class Twist(Flag):
    """What goes unusually in one case."""

    NONE = 0
    LATE_INITIAL_CONTACT = auto()
    LATE_FACE_TO_FACE = auto()
    LATE_CLOSURE = auto()
    EXTENDED_FACE_TO_FACE = auto()
    EXTENDED_CLOSURE = auto()
    IMMEDIATE_RISK = auto()
    UNDERTAKING_REFUSED = auto()  # the recipient would not sign; not proceeded with (¶5.6.21)


class Milestone(Enum):
    """A planned moment in a case, as an offset from first contact."""

    INITIAL_CONTACT = "s1"
    ASSIGN = "assign"
    EXTEND_FACE_TO_FACE = "ext_f2f"
    MEETING = "f2f"  # the face-to-face meeting itself
    FACE_TO_FACE = "s2"  # its record completed
    INFORMATION_PACK = "s3"
    WITHDRAW = "withdraw"
    RISK_ASSESSMENT = "s4"
    DECISION = "s5"
    SIGNOFF = "signoff"
    OUTCOME = "s6"
    EXTEND_CLOSURE = "ext_close"
    CLOSE = "close"
    DRAFT = "draft"  # the last draft of a case left open


# The service calls a step makes (see ``app.demo.build.execute``).
@dataclass(frozen=True)
class OpenCase:
    pass


@dataclass(frozen=True)
class SaveDraft:
    stage: Stage
    values: dict[str, Any]


@dataclass(frozen=True)
class CompleteStage:
    stage: Stage
    values: dict[str, Any]


@dataclass(frozen=True)
class CompleteClosure:
    """Complete the closure stage with the values the case offers at that moment."""


@dataclass(frozen=True)
class CloseEarly:
    route: Route
    reason: str


@dataclass(frozen=True)
class RecordRisk:
    values: dict[str, Any]


@dataclass(frozen=True)
class AddExtension:
    values: dict[str, Any]


@dataclass(frozen=True)
class Assign:
    to: str


@dataclass(frozen=True)
class SignOff:
    approve: bool
    comment: str = ""


Action = (OpenCase | SaveDraft | CompleteStage | CompleteClosure | CloseEarly | RecordRisk
          | AddExtension | Assign | SignOff)


@dataclass(frozen=True)
class Step:
    at: datetime
    user: str
    action: Action


@dataclass
class CaseRun:
    index: int
    kind: CaseKind
    contact: datetime
    steps: list[Step] = field(default_factory=list)
    ref: str = ""
