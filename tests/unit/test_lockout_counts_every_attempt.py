"""Lockout counts every attempt (#13 item 5): parallel guessers cannot slip past the
count, and administrators see and clear locks (audited)."""

from __future__ import annotations

import multiprocessing
import re
from datetime import timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.errors import AccountLocked, AuthenticationFailed, InvalidInput, NotAuthorised
from app.security import keyfile as kf
from app.services import lockouts
from app.services.unit import unlock
from app.storage import audit_repo
from tests.conftest import ADMIN_PW, OFFICER_PW, TestUnit

PROCESSES = 16
GUESSES_EACH = 4  # 64 wrong guesses in all


def _guess(db: str, start: object, clock_iso: str) -> list[str]:
    from app.clock import FixedClock, from_iso

    clock = FixedClock(from_iso(clock_iso))
    start.wait()  # type: ignore[attr-defined]
    outcomes = []
    for number in range(GUESSES_EACH):
        try:
            unlock(Path(db), "olive", f"wrong-guess-{number}", clock)
            outcomes.append("opened")
        except AccountLocked:
            outcomes.append("locked")
        except AuthenticationFailed:
            outcomes.append("wrong")
    return outcomes


def test_sixteen_parallel_guessers_lock_the_name_after_five(unit: TestUnit) -> None:
    from app.clock import to_iso

    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Barrier(PROCESSES)
        with context.Pool(PROCESSES) as pool:
            results = pool.starmap(_guess, [(str(unit.db), start, to_iso(unit.clock.now()))
                                            for _ in range(PROCESSES)])
    outcomes = [o for result in results for o in result]
    assert len(outcomes) == PROCESSES * GUESSES_EACH
    assert "opened" not in outcomes and outcomes.count("wrong") <= 4
    keyfile = kf.load(kf.keyfile_path(unit.db))
    details = [event["detail"] for event in keyfile.pending_audit]
    assert len(details) == 64  # every attempt is counted and on its way to the audit trail
    # Exactly five passwords were tried; the other 59 were refused before any Argon2 work
    # on the slot, because each attempt is counted before its password is tried.
    assert details.count("wrong password") == 5
    assert details.count("attempt while locked") == 59
    with pytest.raises(AccountLocked):
        unit.officer()


def _lock(unit: TestUnit, name: str = "olive") -> None:
    for _ in range(5):
        with pytest.raises((AuthenticationFailed, AccountLocked)):
            unit.login(name, "wrong-wrong-wrong")


def test_administrator_sees_locked_accounts_and_clears_one_audited(unit: TestUnit) -> None:
    _lock(unit)
    with unit.admin() as admin:
        locked = lockouts.locked_accounts(admin)
        assert [a.username for a in locked] == ["olive"]
        assert locked[0].until == unit.clock.now() + timedelta(minutes=15)
        lockouts.clear_lockout(admin, "olive")
        assert lockouts.locked_accounts(admin) == []
        with pytest.raises(InvalidInput, match="not locked"):
            lockouts.clear_lockout(admin, "olive")
        # The administrator holds no database key: the row waits in the key file ...
        pending = kf.load(kf.keyfile_path(unit.db)).pending_audit
        assert [(e["actor"], e["entity"], e["detail"]) for e in pending
                if e["detail"] == "sign-in lock cleared"] == [("admin", "user:olive",
                                                               "sign-in lock cleared")]
    unit.officer().close()
    # ... and the next key holder to sign in enters it, saying whose it was.
    with unit.supervisor() as sam:
        rows = [r for r in audit_repo.iter_rows(sam.conn)
                if (r.detail or "").startswith("sign-in lock cleared")]
    assert [r.entity for r in rows] == ["user:olive"]
    assert re.fullmatch(r"sign-in lock cleared \(by admin, recorded in the key file\) "
                        r"\[event [0-9a-f]{32}\]", rows[0].detail or "")


def test_an_officer_cannot_clear_a_lock(unit: TestUnit) -> None:
    _lock(unit, "owen")
    with unit.officer() as officer, pytest.raises(NotAuthorised):
        lockouts.clear_lockout(officer, "owen")


def test_cli_lists_locked_names_and_unlocks(unit: TestUnit, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    _lock(unit)
    monkeypatch.setenv("CSODS_PASSWORD", ADMIN_PW)
    # The CLI uses the real clock: lock the account at the real time as well.
    from app.clock import SystemClock

    unit.clock = SystemClock()  # type: ignore[assignment]
    _lock(unit)
    assert main(["user", "locked", "--db", str(unit.db), "--user", "admin"]) == 0
    assert "olive" in capsys.readouterr().out
    assert main(["user", "unlock", "olive", "--db", str(unit.db), "--user", "admin"]) == 0
    assert "cleared" in capsys.readouterr().out
    unit.login("olive", OFFICER_PW).close()
