"""The closure report names each timescale with the case's own policy (issue 11
item 13): a case opened under a 28-day policy is not reported against 45 days."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from app.documents import DocumentKind, build
from app.domain.enums import Stage
from app.domain.timescale_policy import TimescalePolicy
from app.domain.timescales import Progress, compute_deadlines
from tests.unit.test_documents_support import make_case, text

CONTACT = datetime(2025, 3, 3, 9, 15, tzinfo=UTC)


def test_closure_report_uses_the_case_policy_5_6_27() -> None:
    case = make_case("disclose", current_stage=Stage.CLOSURE)
    short = TimescalePolicy(version=2, decision_route_days=18, overall_days=28, name="PP/19")
    deadlines = tuple(compute_deadlines(Progress(contact_at=CONTACT), (), CONTACT,
                                        policy=short))
    body = text(build(DocumentKind.CLOSURE_REPORT,
                      dataclasses.replace(case, deadlines=deadlines, policy=short)))
    assert "Case closed within 28 days" in body
    assert "within 18 days of the risk" in body
    assert "within 45 days" not in body
    default = text(build(DocumentKind.CLOSURE_REPORT, dataclasses.replace(
        case, deadlines=tuple(compute_deadlines(Progress(contact_at=CONTACT), (), CONTACT)))))
    assert "Case closed within 45 days" in default
