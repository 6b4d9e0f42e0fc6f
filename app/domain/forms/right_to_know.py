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
from app.domain.forms.model import AuxForm, Section
from app.domain.forms.requirements import ALWAYS

# The same fields as the stage 4 record's section, required outright here (the record
# requires them once its ``right_to_know`` tick is set, which only the service sets).
_OPENING = Section(
    "Police-initiated disclosure (right to know)",
    tuple(replace(f, required=ALWAYS) for f in stage4.RIGHT_TO_KNOW_SECTION.fields
          if f.id != "right_to_know"),
    help=stage4.RIGHT_TO_KNOW_SECTION.help,
)

RIGHT_TO_KNOW_FORM = AuxForm(
    name="right_to_know",
    title="New police-initiated case (right to know)",
    paragraphs=("2.6", "5.4", "5.5.3", "5.6.12"),
    sections=(_OPENING, stage4.CHECKS, stage4.AGENCIES, stage4.FINDINGS, stage4.CATEGORY,
              stage4.MAPPA),
    rules=stage4.RULES,
)


def as_stage4_record(values: dict[str, object]) -> dict[str, object]:
    """The stage 4 record a right-to-know opening is kept as."""
    return {**values, "right_to_know": True}
