"""Which questions apply: a follow-up question is hidden once an answer rules it out.

A field whose ``required`` rule tests another answer *on the same form* (a plain
``When`` on a choice, a yes/no, a tick or a list of options: "Relationship (other)"
is required when the relationship is "Other") is a follow-up of that answer.  It is
shown while the condition holds, and also while the answer it depends on has not been
given yet (nothing is hidden before the answer that rules it out); it is hidden once
the answer makes the condition false.  An unticked tick counts as "no".

Parts that look at other stages (``WhenContext``) and either-or pairs (``filled``
tests: "surname, unless a description is given") never hide a field: sections already
carry the stage conditions (``Section.shown``) and both halves of a pair stay visible.

A hidden field keeps its answer (nothing typed is lost) and, because its condition is
false, is never mandatory.  Pure Python, no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.domain.forms.model import AuxForm, Field, FieldKind, StageForm, _walk
from app.domain.forms.requirements import (
    AllOf,
    AnyOf,
    Not,
    Requirement,
    When,
    is_empty,
    resolve,
)


def follow_up(rule: Requirement) -> Requirement | None:
    """The part of ``rule`` that tests answers on the same form, or None if there is none.

    ``AllOf`` keeps its same-form parts (the field is out when any of them is false);
    ``AnyOf`` and ``Not`` count only when made entirely of same-form tests.
    """
    if isinstance(rule, When):
        return rule if rule.filled is None else None
    if isinstance(rule, AllOf):
        kept = [part for part in (follow_up(p) for p in rule.parts) if part is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else AllOf(*kept)
    if isinstance(rule, AnyOf | Not):
        parts = [follow_up(p) for p in rule.parts]
        if any(p is None or p != q for p, q in zip(parts, rule.parts, strict=True)):
            return None
        return rule
    return None


def tick_ids(form: StageForm | AuxForm) -> frozenset[str]:
    """Ids of the form's ticks (an unticked tick is stored as nothing: it means "no")."""
    return frozenset(f.id for _, f in _walk(form.fields(), "") if f.kind is FieldKind.TICK)


def decided(rule: Requirement, values: Mapping[str, Any], ticks: frozenset[str]) -> bool | None:
    """``rule`` on ``values``; None while an answer it depends on is not given yet."""
    if isinstance(rule, When):
        found = [v for v in resolve(values, rule.path) if not is_empty(v)]
        if not found:
            return _tick_false(rule) if rule.path.rsplit(".", 1)[-1] in ticks else None
        return rule.applies(values, {})
    if isinstance(rule, AllOf):
        results = [decided(p, values, ticks) for p in rule.parts]
        if False in results:
            return False
        return True if all(r is True for r in results) else None
    if isinstance(rule, AnyOf):
        results = [decided(p, values, ticks) for p in rule.parts]
        if True in results:
            return True
        return False if all(r is False for r in results) else None
    if isinstance(rule, Not):
        inner = decided(rule.parts[0], values, ticks)
        return None if inner is None else not inner
    return None


def _tick_false(rule: When) -> bool:
    """A nested tick left unticked: test the rule against False."""
    nested: dict[str, Any] = {}
    cursor = nested
    *heads, last = rule.path.split(".")
    for head in heads:
        cursor[head] = {}
        cursor = cursor[head]
    cursor[last] = False
    return rule.applies(nested, {})


def is_shown(field: Field, values: Mapping[str, Any], ticks: frozenset[str]) -> bool:
    """Whether ``field`` applies given the answers in ``values`` (its record's scope)."""
    condition = follow_up(field.required)
    return condition is None or decided(condition, values, ticks) is not False

