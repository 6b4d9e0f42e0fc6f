"""Opening a police-initiated ("right to know") case: the form the officer fills in.

There is no applicant: the police consider disclosure on their own initiative (¶5, "the
police's ability to make the disclosure is not dependent on a request from the public";
¶2.6, s327A CJA 2003; 2023 practice calls it "right to know", digest §2.0 [S]). The case
starts at the decision stage, so its opening carries what the decision needs from the
full risk assessment: the subject, the child(ren), the checks, the findings and MAPPA.
It is stored as the case's stage 4 record (with ``right_to_know`` ticked), so every rule
that reads the risk assessment reads it unchanged.
"""

from __future__ import annotations

from dataclasses import replace

from app.domain.forms import stage4
from app.domain.forms.model import AuxForm, Field, Section, para_ref
from app.domain.forms.requirements import ALWAYS

# There is no applicant: the opening form neither asks about one nor speaks of one.
_NOT_ASKED = frozenset({"relationship_to_applicant", "relationship_other",
                        "applicant_relationship"})
_WORDING = {
    "subject": "The person the police are concerned about. Partial details are enough to "
               "proceed, and details used by the subject may be false.",
    "ethnicity": "As far as is known.",
    "gender": "As far as is known.",
    "childrens_social_care_checked": "Needed when the circumstances make it necessary "
                                     "(there is no applicant to consent).",
    "behaviour_disclosed": "Behaviour that has come to light, e.g. grooming.",
    "rationale": "Why the case was categorised this way.",
}


def _no_applicant(field: Field) -> Field:
    words = _WORDING.get(field.id)
    return replace(field, help=f"{words} {para_ref(field.paragraphs)}" if words else field.help,
                   subfields=tuple(_no_applicant(f) for f in field.subfields
                                   if f.id not in _NOT_ASKED))


def _section(section: Section) -> Section:
    return replace(section, fields=tuple(_no_applicant(f) for f in section.fields))


# The same fields as the stage 4 record's section, required outright here (the record
# requires them once its ``right_to_know`` tick is set, which only the service sets).
_OPENING = Section(
    "Police-initiated disclosure (right to know)",
    tuple(_no_applicant(replace(f, required=ALWAYS))
          for f in stage4.RIGHT_TO_KNOW_SECTION.fields if f.id != "right_to_know"),
    help=stage4.RIGHT_TO_KNOW_SECTION.help,
)

RIGHT_TO_KNOW_FORM = AuxForm(
    name="right_to_know",
    title="New police-initiated case (right to know)",
    paragraphs=("2.6", "5.4", "5.5.3", "5.6.12"),
    sections=(_OPENING, *(_section(s) for s in (stage4.CHECKS, stage4.AGENCIES,
                                                 stage4.FINDINGS, stage4.CATEGORY,
                                                 stage4.MAPPA))),
    rules=stage4.RULES,
)


def as_stage4_record(values: dict[str, object]) -> dict[str, object]:
    """The stage 4 record a right-to-know opening is kept as."""
    return {**values, "right_to_know": True}
