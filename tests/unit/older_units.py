"""Units made by release 0.1.0 (tests/fixtures), copied so a test may open them.

Opening one migrates the copy and, at the first sign-in, makes its unit root and
carries its accounts over (app/services/carry_over.py)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from app.clock import FixedClock
from tests.conftest import TestUnit

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

#: Fixture folder -> each user's password (see the fixture's README or script).
OLDER_UNITS: dict[str, dict[str, str]] = {
    "unit_v010": {"admin": "fixture-it-manager-01", "sam": "fixture-super-pass-02",
                  "olive": "fixture-officer-pass-03"},
    "release-0.1.0-h": {"admin": "it-manager-pass-0001", "sam": "supervisor-pass-0002",
                        "olive": "officer-password-0003"},
}


def older_unit(tmp_path: Path, name: str) -> TestUnit:
    """A copy of the fixture unit ``name`` (its recovery code is not known)."""
    target = tmp_path / name
    target.mkdir(parents=True)
    for file in ("unit.db", "unit.db.keys"):
        shutil.copy(FIXTURES / name / file, target / file)
    clock = FixedClock(datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    return TestUnit(target / "unit.db", "", clock, dict(OLDER_UNITS[name]))
