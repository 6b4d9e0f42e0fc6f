"""What a printed document is built from: the case, the unit's letterhead, the kind.

Everything here is plain, frozen data; the builders never read storage or the
clock themselves (``produced_at`` is given).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.domain.case_facts import CaseFacts
from app.domain.chronology import ChronologyEntry
from app.domain.contacts import Contact
from app.domain.referrals import Referral
from app.domain.timescale_policy import DEFAULT_POLICY, TimescalePolicy
from app.domain.timescales import Deadline
from app.errors import CsodsError


@dataclass(frozen=True)
class Letterhead:
    """The producing unit as it appears on every page and on letters."""

    force_name: str
    unit_name: str
    address: str  # several lines, separated by "\n"
    telephone: str
    email: str = ""
    logo_png: bytes | None = None


@dataclass(frozen=True)
class SignOff:
    """A supervisor's sign-off of the stage 5 decision: who and when (¶5.6.1, 5.6.12)."""

    by: str  # the supervisor's name as the unit knows them
    at: datetime


@dataclass(frozen=True)
class RiskNote:
    """One immediate-risk record (¶2.7, 5.1.11), possibly with an urgent disclosure
    (¶3.3, 5.2.15): the answers of the immediate-risk form and when it was recorded."""

    values: Mapping[str, object]
    recorded_at: datetime


@dataclass(frozen=True)
class DocumentCase:
    """One case as a document needs it. Instants are timezone-aware (UTC)."""

    reference: str
    contact_at: datetime
    facts: CaseFacts
    produced_at: datetime
    produced_by: str
    letterhead: Letterhead
    deadlines: Sequence[Deadline] = ()
    referrals: Sequence[Referral] = ()  # safeguarding referrals sent (¶3.6, 5.6.11, 6.3)
    signed_off: SignOff | None = None  # the approval of the decision now in force
    risks: Sequence[RiskNote] = ()
    policy: TimescalePolicy = DEFAULT_POLICY  # the case's timescale policy (its labels)
    contacts: Sequence[Contact] = ()  # the contact log, oldest first
    chronology: Sequence[ChronologyEntry] = ()  # every record in time order


class DocumentKind(StrEnum):
    """The documents the application can print."""

    DISCLOSURE_FORM = "disclosure-form"
    NON_DISCLOSURE_LETTER = "non-disclosure-letter"
    INITIAL_CONTACT_RECORD = "initial-contact"
    FACE_TO_FACE_RECORD = "face-to-face"
    DECISION_RECORD = "decision"
    INFORMATION_PACK = "information-pack"
    CLOSURE_REPORT = "closure-report"
    CHRONOLOGY = "chronology"

    @property
    def title(self) -> str:  # type: ignore[override]
        return _TITLES[self]

    @property
    def blank_allowed(self) -> bool:
        """Whether an empty form to fill in by hand can be printed."""
        return self in _BLANK_KINDS


_TITLES = {
    DocumentKind.DISCLOSURE_FORM: "Disclosure form",
    DocumentKind.NON_DISCLOSURE_LETTER: "Non-disclosure letter",
    DocumentKind.INITIAL_CONTACT_RECORD: "Initial contact record",
    DocumentKind.FACE_TO_FACE_RECORD: "Face-to-face record",
    DocumentKind.DECISION_RECORD: "Risk assessment and decision record",
    DocumentKind.INFORMATION_PACK: "Information pack for parents and carers",
    DocumentKind.CLOSURE_REPORT: "Closure report",
    DocumentKind.CHRONOLOGY: "Case chronology",
}

_BLANK_KINDS = frozenset(
    {
        DocumentKind.INITIAL_CONTACT_RECORD,
        DocumentKind.FACE_TO_FACE_RECORD,
        DocumentKind.DECISION_RECORD,
        DocumentKind.INFORMATION_PACK,
    }
)


class DocumentRefused(CsodsError):
    """The document may not be produced; ``reasons`` each name the ¶ they enforce."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = list(reasons)
        super().__init__(" ".join(self.reasons))
