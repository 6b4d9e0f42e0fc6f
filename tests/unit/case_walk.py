"""Test helper: walk a case through the services, stage by stage."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.domain.enums import Stage
from app.services import case_actions, cases
from app.services.case_file import CaseFile
from app.services.session import Session
from tests.unit.form_examples import Variant, valid_stage_values

CONTACT = datetime(2025, 3, 3, 9, 15, tzinfo=UTC)


def open_new(session: Session, contact_at: datetime = CONTACT) -> CaseFile:
    return cases.open_case(session, contact_at)


def values(stage: Stage, variant: Variant = "disclose", **changes: Any) -> dict[str, Any]:
    data = valid_stage_values(stage, variant)
    data.update(changes)
    return data


def walk_to(
    officer: Session,
    supervisor: Session | None,
    ref: str,
    last: Stage,
    variant: Variant = "disclose",
) -> CaseFile:
    """Complete every stage up to and including ``last`` (sign-off by ``supervisor``)."""
    case = cases.load_case(officer, ref) if hasattr(cases, "load_case") else None
    for stage in Stage:
        if stage > last:
            break
        answers = values(stage, variant)
        if stage is Stage.INITIAL_CONTACT:
            # Stage 1's contact time is the case's first-contact instant (issue 12 item 2):
            # keep the one the case was opened with.
            opened = cases.get_case(officer, ref).values(Stage.INITIAL_CONTACT)
            answers["contact_at"] = opened.get("contact_at", answers["contact_at"])
        done = cases.complete_stage(officer, ref, stage, answers)
        case = done.case
        if stage is Stage.DECISION and supervisor is not None:
            case = case_actions.sign_off(supervisor, ref, approve=True)
    assert case is not None
    return case
