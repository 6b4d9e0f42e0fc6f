"""Key slots are pinned in the encrypted database: an edited key file cannot
smuggle in a key of its own, nor lower the password-hashing cost."""

from __future__ import annotations

import pytest

from app.domain.enums import AuditAction, Role
from app.errors import KeyFileError
from app.security import keyfile as kf
from app.security import slots
from app.security.crypto import KdfParams
from app.services import maintenance, unit_verify, users
from app.storage import audit_repo
from app.storage.audit_repo import AuditQuery
from tests.conftest import OFFICER_PW, TestUnit, approve_shown


def _plant_slot(unit: TestUnit, name: str, password: str) -> None:
    """An insider who once held the database key writes a slot of their own for ``name``."""
    with unit.supervisor() as sam:
        db_key = sam.db_key
    path = kf.keyfile_path(unit.db)
    keyfile = kf.load(path)
    keyfile.slots[name] = slots.new_slot(keyfile, name, password, db_key)
    kf.save(path, keyfile)


def test_a_swapped_slot_does_not_open_and_is_audited(unit: TestUnit) -> None:
    _plant_slot(unit, "olive", "insider-password-01")
    with pytest.raises(KeyFileError, match="does not match"):
        unit.login("olive", "insider-password-01")
    with unit.supervisor() as sam:
        rows = audit_repo.search(sam.conn, AuditQuery(action=AuditAction.FAILED_LOGIN))
    assert any("key slot does not match" in (r.detail or "") for r in rows)


def test_rekey_seals_nothing_to_a_swapped_slot(unit: TestUnit) -> None:
    _plant_slot(unit, "owen", "insider-password-02")
    with unit.supervisor() as sam:
        maintenance.rekey(sam)
        assert unit_verify.verify(sam).ok
        detail = [r.detail for r in audit_repo.search(
            sam.conn, AuditQuery(action=AuditAction.MAINTENANCE))]
    assert "owen" not in kf.load(kf.keyfile_path(unit.db)).slots
    assert any("not matching the database" in (d or "") for d in detail)
    unit.officer().close()  # untouched accounts still sign in


def test_reset_password_repins_and_recovery_is_pinned(unit: TestUnit) -> None:
    with unit.admin() as admin:
        users.reset_password(admin, "olive")
    unit.approve("olive", "fresh-password-001")
    unit.login("olive", "fresh-password-001").close()
    from app.services.recovery import recover_password

    recover_password(unit.db, unit.recovery_code, "olive", "recovered-pass-002", unit.clock)
    unit.login("olive", "recovered-pass-002").close()
    with pytest.raises(Exception):  # noqa: B017 - the old password is gone either way
        unit.login("olive", OFFICER_PW)


def test_new_slots_use_the_databases_kdf_not_the_key_files(
        unit: TestUnit, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.security import keyfile_check

    # The key file's bounds check alone would refuse 8 KiB (and fall back to .prev); take
    # it out of the way to show the approval refuses a weak slot all the same.
    monkeypatch.setattr(keyfile_check, "MEMORY_KIB", (8, keyfile_check.MEMORY_KIB[1]))
    path = kf.keyfile_path(unit.db)
    keyfile = kf.load(path)
    expected = keyfile.kdf
    keyfile.kdf = KdfParams(time_cost=1, memory_kib=8, parallelism=1)  # lowered by an attacker
    kf.save(path, keyfile)
    # The administrator prepares no slot for an officer (the approval makes it) ...
    with unit.admin() as admin:
        users.add_user(admin, "petra", "PC Petra Vale", Role.OFFICER)
    assert "petra" not in kf.load(path).slots and kf.load(path).pending["petra"].slot is None
    # ... every sign-in with the key puts the key file's cost back to the pin ...
    with unit.supervisor() as sam:
        assert kf.load(path).kdf == expected
        lowered = kf.load(path)
        lowered.kdf = KdfParams(time_cost=1, memory_kib=8, parallelism=1)  # lowered again
        kf.save(path, lowered)
        # ... and the approval wraps the new slot with the database's pin, not the file's.
        approve_shown(sam, "petra", "vale-long-password-1")
    assert kf.load(path).slots["petra"].wrapped.kdf == expected
    unit.login("petra", "vale-long-password-1").close()


def test_old_failure_counters_are_forgotten(unit: TestUnit) -> None:
    from datetime import timedelta

    from app.errors import AuthenticationFailed

    for name in ("olive", "typed-a-password-by-mistake"):
        with pytest.raises(AuthenticationFailed):
            unit.login(name, "wrong-wrong-wrong")
    assert len(kf.load(kf.keyfile_path(unit.db)).lockout) == 2
    unit.clock.advance(timedelta(days=2))
    with pytest.raises(AuthenticationFailed):
        unit.login("owen", "wrong-wrong-wrong")
    assert len(kf.load(kf.keyfile_path(unit.db)).lockout) == 1  # only the fresh one


def test_listing_attachments_is_audited(unit: TestUnit) -> None:
    from app.services import attachments
    from tests.unit.case_walk import open_new

    with unit.officer() as officer:
        ref = open_new(officer).reference
        attachments.list_attachments(officer, ref)
        rows = audit_repo.search(officer.conn, AuditQuery(case_ref=ref,
                                                          action=AuditAction.CONSULT))
    assert any("attachment list viewed" in (r.detail or "") for r in rows)
