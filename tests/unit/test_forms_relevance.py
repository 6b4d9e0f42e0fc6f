"""Follow-up questions (issue 12 item 5): every conditional rule tests a real answer with
values that exist, and every follow-up can be both shown and hidden. Generated from the
schema (tests/unit/relevance_cases.py)."""

from __future__ import annotations

import pytest

from app.domain.enums import Stage
from app.domain.forms import FieldKind, form_for
from app.domain.forms.relevance import decided, follow_up, is_shown, open_ids
from app.domain.forms.requirements import UNSET, When
from tests.unit.relevance_cases import (
    FollowUp,
    controlling_field,
    follow_ups,
    leaves,
    scope_of,
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
    (shown, shown_context), (hidden, hidden_context) = showing_and_hiding(case)
    open_ = open_ids(case.form)
    assert is_shown(case.field, scope_of(shown, case), shown_context, open_)
    assert not is_shown(case.field, scope_of(hidden, case), hidden_context, open_)
    # Hidden means not needed: a hidden question is never mandatory.
    assert not case.field.required.applies(scope_of(hidden, case), hidden_context)


def test_relationship_other_only_for_other() -> None:
    """The reported case: "Relationship (other)" with "Boyfriend or girlfriend" chosen."""
    field = form_for(Stage.INITIAL_CONTACT).field("subject.relationship_other")
    open_ = open_ids(form_for(Stage.INITIAL_CONTACT))
    assert not is_shown(field, {"relationship_to_applicant": "boyfriend_girlfriend"}, {}, open_)
    assert is_shown(field, {"relationship_to_applicant": "other"}, {}, open_)
    assert not is_shown(field, {}, {}, open_)  # an optional question: waits for "Other"


def test_a_question_everyone_answers_keeps_its_follow_ups_in_view_until_answered() -> None:
    form = form_for(Stage.INITIAL_CONTACT)
    open_ = open_ids(form)
    assert "request_type" in open_ and "check_pnc" not in open_
    pnc = form.field("check_pnc")
    assert is_shown(pnc, {}, {}, open_)
    assert is_shown(pnc, {"request_type": "csods"}, {}, open_)
    assert not is_shown(pnc, {"request_type": "dbs"}, {}, open_)


def test_an_unticked_tick_counts_as_no() -> None:
    form = form_for(Stage.RISK_ASSESSMENT)
    basis = form.field("childrens_social_care_basis")
    assert not is_shown(basis, {}, {}, open_ids(form))
    assert is_shown(basis, {"childrens_social_care_checked": True}, {}, open_ids(form))


def test_other_stages_narrow_a_follow_up_but_never_hide_a_field_alone() -> None:
    decision = form_for(Stage.DECISION)
    why_not = decision.field("mappa_exception_reason")
    mappa = {Stage.RISK_ASSESSMENT: {"categorisation": "concerns", "mappa_managed": True}}
    not_mappa = {Stage.RISK_ASSESSMENT: {"categorisation": "concerns", "mappa_managed": False}}
    open_ = open_ids(decision)
    assert is_shown(why_not, {"forum": "strategy_meeting"}, mappa, open_) or \
        is_shown(why_not, {"forum": "case_conference"}, mappa, open_)
    assert not is_shown(why_not, {"forum": "mappa_meeting"}, mappa, open_)
    assert not is_shown(why_not, {}, not_mappa, open_)
    assert follow_up(decision.field("forum").required) is None  # other stages only
    assert follow_up(form_for(Stage.INITIAL_CONTACT).field("subject.surname").required) is None
    assert decided(When("x", equals="a"), {}, {}, frozenset({"x"})) is None
    assert decided(When("x", equals="a"), {}, {}, frozenset()) is False
