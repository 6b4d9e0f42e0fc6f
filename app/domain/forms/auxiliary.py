"""Forms recorded beside the stages: immediate risk and timescale extensions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.domain.forms.model import AuxForm, FieldKind, FormRule, Section, choices, make_field
from app.domain.forms.requirements import ALWAYS, AllOf, Not, When

K = FieldKind

RISK_ACTIONS = choices(
    ("safeguarding_referral", "Safeguarding referral made"),
    ("s47_enquiry", "Section 47 enquiry with children's services"),
    ("duty_supervisor_told", "Duty supervisor told"),
    ("urgent_disclosure", "Urgent disclosure made on a supervisor's authority"),
    ("other", "Other action"),
)

URGENT_DISCLOSURE = When("action_taken", contains="urgent_disclosure",
                         text="an urgent disclosure was made")

IMMEDIATE_RISK_FORM = AuxForm(
    name="immediate_risk",
    title="Immediate risk",
    paragraphs=("2.7", "5.1.11", "5.2.14", "5.4.6"),
    sections=(
        Section(
            "Immediate risk",
            (
                make_field("what_seen", "What was seen or reported", K.LONG_TEXT,
                           "2.7, 5.1.11", "What shows a child is at immediate or imminent "
                           "risk of harm.", ALWAYS),
                make_field("action_taken", "Action taken", K.MULTI_CHOICE,
                           "2.7, 5.1.11, 5.2.14, 5.4.6",
                           "Act at once under safeguarding procedures; this may mean a "
                           "joint section 47 enquiry with children's services.", ALWAYS,
                           choices=RISK_ACTIONS),
                make_field("action_details", "Details of the action", K.LONG_TEXT,
                           "5.1.11", "What was done and with whom.",
                           When("action_taken", contains="other",
                                text="another action was taken")),
                make_field("action_by", "By whom", K.TEXT, "5.1.11",
                           "Who took the action.", ALWAYS),
                make_field("action_at", "When", K.DATETIME, "5.1.11",
                           "When the action was taken.", ALWAYS, not_future=True),
            ),
            help="Recording this flags the case red; the case itself carries on (¶2.7).",
        ),
        Section(
            "Urgent disclosure",
            (
                make_field("disclosure_authorised_by", "Authorised by (supervisor)", K.TEXT,
                           "3.3, 5.2.15", "Name, rank and number of the supervisor who "
                           "authorised the disclosure.", URGENT_DISCLOSURE),
                make_field("disclosure_to", "Disclosed to", K.TEXT, "3.3, 5.2.15",
                           "Name of the person told and their relationship to the child.",
                           URGENT_DISCLOSURE),
                make_field("disclosure_said", "What was said", K.LONG_TEXT, "3.3, 5.2.15",
                           "Word for word, as far as possible.", URGENT_DISCLOSURE),
                make_field("disclosure_at", "When", K.DATETIME, "3.3, 5.2.15",
                           "When the disclosure was made.", URGENT_DISCLOSURE,
                           not_future=True),
            ),
            help="Only where a child is at immediate or imminent risk and some disclosure is "
            "unavoidable, on a supervisor's authority (¶3.3, 5.2.15).",
            shown=URGENT_DISCLOSURE,
        ),
    ),
    rules=(
        FormRule(
            "action_taken",
            AllOf(URGENT_DISCLOSURE, Not(When("action_taken", contains="duty_supervisor_told"))),
            "An urgent disclosure is made only on a supervisor's authority: the duty "
            "supervisor must be told.", ("3.3", "5.2.15"),
        ),
    ),
)

DEADLINES = choices(
    ("stage1_24h", "Initial contact (24 hours)"),
    ("face_to_face_10d", "Face to face (10 days)"),
    ("risk_assessment_10d", "Full risk assessment reached (10 days)"),
    ("decision_35d", "Decision route (35 days)"),
    ("closure_45d", "Whole case (45 days)"),
)

NO_NEW_DATE = Not(When("new_date", filled=True), text="unless a new date is given")
NO_EXTRA_DAYS = Not(When("extra_days", filled=True), text="unless extra days are given")

EXTENSION_FORM = AuxForm(
    name="extension",
    title="Timescale extension",
    paragraphs=("5.1.7", "5.4.8", "5.6.27"),
    sections=(
        Section(
            "Extension",
            (
                make_field("deadline", "Which timescale", K.CHOICE, "5.1.13, 5.4.8, 5.6.27",
                           "All timescales are maximums.", ALWAYS, choices=DEADLINES),
                make_field("extra_days", "Extra days", K.TEXT, "5.4.8, 5.6.27",
                           "How many days to add. Give one of the two: extra days or a "
                           "new date.", NO_NEW_DATE,
                           max_length=3, pattern=r"[1-9][0-9]{0,2}",
                           pattern_hint="a whole number of days from 1 to 999",
                           missing_message="Give the number of extra days or a new date.",
                           one_of="new_date"),
                make_field("new_date", "New date", K.DATE, "5.4.8, 5.6.27",
                           "The new due date. Give one of the two: a new date or extra "
                           "days.", NO_EXTRA_DAYS,
                           missing_message="Give a new date or the number of extra days.",
                           one_of="extra_days"),
                make_field("reason", "Reason", K.LONG_TEXT, "5.4.8, 5.6.27",
                           "Why more time is needed, e.g. the applicant is away or a "
                           "foreign enquiry is awaited.", ALWAYS),
                make_field("applicant_informed_on", "Date the applicant was told", K.DATE,
                           "5.1.7", "The applicant must be told when the case will take "
                           "longer.", ALWAYS, not_future=True),
            ),
        ),
    ),
    rules=(
        FormRule(
            "new_date",
            AllOf(When("extra_days", filled=True), When("new_date", filled=True)),
            "Give either extra days or a new date, not both.",
            ("5.4.8",),
        ),
    ),
)

# Stage questions whose Yes means a child may be at immediate or imminent risk: the officer
# acts at once under safeguarding procedures and records it on IMMEDIATE_RISK_FORM (¶2.7, 5.1.11).
RISK_ANSWERS = ("immediate_risk", "urgent_action_required")


def answers_immediate_risk(values: Mapping[str, Any]) -> bool:
    """True when a stage's answers say Yes to an immediate-risk question (``RISK_ANSWERS``)."""
    return any(values.get(name) is True for name in RISK_ANSWERS)


AUX_FORMS = {form.name: form for form in (IMMEDIATE_RISK_FORM, EXTENSION_FORM)}


def aux_form(name: str) -> AuxForm:
    """The auxiliary form called ``name`` ("immediate_risk" or "extension")."""
    try:
        return AUX_FORMS[name]
    except KeyError:
        raise KeyError(f"no auxiliary form called {name!r}") from None
