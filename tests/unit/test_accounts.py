"""Sign-in, passwords, lockout, disable, reset and recovery."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from app.domain.enums import AuditAction, Role
from app.errors import (
    AccountDisabled,
    AccountLocked,
    AuthenticationFailed,
    InvalidInput,
    PasswordPolicyError,
)
from app.services import approvals, users
from app.services.recovery import recover_password
from app.storage import audit_repo
from tests.conftest import ADMIN_PW, OFFICER_PW, TestUnit, approve_shown


@pytest.mark.parametrize(
    "password",
    [
        'quote"and\'apostrophe',
        "back\\slash\\\\x'",
        "naïve façade Ωμέγα",
        "密码密码密码密码密码密码",
        "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂",
    ],
)
def test_awkward_passwords_work(unit: TestUnit, password: str) -> None:
    unit.add_account("petra", "PC Petra Vale", Role.OFFICER, password)
    with unit.login("petra", password) as session:
        assert session.user.role is Role.OFFICER
    with pytest.raises(AuthenticationFailed):
        unit.login("petra", password + " ")


def test_unknown_user_and_wrong_password_look_and_take_the_same(unit: TestUnit) -> None:
    messages, timings = [], []
    for name in ("olive", "nobody-at-all"):
        start = time.perf_counter()
        with pytest.raises(AuthenticationFailed) as info:
            unit.login(name, "definitely-not-right")
        timings.append(time.perf_counter() - start)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    # Both run the same Argon2id work; neither returns early.
    assert min(timings) > 0.3 * max(timings)


def test_password_policy(unit: TestUnit) -> None:
    with unit.admin() as admin:
        # An administrator's account is still given its password when prepared.
        with pytest.raises(PasswordPolicyError, match="at least 12"):
            users.add_user(admin, "short", "Short", Role.ADMINISTRATOR, "too-short")
        with pytest.raises(PasswordPolicyError, match="user name"):
            users.add_user(admin, "longadmin", "X", Role.ADMINISTRATOR, "longadmin12345")
        with pytest.raises(InvalidInput, match="already taken"):
            users.add_user(admin, "olive", "Dup", Role.OFFICER)
        # An officer's is not: the person chooses it at the supervisor's side.
        with pytest.raises(InvalidInput, match="chosen by the person themselves"):
            users.add_user(admin, "pat", "PC Pat Rowe", Role.OFFICER, "admin-chosen-pass-1")
        users.add_user(admin, "longusername", "X", Role.OFFICER)
    # The policy applies to what the person types at approval; nothing is changed until
    # a password passes (the account is still awaiting approval).
    with unit.supervisor() as sam:
        with pytest.raises(InvalidInput, match="Ask X to type the password"):
            approve_shown(sam, "longusername")
        with pytest.raises(PasswordPolicyError, match="at least 12"):
            approve_shown(sam, "longusername", "too-short")
        with pytest.raises(PasswordPolicyError, match="user name"):
            approve_shown(sam, "longusername", "longusername123")
        assert [p.username for p in approvals.pending_accounts(sam)] == ["longusername"]
        approve_shown(sam, "longusername", "a-good-long-password")
    unit.login("longusername", "a-good-long-password").close()


def test_change_own_password(unit: TestUnit) -> None:
    with unit.officer() as session:
        with pytest.raises(InvalidInput, match="current password"):
            users.change_own_password(session, "wrong-old-password", "brand-new-password-1")
        users.change_own_password(session, OFFICER_PW, "brand-new-password-1")
    with pytest.raises(AuthenticationFailed):
        unit.login("olive", OFFICER_PW)
    unit.login("olive", "brand-new-password-1").close()


def test_admin_resets_password(unit: TestUnit) -> None:
    with unit.admin() as admin:
        with pytest.raises(InvalidInput, match="chosen by the person themselves"):
            users.reset_password(admin, "olive", "reset-by-admin-0001")
        users.reset_password(admin, "olive")
    # Two people: the new password is chosen by the person at the supervisor's side when
    # the supervisor approves; the old one works until then.
    unit.officer().close()
    unit.approve("olive", "chosen-by-her-00001")
    with pytest.raises(AuthenticationFailed):
        unit.login("olive", OFFICER_PW)
    unit.login("olive", "chosen-by-her-00001").close()


def test_administrator_account_still_prepared_with_a_password(unit: TestUnit) -> None:
    """Administrators hold no database key: an administrator's account (and a reset of
    one) is still given its password by the administrator preparing it."""
    with unit.admin() as admin:
        with pytest.raises(InvalidInput, match="Enter a password"):
            users.add_user(admin, "ivy", "Ivy Lund (IT)", Role.ADMINISTRATOR)
        users.add_user(admin, "ivy", "Ivy Lund (IT)", Role.ADMINISTRATOR, "first-it-pass-0001")
    unit.supervisor().close()  # the next key holder enters it (one administrator suffices)
    with unit.login("ivy", "first-it-pass-0001") as ivy:
        assert ivy.user.role is Role.ADMINISTRATOR and ivy.keyless
        users.reset_password(ivy, "admin", "second-it-pass-0001")
    unit.supervisor().close()
    unit.login("admin", "second-it-pass-0001").close()


def test_lockout_after_five_failures_persists_and_expires(unit: TestUnit) -> None:
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            unit.login("olive", "wrong-wrong-wrong")
    with pytest.raises(AccountLocked) as locked:
        unit.login("olive", "wrong-wrong-wrong")
    assert "locked until" in str(locked.value)
    # Every call re-reads the key file: this is the same as restarting the app.
    with pytest.raises(AccountLocked):
        unit.login("olive", OFFICER_PW)
    unit.clock.advance(timedelta(minutes=15, seconds=1))
    unit.login("olive", OFFICER_PW).close()


def test_success_resets_the_failure_count(unit: TestUnit) -> None:
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            unit.login("olive", "wrong-wrong-wrong")
    unit.officer().close()
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            unit.login("olive", "wrong-wrong-wrong")
    unit.officer().close()


def test_unknown_names_lock_out_too(unit: TestUnit) -> None:
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            unit.login("ghost", "wrong-wrong-wrong")
    with pytest.raises(AccountLocked):
        unit.login("ghost", "wrong-wrong-wrong")


def test_failed_logins_reach_the_audit_trail_without_typed_names(unit: TestUnit) -> None:
    with pytest.raises(AuthenticationFailed):
        unit.login("olive", "wrong-wrong-wrong")
    with pytest.raises(AuthenticationFailed):
        unit.login("Secret-Typed-In-Name", "wrong-wrong-wrong")
    with unit.supervisor() as sam:
        rows = [r for r in audit_repo.iter_rows(sam.conn) if r.action == AuditAction.FAILED_LOGIN]
    assert [(r.actor, r.detail) for r in rows] == [
        ("olive", "wrong password"),
        (None, "unknown user name"),
    ]
    assert "Secret-Typed-In-Name" not in unit.db.with_name("unit.db.keys").read_text()


def test_disabled_user_cannot_sign_in(unit: TestUnit) -> None:
    with unit.admin() as admin:
        users.disable_user(admin, "olive")
        assert not [u for u in users.list_users(admin) if u.username == "olive"][0].active
    with pytest.raises(AccountDisabled):
        unit.login("olive", OFFICER_PW)


def test_last_administrator_is_protected(unit: TestUnit) -> None:
    with unit.admin() as admin:
        with pytest.raises(InvalidInput):
            users.disable_user(admin, "admin")
        with pytest.raises(InvalidInput):
            users.set_role(admin, "admin", Role.OFFICER)


def test_role_change_is_audited(unit: TestUnit) -> None:
    with unit.admin() as admin:
        users.set_role(admin, "owen", Role.SUPERVISOR)
    with unit.officer2() as owen:  # prepared, not yet approved
        assert owen.user.role is Role.OFFICER
    unit.approve("owen")
    with unit.supervisor() as sam:
        rows = [r for r in audit_repo.iter_rows(sam.conn) if r.action == AuditAction.ROLE_CHANGE]
    assert rows and "officer to supervisor" in (rows[-1].detail or "")
    with unit.officer2() as owen:
        assert owen.user.role is Role.SUPERVISOR


def test_recovery_code_sets_a_forgotten_password(unit: TestUnit) -> None:
    with pytest.raises(AuthenticationFailed):
        recover_password(unit.db, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", "admin",
                         "new-unit-manager-pw-1", unit.clock)
    typed = unit.recovery_code.lower().replace("-", " ")
    recover_password(unit.db, typed, "admin", "new-unit-manager-pw-1", unit.clock)
    with pytest.raises(AuthenticationFailed):
        unit.login("admin", ADMIN_PW)
    unit.login("admin", "new-unit-manager-pw-1").close()
