"""Shared fixtures: every test gets its own temporary unit (injected, never global)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.domain.enums import Role
from app.security.crypto import FAST_TEST_KDF
from app.services import approvals, users
from app.services.session import Session
from app.services.unit import login
from app.services.unit_create import create_unit

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
    # Each user's password (a unit made by an older release has its own).
    passwords: dict[str, str] = field(default_factory=lambda: {
        "admin": ADMIN_PW, "sam": SUPERVISOR_PW, "olive": OFFICER_PW, "owen": OFFICER2_PW})

    def login(self, username: str, password: str) -> Session:
        return login(self.db, username, password, self.clock)

    def admin(self) -> Session:
        return self.login("admin", self.passwords["admin"])

    def supervisor(self) -> Session:
        return self.login("sam", self.passwords["sam"])

    def officer(self) -> Session:
        return self.login("olive", self.passwords["olive"])

    def officer2(self) -> Session:
        return self.login("owen", self.passwords["owen"])

    def approve(self, username: str, password: str | None = None) -> None:
        """The supervisor approves what the administrator prepared for ``username``;
        ``password``: what the person types at the supervisor's side (a new account or
        password reset), remembered in ``passwords``."""
        with self.supervisor() as sam:
            approvals.approve(sam, username, password,
                              shown=approvals.pending_for(sam, username))
        if password is not None:
            self.passwords[username] = password

    def add_account(self, username: str, display_name: str, role: Role, password: str) -> None:
        """Two people: the administrator prepares the account, the supervisor approves
        it with the person present, who types ``password``."""
        with self.admin() as admin:
            users.add_user(admin, username, display_name, role)
        self.approve(username, password)


def approve_shown(session: Session, username: str, password: str | None = None) -> None:
    """Approve what is listed for ``username`` now (the approval binds to it)."""
    approvals.approve(session, username, password,
                      shown=approvals.pending_for(session, username))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 9, 30, tzinfo=UTC))


@pytest.fixture
def unit(tmp_path: Path, clock: FixedClock) -> Iterator[TestUnit]:
    """A unit with an administrator, a supervisor and two officers."""
    yield make_test_unit(tmp_path, clock)


def make_test_unit(tmp_path: Path, clock: FixedClock) -> TestUnit:
    """The ``unit`` fixture's unit (also for tests that choose among several units)."""
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
    # Two people: the administrator prepares each account (no password); the first
    # supervisor is approved with the unit recovery code (no supervisor exists yet), the
    # officers by that supervisor; each person types their own password at approval.
    with test_unit.admin() as admin:
        users.add_user(admin, "sam", "DS Sam Whitlock", Role.SUPERVISOR)
        users.add_user(admin, "olive", "PC Olive Ashdown", Role.OFFICER)
        users.add_user(admin, "owen", "PC Owen Pryce", Role.OFFICER)
    approvals.approve_with_recovery_code(db, made.recovery_code, "sam", SUPERVISOR_PW, clock)
    with test_unit.supervisor() as sam:
        for name, typed in (("olive", OFFICER_PW), ("owen", OFFICER2_PW)):
            approvals.approve(sam, name, typed, shown=approvals.pending_for(sam, name))
    return test_unit
