"""Safeguarding referrals sent on a case (¶3.6, 5.6.11, 6.3).

By asking, an applicant often registers a concern about a child (¶3.6): the
police work with children's social care; an immediate or imminent risk means
the usual safeguarding procedures, i.e. a section 47 enquiry (¶5.6.11); and
relevant information is shared with the relevant agencies (¶6.3). Each
referral records the agency, date sent, their reference, the outcome and a
date by which to chase a reply; a chase-by date passed with no outcome is
overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.forms.model import AuxForm, FieldKind, Section, choices, make_field
from app.domain.forms.requirements import ALWAYS, When

K = FieldKind

AGENCIES = choices(
    ("childrens_social_care", "Children's social care"),
    ("mash", "Multi-agency safeguarding hub (MASH)"),
    ("s47_strategy", "Section 47 strategy discussion"),
    ("responding_force", "Responding force"),
    ("probation", "Probation"),
    ("other", "Other agency"),
)
AGENCY_LABELS = {c.value: c.label for c in AGENCIES}

REFERRAL_FORM = AuxForm(
    name="referral",
    title="Safeguarding referral",
    paragraphs=("3.6", "5.6.11", "6.3"),
    sections=(
        Section(
            "Referral",
            (
                make_field("agency", "Referred to", K.CHOICE, "3.6, 5.6.11, 6.3",
                           "Children's social care or the MASH for a concern about a child; "
                           "a section 47 strategy discussion for immediate or imminent risk "
                           "(¶5.6.11); the responding force or probation to share what they "
                           "need (¶6.3).", ALWAYS, choices=AGENCIES),
                make_field("agency_name", "Which agency or team", K.TEXT, "6.3",
                           "E.g. the local authority or force; no personal names needed.",
                           When("agency", equals="other", text="another agency"),
                           max_length=200),
                make_field("sent_on", "Date sent", K.DATE, "3.6, 6.3",
                           "When the referral was made.", ALWAYS, not_future=True),
                make_field("reference", "Their reference", K.TEXT, "6.3",
                           "The receiving agency's reference, when they give one.",
                           max_length=100),
                make_field("chase_by", "Chase by", K.DATE, "3.6",
                           "The date to chase a reply if none has come (shows as overdue "
                           "after it)."),
                make_field("outcome", "Outcome", K.LONG_TEXT, "3.6, 6.3",
                           "What the agency decided or did.",
                           When("outcome_on", filled=True, text="an outcome date is given"),
                           max_length=4000),
                make_field("outcome_on", "Date of the outcome", K.DATE, "3.6",
                           "When the outcome was received.", not_future=True),
            ),
        ),
    ),
)


@dataclass(frozen=True)
class Referral:
    id: int
    agency: str
    agency_name: str
    sent_on: date
    reference: str
    chase_by: date | None
    outcome: str
    outcome_on: date | None

    @property
    def agency_label(self) -> str:
        label = AGENCY_LABELS.get(self.agency, self.agency)
        return f"{label}: {self.agency_name}" if self.agency_name else label

    @property
    def answered(self) -> bool:
        return self.outcome_on is not None

    def chase_overdue(self, today: date) -> bool:
        """No outcome yet and the chase-by date has passed."""
        return not self.answered and self.chase_by is not None and today > self.chase_by

    def chased_late(self, today: date) -> bool:
        """The outcome came after the chase-by date, or it has not come and that date passed."""
        if self.chase_by is None:
            return False
        if self.outcome_on is not None:
            return self.outcome_on > self.chase_by
        return today > self.chase_by


def referral_problems(values: dict[str, object]) -> list[str]:
    """Date order: nothing chased or answered before it was sent."""
    out: list[str] = []
    sent = values.get("sent_on")
    for key, label in (("chase_by", "The chase-by date"), ("outcome_on", "The outcome date")):
        other = values.get(key)
        if isinstance(sent, str) and isinstance(other, str) and other and other < sent:
            out.append(f"{label} cannot be before the date the referral was sent.")
    return out
