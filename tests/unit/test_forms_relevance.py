"""Follow-up questions (issue 12 item 5): every conditional rule tests a real answer with
values that exist, and every follow-up can be both shown and hidden. Generated from the
schema (tests/unit/relevance_cases.py)."""

from __future__ import annotations

import pytest

from app.domain.enums import Stage
from app.domain.forms import FieldKind, form_for
from app.domain.forms.relevance import decided, follow_up, is_shown, tick_ids
from app.domain.forms.requirements import UNSET, When
from tests.unit.relevance_cases import (
    FollowUp,
    controlling_field,
    follow_ups,
    leaves,
    showing_and_hiding,
)

CASES = follow_ups()


def test_the_schema_has_follow_ups() -> None:
    paths = {(c.form.title, c.path) for c in CASES}
    assert ("Stage 1 — Initial contact", "subject.relationship_other") in paths
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=str)
def test_each_condition_names_an_answer_and_values_it_can_take(case: FollowUp) -> None:
    for leaf in leaves(case.condition):
        _path, field = controlling_field(case, leaf)
        choices = set(field.choice_values())
        for tested in (leaf.equals, leaf.not_equals, leaf.contains, *(leaf.in_ or ())):
            if tested is UNSET:
                continue
            if field.kind in (FieldKind.YES_NO, FieldKind.TICK):
                assert isinstance(tested, bool), f"{case}: {leaf.path} is yes/no"
            else:
                assert tested in choices, f"{case}: {tested!r} is not a choice of {leaf.path}"


@pytest.mark.parametrize("case", CASES, ids=str)
def test_each_follow_up_is_shown_when_its_condition_holds_and_hidden_when_not(
        case: FollowUp) -> None:
    shown, hidden = showing_and_hiding(case)
    ticks = tick_ids(case.form)
    scope_shown = _scope(shown, case)
    scope_hidden = _scope(hidden, case)
    assert is_shown(case.field, scope_shown, ticks)
    assert not is_shown(case.field, scope_hidden, ticks)
    # Hidden means not needed: a hidden question is never mandatory.
    assert not case.field.required.applies(scope_hidden, {})


def _scope(values: dict[str, object], case: FollowUp) -> dict[str, object]:
    record = values
    for head in case.record.split(".") if case.record else ():
        record = record.get(head, {})  # type: ignore[assignment]
    return {**values, **record}


def test_relationship_other_only_for_other() -> None:
    """The reported case: "Relationship (other)" with "Boyfriend or girlfriend" chosen."""
    field = form_for(Stage.INITIAL_CONTACT).field("subject.relationship_other")
    ticks = tick_ids(form_for(Stage.INITIAL_CONTACT))
    assert not is_shown(field, {"relationship_to_applicant": "boyfriend_girlfriend"}, ticks)
    assert is_shown(field, {"relationship_to_applicant": "other"}, ticks)
    assert is_shown(field, {}, ticks)  # not hidden before the relationship is given


def test_an_unticked_tick_counts_as_no() -> None:
    form = form_for(Stage.RISK_ASSESSMENT)
    basis = form.field("childrens_social_care_basis")
    assert not is_shown(basis, {}, tick_ids(form))
    assert is_shown(basis, {"childrens_social_care_checked": True}, tick_ids(form))


def test_other_stages_and_either_or_pairs_never_hide_a_field() -> None:
    form = form_for(Stage.INITIAL_CONTACT)
    assert follow_up(form.field("subject.surname").required) is None
    assert follow_up(form_for(Stage.DECISION).field("forum").required) is None
    assert decided(When("x", equals="a"), {}, frozenset()) is None
