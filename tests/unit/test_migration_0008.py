"""A unit made by release 0.1.0 keeps opening after migration 0008: its cases get the 2010
timescale policy (v1) and an empty referrals log."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from app.clock import FixedClock
from app.domain.timescales import DeadlineKind
from app.services import case_list, cases, referrals, timescale_policy
from app.services.unit import login

FIXTURE = Path(__file__).parent.parent / "fixtures" / "release-0.1.0-h"


def test_release_010_unit_migrates_to_policy_v1(tmp_path: Path) -> None:
    for name in ("unit.db", "unit.db.keys"):
        shutil.copy(FIXTURE / name, tmp_path / name)
    clock = FixedClock(datetime(2026, 1, 6, 9, 0, tzinfo=UTC))
    with login(tmp_path / "unit.db", "olive", "officer-password-0003", clock) as officer:
        [listed] = case_list.list_cases(officer)
        case = cases.get_case(officer, listed.reference)
        assert case.reference == "OLD/2026/00001"
        assert case.policy.version == 1 and case.policy.overall_days == 45
        assert case.case_type == "right_to_ask"
        assert referrals.referrals(officer, case.reference) == []
        closure = next(d for d in case.deadlines if d.kind is DeadlineKind.CLOSURE_45D)
        assert closure.due == datetime(2026, 2, 18, 15, 30, tzinfo=UTC)
        assert [p.version for p in timescale_policy.policies(officer)] == [1]
    assert list(tmp_path.glob("unit.db.pre-migration-v6-*"))
