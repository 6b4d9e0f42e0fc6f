"""Which questions apply: a follow-up question is hidden once an answer rules it out.

A field whose ``required`` rule tests another answer *on the same form* (a plain
``When`` on a choice, a yes/no, a tick or a list of options: "Relationship (other)"
is required when the relationship is "Other") is a follow-up of that answer.  It is
shown while the condition holds and hidden when it does not.  While a question that
everyone must answer ("What is being asked for") is still unanswered, its follow-ups
stay in view (see ``open_ids``).

A rule only about other stages (``WhenContext``: "children's social care checked",
needed when the applicant consented, may be answered anyway) never hides a field, nor
do either-or pairs (``filled`` tests: "surname, unless a description is given"); in a
follow-up's rule, the other-stage parts narrow it.

A hidden field keeps its answer (nothing typed is lost) and, because its condition is
false, is never mandatory.  Pure Python, no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.domain.forms.model import AuxForm, Field, FieldKind, StageForm, _walk
from app.domain.forms.requirements import (
    ALWAYS,
    AllOf,
    AnyOf,
    CaseContext,
    Not,
    Requirement,
    When,
    WhenContext,
    is_empty,
    resolve,
)


def follow_up(rule: Requirement) -> Requirement | None:
    """The condition that decides whether a field with ``rule`` is shown, or None.

    Only a rule that tests an answer on the same form makes a follow-up; its parts on
    other stages (``WhenContext``) and ``filled`` tests then narrow it ("Why not a MAPPA
    meeting" only for a subject managed under MAPPA, once a forum is given). A rule made
    only of ``filled`` tests (an either-or pair) makes no follow-up.
    """
    evaluable = _evaluable(rule)
    return evaluable if evaluable is not None and _tests_the_form(evaluable) else None


def _evaluable(rule: Requirement) -> Requirement | None:
    if isinstance(rule, When):
        return rule
    if isinstance(rule, WhenContext):
        return rule if rule.filled is None else None
    if isinstance(rule, AllOf):
        kept = [part for part in (_evaluable(p) for p in rule.parts) if part is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else AllOf(*kept)
    if isinstance(rule, AnyOf | Not):
        parts = [_evaluable(p) for p in rule.parts]
        if any(p is None or p != q for p, q in zip(parts, rule.parts, strict=True)):
            return None
        return rule
    return None


def _tests_the_form(rule: Requirement) -> bool:
    """Whether the rule tests an answer on the form (a ``filled`` test alone does not)."""
    if isinstance(rule, When):
        return rule.filled is None
    if isinstance(rule, AllOf | AnyOf | Not):
        return any(_tests_the_form(p) for p in rule.parts)
    return False


def open_ids(form: StageForm | AuxForm) -> frozenset[str]:
    """Ids of the questions everyone must answer (``ALWAYS``, not ticks): while one is
    unanswered its follow-ups stay in view, so the page shows what lies ahead. Any other
    answer left empty counts as given the empty way (an unticked tick is "no"): an
    optional question's follow-ups appear only once it is answered that way."""
    return frozenset(f.id for _, f in _walk(form.fields(), "")
                     if f.required is ALWAYS and f.kind is not FieldKind.TICK)


def decided(rule: Requirement, values: Mapping[str, Any], context: CaseContext,
            open_: frozenset[str]) -> bool | None:
    """``rule`` on ``values``; None while a question it depends on, one everyone must
    answer, is not answered yet."""
    if isinstance(rule, When):
        found = [v for v in resolve(values, rule.path) if not is_empty(v)]
        if not found and rule.path.rsplit(".", 1)[-1] in open_:
            return None
        return rule.applies(values, context)
    if isinstance(rule, WhenContext):
        return rule.applies(values, context)
    if isinstance(rule, AllOf):
        results = [decided(p, values, context, open_) for p in rule.parts]
        if False in results:
            return False
        return True if all(r is True for r in results) else None
    if isinstance(rule, AnyOf):
        results = [decided(p, values, context, open_) for p in rule.parts]
        if True in results:
            return True
        return False if all(r is False for r in results) else None
    if isinstance(rule, Not):
        inner = decided(rule.parts[0], values, context, open_)
        return None if inner is None else not inner
    return None


def is_shown(field: Field, values: Mapping[str, Any], context: CaseContext,
             open_: frozenset[str]) -> bool:
    """Whether ``field`` applies given the answers in ``values`` (its record's scope) and
    the case's other stages."""
    condition = follow_up(field.required)
    return condition is None or decided(condition, values, context, open_) is not False

