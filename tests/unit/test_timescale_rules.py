"""¶5.6.27 decision route and event-date milestones; timescales as a unit policy."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.domain.enums import Stage
from app.domain.milestones import milestone_instants
from app.domain.timescale_policy import DEFAULT_POLICY, TimescalePolicy
from app.domain.timescales import DeadlineKind as K
from app.domain.timescales import DeadlineState as S
from app.domain.timescales import Extension, Progress, compute_deadlines, policy_label

CONTACT = datetime(2024, 1, 10, 9, 0, tzinfo=UTC)


def by_kind(progress: Progress, now: datetime, policy: TimescalePolicy = DEFAULT_POLICY,
            exts: tuple[Extension, ...] = ()) -> dict[K, object]:
    return {d.kind: d for d in compute_deadlines(progress, exts, now, policy=policy)}


def test_decision_route_runs_35_days_from_the_risk_assessment_5_6_27() -> None:
    reached = CONTACT + timedelta(days=4)
    d = {x.kind: x for x in compute_deadlines(
        Progress(CONTACT, completed={K.RISK_ASSESSMENT_10D: reached}), (), CONTACT)}
    assert d[K.DECISION_35D].due == reached + timedelta(days=35)
    # Reached on day 10 at the latest: 10 + 35 = 45, the overall maximum (¶5.6.27).
    late = {x.kind: x for x in compute_deadlines(Progress(CONTACT), (), CONTACT)}
    assert late[K.DECISION_35D].due == late[K.CLOSURE_45D].due
    assert "risk assessment" in K.DECISION_35D.label and K.DECISION_35D.paragraph == "¶5.6.27"


def test_extending_the_risk_assessment_moves_the_decision_route_start_5_6_27() -> None:
    ext = Extension(K.RISK_ASSESSMENT_10D, CONTACT + timedelta(days=14), "agency delay",
                    date(2024, 1, 15))
    d = {x.kind: x for x in compute_deadlines(Progress(CONTACT), (ext,), CONTACT)}
    assert d[K.DECISION_35D].due == CONTACT + timedelta(days=49)


def test_milestones_are_the_event_dates_not_the_completion_click_5_6_27() -> None:
    clicked = CONTACT + timedelta(days=20)
    values = {Stage.FACE_TO_FACE: {"meeting_at": "2024-01-15T10:00:00+00:00"},
              Stage.OUTCOME: {"conveyed_on": "2024-02-01"}}
    done = {Stage.FACE_TO_FACE: clicked, Stage.INFORMATION_PACK: clicked,
            Stage.OUTCOME: clicked + timedelta(days=30)}
    got = milestone_instants(values, done)
    assert got[K.FACE_TO_FACE_10D] == datetime(2024, 1, 15, 10, 0, tzinfo=UTC)
    assert got[K.DECISION_35D].date() == date(2024, 2, 1)
    assert got[K.RISK_ASSESSMENT_10D] == clicked  # the moment stage 4 was reached
    d = {x.kind: x for x in compute_deadlines(Progress(CONTACT, completed=got), (), clicked)}
    # Meeting held on day 5, though the form was completed on day 20: met.
    assert d[K.FACE_TO_FACE_10D].state is S.MET
    disclosed = milestone_instants({Stage.OUTCOME: {"disclosed_at": "2024-02-03T12:00:00Z"}},
                                   {Stage.OUTCOME: clicked})
    assert disclosed[K.DECISION_35D] == datetime(2024, 2, 3, 12, 0, tzinfo=UTC)
    # A stage that is not complete has no milestone, whatever its draft says.
    assert milestone_instants(values, {}) == {}


def test_a_unit_policy_sets_the_lengths() -> None:
    short = TimescalePolicy(version=2, overall_days=28, decision_route_days=18,
                            name="Force policy N19")
    d = {x.kind: x for x in compute_deadlines(Progress(CONTACT), (), CONTACT, policy=short)}
    assert d[K.CLOSURE_45D].due == CONTACT + timedelta(days=28)
    assert policy_label(K.CLOSURE_45D, short) == "Case closed within 28 days"
    assert policy_label(K.CLOSURE_45D, DEFAULT_POLICY) == K.CLOSURE_45D.label


@pytest.mark.parametrize("bad", [
    TimescalePolicy(initial_contact_hours=0), TimescalePolicy(overall_days=5),
    TimescalePolicy(face_to_face_days=400), TimescalePolicy(name=" "),
])
def test_policy_refuses_nonsense_targets(bad: TimescalePolicy) -> None:
    assert bad.problems()
    assert not DEFAULT_POLICY.problems()
