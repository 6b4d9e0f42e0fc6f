"""Issue 13 items 2 and 3, attacked as an insider would: open the database with
sqlcipher3 and the key unsealed from an officer's own slot, then edit it.

Each attack runs on a new unit and on the two units made by release 0.1.0
(tests/fixtures), after their accounts were carried over at the first sign-in."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.clock import FixedClock
from app.domain.enums import AuditAction
from app.security import keyfile as kf
from app.security import slots
from app.services import unit_verify
from app.services.account_trust import AccountNotValid
from app.services.session import NoCaseKey
from tests.conftest import TestUnit, make_test_unit
from tests.unit.older_units import OLDER_UNITS, older_unit
from tests.unit.raw_db import raw_connection


@pytest.fixture(params=["new", *OLDER_UNITS])
def unit(request: pytest.FixtureRequest, tmp_path: Path, clock: FixedClock) -> TestUnit:
    if request.param == "new":
        return make_test_unit(tmp_path, clock)
    made = older_unit(tmp_path, request.param)
    for open_once in (made.officer, made.supervisor, made.admin):  # carried over here
        open_once().close()
    return made


def _officer_key(unit: TestUnit) -> bytes:
    """What olive can do with her own password and the key file, no application."""
    keyfile = kf.load(kf.keyfile_path(unit.db))
    return slots.open_slot(keyfile, "olive", keyfile.slots["olive"],
                           unit.passwords["olive"]).db_keys[0]


def _verify(unit: TestUnit) -> list[str]:
    return unit_verify.verify_file(unit.db, "sam", unit.passwords["sam"], unit.clock).problems


def _busy(unit: TestUnit, rows: int) -> None:
    with unit.officer() as olive:
        for n in range(rows):
            olive.record(AuditAction.CONSULT, entity=f"note:{n}")


def test_promoting_yourself_by_sql_fails_sign_in_and_verify(unit: TestUnit) -> None:
    conn = raw_connection(unit.db, _officer_key(unit))
    conn.execute("UPDATE users SET role = 'supervisor' WHERE username = 'olive'")
    conn.close()
    with pytest.raises(AccountNotValid, match="users table says supervisor"):
        unit.officer()
    assert any("account olive" in p and "supervisor" in p for p in _verify(unit))


def test_a_self_signed_record_does_not_make_a_supervisor(unit: TestUnit) -> None:
    import json

    from app.security import records

    keyfile = kf.load(kf.keyfile_path(unit.db))
    opened = slots.open_slot(keyfile, "olive", keyfile.slots["olive"],
                            unit.passwords["olive"])
    conn = raw_connection(unit.db, opened.db_keys[0])
    text = conn.execute("SELECT record FROM account_records WHERE username='olive'").fetchone()[0]
    rec = records.AccountRecord.parse(text)
    forged = records.AccountRecord(**{**rec.__dict__, "role": "supervisor", "version": 9})
    assert opened.signing is not None
    signed = records.SignedRecord(forged.text(), ()).with_signature("olive", opened.signing)
    conn.execute("INSERT INTO account_records (username, version, record, signatures) "
                 "VALUES ('olive', 9, ?, ?)", (signed.text, json.dumps(list(signed.signatures))))
    conn.execute("UPDATE users SET role = 'supervisor' WHERE username = 'olive'")
    conn.close()
    with pytest.raises(AccountNotValid):
        unit.officer()
    assert any("olive v9" in p for p in _verify(unit))


@pytest.mark.parametrize("deleted", [1, 10, 100])
def test_truncating_the_trail_is_reported(unit: TestUnit, deleted: int) -> None:
    _busy(unit, 110)
    conn = raw_connection(unit.db, _officer_key(unit))
    conn.execute("DROP TRIGGER audit_no_delete")
    last = conn.execute("SELECT max(id) FROM audit").fetchone()[0]
    conn.execute("DELETE FROM audit WHERE id > ?", (last - deleted,))
    conn.close()
    problems = _verify(unit)
    assert any(f"audit rows {last - deleted + 1} to {last} are missing" in p
               for p in problems), problems


def test_rewrite_and_rechain_is_reported(unit: TestUnit) -> None:
    from app.storage import audit_repo

    _busy(unit, 5)
    with unit.supervisor() as sam:
        sam.record(AuditAction.CONSULT, entity="after")
    conn = raw_connection(unit.db, _officer_key(unit))
    conn.execute("DROP TRIGGER audit_no_update")
    rows = list(audit_repo.iter_rows(conn))
    target = rows[-10]
    prev = rows[-11].hash
    for row in rows[-10:]:
        detail = "nothing to see" if row.id == target.id else row.detail
        fields = (*row.fields[:8], detail)
        digest = audit_repo.row_hash(prev, fields)
        conn.execute("UPDATE audit SET detail = ?, prev_hash = ?, hash = ? WHERE id = ?",
                     (detail, prev, digest, row.id))
        prev = digest
    conn.close()
    problems = _verify(unit)
    assert not any("does not follow" in p for p in problems)  # the chain itself is whole
    assert any(f"audit row {target.id}" in p and "signature" in p for p in problems)
    assert any("rewritten" in p for p in problems)


def test_a_row_appended_in_a_supervisors_name_is_reported(unit: TestUnit) -> None:
    from datetime import UTC, datetime

    from app.security.signing import KeySigner
    from app.storage import audit_repo

    keyfile = kf.load(kf.keyfile_path(unit.db))
    opened = slots.open_slot(keyfile, "olive", keyfile.slots["olive"],
                            unit.passwords["olive"])
    assert opened.signing is not None
    conn = raw_connection(unit.db, opened.db_keys[0])
    conn.execute("BEGIN")
    row = audit_repo.append(conn, at=datetime(2026, 3, 2, tzinfo=UTC), actor="sam",
                            action=AuditAction.DISCLOSE, case_ref="TST-1",
                            signer=KeySigner("olive", opened.signing))
    unsigned = audit_repo.append(conn, at=datetime(2026, 3, 2, tzinfo=UTC), actor="sam",
                                 action=AuditAction.DISCLOSE, case_ref="TST-2")
    conn.execute("COMMIT")
    conn.close()
    problems = _verify(unit)
    assert any(f"audit row {row.id}" in p and "not by sam" in p for p in problems)
    assert any(f"audit row {unsigned.id} is not signed" in p for p in problems)


def test_deleting_a_middle_row_is_reported(unit: TestUnit) -> None:
    _busy(unit, 5)
    conn = raw_connection(unit.db, _officer_key(unit))
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE id = 7")
    conn.close()
    assert any("audit row 7 is missing" in p for p in _verify(unit))


def test_an_untouched_unit_verifies(unit: TestUnit) -> None:
    _busy(unit, 3)
    report = unit_verify.verify_file(unit.db, "sam", unit.passwords["sam"], unit.clock)
    assert report.ok, report.problems
    assert report.witnessed
    # Rows written by release 0.1 carry no signature: counted, not failed.
    assert (report.unsigned_before_signing == 0) == (unit.recovery_code != "")


def test_the_administrators_own_slot_unseals_no_database_key(unit: TestUnit) -> None:
    """Item 1: with the administrator's own slot and password, nothing in the key file
    gives the database key (nor the unit root)."""
    from app.security.crypto import ROOT_SEAL_INFO, DecryptionFailed, unseal

    keyfile = kf.load(kf.keyfile_path(unit.db))
    opened = slots.open_slot(keyfile, "admin", keyfile.slots["admin"], unit.passwords["admin"])
    assert opened.db_keys == [] and keyfile.slots["admin"].sealed == []
    sealed = [s for slot in keyfile.slots.values() for s in slot.sealed]
    sealed += [p.slot.sealed[0] for p in keyfile.pending.values() if p.slot and p.slot.sealed]
    for item in sealed:
        with pytest.raises(DecryptionFailed):
            unseal(item, opened.private)
    assert keyfile.root_sealed is not None
    with pytest.raises(DecryptionFailed):
        unseal(keyfile.root_sealed, opened.private, ROOT_SEAL_INFO)
    with unit.admin() as admin, pytest.raises(NoCaseKey):
        admin.conn  # noqa: B018 - the session has no database either


@pytest.mark.parametrize("deleted", [1, 10])
def test_a_cut_trail_stays_reported_after_later_sign_outs(unit: TestUnit, deleted: int) -> None:
    """#13 item 3, found by an attack review: a later sign-out witnesses the trail as it
    then is; verify checks every witnessed head, so the cut stays visible."""
    _busy(unit, 30)
    conn = raw_connection(unit.db, _officer_key(unit))
    conn.execute("DROP TRIGGER audit_no_delete")
    last = conn.execute("SELECT max(id) FROM audit").fetchone()[0]
    conn.execute("DELETE FROM audit WHERE id > ?", (last - deleted,))
    conn.close()
    for _ in range(3):  # ordinary work goes on: each sign-out witnesses the new head
        with unit.officer() as olive:
            olive.record(AuditAction.CONSULT, entity="after the cut")
    problems = _verify(unit)
    assert any(str(last) in p and ("cut or rewritten" in p or "are missing" in p)
               for p in problems), problems


def test_deleting_recent_witnesses_from_the_key_file_alone_does_not_hide_a_cut(
        unit: TestUnit) -> None:
    """The previous key file (.prev) keeps the witnesses an insider removed from the
    current one (a full rollback of every copy remains possible: docs/SECURITY.md)."""
    from app.security import keyfile as kf

    _busy(unit, 20)
    conn = raw_connection(unit.db, _officer_key(unit))
    conn.execute("DROP TRIGGER audit_no_delete")
    last = conn.execute("SELECT max(id) FROM audit").fetchone()[0]
    conn.execute("DELETE FROM audit WHERE id > ?", (last - 5,))
    conn.close()
    with unit.officer() as olive:  # work goes on; its sign-out saves the key file
        olive.record(AuditAction.CONSULT, entity="after the cut")
    path = kf.keyfile_path(unit.db)
    keyfile = kf.load(path)
    keyfile.witness = [w for w in keyfile.witness if int(w["row"]) <= last - 5]
    path.write_text(keyfile.to_json(), encoding="utf-8")  # .prev is left as it was
    problems = _verify(unit)
    assert any("are missing" in p or "cut or rewritten" in p for p in problems), problems


@pytest.mark.parametrize("unit", ["new"], indirect=True)
def test_a_slot_swapped_in_the_key_file_is_named_by_verify(unit: TestUnit) -> None:
    """Found by an attack review: a swap was caught at sign-in only. As olive (who can
    write the key file) owen's slot is replaced by one whose password she knows. (On a
    unit carried over from release 0.1 a slot is pinned at its owner's first sign-in.)"""
    from app.security import keyfile as kf

    path = kf.keyfile_path(unit.db)
    keyfile = kf.load(path)
    keyfile.slots["owen"] = slots.new_slot(keyfile, "owen", "olive-knows-this-1",
                                           _officer_key(unit))
    path.write_text(keyfile.to_json(), encoding="utf-8")
    problems = _verify(unit)
    assert any("key slot of 'owen'" in p and "not the one the database pins" in p
               for p in problems), problems
