"""Details nobody should type twice (issue 12 item 6): what a stage starts with, the
recipient when the applicant is the recipient, and answers fixed by an earlier stage.

Pure rules on the values of a case's stages (no Qt, no storage); the read model
(``CaseFile.prefill``, ``CaseFile.applicant_as_recipient``, ``CaseFile.fixed_answers``)
applies them and the wizard shows the result.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.enums import Stage
from app.domain.forms import StageForm, is_empty
from app.domain.forms.requirements import resolve

#: The blocks of stage 1 that stage 2 repeats with the same structure (¶5.2.13).
PREFILLED_FROM_STAGE1 = ("applicant", "safe_contact", "subject", "children")
#: Relationships a recipient can have that an applicant's relationship maps onto (¶5.6.18).
RECIPIENT_RELATIONSHIPS = ("parent", "guardian", "carer")

StageValues = Mapping[Stage, Mapping[str, Any]]


def starting_answers(stage: Stage, values: StageValues, user_name: str) -> dict[str, Any]:
    """The answers ``stage`` starts with before anything is saved for it.

    Stage 2 repeats the people of stage 1 (¶5.2.13); stage 4 names the signed-in
    officer as the assessor, as stage 1 names the officer taking the contact (¶5.4.3).
    """
    if stage is Stage.FACE_TO_FACE:
        first = values.get(Stage.INITIAL_CONTACT, {})
        return {k: copy.deepcopy(first[k]) for k in PREFILLED_FROM_STAGE1 if first.get(k)}
    if stage is Stage.RISK_ASSESSMENT and user_name.strip():
        return {"officer": user_name.strip()}
    return {}


def applicant_particulars(values: StageValues) -> Mapping[str, Any]:
    """The applicant as last recorded: stage 2's corrected record, else stage 1's."""
    for stage in (Stage.FACE_TO_FACE, Stage.INITIAL_CONTACT):
        record = values.get(stage, {}).get("applicant")
        if isinstance(record, Mapping) and not is_empty(record):
            return record
    return {}


def recipient_from_applicant(values: StageValues) -> dict[str, Any]:
    """What stage 5's recipient record takes from the applicant when they are the recipient:
    their name and, when every child has the same provable relationship to them, that
    relationship. Empty when the applicant's name is not recorded."""
    applicant = applicant_particulars(values)
    name = " ".join(str(applicant.get(k) or "").strip() for k in ("forenames", "surname"))
    if not name.strip():
        return {}
    out: dict[str, Any] = {"name": " ".join(name.split())}
    relationships: set[Any] = set()
    for stage in (Stage.FACE_TO_FACE, Stage.INITIAL_CONTACT):
        relationships = {r for r in resolve(values.get(stage, {}),
                                            "children.applicant_relationship") if r}
        if relationships:
            break
    if len(relationships) == 1 and (only := relationships.pop()) in RECIPIENT_RELATIONSHIPS:
        out["relationship"] = only
    return out


def fill_recipient(recipient: Mapping[str, Any], values: StageValues) -> dict[str, Any]:
    """``recipient`` with the applicant's details added where nothing is typed yet; what
    the officer typed is never replaced."""
    out = dict(recipient)
    for key, value in recipient_from_applicant(values).items():
        if is_empty(out.get(key)):
            out[key] = value
    return out


@dataclass(frozen=True)
class FixedAnswer:
    """An answer taken from an earlier stage and not to be changed here (Field.fixed_from)."""

    path: str
    value: Any
    source: Stage


def fixed_answers(form: StageForm, values: StageValues) -> list[FixedAnswer]:
    """Every top-level field of ``form`` with ``fixed_from`` whose source has an answer."""
    out: list[FixedAnswer] = []
    for field in form.fields():
        if not field.fixed_from:
            continue
        stage_key, _, path = field.fixed_from.partition(":")
        source = next(s for s in Stage if s.key == stage_key)
        found = [v for v in resolve(values.get(source, {}), path) if not is_empty(v)]
        if found:
            out.append(FixedAnswer(field.id, found[0], source))
    return out
