"""Property: no sequence of service calls yields a disclosure without its prerequisites,
and every successful change leaves its audit row."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain import guardrails
from app.domain.enums import AuditAction, Route, Stage
from app.errors import CsodsError
from app.services import case_actions, cases
from app.services.session import Session
from app.storage import audit_repo
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, values
from tests.unit.form_examples import valid_immediate_risk_values

ACTIONS = [
    "complete",
    "complete",
    "complete",
    "tampered",
    "empty",
    "approve",
    "return",
    "withdraw",
    "draft",
    "risk",
    "reopen",
]
TAMPER = {
    Stage.FACE_TO_FACE: {"identity_verified": False},
    Stage.RISK_ASSESSMENT: {"categorisation": "no_concerns", "concern_grounds": []},
    Stage.DECISION: {"test_power": False, "data_protection_considered": False},
    Stage.OUTCOME: {"undertaking_signed": False},
}


def _act(action: str, officer: Session, supervisor: Session, ref: str, variant: Any) -> bool:
    """Do one action; True when it changed something."""
    case = cases.load_case(officer, ref)
    stage = case.current_stage
    if action in ("complete", "tampered", "empty"):
        data = {} if action == "empty" else values(stage, variant)
        if action == "tampered":
            data.update(TAMPER.get(stage, {}))
        cases.complete_stage(officer, ref, stage, data)
    elif action in ("approve", "return"):
        case_actions.sign_off(supervisor, ref, approve=action == "approve", comment="Check.")
    elif action == "withdraw":
        case_actions.close_early(officer, ref, Route.WITHDRAWN, "Withdrawn.")
    elif action == "draft":
        data = values(stage, variant)
        cases.save_draft(officer, ref, stage, data)
        return data != case.values(stage)
    elif action == "risk":
        case_actions.record_immediate_risk(officer, ref, valid_immediate_risk_values())
    elif action == "reopen":
        case_actions.reopen(supervisor, ref, "Review.", Stage.DECISION)
    return True


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(st.sampled_from(ACTIONS), min_size=3, max_size=14),
    variant=st.sampled_from(["disclose", "no_concerns", "not_disclosed"]),
)
def test_random_sequences_keep_the_rules(unit: TestUnit, steps: list[str], variant: Any) -> None:
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = open_new(officer).reference
        for action in steps:
            before = audit_repo.head(officer.conn)[0]
            try:
                changed = _act(action, officer, supervisor, ref, variant)
            except CsodsError:
                changed = False
            new_rows = [r for r in audit_repo.iter_rows(officer.conn) if r.id > before]
            if changed:
                # At least one row for the change, naming this case; nothing unaudited.
                assert new_rows and all(
                    r.case_ref == ref for r in new_rows if r.action != AuditAction.CONSULT
                )
            else:
                assert all(r.action == AuditAction.REFUSED for r in new_rows)
            case = cases.load_case(officer, ref)
            facts = case.facts
            disclosed = case.is_complete(Stage.OUTCOME) and facts.disclosing
            if disclosed:
                assert guardrails.disclosure_refusals(facts) == []
                assert facts.signoff == "approved"
                assert facts.get(Stage.FACE_TO_FACE, "identity_verified") is True
            if case.status == "closed" and case.route is Route.DISCLOSED:
                assert disclosed
        assert audit_repo.chain_problems(officer.conn) == []
