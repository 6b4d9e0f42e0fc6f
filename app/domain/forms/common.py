"""Blocks shared by stages 1 and 2: applicant, safe contact, parents, subject, children.

Stage 2 repeats the people of stage 1 (pre-filled by the UI) with the same
ids and structure, so each block is built by a function taking the rule that
makes it mandatory at that stage.
"""

from __future__ import annotations

from app.domain.forms.model import Field, FieldKind, choices, make_field
from app.domain.forms.requirements import ALWAYS, OPTIONAL, Not, Requirement, When

K = FieldKind

ADDRESS_MAX = 500

GENDER = choices(
    ("female", "Female"),
    ("male", "Male"),
    ("other", "Other / self-described"),
    ("not_known", "Not known or not stated"),
)

ETHNICITY = choices(
    ("white", "White"),
    ("asian", "Asian"),
    ("black", "Black"),
    ("chinese", "Chinese"),
    ("mixed", "Mixed"),
    ("other", "Other"),
    ("not_stated", "Not stated"),
)

SAFE_CONTACT_METHOD = choices(
    ("phone", "Landline phone"),
    ("mobile", "Mobile phone"),
    ("letter", "Letter"),
    ("email", "Email"),
    ("in_person", "In person"),
)

SUBJECT_RELATIONSHIP = choices(
    ("husband_wife", "Husband or wife"),
    ("partner_living_together", "Partner, living together"),
    ("boyfriend_girlfriend", "Boyfriend or girlfriend"),
    ("friend", "Friend"),
    ("neighbour", "Neighbour"),
    ("other", "Other (describe)"),
)

APPLICANT_RELATIONSHIP = choices(
    ("parent", "Parent"),
    ("carer", "Carer"),
    ("guardian", "Guardian"),
    ("grandparent", "Grandparent"),
    ("other_relative", "Other relative"),
    ("neighbour", "Neighbour"),
    ("friend", "Friend"),
    ("other", "Other"),
)

#: Relationships that must be proved at the face-to-face meeting (¶5.1.7, 5.2.5).
PROVABLE_RELATIONSHIPS = ("parent", "carer", "guardian")

SUBJECT_CONTACT = choices(
    ("lives_with", "Lives with the child"),
    ("works_in_household", "Works in the child's household"),
    ("online_or_phone", "Online or phone contact"),
    ("unsupervised_access", "Has unsupervised access"),
    ("other", "Other contact or access"),
)


def _dob(paras: str, help_text: str, required: Requirement = OPTIONAL, max_age: int = 120) -> Field:
    return make_field(
        "dob", "Date of birth", K.DATE, paras, help_text, required,
        not_future=True, max_age_years=max_age,
    )


def applicant_field(required: Requirement) -> Field:
    """The applicant's particulars; the mandatory ones apply only when ``required``."""
    return make_field(
        "applicant", "Applicant", K.PERSON, "4.3, 5.2.5",
        "The person making the application. Their details must be verifiable at the "
        "face-to-face meeting.",
        required,
        subfields=(
            make_field("surname", "Surname", K.TEXT, "5.2.5",
                       "The applicant's family name as it appears on their ID.", ALWAYS),
            make_field("forenames", "Forenames", K.TEXT, "5.2.5",
                       "All given names.", ALWAYS),
            make_field("other_names", "Other names", K.TEXT, "5.2.5",
                       "Previous or other names used, e.g. a maiden name."),
            _dob("5.2.5", "The applicant's date of birth.", ALWAYS),
            make_field("place_of_birth", "Place of birth", K.TEXT, "5.2.5",
                       "Town and country of birth, if given."),
            make_field("address", "Address", K.LONG_TEXT, "5.2.5",
                       "Home address including postcode.", ALWAYS, max_length=ADDRESS_MAX),
            make_field("gender", "Gender", K.CHOICE, "5.2.5",
                       "As the applicant describes themselves.", choices=GENDER),
            make_field("ethnicity", "Ethnicity", K.CHOICE, "5.2.5",
                       "As the applicant describes themselves.", choices=ETHNICITY),
            make_field("language", "Preferred language", K.TEXT, "5.1.7",
                       "The language the applicant prefers, so they can be told clearly "
                       "how the scheme works."),
        ),
    )


def safe_contact_field(required: Requirement) -> Field:
    return make_field(
        "safe_contact", "Safe contact", K.PERSON, "5.1.6, 5.2.5",
        "How, where and when the applicant can be contacted safely. They may be asking "
        "about someone they live with, who may not know of the application.",
        required,
        subfields=(
            make_field("method", "How to contact", K.CHOICE, "5.1.6",
                       "The safest way to reach the applicant.", ALWAYS,
                       choices=SAFE_CONTACT_METHOD),
            make_field("where", "Where", K.TEXT, "5.1.6",
                       "Where contact is safe, e.g. at work or at a relative's home."),
            make_field("when", "When", K.TEXT, "5.1.6",
                       "Days and times when contact is safe."),
            make_field("details", "Numbers or address to use", K.LONG_TEXT, "5.1.6",
                       "The phone number, email or address to use.", ALWAYS,
                       max_length=ADDRESS_MAX),
            make_field("issues", "Issues about future contact", K.LONG_TEXT, "5.1.6",
                       "Anything we should know before making contact, e.g. the subject "
                       "lives with the applicant."),
        ),
    )


def parents_field() -> Field:
    return make_field(
        "parents", "Parents of the child(ren)", K.GROUP, "5.1.3, 5.2.5",
        "Up to two parents, if known. Parents may not be the applicant and may be "
        "better placed to protect the child.",
        max_items=2,
        item_label="parent",
        subfields=(
            make_field("name", "Name", K.TEXT, "5.1.3", "The parent's full name, if known."),
            _dob("5.1.3", "The parent's date of birth, if known."),
            make_field("age", "Age (if date of birth unknown)", K.TEXT, "5.1.3",
                       "An approximate age is fine.", max_length=30),
            make_field("living_with", "Living with", K.TEXT, "5.1.3",
                       "Who this parent lives with."),
            make_field("address", "Address", K.LONG_TEXT, "5.1.3",
                       "The parent's address, if known.", max_length=ADDRESS_MAX),
            make_field("knows_of_application", "Does this parent know of the application?",
                       K.YES_NO, "5.1.3, 5.1.6",
                       "Helps decide how and whom to contact safely."),
        ),
    )


def subject_field(required: Requirement) -> Field:
    no_description = Not(When("description", filled=True), text="unless a description is given")
    no_surname = Not(When("surname", filled=True), text="unless a surname is given")
    return make_field(
        "subject", "Subject", K.PERSON, "4.4, 5.2.5",
        "The person the application is about. Partial details are enough to proceed, and "
        "details used by the subject may be false.",
        required,
        subfields=(
            make_field("surname", "Surname", K.TEXT, "5.2.5",
                       "The subject's family name, if known. If not known, give a "
                       "description instead.", no_description,
                       missing_message="Give the subject's surname, or a description if "
                       "the surname is not known."),
            make_field("forenames", "Forenames", K.TEXT, "5.2.5", "Given names, if known."),
            make_field("description", "Description", K.LONG_TEXT, "5.2.5",
                       "What the subject looks like and anything else that identifies "
                       "them, if the surname is not known.", no_surname,
                       missing_message="Give a description of the subject when the "
                       "surname is not known."),
            make_field(
                "aliases", "Other names or aliases", K.GROUP, "5.2.5",
                "Any other names the subject is known by.",
                item_label="alias",
                subfields=(
                    make_field("name", "Name", K.TEXT, "5.2.5", "One other name.", ALWAYS),
                ),
            ),
            _dob("5.2.5", "The subject's date of birth, if known."),
            make_field("age", "Age (if date of birth unknown)", K.TEXT, "5.2.5",
                       "An approximate age is fine.", max_length=30),
            make_field("place_of_birth", "Place of birth", K.TEXT, "5.2.5",
                       "Town and country of birth, if known."),
            make_field("address", "Current address", K.LONG_TEXT, "5.2.5",
                       "Where the subject lives now, if known.", max_length=ADDRESS_MAX),
            make_field(
                "previous_addresses", "Previous addresses", K.GROUP, "5.2.5",
                "Earlier addresses help the checks find the right person.",
                item_label="previous address",
                subfields=(
                    make_field("address", "Address", K.LONG_TEXT, "5.2.5",
                               "The earlier address.", ALWAYS, max_length=ADDRESS_MAX),
                    make_field("from_date", "From", K.DATE, "5.2.5",
                               "When the subject moved in, if known.", not_future=True),
                    make_field("to_date", "To", K.DATE, "5.2.5",
                               "When the subject moved out, if known.", not_future=True),
                ),
            ),
            make_field("ethnicity", "Ethnicity", K.CHOICE, "5.2.5",
                       "As far as the applicant knows.", choices=ETHNICITY),
            make_field("gender", "Gender", K.CHOICE, "5.2.5",
                       "As far as the applicant knows.", choices=GENDER),
            make_field("occupation", "Occupation, voluntary work or employer", K.LONG_TEXT,
                       "4.7, 5.2.5",
                       "Work or activities that may give access to children.",
                       max_length=1000),
            make_field("relationship_to_applicant", "Relationship to the applicant", K.CHOICE,
                       "5.1.6, 5.2.5",
                       "How the subject is connected to the applicant.",
                       choices=SUBJECT_RELATIONSHIP),
            make_field("relationship_other", "Relationship (other)", K.TEXT, "5.2.5",
                       "Describe the relationship.",
                       When("relationship_to_applicant", equals="other",
                            text="the relationship is \"other\"")),
            make_field("visor_marker", "ViSOR marker on PNC?", K.YES_NO, "5.1.9",
                       "Whether PNC shows a ViSOR marker for the subject; if so ViSOR "
                       "must be checked."),
        ),
    )


def children_field(required: Requirement, min_items: int) -> Field:
    return make_field(
        "children", "Children", K.GROUP, "4.6, 4.7, 5.2.5",
        "Each child under 18 the subject has, or may have, contact with. Without an "
        "identified child the information is handled as intelligence.",
        required,
        min_items=min_items,
        item_label="child",
        subfields=(
            make_field("name", "Name", K.TEXT, "4.6, 5.2.5", "The child's full name.", ALWAYS),
            _dob("4.6", "The child's date of birth; the child must be under 18.", max_age=17),
            make_field("age", "Age (if date of birth unknown)", K.TEXT, "4.6",
                       "An approximate age is fine.", max_length=30),
            make_field("gender", "Gender", K.CHOICE, "5.2.5", "The child's gender.",
                       choices=GENDER),
            make_field("place_of_birth", "Place of birth", K.TEXT, "5.2.5",
                       "Town and country of birth, if known."),
            make_field("ethnicity", "Ethnicity", K.CHOICE, "5.2.5", "The child's ethnicity.",
                       choices=ETHNICITY),
            make_field("applicant_relationship", "Applicant's relationship to the child",
                       K.CHOICE, "5.1.3, 5.2.5",
                       "A parent, carer or guardian must prove the relationship at the "
                       "face-to-face meeting.", choices=APPLICANT_RELATIONSHIP),
            make_field("subject_contact", "Subject's contact with the child", K.MULTI_CHOICE,
                       "4.7", "Contact need not be confirmed; access or a connection is "
                       "enough.", choices=SUBJECT_CONTACT),
        ),
    )


CHECK_SYSTEM = choices(
    ("pnc", "PNC"),
    ("visor", "ViSOR"),
    ("local", "Local force intelligence"),
    ("ini", "INI"),
    ("other", "Other system"),
)

CHECK_ON_WHOM = choices(
    ("applicant", "Applicant"),
    ("subject", "Subject"),
    ("child", "Child"),
)


def checks_group(id_: str, label: str, paras: str, help_text: str) -> Field:
    """A list of checks made: system, on whom, when, by whom, result."""
    return make_field(
        id_, label, K.GROUP, paras, help_text,
        item_label="check",
        subfields=(
            make_field("system", "System", K.CHOICE, paras, "Which system was checked.",
                       ALWAYS, choices=CHECK_SYSTEM),
            make_field("on_whom", "On whom", K.CHOICE, paras, "Whose details were checked.",
                       ALWAYS, choices=CHECK_ON_WHOM),
            make_field("at", "Date and time", K.DATETIME, paras, "When the check was made.",
                       ALWAYS, not_future=True),
            make_field("by", "By whom", K.TEXT, paras, "Who made the check.", ALWAYS),
            make_field("result", "Result", K.LONG_TEXT, paras,
                       'A short summary, e.g. "no trace".', ALWAYS),
        ),
    )
