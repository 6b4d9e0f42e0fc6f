"""Every guardrail refuses with its ¶; completion refused with the exact missing fields."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from app.domain import guardrails
from app.domain.case_facts import CaseFacts
from app.domain.enums import Route, Stage
from app.errors import InvalidInput, RefusedByGuardrail
from app.services import case_actions, cases
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, values, walk_to
from tests.unit.form_examples import valid_case_context


def _disclosure_facts(**changes: Any) -> CaseFacts:
    base = CaseFacts(
        current_stage=Stage.OUTCOME,
        values=valid_case_context("disclose"),
        completed=frozenset(Stage) - {Stage.OUTCOME, Stage.CLOSURE},
        signoff="approved",
    )
    return replace(base, **changes)


def _with(facts: CaseFacts, stage: Stage, **fields: Any) -> CaseFacts:
    values = {s: dict(v) for s, v in facts.values.items()}
    values[stage].update(fields)
    return replace(facts, values=values)


def test_a_proper_disclosure_passes_every_guardrail() -> None:
    assert guardrails.disclosure_refusals(_disclosure_facts()) == []


@pytest.mark.parametrize(
    ("mutate", "paragraph"),
    [
        (lambda f: replace(f, current_stage=Stage.DECISION), "¶3.3"),
        (lambda f: replace(f, current_stage=Stage.FACE_TO_FACE), "5.2.15"),
        (lambda f: _with(f, Stage.FACE_TO_FACE, identity_verified=False), "¶5.2.8"),
        (lambda f: _with(f, Stage.DECISION, forum=None), "¶5.6.12"),
        (lambda f: _with(f, Stage.DECISION, forum_date=""), "¶5.6.12"),
        (lambda f: _with(f, Stage.DECISION, test_power=False), "¶5.6.14"),
        (lambda f: _with(f, Stage.DECISION, test_pressing_need_reasons=" "), "¶5.6.14"),
        (lambda f: _with(f, Stage.DECISION, test_proportionate=None), "¶5.6.14"),
        (lambda f: _with(f, Stage.DECISION, data_protection_considered=False), "¶3.5"),
        (lambda f: _with(f, Stage.DECISION, recipient={}), "¶4.3"),
        (
            lambda f: _with(
                f,
                Stage.DECISION,
                recipient={"name": "Ann Other", "relationship": "other", "why_best_placed": "x"},
            ),
            "4.8",
        ),
        (
            lambda f: _with(
                f, Stage.DECISION, recipient={"name": "Ann Other", "relationship": "parent"}
            ),
            "¶5.5.4",
        ),
        (lambda f: _with(f, Stage.DECISION, decision="do_not_disclose"), "¶5.6"),
        (lambda f: _with(f, Stage.RISK_ASSESSMENT, categorisation="no_concerns"), "¶5.5.3"),
        (lambda f: replace(f, signoff="awaiting"), "supervisor must sign off"),
        (lambda f: replace(f, signoff="returned"), "supervisor must sign off"),
    ],
)
def test_each_disclosure_guardrail_names_its_paragraph(mutate: Any, paragraph: str) -> None:
    refusals = guardrails.disclosure_refusals(mutate(_disclosure_facts()))
    assert refusals and any(paragraph in r for r in refusals), refusals


def test_no_decision_yet_is_not_called_a_decision_not_to_disclose() -> None:
    # Seen in the app: a stage 3 case refused the disclosure form with "The recorded
    # decision is not to disclose" although no decision had been recorded.
    undecided = guardrails.disclosure_refusals(
        _with(_disclosure_facts(), Stage.DECISION, decision=None))
    assert "No decision to disclose has been recorded yet (¶5.6)." in undecided
    assert not any("recorded decision is not to disclose" in r for r in undecided)
    refused = guardrails.disclosure_refusals(
        _with(_disclosure_facts(), Stage.DECISION, decision="do_not_disclose"))
    assert "The recorded decision is not to disclose (¶5.6)." in refused


def test_non_disclosure_only_on_its_routes() -> None:
    facts = _disclosure_facts()
    assert "¶5.6.1" in guardrails.non_disclosure_refusals(facts)[0]
    assert (
        guardrails.non_disclosure_refusals(_with(facts, Stage.DECISION, decision="do_not_disclose"))
        == []
    )
    assert (
        guardrails.non_disclosure_refusals(
            _with(facts, Stage.RISK_ASSESSMENT, categorisation="no_concerns")
        )
        == []
    )


def test_undertaking_refused_needs_the_decision_to_proceed() -> None:
    refused = {"undertaking_signed": False}
    assert "¶5.2.11" in guardrails.undertaking_refusals(refused)[0]
    assert guardrails.undertaking_refusals({**refused, "proceed_despite_refusal": False}) == []


@pytest.mark.parametrize(
    ("route", "paragraph"),
    [
        (Route.REDIRECTED, "¶3.7"),
        (Route.IDENTITY_NOT_VERIFIED, "¶5.2.8"),
        (Route.DISCLOSED, "¶5.6"),
        (Route.NO_CONCERNS, "¶5.6"),
        (Route.NOT_DISCLOSED, "¶5.6"),
    ],
)
def test_closure_routes_need_their_record(route: Route, paragraph: str) -> None:
    facts = CaseFacts(
        current_stage=Stage.RISK_ASSESSMENT,
        values={
            Stage.INITIAL_CONTACT: {"request_type": "csods"},
            Stage.FACE_TO_FACE: {"identity_verified": True},
        },
    )
    refusals = guardrails.closure_route_refusals(facts, route)
    assert refusals and paragraph in refusals[0]


def test_stage_completion_lists_exactly_the_missing_fields(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        s3 = values(Stage.INITIAL_CONTACT)
        walk_to(officer, None, ref, Stage.FACE_TO_FACE)
        partial = {"pack_format": "paper"}
        with pytest.raises(InvalidInput) as refused:
            cases.complete_stage(officer, ref, Stage.INFORMATION_PACK, partial)
        assert [p.path for p in refused.value.problems] == ["pack_given_on"]
        assert "1 answer is missing" in str(refused.value)
        # Nothing was written: the stage is still open to complete properly.
        case = cases.load_case(officer, ref)
        assert not case.is_complete(Stage.INFORMATION_PACK)
        assert s3["request_type"] == "csods"


def test_empty_stage1_lists_every_mandatory_field(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        with pytest.raises(InvalidInput) as refused:
            cases.complete_stage(officer, ref, Stage.INITIAL_CONTACT, {"request_type": "csods"})
    paths = [p.path for p in refused.value.problems]
    for expected in (
        "contact_at",
        "officer",
        "contact_method",
        "owning_force",
        "applicant.surname",
        "applicant.dob",
        "subject.surname",
        "reason",
        "immediate_risk",
        "consent_to_share",
        "check_pnc",
        "check_local",
    ):
        assert expected in paths
    assert all(p.message for p in refused.value.problems)


def test_disclosure_outcome_refused_without_signoff_even_if_forced(unit: TestUnit) -> None:
    """The service (not the UI) refuses stage 6 until the decision is signed off."""
    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.DECISION)
        with pytest.raises(InvalidInput, match="cannot be worked on now|sign-off"):
            cases.complete_stage(officer, ref, Stage.OUTCOME, values(Stage.OUTCOME))


def test_stage6_disclosure_refused_when_identity_later_unverified(unit: TestUnit) -> None:
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = open_new(officer).reference
        walk_to(officer, supervisor, ref, Stage.DECISION)
        # Tamper with the record around the services' rules: the guardrail still holds.
        case = cases.load_case(officer, ref)
        s2 = case.values(Stage.FACE_TO_FACE)
        s2["identity_verified"] = False
        from app.storage import cases_repo

        with officer.transaction() as conn:
            cases_repo.upsert_stage(
                conn,
                case.id,
                Stage.FACE_TO_FACE,
                1,
                s2,
                "complete",
                officer.clock.now(),
                officer.user.id,
            )
        with pytest.raises(RefusedByGuardrail) as refused:
            cases.complete_stage(officer, ref, Stage.OUTCOME, values(Stage.OUTCOME))
    assert any("¶5.2.8" in r for r in refused.value.reasons)


def test_officer_cannot_sign_off_and_supervisor_not_their_own(unit: TestUnit) -> None:
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.DECISION)
        with pytest.raises(Exception, match="may not"):
            case_actions.sign_off(officer, ref, approve=True)
        ref2 = open_new(supervisor).reference
        walk_to(supervisor, None, ref2, Stage.DECISION)
        with pytest.raises(Exception, match="yourself"):
            case_actions.sign_off(supervisor, ref2, approve=True)
