"""Stage 2 — Face to face (¶5.2): within 10 days of first contact."""

from __future__ import annotations

from app.domain.enums import Stage
from app.domain.forms.common import (
    PROVABLE_RELATIONSHIPS,
    applicant_field,
    checks_group,
    children_field,
    safe_contact_field,
    subject_field,
)
from app.domain.forms.model import FieldKind, Section, StageForm, choices, make_field
from app.domain.forms.requirements import ALWAYS, OPTIONAL, AnyOf, Not, When, WhenContext

K = FieldKind

RELATIONSHIP_CLAIMED = AnyOf(
    WhenContext(Stage.INITIAL_CONTACT, "children.applicant_relationship",
                in_=PROVABLE_RELATIONSHIPS),
    When("children.applicant_relationship", in_=PROVABLE_RELATIONSHIPS),
    text="the applicant says they are a parent, carer or guardian of a child",
)
VISOR = AnyOf(
    When("subject.visor_marker", equals=True),
    WhenContext(Stage.INITIAL_CONTACT, "subject.visor_marker", equals=True),
    text="the subject has a ViSOR marker",
)

ID_DOCUMENTS = choices(
    ("passport", "Passport"),
    ("driving_licence", "Driving licence"),
    ("other_photo_id", "Other trusted photo ID"),
    ("birth_certificate", "Birth certificate"),
    ("utility_bill", "Household utility or council tax bill"),
    ("bank_statement", "Bank statement"),
    ("benefit_book", "Child or other benefit book"),
    ("other_agency", "Identity confirmed by another agency"),
)

#: How the interview was held: face to face is the rule (¶5.2.2); 2023 practice allows a
#: call where there is a reason (digest §2.4 [S]), so any other way needs one recorded.
INTERVIEW_MODES = choices(
    ("face_to_face", "Face to face (in person)"),
    ("telephone", "By telephone"),
    ("video", "By video call"),
)
REMOTE = When("interview_mode", in_=("telephone", "video"),
              text="the interview was not held face to face")
IN_PERSON = Not(REMOTE, text="the interview was held face to face")

MEETING = Section(
    "Meeting",
    (
        make_field("meeting_at", "Date and time of the meeting", K.DATETIME, "5.2.2",
                   "When the applicant was seen (or spoken to, for a telephone or video "
                   "interview).", ALWAYS, not_future=True),
        make_field("interview_mode", "How the meeting was held", K.CHOICE, "5.2.2",
                   "Face to face is the rule: the applicant is seen in person. A telephone "
                   "or video interview is allowed only with a recorded reason (2023 "
                   "practice).", ALWAYS, choices=INTERVIEW_MODES),
        make_field("remote_reason", "Why not face to face", K.LONG_TEXT, "5.2.2",
                   "The reason the applicant could not be seen in person, e.g. distance, "
                   "disability or their safety.", REMOTE),
        make_field("meeting_place", "Place of the meeting", K.TEXT, "5.2.2",
                   "Where the meeting was held.", IN_PERSON),
        make_field("officer", "Officer or staff member", K.TEXT, "5.2.3",
                   "Ideally someone experienced in managing sex offenders or in child "
                   "protection enquiries.", ALWAYS),
        make_field("held_in_private", "Held in private", K.TICK, "5.1.5",
                   "The applicant must be able to speak without others overhearing."),
    ),
)

WARNINGS = Section(
    "Warnings given",
    (
        make_field("warning_false_application", "Warned that a false or malicious "
                   "application may lead to prosecution", K.TICK, "5.2.4",
                   "For example for wasting police time.", ALWAYS),
        make_field("warning_confidentiality", "Told confidentiality holds only until the "
                   "outcome, and the subject may be told of a disclosure", K.TICK, "5.2.9",
                   "Explain the limits of confidentiality before any detail is given.",
                   ALWAYS),
        make_field("warning_offence_evidence", "Warned that revealing evidence of an offence "
                   "may end confidentiality", K.TICK, "5.2.10",
                   "An offence disclosed now may have to be investigated.", ALWAYS),
        make_field("warning_use_and_undertaking", "Told any information may only be used to "
                   "protect children, under a signed undertaking", K.TICK, "5.2.11",
                   "Breaking the undertaking may lead to legal proceedings.", ALWAYS),
    ),
)

IDENTITY = Section(
    "Identity and relationship",
    (
        make_field("id_documents", "Identity documents seen", K.MULTI_CHOICE, "5.2.6, 5.2.7",
                   "Photo ID confirming date of birth and address is best. A vulnerable "
                   "applicant's identity may be confirmed by another agency.", ALWAYS,
                   choices=ID_DOCUMENTS),
        make_field("id_document_refs", "Document numbers or references", K.LONG_TEXT,
                   "5.2.6", "Numbers or references of the documents seen.", max_length=1000),
        make_field("other_agency_name", "Agency that confirmed identity", K.TEXT, "5.2.7",
                   "For example the social worker or health visitor and their agency.",
                   When("id_documents", contains="other_agency",
                        text="identity was confirmed by another agency")),
        make_field("identity_verified", "Is the applicant's identity verified?", K.YES_NO,
                   "5.2.8", "Without a verified identity no disclosure can be made under "
                   "the scheme; the case may continue only as intelligence or "
                   "safeguarding.", ALWAYS),
        make_field("relationship_proved", "Is the relationship to the child(ren) proved?",
                   K.YES_NO, "5.1.7, 5.2.5",
                   "Needed when the applicant says they are a parent, carer or guardian.",
                   RELATIONSHIP_CLAIMED),
        make_field("relationship_document", "Proof of relationship seen", K.TEXT, "5.2.5",
                   "The document that proves the relationship, e.g. a birth certificate.",
                   When("relationship_proved", equals=True,
                        text="the relationship is proved")),
    ),
)

PEOPLE = Section(
    "Update details",
    (
        applicant_field(OPTIONAL),
        safe_contact_field(OPTIONAL),
        subject_field(OPTIONAL),
        children_field(OPTIONAL, min_items=0),
    ),
    help="Pre-filled from initial contact; fill any gaps (¶5.2.13).",
)

CHECKS = Section(
    "Checks revisited",
    (
        make_field("check_pnc", "PNC checked again", K.TICK, "5.2.12",
                   "To catch anything new since initial contact.", ALWAYS),
        make_field("check_visor", "ViSOR checked again", K.TICK, "5.2.12",
                   "Needed when the subject has a ViSOR marker.", VISOR),
        make_field("check_local", "Local force intelligence checked again", K.TICK, "5.2.12",
                   "On the applicant, the child(ren) and the subject.", ALWAYS),
        make_field("check_ini", "INI checked", K.TICK, "5.2.12",
                   "INI checks must be made at this stage.", ALWAYS),
        make_field("check_international", "International enquiries made", K.TICK, "5.2.12",
                   "Optional, if relevant."),
        make_field("check_contactpoint", "ContactPoint checked", K.TICK, "5.2.12",
                   "Optional, if relevant."),
        make_field("check_ceop", "CEOP / CETS checked", K.TICK, "5.2.12",
                   "Optional, if relevant; made through CEOP."),
        checks_group("checks_made", "Checks made", "5.2.12",
                     "One line per check: system, on whom, when, by whom and the result."),
    ),
)

RISK = Section(
    "Risk revisited",
    (
        make_field("immediate_risk", "Is any child at immediate or imminent risk of harm?",
                   K.YES_NO, "5.2.12, 5.2.14",
                   "If yes, act now under safeguarding procedures and record the immediate "
                   "risk.", ALWAYS),
        make_field("applicant_at_risk",
                   "Does the applicant consider themselves at risk from the subject?",
                   K.YES_NO, "5.1.7, 5.2.12", "Ask again: things may have changed.", ALWAYS),
        make_field("concerning_behaviour", "Concerning behaviour by the subject", K.LONG_TEXT,
                   "5.2.12, 5.5.3", "Anything new the applicant describes, with details."),
        make_field("urgent_action_required", "Is urgent action required?", K.YES_NO,
                   "5.2.12, 5.2.14",
                   "If yes, act now under safeguarding procedures and record the immediate "
                   "risk.", ALWAYS),
        make_field("no_disclosure_confirmed", "No disclosure was made to the applicant at "
                   "this stage, other than an urgent disclosure recorded as immediate risk",
                   K.TICK, "5.2.15",
                   "Nothing may be disclosed at face to face unless an urgent safeguarding "
                   "enquiry made it unavoidable, on a duty supervisor's authority; such an "
                   "urgent disclosure is recorded on the immediate-risk form, not here.",
                   ALWAYS),
    ),
)

FORM = StageForm(
    stage=Stage.FACE_TO_FACE,
    title="Stage 2 — Face to face",
    paragraphs=("5.2",),
    sections=(MEETING, WARNINGS, IDENTITY, PEOPLE, CHECKS, RISK),
)
