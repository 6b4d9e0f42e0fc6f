"""Stage 6 — Outcome (¶5.6): non-disclosure or disclosure, within 45 days of contact.

Which block applies depends on the case: the disclosure block when stage 5
decided to disclose; otherwise the non-disclosure block, with the extra
behaviour conversation when stage 4 found concerns (¶5.6.15).
"""

from __future__ import annotations

from app.domain.enums import Stage
from app.domain.forms.model import FieldKind, FormRule, Section, StageForm, choices, make_field
from app.domain.forms.requirements import AllOf, AnyOf, Not, When, WhenContext

K = FieldKind

DISCLOSING = WhenContext(
    Stage.DECISION, "decision", equals="disclose", text="the decision was to disclose",
)
NOT_DISCLOSING = Not(DISCLOSING, text="no disclosure is being made")
CONCERNS_NO_DISCLOSURE = AllOf(
    WhenContext(Stage.RISK_ASSESSMENT, "categorisation", equals="concerns"),
    NOT_DISCLOSING,
    text="there were concerns but no disclosure is being made",
)
BY_LETTER = AllOf(
    NOT_DISCLOSING, When("conveyed_by", equals="letter"),
    text="the outcome was sent by letter",
)
MADE = AllOf(
    DISCLOSING, Not(When("disclosure_made", equals=False)),
    text="the disclosure was made",
)
NOT_MADE = AllOf(
    DISCLOSING, When("disclosure_made", equals=False),
    text="the disclosure was not made",
)
MET = AllOf(
    DISCLOSING,
    AnyOf(Not(When("disclosure_made", equals=False)),
          When("not_made_reason", equals="undertaking_refused")),
    text="the recipient was met to make the disclosure",
)
REFUSED = AllOf(
    MET, When("undertaking_signed", equals=False),
    text="the recipient refused to sign the undertaking",
)
SUBJECT_TO_BE_TOLD = AllOf(
    MADE, WhenContext(Stage.DECISION, "subject_to_be_told", equals=True),
    text="the forum decided the subject is to be told and the disclosure was made",
)
SELF_DISCLOSURE = AllOf(
    MADE, WhenContext(Stage.DECISION, "self_disclosure", equals=True),
    text="the forum decided on self-disclosure and the disclosure was made",
)
RECIPIENT_NOT_APPLICANT = AllOf(
    DISCLOSING, WhenContext(Stage.DECISION, "recipient.is_applicant", equals=False),
    Not(WhenContext(Stage.RISK_ASSESSMENT, "right_to_know", equals=True)),
    text="the recipient is not the applicant (and there is one)",
)

NOT_MADE_REASONS = choices(
    ("undertaking_refused", "The recipient refused to sign the undertaking and the police "
     "decided not to go ahead"),
    ("not_reached", "The recipient could not be reached"),
    ("other", "Other reason"),
)
SELF_DISCLOSURE_WAYS = choices(
    ("officer_present", "The subject told the recipient with the officer present"),
    ("confirmed_after", "The subject told the recipient; the officer then confirmed it with "
     "the recipient"),
)

CONVEYED_BY = choices(
    ("visit", "Personal visit (recommended)"),
    ("letter", "Letter"),
)

NON_DISCLOSURE = Section(
    "No disclosure",
    (
        make_field("conveyed_by", "How the outcome was given", K.CHOICE, "5.6.4, 5.6.5",
                   "A personal visit is recommended; a letter is acceptable when "
                   "appropriate.", NOT_DISCLOSING, choices=CONVEYED_BY),
        make_field("conveyed_on", "Date given", K.DATE, "5.6.4, 5.6.5",
                   "The day of the visit or the day the letter was sent.", NOT_DISCLOSING,
                   not_future=True),
        make_field("address_safe", "Address checked as safe for a letter", K.TICK, "5.6.5",
                   "Make sure the subject does not live at or have access to the address.",
                   BY_LETTER),
        make_field("told_no_info_not_no_risk", "Told that having no information to share "
                   "does not mean there is no risk", K.TICK, "5.6.6",
                   "They should keep taking steps to keep their children safe.",
                   NOT_DISCLOSING),
        make_field("safeguarding_advice_given", "Safeguarding advice given", K.TICK,
                   "5.6.7, 5.6.16",
                   "Refer back to the information pack and explain what to do if worried "
                   "in future.", NOT_DISCLOSING),
        make_field("behaviour_contact", "Conversation about the subject's current behaviour",
                   K.LONG_TEXT, "5.6.15",
                   "How and when the applicant was contacted to talk about the behaviour "
                   "that worries them.", CONCERNS_NO_DISCLOSURE),
        make_field("behaviour_advice", "Advice given about the behaviour", K.LONG_TEXT,
                   "5.6.15", "The steps discussed to keep the child(ren) safe."),
    ),
    shown=NOT_DISCLOSING,
)

DISCLOSURE = Section(
    "Disclosure",
    (
        make_field("disclosure_made", "Was the disclosure made?", K.YES_NO, "5.6.21",
                   "No, when the recipient refused the undertaking and the police decided "
                   "not to go ahead, or could not be reached: the case then closes as "
                   "'disclosure not made'.", DISCLOSING),
        make_field("not_made_reason", "Why the disclosure was not made", K.CHOICE, "5.6.21",
                   "What stopped the disclosure.", NOT_MADE, choices=NOT_MADE_REASONS),
        make_field("not_made_details", "What happened", K.LONG_TEXT, "5.6.21",
                   "What happened, what was decided and by whom; the outcome is considered "
                   "in the risk assessment.", NOT_MADE),
        make_field("disclosed_at", "Date and time of the meeting with the recipient",
                   K.DATETIME, "5.6.21", "Disclosure is always made in person.", MET,
                   not_future=True),
        make_field("disclosed_place", "Place", K.TEXT, "5.6.21",
                   "Where the meeting was held.", MET),
        make_field("disclosed_by", "Disclosed by", K.TEXT, "5.6.21",
                   "Name and number of the officer or staff member.", MET),
        make_field("childrens_services_present", "Was someone from children's services "
                   "present?", K.YES_NO, "5.6.20", "Recommended, for ongoing support."),
        make_field("others_present", "Others present", K.LONG_TEXT, "5.6.20",
                   "Names and roles of anyone else present.", max_length=2000),
        make_field("recipient_name", "Recipient", K.TEXT, "5.6.18, 5.6.19",
                   "The recipient authorised at stage 5, filled in for you. To disclose to "
                   "anyone else the decision must be returned and made again.", MET,
                   fixed_from="decision:recipient.name"),
        make_field("verbatim", "What was said, word for word", K.LONG_TEXT, "5.6.9",
                   "Record exactly what the recipient was told.", MADE),
        make_field("warning_use_only_safeguarding", "Warned the information may only be "
                   "used to keep children safe", K.TICK, "5.6.21", "Part of the warning.",
                   MADE),
        make_field("warning_confidential", "Warned the information is confidential and "
                   "must not be passed on", K.TICK, "5.6.21", "Part of the warning.", MADE),
        make_field("warning_legal_proceedings", "Warned that a breach may lead to legal "
                   "proceedings", K.TICK, "5.6.21", "Part of the warning.", MADE),
        make_field("undertaking_signed", "Did the recipient sign the undertaking?", K.YES_NO,
                   "5.6.21", "If they refuse, decide whether disclosure should still go "
                   "ahead.", MET),
        make_field("proceed_despite_refusal", "Did disclosure go ahead despite the refusal?",
                   K.YES_NO, "5.2.11, 5.6.21", "Record the decision.", REFUSED),
        make_field("refusal_decision_reasons", "Reasons for that decision", K.LONG_TEXT,
                   "5.2.11, 5.6.21", "Why disclosure did or did not go ahead.", REFUSED),
        make_field("other_children_contact_told", "Told whom to contact if other children "
                   "may be at risk", K.TICK, "5.6.21",
                   "They should speak to the police, who decide on any further disclosure.",
                   MADE),
        make_field("form_retained_by_police", "Disclosure form retained by the police; "
                   "nothing left with the recipient", K.TICK, "5.6.9, 5.6.22",
                   "No written record of a disclosure may be given to or left with the "
                   "recipient.", MADE),
        make_field("applicant_told", "What the applicant was told", K.LONG_TEXT,
                   "4.3, 5.6.19", "The disclosure went to someone other than the applicant: "
                   "record what the applicant was told, without disclosing anything to them.",
                   RECIPIENT_NOT_APPLICANT),
    ),
    shown=DISCLOSING,
)

SUBJECT_TOLD = Section(
    "Subject told",
    (
        make_field("subject_told_by", "Who told the subject", K.TEXT, "5.6.23, 5.6.25",
                   "Name and role, e.g. the offender manager.", SUBJECT_TO_BE_TOLD),
        make_field("subject_told_at", "When the subject was told", K.DATETIME, "5.6.17, 5.6.25",
                   "Ordinarily before the disclosure is made.", SUBJECT_TO_BE_TOLD,
                   not_future=True),
        make_field("subject_told_in_person", "Told in person", K.TICK, "5.6.25",
                   "A subject is always told in person.", SUBJECT_TO_BE_TOLD),
        make_field("subject_given_scheme_info", "Given information about the scheme and what "
                   "it means for them", K.TICK, "5.6.25",
                   "Information about the scheme and the implications for the subject.",
                   SUBJECT_TO_BE_TOLD),
        make_field("subject_response", "What the subject said", K.LONG_TEXT, "5.6.23",
                   "Including any objection and the reasons they gave.", SUBJECT_TO_BE_TOLD),
    ),
    shown=WhenContext(Stage.DECISION, "subject_to_be_told", equals=True,
                      text="the forum decided the subject is to be told"),
)

SELF_DISCLOSURE_SECTION = Section(
    "Self-disclosure",
    (
        make_field("self_disclosure_way", "How the subject disclosed", K.CHOICE, "5.6.23",
                   "In the officer's presence, or by the subject and then confirmed by the "
                   "officer.", SELF_DISCLOSURE, choices=SELF_DISCLOSURE_WAYS),
        make_field("self_disclosure_account", "How it went", K.LONG_TEXT, "5.6.23",
                   "What the subject said to the recipient and how it was received.",
                   SELF_DISCLOSURE),
        make_field("self_disclosure_confirmed", "The officer confirmed with the recipient "
                   "that the relevant facts were disclosed", K.TICK, "5.6.23",
                   "The officer checks with the recipient what they were told.",
                   SELF_DISCLOSURE),
        make_field("self_disclosure_confirmed_on", "Date confirmed with the recipient",
                   K.DATE, "5.6.23", "When the officer confirmed it.", SELF_DISCLOSURE,
                   not_future=True),
    ),
    shown=WhenContext(Stage.DECISION, "self_disclosure", equals=True,
                      text="the forum decided on self-disclosure"),
)

RULES = (
    FormRule(
        "disclosure_made",
        AllOf(When("disclosure_made", equals=True),
              When("proceed_despite_refusal", equals=False)),
        "The disclosure did not go ahead after the undertaking was refused: record it as "
        "not made.", ("5.6.21",),
    ),
    FormRule(
        "not_made_reason",
        AllOf(When("not_made_reason", equals="undertaking_refused"),
              AnyOf(When("undertaking_signed", equals=True),
                    When("proceed_despite_refusal", equals=True))),
        "The reason given is a refused undertaking, but the record says the undertaking was "
        "signed or the disclosure went ahead.", ("5.6.21",),
    ),
)

FORM = StageForm(
    stage=Stage.OUTCOME,
    title="Stage 6 — Outcome",
    paragraphs=("5.6",),
    sections=(NON_DISCLOSURE, DISCLOSURE, SUBJECT_TOLD, SELF_DISCLOSURE_SECTION),
    rules=RULES,
)
