"""Stage 6 — Outcome (¶5.6): non-disclosure or disclosure, within 45 days of contact.

Which block applies depends on the case: the disclosure block when stage 5
decided to disclose; otherwise the non-disclosure block, with the extra
behaviour conversation when stage 4 found concerns (¶5.6.15).
"""

from __future__ import annotations

from app.domain.enums import Stage
from app.domain.forms.model import FieldKind, Section, StageForm, choices, make_field
from app.domain.forms.requirements import AllOf, Not, When, WhenContext

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
REFUSED = AllOf(
    DISCLOSING, When("undertaking_signed", equals=False),
    text="the recipient refused to sign the undertaking",
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
        make_field("disclosed_at", "Date and time of disclosure", K.DATETIME, "5.6.21",
                   "Disclosure is always made in person.", DISCLOSING, not_future=True),
        make_field("disclosed_place", "Place", K.TEXT, "5.6.21",
                   "Where the disclosure was made.", DISCLOSING),
        make_field("disclosed_by", "Disclosed by", K.TEXT, "5.6.21",
                   "Name and number of the officer or staff member.", DISCLOSING),
        make_field("childrens_services_present", "Was someone from children's services "
                   "present?", K.YES_NO, "5.6.20", "Recommended, for ongoing support."),
        make_field("others_present", "Others present", K.LONG_TEXT, "5.6.20",
                   "Names and roles of anyone else present.", max_length=2000),
        make_field("recipient_name", "Recipient", K.TEXT, "5.6.18, 5.6.19",
                   "The person the disclosure was made to, as decided at stage 5.",
                   DISCLOSING),
        make_field("verbatim", "What was said, word for word", K.LONG_TEXT, "5.6.9",
                   "Record exactly what the recipient was told.", DISCLOSING),
        make_field("warning_use_only_safeguarding", "Warned the information may only be "
                   "used to keep children safe", K.TICK, "5.6.21", "Part of the warning.",
                   DISCLOSING),
        make_field("warning_confidential", "Warned the information is confidential and "
                   "must not be passed on", K.TICK, "5.6.21", "Part of the warning.",
                   DISCLOSING),
        make_field("warning_legal_proceedings", "Warned that a breach may lead to legal "
                   "proceedings", K.TICK, "5.6.21", "Part of the warning.", DISCLOSING),
        make_field("undertaking_signed", "Did the recipient sign the undertaking?", K.YES_NO,
                   "5.6.21", "If they refuse, decide whether disclosure should still go "
                   "ahead.", DISCLOSING),
        make_field("proceed_despite_refusal", "Did disclosure go ahead despite the refusal?",
                   K.YES_NO, "5.2.11, 5.6.21", "Record the decision.", REFUSED),
        make_field("refusal_decision_reasons", "Reasons for that decision", K.LONG_TEXT,
                   "5.2.11, 5.6.21", "Why disclosure did or did not go ahead.", REFUSED),
        make_field("other_children_contact_told", "Told whom to contact if other children "
                   "may be at risk", K.TICK, "5.6.21",
                   "They should speak to the police, who decide on any further disclosure.",
                   DISCLOSING),
        make_field("form_retained_by_police", "Disclosure form retained by the police; "
                   "nothing left with the recipient", K.TICK, "5.6.9, 5.6.22",
                   "No written record of a disclosure may be given to or left with the "
                   "recipient.", DISCLOSING),
    ),
    shown=DISCLOSING,
)

FORM = StageForm(
    stage=Stage.OUTCOME,
    title="Stage 6 — Outcome",
    paragraphs=("5.6",),
    sections=(NON_DISCLOSURE, DISCLOSURE),
)
