"""Subject access (DPA 2018 Part 3, s.45): where a case's records hold a named person.

Plain rules, no storage. A person found in the people index has a *role* in a case
(applicant, subject or one of the subject's aliases, child, parent, recipient). What
the case holds about them is:

* their own block of each stage form (``ROLE_BLOCKS``): every answer in it — for a
  child or a parent, only the entry of the group that names them;
* mentions elsewhere in the case's free text: any text answer that contains their
  full name, and any long (free) text that contains their surname as a word. Short
  text answers are not searched for the surname alone: they are mostly other
  people's names and addresses, where a shared surname is no mention of this person.

Values stay raw here; the service formats them for print.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.domain.enums import Stage
from app.domain.forms.model import Field, FieldKind
from app.domain.matching import normalise_text

#: The blocks of each stage that are about a person in a role (top-level field ids).
ROLE_BLOCKS: dict[str, dict[Stage, tuple[str, ...]]] = {
    "applicant": {Stage.INITIAL_CONTACT: ("applicant", "safe_contact"),
                  Stage.FACE_TO_FACE: ("applicant", "safe_contact")},
    "subject": {Stage.INITIAL_CONTACT: ("subject",), Stage.FACE_TO_FACE: ("subject",),
                Stage.RISK_ASSESSMENT: ("subject",)},
    "child": {Stage.INITIAL_CONTACT: ("children",), Stage.FACE_TO_FACE: ("children",),
              Stage.RISK_ASSESSMENT: ("children",)},
    "parent": {Stage.INITIAL_CONTACT: ("parents",)},
    "recipient": {Stage.DECISION: ("recipient",), Stage.OUTCOME: ("recipient_name",)},
}
ROLE_BLOCKS["alias"] = ROLE_BLOCKS["subject"]  # an alias is a name the subject uses
#: Groups whose entries are different people: only the entry naming the person is theirs.
PER_ENTRY = frozenset({"children", "parents"})
ROLE_LABELS = {"applicant": "Applicant", "subject": "Subject", "alias": "Subject (alias)",
               "child": "Child", "parent": "Parent", "recipient": "Disclosure recipient"}
TEXT_KINDS = frozenset({FieldKind.TEXT, FieldKind.LONG_TEXT})


@dataclass(frozen=True)
class Answer:
    """One recorded answer: where it is (labels joined by " › ") and its raw value."""

    label: str
    field: Field
    value: Any


def _filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple):
        return any(_filled(v) for v in value)
    if isinstance(value, dict):
        return any(_filled(v) for v in value.values())
    return True


def answers(field: Field, value: Any, prefix: str = "") -> Iterator[Answer]:
    """Every filled leaf answer under ``field`` (groups entry by entry, numbered)."""
    label = f"{prefix}{field.label}"
    if field.kind is FieldKind.PERSON and isinstance(value, dict):
        for sub in field.subfields:
            yield from answers(sub, value.get(sub.id), f"{label} › ")
    elif field.kind is FieldKind.GROUP and isinstance(value, list):
        for number, entry in enumerate(value, start=1):
            if isinstance(entry, dict):
                for sub in field.subfields:
                    yield from answers(sub, entry.get(sub.id),
                                       f"{label} {number} › ")
    elif field.kind not in (FieldKind.PERSON, FieldKind.GROUP) and _filled(value):
        yield Answer(label, field, value)


def own_answers(role: str, stage: Stage, fields: tuple[Field, ...],
                values: Mapping[str, Any], name_norm: str) -> list[Answer]:
    """The answers of ``stage`` in the person's own block(s) for their ``role``."""
    out: list[Answer] = []
    for block in ROLE_BLOCKS.get(role, {}).get(stage, ()):
        field = next((f for f in fields if f.id == block), None)
        if field is None:
            continue
        value = values.get(block)
        if block in PER_ENTRY and isinstance(value, list):
            for number, entry in enumerate(value, start=1):
                if isinstance(entry, dict) and names_match(entry.get("name"), name_norm):
                    for sub in field.subfields:
                        out += answers(sub, entry.get(sub.id), f"{field.label} {number} › ")
        else:
            out += answers(field, value)
    return out


def names_match(written: Any, name_norm: str) -> bool:
    """Whether a name as written in a group entry is the indexed name ``name_norm``."""
    return isinstance(written, str) and bool(name_norm) and normalise_text(written) == name_norm


@dataclass(frozen=True)
class Mention:
    full_name: bool  # the whole name appears (else the surname, as a word)


def mention(text: Any, name_norm: str, surname_norm: str, *, long_text: bool) -> Mention | None:
    """Whether free text names the person: the full name anywhere, or (long text only)
    the surname as a whole word."""
    if not isinstance(text, str) or not text.strip():
        return None
    padded = f" {normalise_text(text)} "
    if name_norm and f" {name_norm} " in padded:
        return Mention(full_name=True)
    if long_text and surname_norm and f" {surname_norm} " in padded:
        return Mention(full_name=False)
    return None


def mentions(fields: tuple[Field, ...], values: Mapping[str, Any], skip: set[str],
             name_norm: str, surname_norm: str) -> Iterator[tuple[Answer, Mention]]:
    """Text answers of a record (outside the labels in ``skip``) that name the person."""
    for question in fields:
        for answer in answers(question, values.get(question.id)):
            if answer.label in skip or answer.field.kind not in TEXT_KINDS:
                continue
            found = mention(answer.value, name_norm, surname_norm,
                            long_text=answer.field.kind is FieldKind.LONG_TEXT)
            if found is not None:
                yield answer, found


@dataclass(frozen=True)
class SarQuery:
    """Who is asked about, and the force's reference for the request (not a name)."""

    request_reference: str
    surname: str
    forenames: str = ""
    dob: date | None = None

    @property
    def name(self) -> str:
        return " ".join(f"{self.forenames} {self.surname.upper()}".split())


@dataclass(frozen=True)
class PersonMatch:
    """A person recorded in a case who may be the one asked about."""

    reference: str
    case_status: str
    first_contact: datetime
    role: str
    forenames: str
    surname: str
    dob: str | None
    score: float
    reasons: tuple[str, ...]
    name_norm: str = field(repr=False, default="")
    surname_norm: str = field(repr=False, default="")

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role.title())

    @property
    def name(self) -> str:
        return " ".join(f"{self.forenames} {self.surname.upper()}".split())


@dataclass(frozen=True)
class SarSearch:
    query: SarQuery
    matches: tuple[PersonMatch, ...]
    truncated: bool = False  # more candidate cases than MAX_CASES

    @property
    def cases(self) -> int:
        return len({m.reference for m in self.matches})


@dataclass(frozen=True)
class HeldItem:
    """One thing held about the person: in which case, where, which field, when."""

    reference: str
    where: str  # "Initial contact" (a stage), "Contact log", "Case note", ...
    field: str
    value: str
    recorded: datetime | None
    why: str  # "as applicant" (their own record) | "names them" | "surname mentioned"


@dataclass(frozen=True)
class SarReport:
    """What the review PDF is built from."""

    search: SarSearch
    confirmed: tuple[PersonMatch, ...]
    items: tuple[HeldItem, ...]

    @property
    def cases(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.reference for m in self.confirmed))
