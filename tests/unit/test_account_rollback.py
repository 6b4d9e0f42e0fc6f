"""Issue 13, "known and accepted" until now: a demoted user deletes the newer versions
of their own account record with sqlcipher3, rolling back to the older, more powerful
one. Sign-in refuses an account whose newest record in the database is older than the
one the key file keeps; ``csods verify`` also compares it with the signed audit rows
that entered each version ("record vN"), which an insider cannot delete or forge."""

from __future__ import annotations

import json

import pytest

from app.cli.main import main
from app.domain.enums import Role
from app.security import keyfile as kf
from app.security import records, slots
from app.services import unit_verify, users
from app.services.account_trust import AccountNotValid
from tests.conftest import TestUnit
from tests.unit.raw_db import raw_connection


def _promote_then_demote(unit: TestUnit) -> int:
    """owen: officer, made supervisor, then made officer again. His newest version."""
    for role in (Role.SUPERVISOR, Role.OFFICER):
        with unit.admin() as admin:
            users.set_role(admin, "owen", role)
        unit.approve("owen")
    keyfile = kf.load(kf.keyfile_path(unit.db))
    newest = records.SignedRecord.from_dict(keyfile.accounts["owen"]).record
    assert newest.role == Role.OFFICER.value
    return newest.version


def _undo_demotion(unit: TestUnit, newest: int) -> None:
    """What owen can do with his own password and the key file, no application."""
    keyfile = kf.load(kf.keyfile_path(unit.db))
    key = slots.open_slot(keyfile, "owen", keyfile.slots["owen"],
                          unit.passwords["owen"]).db_keys[0]
    conn = raw_connection(unit.db, key)
    conn.execute("DROP TRIGGER account_records_no_delete")
    conn.execute("DELETE FROM account_records WHERE username = 'owen' AND version = ?",
                 (newest,))
    conn.execute("UPDATE users SET role = 'supervisor' WHERE username = 'owen'")
    conn.close()


def _verify(unit: TestUnit) -> list[str]:
    return unit_verify.verify_file(unit.db, "sam", unit.passwords["sam"], unit.clock).problems


def test_a_promotion_and_demotion_verify_clean(unit: TestUnit) -> None:
    _promote_then_demote(unit)
    assert _verify(unit) == []
    unit.officer2().close()


def test_an_undone_demotion_is_refused_at_sign_in_and_named_by_verify(
        unit: TestUnit, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    newest = _promote_then_demote(unit)
    _undo_demotion(unit, newest)
    with pytest.raises(AccountNotValid, match=f"key file keeps its signed record v{newest}"):
        unit.officer2()
    problems = _verify(unit)
    assert any(p.startswith(f"account owen: its newest record in the database is "
                            f"v{newest - 1} but the key file keeps its signed record "
                            f"v{newest}") for p in problems), problems
    assert any(p.startswith("account owen: audit row") and f"record v{newest}" in p
               and "newer records were deleted" in p for p in problems), problems
    monkeypatch.setenv("CSODS_PASSWORD", unit.passwords["sam"])
    capsys.readouterr()
    assert main(["verify", "--db", str(unit.db), "--user", "sam"]) == 1
    assert "account owen: audit row" in capsys.readouterr().out


def test_rolling_the_key_file_mirror_back_too_is_still_named_by_verify(
        unit: TestUnit) -> None:
    """He can write the key file as well: sign-in then cannot tell, verify still can
    (the signed audit row that entered the demotion stays in the trail)."""
    newest = _promote_then_demote(unit)
    keys_path = kf.keyfile_path(unit.db)
    keyfile = kf.load(keys_path)
    key = slots.open_slot(keyfile, "owen", keyfile.slots["owen"],
                          unit.passwords["owen"]).db_keys[0]
    conn = raw_connection(unit.db, key)
    text, signatures = conn.execute(
        "SELECT record, signatures FROM account_records WHERE username = 'owen' AND "
        "version = ?", (newest - 1,)).fetchone()
    conn.close()
    _undo_demotion(unit, newest)
    keyfile.accounts["owen"] = {"record": text, "signatures": json.loads(signatures),
                                "display_name": keyfile.accounts["owen"]["display_name"]}
    kf.save(keys_path, keyfile)
    with unit.officer2() as owen:  # what sign-in cannot see without reading the trail
        assert owen.user.role is Role.SUPERVISOR
    assert any(p.startswith("account owen: audit row") and f"record v{newest}" in p
               for p in _verify(unit))
