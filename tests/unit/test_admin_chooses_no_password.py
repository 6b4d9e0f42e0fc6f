"""Issue 13 item 1, attacked through the files: an administrator who prepares an
officer's account or password reset never knows a password whose slot holds the
database key. The person types their own password at the supervisor's approval,
which makes fresh keys; the administrator signs the request (role and name) only.

Each test acts as the insider would: the key file loaded by hand, slots opened with
the passwords the administrator knows, the database opened with sqlcipher3.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from app.domain.enums import Role
from app.errors import AccountPending, InvalidInput
from app.security import keyfile as kf
from app.security import records, slots
from app.security.crypto import DecryptionFailed, new_database_key, unseal
from app.security.signing import b64
from app.services import approvals, unit_verify, users
from app.services.account_trust import AccountNotValid
from tests.conftest import ADMIN_PW, TestUnit, approve_shown
from tests.unit.older_units import OLDER_UNITS, older_unit
from tests.unit.raw_db import raw_connection

PETRA_PW = "vale-types-this-herself-1"  # typed by Petra at Sam's side; the admin never sees it
# Every password the administrator could have had in mind (their own, the one they used
# to give out, what they typed in earlier versions' dialogs).
ADMIN_GUESSES = [ADMIN_PW, "vale-long-password-1", "a long enough password", "",
                 "petra-first-password", "reset-by-admin-0001", PETRA_PW[::-1]]


def _keys(unit: TestUnit) -> kf.KeyFile:
    return kf.load(kf.keyfile_path(unit.db))


def _admin_signing(unit: TestUnit) -> bytes:
    keyfile = _keys(unit)
    opened = slots.open_slot(keyfile, "admin", keyfile.slots["admin"], unit.passwords["admin"])
    assert opened.signing is not None
    return opened.signing


def _read_fails(db: Path, key: bytes) -> bool:
    import sqlcipher3

    try:
        conn = raw_connection(db, key)
        conn.execute("SELECT count(*) FROM users").fetchone()
    except sqlcipher3.DatabaseError:
        return True
    return False


def test_the_administrator_holds_no_password_of_an_approved_officer(unit: TestUnit) -> None:
    with unit.admin() as admin:
        users.add_user(admin, "petra", "PC Petra Vale", Role.OFFICER)
    # What the administrator prepared holds no slot and names no keys.
    pending = _keys(unit).pending["petra"]
    prepared = records.AccountRecord.parse(pending.record)
    assert pending.slot is None and "petra" not in _keys(unit).slots
    assert (prepared.enc, prepared.sign, prepared.role) == ("", "", "officer")
    with pytest.raises(AccountPending):
        unit.login("petra", ADMIN_PW)
    unit.approve("petra", PETRA_PW)  # Petra types it at Sam's side
    keyfile = _keys(unit)
    slot = keyfile.slots["petra"]
    # The attacker (the administrator) tries Petra's slot with every password they know.
    for guess in ADMIN_GUESSES:
        with pytest.raises(DecryptionFailed):
            slots.open_slot(keyfile, "petra", slot, guess)
    # Their own slot unseals neither Petra's sealed key nor anything else.
    admin = slots.open_slot(keyfile, "admin", keyfile.slots["admin"], ADMIN_PW)
    assert admin.db_keys == []
    for sealed in slot.sealed:
        with pytest.raises(DecryptionFailed):
            unseal(sealed, admin.private)
    # sqlcipher3 without the key: nothing can be read.
    assert _read_fails(unit.db, new_database_key())
    # Only Petra's own password gives the key, and her record names the keys made then.
    opened = slots.open_slot(keyfile, "petra", slot, PETRA_PW)
    assert not _read_fails(unit.db, opened.db_keys[0])
    conn = raw_connection(unit.db, opened.db_keys[0])
    text = conn.execute("SELECT record FROM account_records WHERE username='petra'").fetchone()[0]
    conn.close()
    rec = records.AccountRecord.parse(text)
    assert (rec.enc, rec.sign) == (b64(slot.public), b64(slot.sign_public))
    with unit.login("petra", PETRA_PW) as petra:
        assert petra.user.role is Role.OFFICER
    assert unit_verify.verify_file(unit.db, "sam", unit.passwords["sam"], unit.clock).ok


def test_a_password_reset_gets_fresh_keys_the_administrator_never_knew(unit: TestUnit) -> None:
    before = _keys(unit).slots["olive"]
    with unit.admin() as admin:
        users.reset_password(admin, "olive")
    assert _keys(unit).pending["olive"].slot is None
    unit.officer().close()  # the old password works until the approval
    unit.approve("olive", PETRA_PW)
    slot = _keys(unit).slots["olive"]
    assert slot.public != before.public and slot.sign_public != before.sign_public
    for guess in ADMIN_GUESSES[:-1]:
        with pytest.raises(DecryptionFailed):
            slots.open_slot(_keys(unit), "olive", slot, guess)
    unit.login("olive", PETRA_PW).close()


def _forge_pending(unit: TestUnit, name: str, role: str, version: int,
                   with_slot_in_pending: bool) -> None:
    """The administrator writes, by hand, a prepared record naming keys they made
    under a password they know, signed with their own key (the old way, or a forgery)."""
    path = kf.keyfile_path(unit.db)
    keyfile = kf.load(path)
    slot = slots.new_slot(keyfile, name, "admin-knows-this-1", None)
    rec = records.AccountRecord(keyfile.unit_id, name, role, records.ACTIVE, b64(slot.public),
                                b64(slot.sign_public), version, "2026-03-02T09:30:00+00:00",
                                "prepared")
    signed = records.SignedRecord(rec.text(), ()).with_signature("admin", _admin_signing(unit))
    keyfile.pending[name] = kf.Pending(signed.text, list(signed.signatures), "PC Forged",
                                       slot if with_slot_in_pending else None)
    if not with_slot_in_pending:
        keyfile.slots[name] = slot
    path.write_text(keyfile.to_json(), encoding="utf-8")


def test_a_record_prepared_the_old_way_is_refused_at_approval(unit: TestUnit) -> None:
    """An administrator's slot in the prepared record (release before this change, or
    written by hand): approval refuses it, with and without a password typed."""
    _forge_pending(unit, "petra", "officer", 1, with_slot_in_pending=True)
    with unit.supervisor() as sam:
        listed = {p.username: p for p in approvals.pending_accounts(sam)}
        assert listed["petra"].kind == "new account" and not listed["petra"].needs_password
        for typed in (None, PETRA_PW):
            with pytest.raises(InvalidInput, match="earlier version with a password the "
                               "administrator chose; refuse it"):
                approve_shown(sam, "petra", typed)
    with pytest.raises(InvalidInput, match="earlier version"):
        approvals.approve_with_recovery_code(unit.db, unit.recovery_code, "petra", PETRA_PW,
                                             unit.clock)
    assert "petra" not in _keys(unit).slots
    with unit.supervisor() as sam:
        approvals.refuse(sam, "petra")  # refusing still works
    assert "petra" not in _keys(unit).pending
    # Prepared again, the new way: approved with Petra's own password.
    with unit.admin() as admin:
        users.add_user(admin, "petra", "PC Petra Vale", Role.OFFICER)
    unit.approve("petra", PETRA_PW)
    unit.login("petra", PETRA_PW).close()


@pytest.mark.parametrize("name", ["petra", "olive"])
def test_keys_written_into_the_key_file_by_the_administrator_are_refused(
        unit: TestUnit, name: str) -> None:
    """No slot in the record, but keys filled in and the slot put beside the others: a
    new account, or a "role change" of olive onto the administrator's keys."""
    _forge_pending(unit, name, "supervisor", 1 if name == "petra" else 9,
                   with_slot_in_pending=False)
    with unit.supervisor() as sam, pytest.raises(InvalidInput, match="to keys an administrator "
                                                 "chose"):
        approve_shown(sam, name)
    with pytest.raises(InvalidInput, match="keys an administrator chose"):
        approvals.approve_with_recovery_code(unit.db, unit.recovery_code, name, None,
                                             unit.clock)
    with unit.supervisor() as sam:  # nothing sealed to the administrator's slot
        assert _keys(unit).slots[name].sealed == []
        approvals.refuse(sam, name)


def test_a_record_whose_keys_were_swapped_in_the_database_does_not_verify(
        unit: TestUnit) -> None:
    """As a key holder with sqlcipher3: petra's approved record is rewritten to name keys
    whose password the attacker knows (also in the users row and the key file)."""
    with unit.admin() as admin:
        users.add_user(admin, "petra", "PC Petra Vale", Role.OFFICER)
    unit.approve("petra", PETRA_PW)
    path = kf.keyfile_path(unit.db)
    keyfile = kf.load(path)
    olive = slots.open_slot(keyfile, "olive", keyfile.slots["olive"], unit.passwords["olive"])
    mine = slots.new_slot(keyfile, "petra", "attacker-knows-this-1", olive.db_keys[0])
    conn = raw_connection(unit.db, olive.db_keys[0])
    row_id, text, sigs = conn.execute("SELECT id, record, signatures FROM account_records "
                                      "WHERE username='petra'").fetchone()
    swapped = replace(records.AccountRecord.parse(text), enc=b64(mine.public),
                      sign=b64(mine.sign_public))
    conn.execute("DROP TRIGGER account_records_no_update")
    conn.execute("UPDATE account_records SET record=? WHERE id=?", (swapped.text(), row_id))
    conn.execute("UPDATE users SET public_key=? WHERE username='petra'", (swapped.enc,))
    conn.close()
    keyfile.slots["petra"] = mine
    path.write_text(keyfile.to_json(), encoding="utf-8")
    # The administrator's signature (over the request) still verifies; the
    # supervisor's (over the keys) does not: the record is not valid.
    signed = records.SignedRecord(swapped.text(), tuple(json.loads(sigs)))
    assert [by for by, _ in records.good_signers(signed, records.request_text(swapped))] == \
        ["admin"]
    assert [by for by, _ in records.good_signers(signed)] == []
    with pytest.raises(AccountNotValid):
        unit.login("petra", "attacker-knows-this-1")
    problems = unit_verify.verify_file(unit.db, "sam", unit.passwords["sam"],
                                       unit.clock).problems
    assert any("petra v1" in p and "signatures do not verify" in p for p in problems), problems


def test_the_request_signature_counts_only_as_the_administrators() -> None:
    """records.valid_indexes: an administrator's signature over the request view, and
    a supervisor's over the full text; never the other way round."""
    from app.security.signing import generate_signing_key

    root, root_public = generate_signing_key()
    admin, admin_public = generate_signing_key()
    sam, sam_public = generate_signing_key()
    at = "2026-03-02T09:30:00+00:00"

    def account(user: str, role: str, public: bytes) -> records.SignedRecord:
        rec = records.AccountRecord("u1", user, role, records.ACTIVE, b64(public), b64(public),
                                    1, at, "created")
        return records.SignedRecord(rec.text(), ()).with_signature(records.ROOT, root)

    base = [account("admin", "administrator", admin_public),
            account("sam", "supervisor", sam_public)]
    full = records.AccountRecord("u1", "petra", "officer", records.ACTIVE, "RU5D", "U0lHTg==",
                                 1, at, "prepared")
    request = records.request_text(full)

    def valid(*signatures: tuple[str, str, bytes]) -> bool:
        signed = records.SignedRecord(full.text(), ())
        for by, text, key in signatures:
            signed = replace(signed, signatures=(*signed.signatures,
                                                 records.signature(text, by, key)))
        return 2 in records.valid_indexes([*base, signed], "u1", root_public)

    assert valid(("admin", request, admin), ("sam", full.text(), sam))
    assert valid(("admin", full.text(), admin), ("sam", full.text(), sam))  # before the change
    assert not valid(("admin", request, admin), ("sam", request, sam))
    assert not valid(("admin", request, admin))
    assert not valid(("sam", full.text(), sam))
    assert not valid(("admin", request, admin), ("admin", full.text(), admin))


def test_an_administrator_given_a_case_role_gets_fresh_keys(unit: TestUnit) -> None:
    """An administrator's keys were made under a password another administrator chose:
    made an officer, the account gets new keys from its owner's password at approval."""
    with unit.admin() as admin:
        users.add_user(admin, "ivy", "Ivy Lund", Role.ADMINISTRATOR, "it-chose-this-pass-1")
    unit.supervisor().close()  # entered (one administrator suffices)
    old = _keys(unit).slots["ivy"]
    # The old way (keys kept, as an earlier version prepared it) is refused.
    path = kf.keyfile_path(unit.db)
    keyfile = kf.load(path)
    current = records.SignedRecord.from_dict(keyfile.accounts["ivy"]).record
    kept = replace(current, role="officer", version=current.version + 1, basis="prepared")
    signed = records.SignedRecord(kept.text(), ()).with_signature("admin", _admin_signing(unit))
    keyfile.pending["ivy"] = kf.Pending(signed.text, list(signed.signatures), "", None)
    path.write_text(keyfile.to_json(), encoding="utf-8")
    with unit.supervisor() as sam:
        with pytest.raises(InvalidInput, match="keys an administrator chose"):
            approve_shown(sam, "ivy")
        approvals.refuse(sam, "ivy")
    with unit.admin() as admin:
        users.set_role(admin, "ivy", Role.OFFICER)
    with unit.supervisor() as sam:
        item = next(p for p in approvals.pending_accounts(sam) if p.username == "ivy")
        assert item.kind == "role change" and item.needs_password
        with pytest.raises(InvalidInput, match="Ask Ivy Lund to type the password"):
            approve_shown(sam, "ivy")
        approve_shown(sam, "ivy", "she-alone-knows-this")
    new = _keys(unit).slots["ivy"]
    assert new.public != old.public
    with pytest.raises(DecryptionFailed):
        slots.open_slot(_keys(unit), "ivy", new, "it-chose-this-pass-1")
    with unit.login("ivy", "she-alone-knows-this") as ivy:
        assert ivy.user.role is Role.OFFICER


@pytest.mark.parametrize("fixture", list(OLDER_UNITS))
def test_units_of_earlier_releases_still_verify_and_take_new_accounts(
        tmp_path: Path, fixture: str) -> None:
    made = older_unit(tmp_path, fixture)
    for open_once in (made.officer, made.supervisor, made.admin):  # carried over here
        open_once().close()
    made.add_account("petra", "PC Petra Vale", Role.OFFICER, PETRA_PW)
    unit_pw = made.passwords["sam"]
    assert unit_verify.verify_file(made.db, "sam", unit_pw, made.clock).ok
    made.login("petra", PETRA_PW).close()
