"""Stage 1 — Initial contact (¶5.1): complete within 24 hours of contact."""

from __future__ import annotations

from app.domain.enums import Stage
from app.domain.forms.common import (
    applicant_field,
    checks_group,
    children_field,
    parents_field,
    safe_contact_field,
    subject_field,
)
from app.domain.forms.model import Field, FieldKind, Section, StageForm, choices, make_field
from app.domain.forms.requirements import ALWAYS, AllOf, Not, When

K = FieldKind

CSODS = When("request_type", equals="csods", text="this is a CSODS application")
NAMED = AllOf(
    CSODS,
    Not(When("applicant_anonymous", equals=True)),
    text="this is a CSODS application from an applicant who has given their name",
)
VISOR = AllOf(
    CSODS,
    When("subject.visor_marker", equals=True),
    text="the subject has a ViSOR marker",
)

CONTACT_METHOD = choices(
    ("attended_station", "Attended a police station"),
    ("street_encounter", "Street encounter with an officer or staff member"),
    ("incident_call", "During a call to an incident"),
    ("telephone", "Telephone call"),
    ("online", "Online report"),
    # 2023 practice [S]: forces take applications through an online form (digest §2.1).
    ("online_application", "Online application form"),
)

REQUEST_TYPE = choices(
    ("csods", "Child sex offender disclosure application"),
    ("dbs", "Criminal record check (DBS) — redirect"),
    ("subject_access", "Subject access request — redirect"),
    ("foi", "Freedom of Information request — redirect"),
    ("vetting_barring", "Vetting and barring — redirect"),
    ("intelligence", "Information only (intelligence)"),
)

def _info(id_: str, label: str, help_text: str) -> Field:
    return make_field(id_, label, K.TICK, "5.1.7", help_text, CSODS)


HEADER = Section(
    "Contact",
    (
        make_field("contact_at", "Date and time of contact", K.DATETIME, "5.1.13",
                   "When the person first contacted the police. The 24-hour and later "
                   "deadlines run from this moment.", ALWAYS, not_future=True),
        make_field("officer", "Officer or staff member", K.TEXT, "5.1.1",
                   "Name and collar or staff number of the person taking the contact.",
                   ALWAYS),
        make_field("contact_method", "How the contact was made", K.CHOICE, "5.1.2",
                   "The way the person got in touch.", ALWAYS, choices=CONTACT_METHOD),
        make_field("owning_force", "Receiving (owning) force", K.TEXT, "4.9",
                   "The force the application was made to, where the applicant lives. "
                   "It owns and oversees the enquiry.", ALWAYS),
        make_field("responding_force", "Responding force", K.TEXT, "4.10",
                   "The force where any other party lives, if different; it takes "
                   "responsibility for actions in its area."),
    ),
)

REQUEST = Section(
    "Request",
    (
        make_field("request_type", "What is being asked for", K.CHOICE, "3.7",
                   "The scheme does not replace criminal record checks, subject access, "
                   "FOI or vetting and barring; those requests are redirected and the "
                   "case closes.", ALWAYS, choices=REQUEST_TYPE),
        make_field("applicant_anonymous", "Does the person wish to stay anonymous?",
                   K.YES_NO, "5.2.5",
                   "An anonymous informant cannot use the scheme; what they say is "
                   "handled as intelligence or through safeguarding procedures."),
    ),
)

PEOPLE = Section(
    "Applicant",
    (applicant_field(NAMED), safe_contact_field(NAMED), parents_field()),
    help="The applicant's own particulars and how to reach them safely (¶5.1.6, 5.2.5).",
)

SUBJECT = Section(
    "Subject",
    (subject_field(CSODS),),
    help="Everything the applicant knows about the subject (¶4.4, 5.2.5).",
)

CHILDREN = Section(
    "Children",
    (children_field(NAMED, min_items=1),),
    help="At least one identified child under 18 (¶4.6, 5.2.5).",
)

CONCERNS = Section(
    "Concerns and risk",
    (
        make_field("reason", "Reason for the enquiry and concerns", K.LONG_TEXT, "5.1.8",
                   "In the person's own words where possible: why they are asking and "
                   "what worries them.", ALWAYS),
        make_field("immediate_risk", "Is any child at immediate or imminent risk of harm?",
                   K.YES_NO, "5.1.8, 5.1.11",
                   "If yes, act now under safeguarding procedures and record the immediate "
                   "risk.", CSODS),
        make_field("applicant_at_risk",
                   "Does the applicant consider themselves at risk from the subject?",
                   K.YES_NO, "5.1.7", "Ask the applicant directly.", CSODS),
        make_field("concerning_behaviour", "Concerning behaviour by the subject", K.LONG_TEXT,
                   "5.1.8, 5.5.3",
                   "Any grooming, sexual behaviour towards children or other behaviour "
                   "that worries the applicant, with details."),
    ),
)

INFORMATION = Section(
    "Information given to the applicant",
    (
        _info("info_not_replacement", "Told the scheme does not replace DBS, subject access, "
              "FOI or vetting and barring",
              "Sets expectations: the scheme is a separate route."),
        _info("info_best_placed", "Told any disclosure goes only to the person best placed "
              "to protect the child",
              "That may not be the applicant."),
        _info("info_24h_checks", "Told checks for immediate risk are made within 24 hours",
              "Checks for immediate or imminent risk are made as soon as possible."),
        _info("info_face_to_face_10d", "Told a face-to-face meeting will follow within "
              "10 days", "In person as a rule; by telephone or video only where there is a "
              "reason, which is recorded at stage 2."),
        _info("info_proof_needed", "Told proof of identity, and of relationship to the "
              "child, will be needed",
              "Photo ID ideally; parents, guardians and carers must prove the "
              "relationship."),
        _info("info_45_days", "Told we aim to finish within 45 days",
              "They will be told if it takes longer, and immediate risks are acted on at "
              "once."),
        _info("info_asked_at_risk", "Asked whether they consider themselves at risk",
              "Record the answer in the risk questions."),
    ),
)

CONSENT = Section(
    "Consent to share",
    (
        make_field("consent_to_share", "Does the applicant consent to sharing with other "
                   "agencies?", K.YES_NO, "5.1.12",
                   "For example with children's social care.", CSODS),
        make_field("consent_exceptions_explained", "Explained that information may be shared "
                   "without consent if a child is at risk", K.TICK, "5.1.12",
                   "The applicant must know this before deciding.", CSODS),
    ),
)

CHECKS = Section(
    "Initial checks",
    (
        make_field("check_pnc", "PNC checked", K.TICK, "5.1.9",
                   "On the applicant, the child(ren) and the subject, away from the "
                   "applicant.", CSODS),
        make_field("check_visor", "ViSOR checked", K.TICK, "5.1.9",
                   "Needed when PNC shows a ViSOR marker for the subject.", VISOR),
        make_field("check_local", "Local force intelligence checked", K.TICK, "5.1.9",
                   "On the applicant, the child(ren) and the subject.", CSODS),
        checks_group(
            "initial_checks", "Checks made", "5.1.9, 5.1.10",
            "One line per check: which system, on whom, when, by whom and the result. "
            "Never in the applicant's presence, and nothing is disclosed.",
        ),
    ),
)

OUTCOME = Section(
    "Initial risk assessment",
    (
        make_field("urgent_action_required", "Is urgent action required?", K.YES_NO,
                   "5.1.9, 5.1.11",
                   "If yes, act now under safeguarding procedures and record the immediate "
                   "risk.", CSODS),
    ),
)

FORM = StageForm(
    stage=Stage.INITIAL_CONTACT,
    title="Stage 1 — Initial contact",
    paragraphs=("5.1",),
    sections=(HEADER, REQUEST, PEOPLE, SUBJECT, CHILDREN, CONCERNS, INFORMATION, CONSENT,
              CHECKS, OUTCOME),
)
