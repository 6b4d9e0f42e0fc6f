"""Generated from the schema: for every follow-up question, answers that show it and
answers that hide it (no hand-written list). Shared by the unit and the pytest-qt tests."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

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
    all_forms,
)
from app.domain.forms.relevance import decided, follow_up, tick_ids
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


def leaves(rule: Requirement) -> list[When]:
    if isinstance(rule, When):
        return [rule]
    if isinstance(rule, AllOf | AnyOf | Not):
        return [leaf for part in rule.parts for leaf in leaves(part)]
    raise AssertionError(f"unexpected part {rule!r}")


def controlling_field(case: FollowUp, leaf: When) -> tuple[str, Field]:
    """The field a leaf tests and its full path on the form (sibling first, then top)."""
    if case.record:
        holder = case.form.field(case.record)
        head = leaf.path.split(".")[0]
        if any(sub.id == head for sub in holder.subfields):
            return f"{case.record}.{leaf.path}", case.form.field(f"{case.record}.{leaf.path}")
    return leaf.path, case.form.field(leaf.path)


def candidates(leaf: When, field: Field) -> list[Any]:
    """Two answers for the leaf's field: the first makes the test true, the second false."""
    options = list(field.choice_values())
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


def _put(values: dict[str, Any], path: str, value: Any) -> None:
    *heads, last = path.split(".")
    cursor = values
    for head in heads:
        cursor = cursor.setdefault(head, {})
    cursor[last] = value


def _scope(values: dict[str, Any], case: FollowUp) -> dict[str, Any]:
    if not case.record:
        return values
    record = values
    for head in case.record.split("."):
        record = record.get(head, {})
    return {**values, **record}


def showing_and_hiding(case: FollowUp) -> tuple[dict[str, Any], dict[str, Any]]:
    """Form values under which the follow-up is shown, and under which it is hidden."""
    tests = []
    for leaf in leaves(case.condition):
        path, field = controlling_field(case, leaf)
        assert field.kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE, FieldKind.YES_NO,
                              FieldKind.TICK), f"{case}: {leaf.path} is not an answer to test"
        tests.append((path, candidates(leaf, field)))
    shown = hidden = None
    ticks = tick_ids(case.form)
    for picks in itertools.product((0, 1), repeat=len(tests)):
        values: dict[str, Any] = {}
        for (path, options), pick in zip(tests, picks, strict=True):
            _put(values, path, copy.deepcopy(options[pick]))
        result = decided(case.condition, _scope(values, case), ticks)
        if result is True and shown is None:
            shown = values
        if result is False and hidden is None:
            hidden = values
    assert shown is not None and hidden is not None, f"{case}: the condition cannot flip"
    return shown, hidden
