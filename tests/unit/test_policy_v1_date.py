"""Built-in timescale policy v1 is circular 007/2010, issued and implemented on
30 March 2010 (the circular's header; its maxima ¶5.6.27). Migration 0008 stored
1 March 2010; migration NNNN_policy_date corrects that row and keeps versions read-only."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.clock import FixedClock, to_iso
from app.domain.timescale_policy import CIRCULAR_2010_IN_FORCE
from app.services import timescale_policy
from app.services.unit import login
from app.storage.migrate import available_migrations
from tests.conftest import TestUnit

FIXTURE = Path(__file__).parent.parent / "fixtures" / "release-0.1.0-h"
SELECT_V1 = "SELECT created_at FROM timescale_policies WHERE version = 1"


def test_the_circular_came_into_force_on_30_march_2010() -> None:
    assert CIRCULAR_2010_IN_FORCE.date().isoformat() == "2010-03-30"


def test_a_new_unit_shows_v1_adopted_30_march_2010_5_6_27(unit: TestUnit) -> None:
    with unit.supervisor() as sup:
        [v1] = timescale_policy.policy_history(sup)
        assert v1.adopted_at == CIRCULAR_2010_IN_FORCE and v1.adopted_by is None


def test_migration_corrects_a_unit_stored_with_1_march_and_keeps_v1_read_only() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    names = [m.name for m in available_migrations()]
    assert any(name.endswith("_policy_date.sql") for name in names)
    for m in available_migrations():
        if m.name.endswith("_policy_date.sql"):  # the unit as 0008 left it
            assert conn.execute(SELECT_V1).fetchone()[0] == "2010-03-01T00:00:00+00:00"
        conn.executescript(m.sql)
    assert conn.execute(SELECT_V1).fetchone()[0] == to_iso(CIRCULAR_2010_IN_FORCE)
    with pytest.raises(sqlite3.DatabaseError, match="never edited"):
        conn.execute("UPDATE timescale_policies SET created_at = 'x' WHERE version = 1")
    with pytest.raises(sqlite3.DatabaseError, match="never deleted"):
        conn.execute("DELETE FROM timescale_policies WHERE version = 1")


def test_a_release_010_unit_opens_with_the_corrected_date(tmp_path: Path) -> None:
    for name in ("unit.db", "unit.db.keys"):
        shutil.copy(FIXTURE / name, tmp_path / name)
    clock = FixedClock(datetime(2026, 1, 6, 9, 0, tzinfo=UTC))
    with login(tmp_path / "unit.db", "olive", "officer-password-0003", clock) as officer:
        [v1] = timescale_policy.policy_history(officer)
        assert v1.adopted_at == CIRCULAR_2010_IN_FORCE
