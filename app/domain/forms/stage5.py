"""Stage 5 — Decision (¶5.5, 5.6.12–5.6.26): the decision route within 35 days."""

from __future__ import annotations

from app.domain.enums import Stage
from app.domain.forms.model import (
    Field,
    FieldKind,
    FormRule,
    Section,
    StageForm,
    choices,
    make_field,
)
from app.domain.forms.requirements import ALWAYS, AllOf, AnyOf, Not, When, WhenContext

K = FieldKind

DISCLOSE = When("decision", equals="disclose", text="the decision is to disclose")
CONCERNS_AT_4 = WhenContext(
    Stage.RISK_ASSESSMENT, "categorisation", equals="concerns",
    text="the full risk assessment found concerns",
)

FORUM = choices(
    ("mappa_meeting", "MAPPA meeting"),
    ("strategy_meeting", "Safeguarding strategy meeting or discussion"),
    ("case_conference", "Child protection case conference"),
    ("professionals_meeting", "Other professionals' meeting (exception)"),
)

DECISION = choices(
    ("disclose", "Disclose"),
    ("do_not_disclose", "Do not disclose"),
)

RECIPIENT_RELATIONSHIP = choices(
    ("parent", "Parent"),
    ("guardian", "Guardian"),
    ("carer", "Carer"),
    ("other", "Other"),
)


MAPPA_SUBJECT = AllOf(
    CONCERNS_AT_4,
    WhenContext(Stage.RISK_ASSESSMENT, "mappa_managed", equals=True),
    text="the subject is managed under MAPPA",
)
MAPPA_FORUM = When("forum", equals="mappa_meeting", text="the forum is a MAPPA meeting")
MAPPA_EXCEPTION = AllOf(
    MAPPA_SUBJECT, When("forum", filled=True), Not(MAPPA_FORUM),
    text="the subject is managed under MAPPA but the forum is not a MAPPA meeting",
)
PRESUMPTION = AllOf(
    CONCERNS_AT_4,
    WhenContext(Stage.RISK_ASSESSMENT, "convictions", filled=True),
    When("subject_poses_risk", equals=True),
    When("decision", equals="do_not_disclose"),
    text="the subject has child sexual offence convictions, is assessed as a risk and the "
    "decision is not to disclose",
)
RIGHT_TO_KNOW = WhenContext(Stage.RISK_ASSESSMENT, "right_to_know", equals=True,
                            text="the case is police-initiated (right to know)")
NOT_APPLICANT = AnyOf(When("is_applicant", equals=False), RIGHT_TO_KNOW,
                      text="the recipient is not the applicant (or there is no applicant)")


def _test(id_: str, label: str, help_text: str) -> tuple[Field, Field]:
    answer = make_field(id_, label, K.YES_NO, "5.6.14", help_text, CONCERNS_AT_4)
    reasons = make_field(f"{id_}_reasons", "Reasons", K.LONG_TEXT, "5.6.14",
                         "Why the forum reached this answer.", CONCERNS_AT_4)
    return answer, reasons


FORUM_SECTION = Section(
    "Forum",
    (
        make_field("forum", "Where the decision was made", K.CHOICE, "5.6.12",
                   "A MAPPA meeting for MAPPA subjects; otherwise a strategy meeting or "
                   "case conference. Another professionals' meeting is the exception. A 'no "
                   "concerns' application has no forum: the police decide, with a "
                   "supervisor's sign-off (Appendix A, ¶5.6.1).",
                   CONCERNS_AT_4, choices=FORUM),
        make_field("forum_other_reason", "Why another professionals' meeting", K.LONG_TEXT,
                   "5.6.12", "Explain why a MAPPA or safeguarding meeting was not used.",
                   When("forum", equals="professionals_meeting",
                        text="the forum is another professionals' meeting")),
        make_field("mappa_exception_reason", "Why not a MAPPA meeting", K.LONG_TEXT,
                   "5.6.12", "The subject is managed under MAPPA, so the decision is "
                   "ordinarily made at a MAPPA meeting: record why this case is an exception.",
                   MAPPA_EXCEPTION),
        make_field("forum_date", "Date of the meeting", K.DATE, "5.6.12",
                   "When the forum met.", CONCERNS_AT_4, not_future=True),
        make_field("mappa_meeting_reference", "MAPPA meeting reference", K.TEXT, "5.6.12",
                   "The reference of the MAPPA meeting's minutes.", MAPPA_FORUM,
                   max_length=60),
        make_field("attendees", "Who attended", K.LONG_TEXT, "5.6.12",
                   "Names, roles and agencies of those present."),
    ),
    # Also shown when a forum was entered on a no-concerns case (older records), so that it
    # can be seen and cleared: no forum is held for no concerns (Appendix A, ¶5.6.1).
    shown=AnyOf(CONCERNS_AT_4, When("forum", filled=True), text="the full risk assessment "
                "found concerns, or a forum was entered"),
)

TEST_SECTION = Section(
    "Three-part test",
    (
        *_test("test_power", "(i) Is there a power to disclose?",
               "Under common law, disclosure must be needed to protect a child from "
               "becoming the victim of a crime."),
        *_test("test_pressing_need", "(ii) Is there a pressing need to disclose?",
               "The need must be pressing, not merely helpful."),
        *_test("test_proportionate", "(iii) Is interfering with the subject's privacy "
               "necessary and proportionate?",
               "Weigh the three parts below against the risk to the child."),
        make_field("test_consequences_for_subject", "(iii) Consequences for the subject if "
                   "disclosed", K.LONG_TEXT, "5.6.14",
                   "What disclosure would mean for the subject, weighed against the nature "
                   "and extent of the risk to the child.", CONCERNS_AT_4),
        make_field("test_risk_underground", "(iii) Risk of driving the subject underground",
                   K.LONG_TEXT, "3.8, 5.6.14",
                   "Whether disclosure could make the subject stop cooperating with their "
                   "management and so pose a greater risk to other children.", CONCERNS_AT_4),
        make_field("test_extent_needed", "(iii) How much needs to be said", K.LONG_TEXT,
                   "5.6.14", "The least the recipient needs to know to protect the child; "
                   "the precise details of an offence may not be needed.", CONCERNS_AT_4),
        make_field("data_protection_considered", "Data protection principles considered "
                   "(DPA 1998 in the 2010 guidance; now UK GDPR and DPA 2018 Part 3)",
                   K.TICK, "3.5, 5.6.14",
                   "Previous convictions are sensitive personal data. The 2010 guidance cites "
                   "the eight principles of the Data Protection Act 1998; the law now in "
                   "force is UK GDPR and Part 3 of the Data Protection Act 2018 (law "
                   "enforcement processing), as the 2023 guidance says (s1 para 3).",
                   CONCERNS_AT_4),
    ),
    help="The test is recorded whatever the decision; all three parts must be met, with "
    "reasons, before anything is disclosed (¶5.6.14).",
    shown=CONCERNS_AT_4,
)

DECISION_SECTION = Section(
    "Decision",
    (
        make_field("decision", "Decision", K.CHOICE, "5.6.13, 5.6.14",
                   "Disclosure is possible only when the risk assessment found concerns "
                   "and all three parts of the test are met.", ALWAYS, choices=DECISION),
        make_field("decision_rationale", "Rationale for the decision", K.LONG_TEXT, "5.6.13",
                   "The reasons, as they would be explained at a formal review.", ALWAYS),
        make_field("subject_poses_risk", "Is the subject assessed as posing a risk of harm "
                   "to the child?", K.YES_NO, "2.2, 5.6.14",
                   "With convictions for child sexual offences, a risk to the child brings "
                   "the presumption that the information is disclosed.", CONCERNS_AT_4),
        make_field("presumption_reason", "Why the presumption to disclose does not apply",
                   K.LONG_TEXT, "2.2, 2.6, 5.6.14",
                   "There is a presumption to disclose when the subject has convictions for "
                   "child sexual offences and poses a risk to the child: say why it does "
                   "not apply here.", PRESUMPTION),
    ),
)

DISCLOSURE_SECTION = Section(
    "Disclosure plan",
    (
        make_field(
            "recipient", "Who will receive the disclosure", K.PERSON, "5.5.4, 5.6.18, 5.6.19",
            "The parent, guardian or carer best placed to protect the child. This may "
            "not be the applicant.",
            DISCLOSE,
            subfields=(
                make_field("name", "Name", K.TEXT, "5.6.19", "Full name of the recipient.",
                           ALWAYS),
                make_field("relationship", "Relationship to the child", K.CHOICE, "5.6.18",
                           "How the recipient is connected to the child.", ALWAYS,
                           choices=RECIPIENT_RELATIONSHIP),
                make_field("is_applicant", "Is the recipient the applicant?", K.YES_NO,
                           "5.6.19", "Disclosure may go to someone other than the "
                           "applicant.", ALWAYS),
                make_field("identity_checked", "Recipient's identity checked", K.TICK,
                           "4.3, 5.2.6, 5.6.19", "As for an applicant: photo identification "
                           "ideally.", NOT_APPLICANT),
                make_field("relationship_checked", "Recipient's relationship to the child "
                           "checked", K.TICK, "4.3, 5.6.19",
                           "Proof that they are the child's parent, guardian or carer.",
                           NOT_APPLICANT),
                make_field("checks_detail", "Documents seen", K.TEXT, "4.3, 5.6.19",
                           "What was seen to check identity and relationship.",
                           NOT_APPLICANT),
                # Optional: identify a recipient who is not the applicant on the disclosure
                # form (Appendix F); the applicant's own are on the face-to-face record.
                make_field("dob", "Recipient's date of birth", K.DATE, "4.3, 5.6.19",
                           "As seen on the documents checked. Printed on the disclosure "
                           "form to identify the recipient (Appendix F); leave empty when "
                           "the recipient is the applicant.",
                           not_future=True, max_age_years=120),
                make_field("address", "Recipient's address", K.LONG_TEXT, "4.3, 5.6.19",
                           "Home address as verified, including postcode. Printed on the "
                           "disclosure form (Appendix F); leave empty when the recipient is "
                           "the applicant.", max_length=500),
                make_field("safe_contact", "Safe way to contact the recipient", K.LONG_TEXT,
                           "5.1.6, 5.6.19", "How, where and when it is safe to contact them.",
                           NOT_APPLICANT, max_length=2000),
                make_field("why_best_placed", "Why this person is best placed", K.LONG_TEXT,
                           "5.6.19", "Why they are in the best position to protect the "
                           "child.", ALWAYS),
            ),
        ),
        make_field("disclosure_extent", "What will be disclosed", K.LONG_TEXT, "5.6.14, 5.6.19",
                   "Only what the recipient needs to protect the child; the full details of "
                   "an offence may not be needed.", DISCLOSE),
        make_field("subject_to_be_told", "Will the subject be told of the disclosure?",
                   K.YES_NO, "5.6.17, 5.6.23, 5.6.24",
                   "Decided case by case, weighing the risks of telling against not telling.",
                   DISCLOSE),
        make_field("subject_told_reasons", "Reasons about telling the subject", K.LONG_TEXT,
                   "5.6.23, 5.6.24, 5.6.25",
                   "Why the subject will, or will not, be told; if told, it must be in "
                   "person.", DISCLOSE),
        make_field("self_disclosure", "Will the subject be involved in self-disclosure?",
                   K.YES_NO, "5.6.23", "Any decision on self-disclosure must be recorded.",
                   DISCLOSE),
        make_field("community_risk_assessment", "Community risk assessment for the subject "
                   "considered?", K.YES_NO, "5.6.26",
                   "Must be considered wherever a disclosure is made: a disclosure cannot "
                   "be decided without it.", DISCLOSE),
    ),
    shown=DISCLOSE,
)

RULES = (
    FormRule(
        "decision",
        AllOf(DISCLOSE, Not(CONCERNS_AT_4)),
        "Disclosure is only possible when the full risk assessment found concerns.",
        ("5.5.3", "5.6.10"),
    ),
    *(
        FormRule(
            test_id,
            AllOf(DISCLOSE, When(test_id, equals=False)),
            "Every part of the three-part test must be met before disclosing.",
            ("5.6.14",),
        )
        for test_id in ("test_power", "test_pressing_need", "test_proportionate")
    ),
)

FORM = StageForm(
    stage=Stage.DECISION,
    title="Stage 5 — Decision",
    paragraphs=("5.5", "5.6"),
    sections=(FORUM_SECTION, TEST_SECTION, DECISION_SECTION, DISCLOSURE_SECTION),
    rules=RULES,
)
