"""The unit's timescale policy may shorten the 2010 targets but never lengthen them:
"All time scales are maximums" (¶5.6.27; ¶5 table, 5.1.13, 5.4.8). Shorter targets,
e.g. the 28-day whole case some forces publish (2023 digest §2.8 [S]), stay allowed."""

from __future__ import annotations

import pytest

from app.domain.timescale_policy import MAXIMA_2010, TimescalePolicy
from app.errors import InvalidInput
from app.services import timescale_policy
from tests.conftest import TestUnit

TOO_LONG = [
    TimescalePolicy(overall_days=60, name="Longer"),            # review shot 65/66
    TimescalePolicy(initial_contact_hours=25, name="Longer"),
    TimescalePolicy(face_to_face_days=11, name="Longer"),
    TimescalePolicy(risk_assessment_days=11, name="Longer"),
    TimescalePolicy(decision_route_days=36, name="Longer"),
]


def test_the_2010_maxima_are_24h_10d_10d_35d_45d_5_6_27() -> None:
    assert (MAXIMA_2010.initial_contact_hours, MAXIMA_2010.face_to_face_days,
            MAXIMA_2010.risk_assessment_days, MAXIMA_2010.decision_route_days,
            MAXIMA_2010.overall_days) == (24, 10, 10, 35, 45)


@pytest.mark.parametrize("targets", TOO_LONG)
def test_adopt_refuses_a_target_longer_than_its_2010_maximum_5_6_27(
        unit: TestUnit, targets: TimescalePolicy) -> None:
    with unit.supervisor() as sup:
        with pytest.raises(InvalidInput, match=r"maxima \(¶5\.6\.27\)"):
            timescale_policy.adopt_policy(sup, targets, "The force wants longer")
        assert [p.version for p in timescale_policy.policies(sup)] == [1]


def test_adopt_refuses_a_stage_longer_than_the_whole_case_5_6_27(unit: TestUnit) -> None:
    with unit.supervisor() as sup:
        # 28 days overall but the decision route left at 35: the route cannot fit.
        with pytest.raises(InvalidInput, match=r"decision route.*¶5\.6\.27") as refused:
            timescale_policy.adopt_policy(sup, TimescalePolicy(overall_days=28, name="N19"),
                                          "Force adopted the 28-day target")
        assert "28 days" in str(refused.value)
        with pytest.raises(InvalidInput, match=r"face-to-face or risk assessment or decision"):
            timescale_policy.adopt_policy(sup, TimescalePolicy(overall_days=9, name="N19"),
                                          "Very short")
        assert [p.version for p in timescale_policy.policies(sup)] == [1]


def test_adopt_allows_shorter_targets_such_as_28_days_overall(unit: TestUnit) -> None:
    short = TimescalePolicy(initial_contact_hours=12, face_to_face_days=7,
                            risk_assessment_days=10, decision_route_days=18, overall_days=28,
                            name="Force policy N19")
    assert not short.problems()
    with unit.supervisor() as sup:
        new = timescale_policy.adopt_policy(sup, short, "Force adopted the 28-day target")
        assert new.version == 2 and timescale_policy.current_policy(sup).overall_days == 28
        # Back up to exactly the 2010 maxima is allowed too (they are the limits).
        again = TimescalePolicy(name="Back to the circular")
        assert timescale_policy.adopt_policy(sup, again, "Force policy withdrawn").version == 3
