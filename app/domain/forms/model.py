"""The building blocks of every form: field kinds, choices, fields, sections, forms.

Everything here is plain, frozen data so that one declaration can drive
validation, the wizard pages, the printed forms and ``csods schema --json``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.domain.enums import Stage
from app.domain.forms.requirements import ALWAYS, OPTIONAL, Requirement

#: Version 2 (scheme fidelity, issue 11): new stage 4–6 and immediate-risk fields; older
#: answers load unchanged (upgrade: app.domain.forms.upgrades.upgrade_v1_to_v2).
FORM_VERSION: int = 3

#: Default maximum lengths (in characters) when a field does not set its own.
DEFAULT_MAX_LENGTH = {"text": 200, "long_text": 20000, "offence": 200}

_ID_RE = re.compile(r"[a-z][a-z0-9_]*", re.ASCII)
_INDEX_RE = re.compile(r"\[[0-9]+\]", re.ASCII)


class FieldKind(StrEnum):
    """What sort of answer a field takes (and so which widget shows it)."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    DATETIME = "datetime"
    YES_NO = "yes_no"
    TICK = "tick"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    #: A Schedule 34A offence, stored as its stable code from ``app.domain.offences``
    #: ("SOA2003-s9"); validated as one line of text, because text that matches no
    #: listed offence is kept as typed (nothing typed is lost) until one is picked.
    OFFENCE = "offence"
    PERSON = "person"
    GROUP = "group"


@dataclass(frozen=True)
class Choice:
    """One option of a CHOICE or MULTI_CHOICE field; ``value`` is what is stored."""

    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One question on a form.

    ``required`` says when an answer is mandatory.  For PERSON and GROUP the
    subfields' own requirements are checked whenever the record is required
    or has been started; a required GROUP needs at least ``max(1, min_items)``
    entries.  ``not_future`` refuses dates/instants later than now and
    ``max_age_years`` (dates of birth) refuses ages of that many years or more
    than ``max_age_years`` (see ``age_limit_inclusive``).
    """

    id: str
    label: str
    kind: FieldKind
    required: Requirement = OPTIONAL
    help: str = ""
    paragraphs: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    subfields: tuple[Field, ...] = ()
    min_items: int = 0
    max_items: int | None = None
    max_length: int | None = None
    #: Singular noun for one entry of a GROUP ("child"), used in messages.
    item_label: str = ""
    #: DATE / DATETIME: refuse values in the future.
    not_future: bool = False
    #: DATE of birth: refuse an age above this many whole years.
    max_age_years: int | None = None
    #: TEXT: the value must match this regular expression (whole value).
    pattern: str | None = None
    #: Plain-English description of ``pattern`` for the error message.
    pattern_hint: str = ""
    #: Message used instead of "<label> is required." when the answer is missing.
    missing_message: str = ""
    #: The id of the other field of an either-or pair (one of the two is needed, not
    #: both): forms say "give one of the two" instead of marking both mandatory, and
    #: a pair left empty is reported as missing once.
    one_of: str = ""
    #: "stage_key:path" of an earlier answer this field takes, pre-filled and not to be
    #: changed here (e.g. the stage 6 recipient is the one authorised at stage 5).
    fixed_from: str = ""

    def __post_init__(self) -> None:
        if not _ID_RE.fullmatch(self.id):
            raise ValueError(f"field id {self.id!r} must be snake_case without dots")
        nested = self.kind in (FieldKind.PERSON, FieldKind.GROUP)
        if nested != bool(self.subfields):
            raise ValueError(f"field {self.id!r}: only PERSON and GROUP have subfields")
        choosing = self.kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE)
        if choosing != bool(self.choices):
            raise ValueError(f"field {self.id!r}: only CHOICE/MULTI_CHOICE have choices")
        ids = [sub.id for sub in self.subfields]
        if len(ids) != len(set(ids)):
            raise ValueError(f"field {self.id!r}: duplicate subfield ids")
        values = [c.value for c in self.choices]
        if len(values) != len(set(values)):
            raise ValueError(f"field {self.id!r}: duplicate choice values")

    @property
    def effective_max_length(self) -> int | None:
        """The length limit actually applied (TEXT and OFFENCE 200, LONG_TEXT 20000)."""
        if self.max_length is not None:
            return self.max_length
        return DEFAULT_MAX_LENGTH.get(self.kind.value)

    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def choice_label(self, value: str) -> str:
        for c in self.choices:
            if c.value == value:
                return c.label
        return value

    def subfield(self, field_id: str) -> Field:
        for sub in self.subfields:
            if sub.id == field_id:
                return sub
        raise KeyError(f"{self.id}.{field_id}")


@dataclass(frozen=True)
class Section:
    """A titled block of fields on one wizard page / printed form.

    ``shown`` tells the UI and printed forms when the section is relevant
    (e.g. the disclosure block of stage 6).  It never changes validation:
    every field's own ``required`` rule is complete on its own.
    """

    title: str
    fields: tuple[Field, ...]
    help: str = ""
    shown: Requirement = ALWAYS


@dataclass(frozen=True)
class FormRule:
    """A cross-field check: report ``message`` at ``path`` when ``when`` holds."""

    path: str
    when: Requirement
    message: str
    paragraphs: tuple[str, ...] = ()

    def describe(self) -> str:
        """Plain English, e.g. "Reported when the decision is to disclose and ..."."""
        return f"Reported when {self.when.condition()}"


def _lookup(fields: tuple[Field, ...], path: str) -> Field:
    clean = _INDEX_RE.sub("", path)
    parts = clean.split(".")
    current: Field | None = None
    pool = fields
    for part in parts:
        current = next((f for f in pool if f.id == part), None)
        if current is None:
            raise KeyError(path)
        pool = current.subfields
    assert current is not None
    return current


def _walk(fields: tuple[Field, ...], prefix: str) -> Iterator[tuple[str, Field]]:
    for f in fields:
        path = f"{prefix}{f.id}"
        yield path, f
        yield from _walk(f.subfields, f"{path}.")


class _FormMethods:
    """Lookups shared by stage forms and auxiliary forms."""

    title: str
    sections: tuple[Section, ...]
    rules: tuple[FormRule, ...]

    def _check(self) -> None:
        ids = [f.id for f in self.fields()]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"form {self.title!r}: duplicate field ids {dupes}")
        for rule in self.rules:
            self.field(rule.path)

    def fields(self) -> tuple[Field, ...]:
        """All top-level fields, in form order."""
        return tuple(f for s in self.sections for f in s.fields)

    def field(self, path: str) -> Field:
        """Look a field up by dotted path ("applicant.surname", "children[0].name")."""
        return _lookup(self.fields(), path)

    def paths(self) -> tuple[str, ...]:
        """Every field path, nested ones included ("children.name"), in form order."""
        return tuple(p for p, _ in _walk(self.fields(), ""))

    def section_of(self, field_id: str) -> Section:
        for s in self.sections:
            if any(f.id == field_id for f in s.fields):
                return s
        raise KeyError(field_id)


@dataclass(frozen=True)
class StageForm(_FormMethods):
    """The form for one stage of the process (or closure)."""

    stage: Stage
    title: str
    paragraphs: tuple[str, ...]
    sections: tuple[Section, ...]
    rules: tuple[FormRule, ...] = ()

    def __post_init__(self) -> None:
        self._check()

    @property
    def name(self) -> str:
        return self.stage.key


@dataclass(frozen=True)
class AuxForm(_FormMethods):
    """A form recorded alongside the stages (immediate risk, extension)."""

    name: str
    title: str
    paragraphs: tuple[str, ...]
    sections: tuple[Section, ...]
    rules: tuple[FormRule, ...] = ()

    def __post_init__(self) -> None:
        self._check()


def para_ref(paragraphs: tuple[str, ...]) -> str:
    return f"(¶{', '.join(paragraphs)})"


def make_field(
    id: str,  # noqa: A002 - mirrors Field.id
    label: str,
    kind: FieldKind,
    paras: str,
    help: str,  # noqa: A002 - mirrors Field.help
    required: Requirement = OPTIONAL,
    **extra: Any,
) -> Field:
    """Build a Field whose help ends with its ¶ reference.

    ``paras`` is a comma-separated list of guidance paragraphs ("5.1.6, 5.1.7").
    """
    paragraphs = tuple(p.strip() for p in paras.split(",") if p.strip())
    text = f"{help.rstrip()} {para_ref(paragraphs)}"
    return Field(
        id=id,
        label=label,
        kind=kind,
        required=required,
        help=text,
        paragraphs=paragraphs,
        **extra,
    )


def choices(*pairs: tuple[str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(v, lab) for v, lab in pairs)
