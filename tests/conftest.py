"""Shared fixtures: every test gets its own temporary unit (injected, never global)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.domain.enums import Role
from app.security.crypto import FAST_TEST_KDF
from app.services import users
from app.services.session import Session
from app.services.unit import create_unit, login

# Before any test creates a QApplication (nothing above imports Qt: app/ is Qt-free).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ADMIN_PW = "it-manager-pass-0001"
SUPERVISOR_PW = "supervisor-pass-0002"
OFFICER_PW = "officer-password-0003"
OFFICER2_PW = "officer-password-0004"


@dataclass
class TestUnit:
    __test__ = False

    db: Path
    recovery_code: str
    clock: FixedClock

    def login(self, username: str, password: str) -> Session:
        return login(self.db, username, password, self.clock)

    def admin(self) -> Session:
        return self.login("admin", ADMIN_PW)

    def supervisor(self) -> Session:
        return self.login("sam", SUPERVISOR_PW)

    def officer(self) -> Session:
        return self.login("olive", OFFICER_PW)

    def officer2(self) -> Session:
        return self.login("owen", OFFICER2_PW)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 9, 30, tzinfo=UTC))


@pytest.fixture
def unit(tmp_path: Path, clock: FixedClock) -> Iterator[TestUnit]:
    """A unit with an administrator, a supervisor and two officers."""
    db = tmp_path / "unit" / "unit.db"
    made = create_unit(
        db,
        admin_username="admin",
        admin_password=ADMIN_PW,
        unit_name="Test Public Protection Unit",
        case_prefix="TST",
        clock=clock,
        kdf=FAST_TEST_KDF,
    )
    test_unit = TestUnit(db, made.recovery_code, clock)
    with test_unit.admin() as admin:
        users.add_user(admin, "sam", "DS Sam Whitlock", Role.SUPERVISOR, SUPERVISOR_PW)
        users.add_user(admin, "olive", "PC Olive Ashdown", Role.OFFICER, OFFICER_PW)
        users.add_user(admin, "owen", "PC Owen Pryce", Role.OFFICER, OFFICER2_PW)
    yield test_unit
