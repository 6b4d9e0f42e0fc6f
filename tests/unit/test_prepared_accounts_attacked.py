"""Issue 13, second attack review: prepared accounts attacked through the key file and
the database, as an insider with a copy of the files would.

* a prepared record that is not an account record is a one-line key-file error, and
  if one gets past that check, sign-in and approvals skip it and say so;
* an approval binds to what the supervisor was shown (a record re-signed with another
  role meanwhile is refused);
* disabling and approving the same account at once: the loser is told plainly;
* an officer promoted to supervisor (same keys) can approve;
* an officer made administrator needs a supervisor's approval too.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.domain.enums import Role
from app.errors import InvalidInput, KeyFileError
from app.security import keyfile as kf
from app.security import keyfile_check, records, slots
from app.services import account_entry, account_trust, approvals, unit_verify, users
from tests.conftest import ADMIN_PW, TestUnit, approve_shown
from tests.unit.raw_db import raw_connection

PETE_PW = "lanyard-types-this-himself-1"


def _keys_path(unit: TestUnit) -> Path:
    return kf.keyfile_path(unit.db)


def _admin_signing(unit: TestUnit) -> bytes:
    keyfile = kf.load(_keys_path(unit))
    opened = slots.open_slot(keyfile, "admin", keyfile.slots["admin"], unit.passwords["admin"])
    assert opened.signing is not None
    return opened.signing


def _edit_both(unit: TestUnit, edit: Any) -> None:
    """Edit the key file and its .prev copy alike (no good copy to fall back on)."""
    path = _keys_path(unit)
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    for target in (path, Path(f"{path}.prev")):
        target.write_text(json.dumps(data), encoding="utf-8")


def _verified_clean(unit: TestUnit) -> None:
    report = unit_verify.verify_file(unit.db, "sam", unit.passwords["sam"], unit.clock)
    assert report.problems == [], report.problems


GOOD = json.loads(records.AccountRecord("u", "owen", "officer", "active", "", "", 2,
                                        "2026-03-02T09:30:00+00:00", "prepared").text())


@pytest.mark.parametrize("text", [
    "x", "\u202e", "[]", "{}", json.dumps({**GOOD, "version": "2"}),
    json.dumps({**GOOD, "role": "chief"}), json.dumps({**GOOD, "enc": 7}),
    json.dumps({k: v for k, v in GOOD.items() if k != "at"}),
])
@pytest.mark.parametrize("where", ["pending", "accounts"])
def test_a_record_that_is_not_an_account_record_is_a_one_line_key_file_error(
        unit: TestUnit, text: str, where: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    with unit.admin() as admin:
        users.reset_password(admin, "owen")

    def edit(data: dict[str, Any]) -> None:
        data[where]["owen"]["record"] = text

    _edit_both(unit, edit)
    path = _keys_path(unit)
    for who in ("sam", "olive"):
        with pytest.raises(KeyFileError) as caught:
            unit.login(who, unit.passwords[who])
        said = str(caught.value)
        assert "\n" not in said and str(path) in said and "owen" in said, said
    monkeypatch.setenv("CSODS_PASSWORD", ADMIN_PW)
    code = main(["user", "list", "--db", str(unit.db), "--user", "admin"])
    err = capsys.readouterr().err
    assert code != 0 and len(err.strip().splitlines()) == 1 and str(path) in err, err
    assert "Expecting value" not in err and "unexpectedly" not in err


def test_a_record_past_the_check_is_skipped_at_sign_in_and_named_to_the_supervisor(
        unit: TestUnit, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Belt and braces: were the key-file check ever to let a bad record through, no
    sign-in fails on it; the supervisor is told, and can refuse it."""
    with unit.admin() as admin:
        users.reset_password(admin, "owen")
        users.disable_user(admin, "olive")  # entered at the next key holder's sign-in
    monkeypatch.setattr(keyfile_check, "_signed_record", lambda item, where: None)

    def edit(data: dict[str, Any]) -> None:
        data["pending"]["owen"]["record"] = "x"

    _edit_both(unit, edit)
    with unit.supervisor() as sam:  # signs in; olive's disabling is still entered
        assert [p.username for p in approvals.pending_accounts(sam)] == []
        assert approvals.unreadable_pending(sam) == ["owen"]
        with pytest.raises(InvalidInput, match="cannot be read"):
            approvals.approve(sam, "owen", "owen-new-own-phrase-1", shown=_any_shown())
    with pytest.raises(Exception):  # noqa: B017 - olive was disabled meanwhile
        unit.officer().close()
    unit.officer2().close()  # owen's old password still works: nothing was entered
    monkeypatch.setenv("CSODS_PASSWORD", unit.passwords["sam"])
    assert main(["user", "pending", "--db", str(unit.db), "--user", "sam"]) == 0
    assert "owen" in capsys.readouterr().out
    assert main(["user", "refuse", "owen", "--db", str(unit.db), "--user", "sam"]) == 0
    assert "owen" not in kf.load(_keys_path(unit)).pending


def _any_shown() -> approvals.PendingAccount:
    return approvals.PendingAccount("owen", Role.OFFICER, "password reset", "admin", "", "")


def _resign_as(unit: TestUnit, name: str, role: str) -> None:
    """The administrator re-signs the prepared record with another role (their own
    signing key; the request view, as ``users.add_user`` prepares it)."""
    path = _keys_path(unit)
    keyfile = kf.load(path)
    pending = keyfile.pending[name]
    rec = replace(records.AccountRecord.parse(pending.record), role=role)
    signed = records.SignedRecord(rec.text(), ()).with_signature("admin",
                                                                 _admin_signing(unit))
    keyfile.pending[name] = kf.Pending(signed.text, list(signed.signatures),
                                       pending.display_name, pending.slot)
    kf.save(path, keyfile)


def test_an_approval_is_bound_to_what_the_supervisor_was_shown(
        unit: TestUnit, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    with unit.admin() as admin:
        users.add_user(admin, "pete", "PC Pete Lanyard", Role.OFFICER)
    with unit.supervisor() as sam:
        seen = approvals.pending_for(sam, "pete")
        assert seen.role is Role.OFFICER
        _resign_as(unit, "pete", "supervisor")  # meanwhile, in the key file
        with pytest.raises(InvalidInput, match="changed since you looked .*supervisor"):
            approvals.approve(sam, "pete", PETE_PW, shown=seen)
    assert "pete" not in kf.load(_keys_path(unit)).slots
    # The command line shows what it approves; --role binds it.
    monkeypatch.setenv("CSODS_PASSWORD", unit.passwords["sam"])
    monkeypatch.setenv("CSODS_THEIR_PASSWORD", PETE_PW)
    argv = ["user", "approve", "pete", "--db", str(unit.db), "--user", "sam"]
    assert main([*argv, "--role", "officer"]) != 0
    captured = capsys.readouterr()
    assert "new account, supervisor" in captured.out and "not officer" in captured.err
    assert "pete" not in kf.load(_keys_path(unit)).slots
    # Looked at again, it is what the supervisor approves.
    assert main([*argv, "--role", "supervisor"]) == 0
    with unit.login("pete", PETE_PW) as pete:
        assert pete.user.role is Role.SUPERVISOR


def test_disable_and_approve_at_once_the_loser_is_told_plainly(
        unit: TestUnit, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sue approves olive's password reset while Sam disables olive: the two records
    have the same version; the one entered second is refused in words."""
    unit.add_account("sue", "DS Sue Vale", Role.SUPERVISOR, "vale-own-phrase-4444")
    with unit.admin() as admin:
        users.reset_password(admin, "olive")
    real_load = account_trust.load
    raced = []

    def stale_then_disable(conn: Any, unit_id: str) -> Any:
        seen = real_load(conn, unit_id)  # what Sue's approval read ...
        if not raced:
            raced.append(True)
            with unit.supervisor() as sam:  # ... then Sam disables olive
                users.disable_user(sam, "olive")
        return seen

    with unit.login("sue", "vale-own-phrase-4444") as sue:
        shown = approvals.pending_for(sue, "olive")
        monkeypatch.setattr(account_trust, "load", stale_then_disable)
        with pytest.raises(InvalidInput, match="changed meanwhile .*nothing was changed"):
            approvals.approve(sue, "olive", "fresh-own-phrase-7777", shown=shown)
    monkeypatch.setattr(account_trust, "load", real_load)
    assert raced
    for password in ("fresh-own-phrase-7777", unit.passwords["olive"]):
        with pytest.raises(Exception):  # noqa: B017 - disabled
            unit.login("olive", password)
    _verified_clean(unit)


def test_an_officer_promoted_to_supervisor_can_approve(unit: TestUnit) -> None:
    with unit.admin() as admin:
        users.set_role(admin, "olive", Role.SUPERVISOR)  # same keys, new record
    unit.approve("olive")
    with unit.officer() as olive:
        assert olive.user.role is Role.SUPERVISOR
    with unit.admin() as admin:
        users.add_user(admin, "pete", "PC Pete Lanyard", Role.OFFICER)
    with unit.officer() as olive:
        approve_shown(olive, "pete", PETE_PW)
    with unit.login("pete", PETE_PW) as pete:
        assert pete.user.role is Role.OFFICER
    _verified_clean(unit)


def test_an_officer_made_administrator_needs_a_supervisor_too(unit: TestUnit) -> None:
    with unit.admin() as admin:
        users.set_role(admin, "olive", Role.ADMINISTRATOR)
    unit.supervisor().close()  # a key holder signs in: not entered with one person
    with unit.officer() as olive:
        assert olive.user.role is Role.OFFICER
    # An officer holding the database key writes the administrator-signed record into
    # the database herself: it is not valid, and verify says so.
    pending = kf.load(_keys_path(unit)).pending["olive"]
    rec = records.AccountRecord.parse(pending.record)
    opened = slots.open_slot(kf.load(_keys_path(unit)), "olive",
                             kf.load(_keys_path(unit)).slots["olive"], unit.passwords["olive"])
    conn = raw_connection(unit.db, opened.db_keys[0])
    conn.execute("INSERT INTO account_records (username, version, record, signatures) "
                 "VALUES (?,?,?,?)", ("olive", rec.version, pending.record,
                                      json.dumps(pending.signatures)))
    conn.execute("UPDATE users SET role='administrator' WHERE username='olive'")
    conn.close()
    report = unit_verify.verify_file(unit.db, "sam", unit.passwords["sam"], unit.clock)
    assert any("olive" in problem for problem in report.problems), report.problems
    with pytest.raises(Exception):  # noqa: B017 - her account record no longer verifies
        unit.officer()


def test_an_officer_made_administrator_with_approval_keeps_no_database_key(
        unit: TestUnit) -> None:
    with unit.admin() as admin:
        users.set_role(admin, "olive", Role.ADMINISTRATOR)
    with unit.supervisor() as sam:
        shown = approvals.pending_for(sam, "olive")
        assert (shown.kind, shown.role) == ("role change", Role.ADMINISTRATOR)
        approvals.approve(sam, "olive", shown=shown)
    assert kf.load(_keys_path(unit)).slots["olive"].sealed == []
    with unit.officer() as olive:
        assert olive.user.role is Role.ADMINISTRATOR and olive.keyless
    _verified_clean(unit)


def test_kind_of_an_unreadable_record() -> None:
    keyfile = kf.KeyFile.__new__(kf.KeyFile)
    keyfile.accounts = {}
    pending = kf.Pending("x", [], "", None)
    assert account_entry.kind_of(keyfile, "owen", pending) == account_entry.UNREADABLE
    assert not account_entry.needs_password(pending)


@pytest.mark.parametrize(("label", "who", "said"), [
    ("empty sealed", "sam", "holds no key to the database"),
    ("no aad", "sam", "aad field was changed"),
    ("no aad", "admin", "aad field was changed"),
    ("no signing key", "olive", "lost its signing key"),
    ("unit_id", "sam", "unit_id"),
    ("unit_id", "admin", "unit_id"),
    ("root_public", "olive", "root_public"),
])
def test_a_key_file_altered_so_the_right_password_fails_is_named(
        unit: TestUnit, label: str, who: str, said: str) -> None:
    def edit(data: dict[str, Any]) -> None:
        slot = data["slots"][who]
        if label == "empty sealed":
            slot["sealed"] = []
        elif label == "no aad":
            slot.pop("aad")
        elif label == "no signing key":
            slot.pop("sign_public")
        elif label == "unit_id":
            data["unit_id"] = "another-unit"
        else:
            data["root_public"] = slot["public"]

    _edit_both(unit, edit)
    with pytest.raises(KeyFileError) as caught:
        unit.login(who, unit.passwords[who])
    text = str(caught.value)
    assert said in text and str(_keys_path(unit)) in text and "\n" not in text, text
