"""Stage 4 — Full risk assessment (¶5.4, 5.5.3–5.5.5): reached within 10 days."""

from __future__ import annotations

from app.domain.enums import Stage
from app.domain.forms.common import children_field, subject_field
from app.domain.forms.model import (
    FieldKind,
    FormRule,
    Section,
    StageForm,
    choices,
    make_field,
)
from app.domain.forms.requirements import ALWAYS, AllOf, AnyOf, When, WhenContext

K = FieldKind

CONCERNS = When("categorisation", equals="concerns", text="the categorisation is concerns")
CONSENTED = WhenContext(
    Stage.INITIAL_CONTACT, "consent_to_share", equals=True,
    text="the applicant consented to sharing at initial contact",
)
CSC_CHECKED = When("childrens_social_care_checked", equals=True,
                   text="children's social care was checked")

MAPPA_MANAGED = When("mappa_managed", equals=True, text="the subject is managed under MAPPA")
_FINDING_FIELDS = ("convictions", "other_convictions", "intelligence", "behaviour_disclosed")
NO_CONCERNS_WITH_FINDINGS = AllOf(
    When("categorisation", equals="no_concerns"),
    AnyOf(*(When(f, filled=True) for f in _FINDING_FIELDS)),
    text="'no concerns' is chosen although a conviction, intelligence or concerning "
    "behaviour is recorded",
)

#: A police-initiated ("right to know") case keeps its opening in this record (2023
#: practice, digest §2.0 [S]); the tick is set only by the service that opens one.
RIGHT_TO_KNOW = When("right_to_know", equals=True,
                     text="this is a police-initiated (right to know) case")
RTK_TRIGGERS = choices(
    ("mappa_review", "MAPPA or offender management review"),
    ("investigation", "A police investigation"),
    ("intelligence", "Intelligence received"),
    ("partner_agency", "Information from a partner agency"),
    ("other", "Other"),
)

MAPPA_CATEGORIES = choices(
    ("1", "Category 1: registered sexual offender"),
    ("2", "Category 2: violent offender"),
    ("3", "Category 3: other dangerous offender"),
    ("4", "Category 4: terrorist or terrorist-risk offender"),
)
MAPPA_LEVELS = choices(
    ("1", "Level 1: ordinary agency management"),
    ("2", "Level 2: multi-agency management"),
    ("3", "Level 3: multi-agency management, senior oversight"),
)

CONSENT_BASIS = choices(
    ("consent_given", "Applicant gave consent"),
    ("necessary_without_consent", "Necessary without consent"),
    ("not_applicable", "Not applicable"),
)

DISPOSAL = choices(
    ("conviction", "Conviction"),
    ("caution", "Caution"),
    ("reprimand", "Reprimand"),
    ("final_warning", "Final warning"),
)

CATEGORISATION = choices(
    ("concerns", "Concerns"),
    ("no_concerns", "No concerns"),
)

CONCERN_GROUNDS = choices(
    ("i_child_sex_conviction", "(i) Convicted of (or cautioned for) a child sexual offence"),
    ("ii_other_offences_risk", "(ii) Other convictions that matter for the safety of "
     "children, e.g. adult sexual offences, violence, drugs or domestic abuse"),
    ("iii_intelligence", "(iii) Intelligence about the subject that matters for the safety "
     "of children"),
    ("iv_behaviour", "(iv) Worrying behaviour now shown, e.g. grooming, revealed by the "
     "application"),
)

CHECKS = Section(
    "Checks revisited",
    (
        make_field("officer", "Officer or staff member", K.TEXT, "5.4.3",
                   "Ideally someone experienced in managing sex offenders or in child "
                   "protection enquiries.", ALWAYS),
        make_field("check_pnc", "PNC checked", K.TICK, "5.4.4",
                   "Revisit everything known on the people involved.", ALWAYS),
        make_field("check_visor", "ViSOR checked", K.TICK, "5.4.4",
                   "Revisit everything known on the people involved.", ALWAYS),
        make_field("check_local", "Local force intelligence checked", K.TICK, "5.4.4",
                   "Revisit everything known on the people involved.", ALWAYS),
        make_field("check_ini", "INI checked", K.TICK, "5.4.4",
                   "Revisit everything known on the people involved.", ALWAYS),
    ),
)

AGENCIES = Section(
    "Other agencies",
    (
        make_field("childrens_social_care_checked", "Children's social care checked",
                   K.TICK, "5.4.5",
                   "Needed when the applicant consented to sharing, or when the "
                   "circumstances make it necessary without consent.", CONSENTED),
        make_field("childrens_social_care_basis", "Basis for checking children's social care",
                   K.CHOICE, "5.4.5", "Record whether consent was given or the check was "
                   "necessary without it.", CSC_CHECKED, choices=CONSENT_BASIS),
        make_field(
            "agency_checks", "Agency checks", K.GROUP, "5.4.5",
            "One line per agency asked, e.g. children's social care or probation.",
            item_label="agency check",
            subfields=(
                make_field("agency", "Agency", K.TEXT, "5.4.5", "Which agency.", ALWAYS),
                make_field("consent_basis", "Basis for sharing", K.CHOICE, "5.4.5",
                           "Consent, or necessary without consent.", choices=CONSENT_BASIS),
                make_field("date", "Date", K.DATE, "5.4.5", "When the agency was asked.",
                           not_future=True),
                make_field("response", "Response", K.LONG_TEXT, "5.4.5",
                           "A summary of what the agency said."),
            ),
        ),
    ),
)

FINDINGS = Section(
    "Findings",
    (
        make_field(
            "convictions", "Convictions for child sexual offences", K.GROUP, "4.5",
            "Offences listed in Schedule 34A; cautions, reprimands and final warnings "
            "count as convictions here.",
            item_label="conviction",
            subfields=(
                make_field("offence_code", "Offence", K.OFFENCE, "4.5",
                           "Choose the offence from the Schedule 34A list.", ALWAYS),
                make_field("date", "Date", K.DATE, "4.5", "Date of conviction or caution.",
                           ALWAYS, not_future=True),
                make_field("court", "Court", K.TEXT, "4.5",
                           "The court, if there was one (cautions have none)."),
                make_field("disposal", "Type", K.CHOICE, "4.5",
                           "Conviction, caution, reprimand or final warning.", ALWAYS,
                           choices=DISPOSAL),
            ),
        ),
        make_field("other_convictions", "Other relevant convictions", K.LONG_TEXT, "5.5.3",
                   "For example adult sexual offences, violence, drugs or domestic abuse."),
        make_field("intelligence", "Relevant intelligence", K.LONG_TEXT, "5.5.3",
                   "Intelligence relevant to keeping children safe, e.g. cases not "
                   "proceeded with."),
        make_field("behaviour_disclosed", "Concerning behaviour now disclosed", K.LONG_TEXT,
                   "5.5.3", "Behaviour revealed by the application, e.g. grooming."),
    ),
)

CATEGORY = Section(
    "Categorisation",
    (
        make_field("categorisation", "Categorisation", K.CHOICE, "5.4.7, 5.5.1",
                   "Concerns if any of (i) to (iv) apply; otherwise no concerns.", ALWAYS,
                   choices=CATEGORISATION),
        make_field("concern_grounds", "Grounds for concern", K.MULTI_CHOICE, "5.5.3",
                   "Every ground that applies.", CONCERNS, choices=CONCERN_GROUNDS),
        make_field("rationale", "Rationale", K.LONG_TEXT, "5.5.3, 5.5.5",
                   "Why the application was categorised this way.", ALWAYS),
        make_field("no_concerns_override_reason", "Why no concerns despite what is recorded "
                   "above", K.LONG_TEXT, "5.5.3, 5.5.5",
                   "A conviction, intelligence or concerning behaviour is recorded, which "
                   "ordinarily means concerns. Only a supervisor may complete 'no concerns' "
                   "here, with the reason.", NO_CONCERNS_WITH_FINDINGS),
        make_field("mappa_managed", "Is the subject managed under MAPPA?", K.YES_NO, "5.6.12",
                   "A MAPPA subject's disclosure decision is ordinarily made at a MAPPA "
                   "meeting.", ALWAYS),
    ),
)

MAPPA = Section(
    "MAPPA",
    (
        make_field("mappa_category", "MAPPA category", K.CHOICE, "5.6.12",
                   "The category under which the subject is managed.", MAPPA_MANAGED,
                   choices=MAPPA_CATEGORIES),
        make_field("mappa_level", "MAPPA level", K.CHOICE, "5.6.12",
                   "The level of management.", MAPPA_MANAGED, choices=MAPPA_LEVELS),
        make_field("offender_manager", "Offender manager", K.TEXT, "5.6.12",
                   "Name, role and agency of the subject's offender manager.", MAPPA_MANAGED),
        make_field("visor_reference", "ViSOR reference", K.TEXT, "5.4.4, 5.6.12",
                   "The subject's ViSOR reference (text only; nothing is looked up).",
                   max_length=40),
    ),
    shown=MAPPA_MANAGED,
)

RIGHT_TO_KNOW_SECTION = Section(
    "Police-initiated disclosure (right to know)",
    (
        make_field("right_to_know", "Opened by the police without an applicant", K.TICK,
                   "5", "A police-initiated disclosure: there is no applicant. Set when the "
                   "case was opened as 'right to know'."),
        make_field("rtk_started_at", "When the police began considering disclosure",
                   K.DATETIME, "5, 5.6.27", "The decision-route timescale runs from this "
                   "moment.", RIGHT_TO_KNOW, not_future=True),
        make_field("rtk_trigger", "How the concern came to the police", K.CHOICE, "5, 2.6",
                   "What led the police to consider disclosing without being asked.",
                   RIGHT_TO_KNOW, choices=RTK_TRIGGERS),
        make_field("rtk_reason", "Why a disclosure may be needed to protect the child",
                   K.LONG_TEXT, "2.6, 5.6.14",
                   "The subject's contact with the child and the risk it poses.",
                   RIGHT_TO_KNOW),
        subject_field(RIGHT_TO_KNOW),
        children_field(RIGHT_TO_KNOW, min_items=1),
    ),
    help="The police may consider disclosure without a request from the public (s327A CJA "
    "2003); 2023 practice calls this 'right to know' (¶5, 2.6).",
    shown=RIGHT_TO_KNOW,
)

RULES = (
    FormRule(
        "concern_grounds",
        AllOf(When("categorisation", equals="no_concerns"),
              When("concern_grounds", filled=True)),
        "Grounds for concern cannot be given when the categorisation is no concerns.",
        ("5.5.5",),
    ),
    FormRule(
        "convictions",
        AllOf(When("concern_grounds", contains="i_child_sex_conviction"),
              When("convictions", filled=False)),
        "Record the child sexual offence conviction(s) behind ground (i).",
        ("4.5", "5.5.3"),
    ),
    FormRule(
        "childrens_social_care_basis",
        AllOf(When("childrens_social_care_basis", equals="not_applicable"), CSC_CHECKED),
        "Say whether consent was given or the check was necessary without consent.",
        ("5.4.5",),
    ),
)

FORM = StageForm(
    stage=Stage.RISK_ASSESSMENT,
    title="Stage 4 — Full risk assessment",
    paragraphs=("5.4", "5.5"),
    sections=(RIGHT_TO_KNOW_SECTION, CHECKS, AGENCIES, FINDINGS, CATEGORY, MAPPA),
    rules=RULES,
)
