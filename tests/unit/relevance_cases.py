"""Generated from the schema: for every follow-up question, answers that show it and
answers that hide it (no hand-written list). Shared by the unit and the pytest-qt tests."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from app.domain.enums import Stage
from app.domain.forms import (
    AUX_FORMS,
    AllOf,
    AnyOf,
    AuxForm,
    Field,
    FieldKind,
    Not,
    Requirement,
    StageForm,
    When,
    WhenContext,
    all_forms,
    form_for,
)
from app.domain.forms.relevance import decided, follow_up, open_ids
from app.domain.forms.requirements import UNSET

FORMS: list[StageForm | AuxForm] = [*all_forms(), *AUX_FORMS.values()]


@dataclass(frozen=True)
class FollowUp:
    form: StageForm | AuxForm
    path: str  # dotted, e.g. "subject.relationship_other"
    field: Field
    condition: Requirement
    record: str  # "" for a top-level field, else the PERSON path holding it

    def __str__(self) -> str:
        return f"{self.form.title}: {self.path}"


def follow_ups() -> list[FollowUp]:
    out: list[FollowUp] = []
    for form in FORMS:
        for field in form.fields():
            for path, one, record in _fields(field, "", ""):
                condition = follow_up(one.required)
                if condition is not None:
                    out.append(FollowUp(form, path, one, condition, record))
    return out


def _fields(field: Field, prefix: str, record: str) -> Iterator[tuple[str, Field, str]]:
    path = f"{prefix}{field.id}"
    yield path, field, record
    if field.kind is FieldKind.PERSON:
        for sub in field.subfields:
            yield from _fields(sub, f"{path}.", path)


Leaf = When | WhenContext


def leaves(rule: Requirement) -> list[Leaf]:
    if isinstance(rule, When | WhenContext):
        return [rule]
    if isinstance(rule, AllOf | AnyOf | Not):
        return [leaf for part in rule.parts for leaf in leaves(part)]
    raise AssertionError(f"unexpected part {rule!r}")


def controlling_field(case: FollowUp, leaf: Leaf) -> tuple[str, Field]:
    """The field a leaf tests and its full path on its form (sibling first, then top)."""
    if isinstance(leaf, WhenContext):
        return leaf.path, form_for(leaf.stage).field(leaf.path)
    if case.record:
        holder = case.form.field(case.record)
        head = leaf.path.split(".")[0]
        if any(sub.id == head for sub in holder.subfields):
            return f"{case.record}.{leaf.path}", case.form.field(f"{case.record}.{leaf.path}")
    return leaf.path, case.form.field(leaf.path)


def candidates(leaf: Leaf, field: Field) -> list[Any]:
    """Two answers for the leaf's field: the first makes the test true, the second false."""
    options = list(field.choice_values())
    if leaf.filled is not None:
        given = some_answer(field)
        return [given, None] if leaf.filled else [None, given]
    if leaf.in_ is not None:
        return [leaf.in_[0], next(c for c in options if c not in leaf.in_)]
    if leaf.contains is not UNSET:
        return [[leaf.contains], [next(c for c in options if c != leaf.contains)]]
    negated = leaf.equals is UNSET
    wanted = leaf.not_equals if negated else leaf.equals
    if isinstance(wanted, bool):
        other: Any = not wanted
    else:
        other = next(c for c in options if c != wanted)
    return [other, wanted] if negated else [wanted, other]


def some_answer(field: Field) -> Any:
    """Any valid, non-empty answer to ``field``."""
    kind = field.kind
    if kind is FieldKind.CHOICE:
        return field.choice_values()[0]
    if kind is FieldKind.MULTI_CHOICE:
        return [field.choice_values()[0]]
    if kind in (FieldKind.YES_NO, FieldKind.TICK):
        return True
    if kind is FieldKind.DATE:
        return "2025-01-06"
    if kind is FieldKind.DATETIME:
        return "2025-01-06T10:00:00+00:00"
    if kind is FieldKind.PERSON:
        return {field.subfields[0].id: some_answer(field.subfields[0])}
    if kind is FieldKind.GROUP:
        return [{sub.id: some_answer(sub) for sub in field.subfields}]
    return "Sample answer"


def _put(values: dict[str, Any], path: str, value: Any) -> None:
    *heads, last = path.split(".")
    cursor = values
    for head in heads:
        cursor = cursor.setdefault(head, {})
    cursor[last] = value


Answers = tuple[dict[str, Any], dict[Stage, dict[str, Any]]]


def showing_and_hiding(case: FollowUp) -> tuple[Answers, Answers]:
    """(form values, other stages' values) under which the follow-up is shown, and under
    which it is hidden."""
    tests = []
    for leaf in leaves(case.condition):
        path, field = controlling_field(case, leaf)
        assert leaf.filled is not None or field.kind in (
            FieldKind.CHOICE, FieldKind.MULTI_CHOICE, FieldKind.YES_NO, FieldKind.TICK), \
            f"{case}: {leaf.path} is not an answer to test"
        stage = leaf.stage if isinstance(leaf, WhenContext) else None
        tests.append((stage, path, candidates(leaf, field)))
    shown = hidden = None
    open_ = open_ids(case.form)
    for picks in itertools.product((0, 1), repeat=len(tests)):
        values: dict[str, Any] = {}
        context: dict[Stage, dict[str, Any]] = {}
        for (stage, path, options), pick in zip(tests, picks, strict=True):
            target = values if stage is None else context.setdefault(stage, {})
            _put(target, path, copy.deepcopy(options[pick]))
        result = decided(case.condition, scope_of(values, case), context, open_)
        if result is True and shown is None:
            shown = (values, context)
        if result is False and hidden is None:
            hidden = (values, context)
    assert shown is not None and hidden is not None, f"{case}: the condition cannot flip"
    return shown, hidden


def scope_of(values: dict[str, Any], case: FollowUp) -> dict[str, Any]:
    """The values a field's rule sees: its record over the form (as the page passes)."""
    if not case.record:
        return values
    record: Any = values
    for head in case.record.split("."):
        record = record.get(head, {}) if isinstance(record, dict) else {}
    return {**values, **record}
