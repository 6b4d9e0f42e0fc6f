"""The contact log of a case and its free-text notes.

Every attempt to reach the applicant, the recipient, the subject or an agency is
logged: when, how, with whom, the outcome and a note. An attempt may say which
timescale it served ("to arrange the interview"), so that a late timescale can be
explained by the attempts made for it (¶5.4.8, 5.6.27: the reasons for any delay
are recorded): ``attempts_phrase`` gives "3 attempts to arrange the interview
between 02/12 and 06/12".

Case notes are dated free text; their text goes through the same long-text
validation as every form answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from app.domain.forms.model import AuxForm, FieldKind, Section, choices, make_field
from app.domain.forms.requirements import ALWAYS, When
from app.domain.timescales import LONDON, Deadline, DeadlineKind

K = FieldKind

METHODS = choices(
    ("phone", "Telephone"),
    ("visit", "Visit"),
    ("letter", "Letter"),
    ("email", "Email"),
    ("in_person", "In person"),
)
PARTIES = choices(
    ("applicant", "Applicant"),
    ("recipient", "Recipient"),
    ("subject", "Subject"),
    ("agency", "Agency"),
    ("other", "Someone else"),
)
OUTCOMES = choices(
    ("reached", "Reached"),
    ("no_answer", "No answer"),
    ("message_left", "Message left"),
    ("refused", "Refused"),
)
PURPOSES = choices(
    ("initial_contact", "To make initial contact"),
    ("arrange_meeting", "To arrange the interview"),
    ("risk_information", "To gather information for the risk assessment"),
    ("decision", "About the decision"),
    ("give_outcome", "To give the outcome"),
    ("other", "Something else"),
)
METHOD_LABELS = {c.value: c.label for c in METHODS}
PARTY_LABELS = {c.value: c.label for c in PARTIES}
OUTCOME_LABELS = {c.value: c.label for c in OUTCOMES}
PURPOSE_LABELS = {c.value: c.label for c in PURPOSES}

#: Which timescale an attempt with this purpose served.
PURPOSE_DEADLINES: dict[str, DeadlineKind] = {
    "initial_contact": DeadlineKind.STAGE1_24H,
    "arrange_meeting": DeadlineKind.FACE_TO_FACE_10D,
    "risk_information": DeadlineKind.RISK_ASSESSMENT_10D,
    "decision": DeadlineKind.DECISION_35D,
    "give_outcome": DeadlineKind.CLOSURE_45D,
}

CONTACT_FORM = AuxForm(
    name="contact",
    title="Contact attempt",
    paragraphs=("5.1.6", "5.4.8", "5.6.27"),
    sections=(
        Section(
            "Attempt",
            (
                make_field("at", "When", K.DATETIME, "5.6.27",
                           "The date and time of the attempt.", ALWAYS, not_future=True),
                make_field("method", "How", K.CHOICE, "5.1.6",
                           "Telephone, visit, letter, email or in person.", ALWAYS,
                           choices=METHODS),
                make_field("party", "With whom", K.CHOICE, "5.1.6",
                           "Who the attempt was to reach.", ALWAYS, choices=PARTIES),
                make_field("party_detail", "Who exactly", K.TEXT, "5.1.6",
                           "E.g. the agency or team, or how the person relates to the case.",
                           When("party", in_=("agency", "other"),
                                text="an agency or someone else"), max_length=200),
                make_field("outcome", "Outcome", K.CHOICE, "5.1.6",
                           "Reached, no answer, message left or refused.", ALWAYS,
                           choices=OUTCOMES),
                make_field("purpose", "For", K.CHOICE, "5.4.8, 5.6.27",
                           "Which step the attempt served: it counts toward explaining that "
                           "timescale if it is late.", ALWAYS, choices=PURPOSES),
                make_field("note", "Note", K.LONG_TEXT, "5.1.6",
                           "What was said or left, or why the attempt failed.",
                           max_length=4000),
            ),
        ),
    ),
)

NOTE_FORM = AuxForm(
    name="case_note",
    title="Case note",
    paragraphs=("6.1",),
    sections=(
        Section(
            "Note",
            (
                make_field("noted_at", "Date and time", K.DATETIME, "6.1",
                           "When what the note records happened.", ALWAYS, not_future=True),
                make_field("text", "Note", K.LONG_TEXT, "6.1",
                           "Free text, kept with the case and shown in its chronology.",
                           ALWAYS, max_length=8000),
            ),
        ),
    ),
)


@dataclass(frozen=True)
class Contact:
    id: int
    at: datetime
    method: str
    party: str
    party_detail: str
    outcome: str
    purpose: str
    note: str
    recorded_by: str

    @property
    def party_label(self) -> str:
        label = PARTY_LABELS.get(self.party, self.party)
        return f"{label}: {self.party_detail}" if self.party_detail else label

    @property
    def method_label(self) -> str:
        return METHOD_LABELS.get(self.method, self.method)

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome, self.outcome)

    @property
    def purpose_label(self) -> str:
        return PURPOSE_LABELS.get(self.purpose, self.purpose)

    @property
    def deadline(self) -> DeadlineKind | None:
        return PURPOSE_DEADLINES.get(self.purpose)

    def summary(self) -> str:
        """Like "Telephone, Applicant: no answer (to arrange the interview)"."""
        purpose = "" if self.purpose == "other" else f" ({self.purpose_label.lower()})"
        return f"{self.method_label}, {self.party_label}: {self.outcome_label.lower()}{purpose}"


@dataclass(frozen=True)
class CaseNote:
    id: int
    noted_at: datetime
    text: str
    recorded_at: datetime
    recorded_by: str


def attempts_for(contacts: Sequence[Contact], deadline: Deadline) -> list[Contact]:
    """The attempts made for ``deadline``'s step, up to when it was met (if it was)."""
    end = deadline.completed_at
    return sorted((c for c in contacts if c.deadline is deadline.kind
                   and (end is None or c.at <= end)), key=lambda c: c.at)


def _day(at: datetime) -> str:
    return f"{at.astimezone(LONDON):%d/%m}"


def attempts_phrase(contacts: Sequence[Contact], deadline: Deadline) -> str:
    """"3 attempts to arrange the interview between 02/12 and 06/12" ("" when none)."""
    found = attempts_for(contacts, deadline)
    if not found:
        return ""
    purpose = PURPOSE_LABELS[found[0].purpose]
    purpose = purpose[0].lower() + purpose[1:]
    count = len(found)
    first, last = _day(found[0].at), _day(found[-1].at)
    when = f"on {first}" if first == last else f"between {first} and {last}"
    return f"{count} attempt{'s' if count != 1 else ''} {purpose} {when}"
