"""The moves the case stamps accept (process.NEXT_STAGES, CLOSING_ROUTES) are the moves
``process.transition`` makes (¶3.7, 5.2.5, 5.2.8, 5.6.21, 6.1): a stamp rule that drifted
from the state machine would refuse honest rows or believe forged ones."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from app.domain import process
from app.domain.enums import Route, Stage
from tests.unit.form_examples import valid_stage_values


def _moves(stage: Stage, values: dict[str, Any], facts: Any = None) -> tuple[Stage, Route | None]:
    made = process.transition(stage, values, cast(Any, facts))
    return made.next_stage, made.route


def _check(stage: Stage, moved: tuple[Stage, Route | None]) -> None:
    next_stage, route = moved
    assert next_stage in process.NEXT_STAGES[stage]
    if next_stage is Stage.CLOSURE and stage is not Stage.CLOSURE:
        assert route in process.CLOSING_ROUTES[stage]


def test_every_move_of_the_first_two_stages_is_one_the_stamps_accept() -> None:
    first = valid_stage_values(Stage.INITIAL_CONTACT)
    variants = [first, {**first, "request_type": "dbs"}, {**first, "request_type": "foi"},
                {**first, "request_type": "intelligence"},
                {**first, "applicant_anonymous": True}, {**first, "children": []}]
    seen = {_moves(Stage.INITIAL_CONTACT, v) for v in variants}
    assert seen == {(Stage.FACE_TO_FACE, None), (Stage.CLOSURE, Route.REDIRECTED),
                    (Stage.CLOSURE, Route.INTELLIGENCE_ONLY)}
    for moved in seen:
        _check(Stage.INITIAL_CONTACT, moved)
    second = valid_stage_values(Stage.FACE_TO_FACE)
    for values in (second, {**second, "identity_verified": False}):
        _check(Stage.FACE_TO_FACE, _moves(Stage.FACE_TO_FACE, values))


def test_the_middle_stages_and_every_outcome_route() -> None:
    for stage in (Stage.INFORMATION_PACK, Stage.RISK_ASSESSMENT, Stage.DECISION):
        _check(stage, _moves(stage, valid_stage_values(stage)))
    routes = set()
    for not_made, disclosing, kind in ((True, True, ""), (False, True, ""),
                                       (False, False, "no_concerns"), (False, False, "x")):
        facts = SimpleNamespace(disclosure_not_made=not_made, disclosing=disclosing,
                                categorisation=kind)
        moved = _moves(Stage.OUTCOME, {}, facts)
        _check(Stage.OUTCOME, moved)
        routes.add(moved[1])
    assert routes == set(process.CLOSING_ROUTES[Stage.OUTCOME])
