"""Every route of the process, end to end through the services."""

from __future__ import annotations

import pytest

from app.domain.enums import AuditAction, Route, Stage
from app.services import case_actions, cases
from app.storage import audit_repo
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, values, walk_to


@pytest.mark.parametrize(
    ("variant", "route"),
    [
        ("disclose", Route.DISCLOSED),
        ("no_concerns", Route.NO_CONCERNS),
        ("not_disclosed", Route.NOT_DISCLOSED),
    ],
)
def test_full_routes(unit: TestUnit, variant: str, route: Route) -> None:
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = open_new(officer).reference
        case = walk_to(officer, supervisor, ref, Stage.OUTCOME, variant)  # type: ignore[arg-type]
        assert case.current_stage is Stage.CLOSURE and case.route is route
        closure = case.values(Stage.CLOSURE)
        assert closure["route"] == route.value and "Parties" in closure["summary"]
        closure.update(intel_report_ref="INT/2025/0042", intel_report_date="2025-04-01")
        done = cases.complete_stage(officer, ref, Stage.CLOSURE, closure)
        assert done.case.status == "closed" and done.case.route is route
        assert done.case.closed_at is not None
        actions = [
            r.action for r in audit_repo.search(officer.conn, audit_repo.AuditQuery(case_ref=ref))
        ]
    assert (AuditAction.DISCLOSE in actions) == (route is Route.DISCLOSED)


@pytest.mark.parametrize(
    ("request_type", "route"),
    [
        ("dbs", Route.REDIRECTED),
        ("subject_access", Route.REDIRECTED),
        ("foi", Route.REDIRECTED),
        ("vetting_barring", Route.REDIRECTED),
        ("intelligence", Route.INTELLIGENCE_ONLY),
    ],
)
def test_stage1_routes_that_close_early(unit: TestUnit, request_type: str, route: Route) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        s1 = {
            "contact_at": "2025-03-03T09:15:00+00:00",
            "officer": "PC Olive Ashdown",
            "contact_method": "telephone",
            "owning_force": "Wessex Police",
            "request_type": request_type,
            "reason": "Asked for a record check on herself.",
        }
        done = cases.complete_stage(officer, ref, Stage.INITIAL_CONTACT, s1)
        assert done.next_stage is Stage.CLOSURE and done.route is route
        assert "¶" in done.explanation
        closure = done.case.values(Stage.CLOSURE)
        closure.update(intel_report_ref="INT/1", intel_report_date="2025-03-04")
        closed = cases.complete_stage(officer, ref, Stage.CLOSURE, closure).case
    assert closed.status == "closed" and closed.route is route


def test_anonymous_applicant_goes_to_intelligence(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        s1 = values(Stage.INITIAL_CONTACT, applicant_anonymous=True)
        done = cases.complete_stage(officer, ref, Stage.INITIAL_CONTACT, s1)
    assert done.route is Route.INTELLIGENCE_ONLY and "anonymous" in done.explanation


def test_identity_not_verified_route(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.INITIAL_CONTACT)
        s2 = values(Stage.FACE_TO_FACE, identity_verified=False)
        done = cases.complete_stage(officer, ref, Stage.FACE_TO_FACE, s2)
        assert done.route is Route.IDENTITY_NOT_VERIFIED and "¶5.2.8" in done.explanation
        closure = done.case.values(Stage.CLOSURE)
        closure.update(intel_report_ref="INT/2", intel_report_date="2025-03-10")
        assert cases.complete_stage(officer, ref, Stage.CLOSURE, closure).case.status == "closed"


def test_withdrawn_at_any_stage(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.INFORMATION_PACK)
        case = case_actions.close_early(officer, ref, Route.WITHDRAWN, "Applicant withdrew.")
        assert case.current_stage is Stage.CLOSURE
        closure = case.values(Stage.CLOSURE)
        assert closure["route"] == "withdrawn" and closure["closure_notes"] == "Applicant withdrew."
        closure.update(intel_report_ref="INT/3", intel_report_date="2025-03-10")
        closed = cases.complete_stage(officer, ref, Stage.CLOSURE, closure).case
    assert closed.route is Route.WITHDRAWN


def test_signoff_return_path(unit: TestUnit) -> None:
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = open_new(officer).reference
        case = walk_to(officer, None, ref, Stage.DECISION)
        assert case.awaiting_signoff and case.current_stage is Stage.DECISION
        with pytest.raises(Exception, match="Say why"):
            case_actions.sign_off(supervisor, ref, approve=False)
        returned = case_actions.sign_off(
            supervisor, ref, approve=False, comment="Record the forum attendees."
        )
        assert returned.signoff == "returned" and not returned.is_complete(Stage.DECISION)
        seen = cases.get_case(officer, ref)
        assert seen.last_signoff_comment == "Record the forum attendees."
        cases.complete_stage(officer, ref, Stage.DECISION, values(Stage.DECISION))
        approved = case_actions.sign_off(supervisor, ref, approve=True)
    assert approved.current_stage is Stage.OUTCOME and approved.signoff == "approved"


def test_supervisor_reopens_a_closed_case(unit: TestUnit) -> None:
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = open_new(officer).reference
        case = case_actions.close_early(officer, ref, Route.WITHDRAWN, "Withdrawn by phone.")
        closure = case.values(Stage.CLOSURE)
        closure.update(intel_report_ref="INT/4", intel_report_date="2025-03-10")
        cases.complete_stage(officer, ref, Stage.CLOSURE, closure)
        with pytest.raises(Exception, match="may not"):
            case_actions.reopen(officer, ref, "I want to")
        reopened = case_actions.reopen(supervisor, ref, "Applicant called back.")
    assert reopened.status == "open" and reopened.current_stage is Stage.CLOSURE
