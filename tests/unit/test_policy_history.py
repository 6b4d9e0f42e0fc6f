"""The timescale policy's history for the supervisor's view: who adopted each
version, when and why (¶5 table, 5.6.27; 2023 practice [S])."""

from __future__ import annotations

from app.domain.timescale_policy import TimescalePolicy
from app.services import timescale_policy
from tests.conftest import TestUnit


def test_history_names_who_when_and_why(unit: TestUnit) -> None:
    with unit.supervisor() as sup:
        first = timescale_policy.policy_history(sup)
        assert [v.policy.version for v in first] == [1]
        assert first[0].adopted_by is None and "5.6.27" in first[0].reason
        timescale_policy.adopt_policy(sup, TimescalePolicy(overall_days=28, name="PP/19"),
                                      "Force adopted the 28-day target")
        history = timescale_policy.policy_history(sup)
        assert [v.policy.version for v in history] == [1, 2]
        assert history[1].adopted_by == sup.user.display_name
        assert history[1].adopted_at == unit.clock.now()
        assert history[1].reason == "Force adopted the 28-day target"
        assert history[1].policy.overall_days == 28
    with unit.officer() as officer:  # officers may see the targets their cases run on
        assert len(timescale_policy.policy_history(officer)) == 2
