"""Units made by release 0.1.0 keep opening: the first sign-in makes the unit root and
carries every account over (trust on first use), then each user gets a signing key."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import settings
from app.security import keyfile as kf
from app.security import records
from app.services import account_trust, unit_verify
from app.storage import audit_repo, settings_repo
from tests.unit.older_units import OLDER_UNITS, older_unit


@pytest.mark.parametrize("fixture", list(OLDER_UNITS))
def test_an_older_unit_opens_carries_its_accounts_over_and_verifies(
        tmp_path: Path, fixture: str) -> None:
    unit = older_unit(tmp_path, fixture)
    assert not kf.load(kf.keyfile_path(unit.db)).root_public  # made before the unit root
    with unit.officer() as olive:
        keyfile = kf.load(kf.keyfile_path(unit.db))
        assert keyfile.root_public == account_trust.root_public(olive.conn)
        assert keyfile.root_sealed is not None  # sealed to the recovery slot only
        assert settings_repo.read(olive.conn, settings.ROOT_SEALED)
        accounts = account_trust.load(olive.conn, keyfile.unit_id)
        carried = {accounts.signed[i].record.user: accounts.signed[i].record
                   for i in accounts.valid if accounts.signed[i].record.basis == "carried-over"}
        assert {n: r.role for n, r in carried.items()} == {
            "admin": "administrator", "sam": "supervisor", "olive": "officer"}
        assert all(r.sign == "" and r.status == records.ACTIVE for r in carried.values())
        rows = list(audit_repo.iter_rows(olive.conn))
        [made] = [r for r in rows if r.actor == records.ROOT]
        assert "olive's first sign-in" in (made.detail or "") and made.signature
        assert "trust on first use" in (made.detail or "")
        assert keyfile.slots["olive"].sign_public and keyfile.slots["olive"].aad == 2
    with unit.supervisor() as sam:
        assert sam.user.role.value == "supervisor"
    with unit.admin() as admin:
        assert admin.user.role.value == "administrator"
    keyfile = kf.load(kf.keyfile_path(unit.db))
    assert all(keyfile.slots[n].sign_public for n in ("admin", "sam", "olive"))
    report = unit_verify.verify_file(unit.db, "sam", unit.passwords["sam"], unit.clock)
    assert report.ok, report.problems
    assert report.unsigned_before_signing > 0  # release 0.1's rows: counted, not failed


def test_the_root_is_made_once(tmp_path: Path) -> None:
    unit = older_unit(tmp_path, "unit_v010")
    unit.supervisor().close()
    first = kf.load(kf.keyfile_path(unit.db)).root_public
    unit.officer().close()
    unit.supervisor().close()
    assert kf.load(kf.keyfile_path(unit.db)).root_public == first
    with unit.supervisor() as sam:
        made = [r for r in audit_repo.iter_rows(sam.conn) if r.actor == records.ROOT]
    assert len(made) == 1


def test_a_crash_before_the_key_file_was_written_is_repaired(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The database is written first and holds the sealed root: a key file that missed
    it (the program stopped between the two writes) is brought in line at sign-in."""
    from app.services import carry_over

    unit = older_unit(tmp_path, "release-0.1.0-h")
    keys = kf.keyfile_path(unit.db)
    made = carry_over.create_root

    class Stopped(BaseException):
        pass

    def stop_after_the_database(*args: object) -> int:
        made(*args)  # type: ignore[arg-type]
        raise Stopped  # the key file is never saved

    monkeypatch.setattr(carry_over, "create_root", stop_after_the_database)
    with pytest.raises(Stopped):
        unit.officer()
    monkeypatch.undo()
    assert not kf.load(keys).root_public
    with unit.supervisor() as sam:
        assert kf.load(keys).root_public == account_trust.root_public(sam.conn)
    unit.officer().close()
    report = unit_verify.verify_file(unit.db, "sam", unit.passwords["sam"], unit.clock)
    assert report.ok, report.problems


@pytest.mark.parametrize("fixture", list(OLDER_UNITS))
def test_the_administrators_key_is_taken_at_the_next_supervisor_sign_in(
        tmp_path: Path, fixture: str) -> None:
    """Issue 13 item 1 on an existing unit: the administrator's slot loses the sealed
    database key and the database is re-encrypted, so an old copy of the key file no
    longer opens it."""
    from app.errors import DatabaseError
    from app.security import slots
    from app.storage.connection import open_connection

    unit = older_unit(tmp_path, fixture)
    old_copy = kf.load(kf.keyfile_path(unit.db))
    unit.officer().close()  # carried over; the administrator still holds the key
    assert kf.load(kf.keyfile_path(unit.db)).slots["admin"].sealed
    with unit.supervisor() as sam:
        rows = [r.detail or "" for r in audit_repo.iter_rows(sam.conn)]
    assert any("taken from the administrator slot(s) of admin" in d for d in rows)
    now = kf.load(kf.keyfile_path(unit.db))
    assert now.slots["admin"].sealed == []
    old_key = slots.open_slot(old_copy, "admin", old_copy.slots["admin"],
                              unit.passwords["admin"]).db_keys[0]
    with pytest.raises(DatabaseError):
        open_connection(unit.db, old_key)
    with unit.admin() as admin:
        assert admin.keyless
        from app.services import users

        assert {a.username for a in users.list_users(admin)} == {"admin", "sam", "olive"}
    unit.officer().close()
    report = unit_verify.verify_file(unit.db, "sam", unit.passwords["sam"], unit.clock)
    assert report.ok, report.problems


def test_the_signed_accounts_version_is_that_of_its_migration() -> None:
    """Verify reads a copy older than this version (read only) as made before signing."""
    from app.services.unit_verify import SIGNED_ACCOUNTS_VERSION
    from app.storage import migrate

    [found] = [m for m in migrate.available_migrations() if m.name.endswith("_signed_accounts.sql")]
    assert found.version == SIGNED_ACCOUNTS_VERSION == 12
    assert [m.version for m in migrate.available_migrations()] == list(range(1, 13))
