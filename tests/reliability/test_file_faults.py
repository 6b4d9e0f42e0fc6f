"""Damaged files, newer schemas, migrations, backup/restore and rekey."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import AccountDisabled, DatabaseError, KeyFileError, SchemaTooNew
from app.security import keyfile as kf
from app.services import maintenance, unit_verify, users
from app.storage import audit_repo, migrate
from app.storage.connection import open_connection
from tests.conftest import OFFICER_PW, SUPERVISOR_PW, TestUnit
from tests.unit.raw_db import raw_connection


def _key(unit: TestUnit) -> bytes:
    with unit.supervisor() as session:  # administrators hold no database key
        return session.db_key


def _checkpoint(db: Path, key: bytes) -> None:
    conn = raw_connection(db, key)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_flipped_byte_is_reported_by_verify(unit: TestUnit) -> None:
    key = _key(unit)
    _checkpoint(unit.db, key)
    data = bytearray(unit.db.read_bytes())
    page = 4096
    last_page = len(data) // page - 1
    data[last_page * page + 100] ^= 0x40
    unit.db.write_bytes(bytes(data))
    report = unit_verify.verify_file(unit.db, "sam", SUPERVISOR_PW, unit.clock)
    assert not report.ok
    assert any("encrypted page" in p or "structure" in p for p in report.problems)


def test_damage_on_a_page_read_at_sign_in_is_a_clear_error(unit: TestUnit) -> None:
    key = _key(unit)
    _checkpoint(unit.db, key)
    data = bytearray(unit.db.read_bytes())
    pages = len(data) // 4096
    for page in range(pages // 2, pages):
        data[page * 4096 + 200] ^= 0x01
    unit.db.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match="damaged"):
        unit.supervisor().close()
    try:
        report = unit_verify.verify_file(unit.db, "sam", SUPERVISOR_PW, unit.clock)
    except DatabaseError as exc:
        assert "damaged" in str(exc)  # too damaged to open: still a plain sentence
    else:
        assert not report.ok and report.problems


def test_damaged_first_page_is_a_clear_error_from_verify(unit: TestUnit) -> None:
    key = _key(unit)
    _checkpoint(unit.db, key)
    data = bytearray(unit.db.read_bytes())
    data[300] ^= 0x01
    unit.db.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match="damaged"):
        unit_verify.verify_file(unit.db, "sam", SUPERVISOR_PW, unit.clock)


def test_newer_schema_is_refused_and_file_left_untouched(unit: TestUnit) -> None:
    key = _key(unit)
    conn = raw_connection(unit.db, key)
    conn.execute(f"PRAGMA user_version = {migrate.latest_version() + 1}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = unit.db.read_bytes()
    with pytest.raises(SchemaTooNew, match="newer version"):
        unit.supervisor()
    assert unit.db.read_bytes() == before


def _with_extra_migration(monkeypatch: pytest.MonkeyPatch, sql: str) -> None:
    real = migrate.available_migrations()
    extra = migrate.Migration(len(real) + 1, f"{len(real) + 1:04d}_extra.sql", sql)
    monkeypatch.setattr(migrate, "available_migrations", lambda: [*real, extra])


def test_migration_backs_up_first(unit: TestUnit, monkeypatch: pytest.MonkeyPatch) -> None:
    key = _key(unit)
    old_version = migrate.latest_version()
    _with_extra_migration(monkeypatch, "CREATE TABLE extra (x INTEGER);")
    with unit.supervisor() as session:
        assert migrate.schema_version(session.conn) == old_version + 1
    backups = [p for p in unit.db.parent.glob("unit.db.pre-migration-v*")
               if not p.name.endswith(".keys")]
    assert len(backups) == 1
    # The copy carries its own key-file snapshot (so it can be restored).
    assert kf.keyfile_path(backups[0]).exists()
    copy = open_connection(backups[0], key)
    assert migrate.schema_version(copy) == old_version
    tables = {r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "extra" not in tables and "audit" in tables
    copy.close()


def test_failed_migration_rolls_back(unit: TestUnit, monkeypatch: pytest.MonkeyPatch) -> None:
    old_version = migrate.latest_version()
    _with_extra_migration(monkeypatch, "CREATE TABLE extra (x INTEGER);\nNOT VALID SQL;")
    with pytest.raises(DatabaseError, match="rolled back"):
        unit.supervisor()
    monkeypatch.undo()
    with unit.supervisor() as session:
        assert migrate.schema_version(session.conn) == old_version
        tables = {r[0] for r in session.conn.execute("SELECT name FROM sqlite_master")}
        assert "extra" not in tables


def _dump(db: Path, key: bytes) -> dict[str, list[tuple[object, ...]]]:
    conn = open_connection(db, key)
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    dump = {t: list(conn.execute(f"SELECT * FROM {t} ORDER BY rowid")) for t in tables}
    conn.close()
    return dump


def test_backup_and_restore_round_trip(unit: TestUnit, tmp_path: Path) -> None:
    unit.add_account("petra", "PC Petra Vale", users.Role.OFFICER, "vale-long-password-1")
    with unit.supervisor() as sam:
        dest = maintenance.backup(sam, tmp_path / "backups" / "unit-backup.db")
        key = sam.db_key
        head_at_backup = audit_repo.head(sam.conn)
    backup_rows = _dump(dest, key)
    assert not dest.read_bytes().startswith(b"SQLite format 3")
    # Life goes on after the backup...
    with unit.admin() as admin:
        users.disable_user(admin, "petra")
    report, kept = maintenance.restore(unit.db, dest, "sam", SUPERVISOR_PW, unit.clock)
    assert report.ok and kept.is_dir() and (kept / "unit.db").exists()
    restored = _dump(unit.db, key)
    audit = restored.pop("audit")
    assert audit[: len(backup_rows["audit"])] == backup_rows["audit"]
    assert (audit[len(backup_rows["audit"]) - 1][0], audit[len(backup_rows["audit"]) - 1][10]) \
        == head_at_backup
    backup_rows.pop("audit")
    assert restored == backup_rows
    unit.login("petra", "vale-long-password-1").close()  # as it was at backup time


def test_restore_refuses_a_damaged_backup(unit: TestUnit, tmp_path: Path) -> None:
    with unit.admin() as admin:  # an administrator's backup: a copy of the encrypted files
        dest = maintenance.backup(admin, tmp_path / "b.db")
    data = bytearray(dest.read_bytes())
    data[len(data) - 500] ^= 0xFF
    dest.write_bytes(bytes(data))
    with unit.supervisor() as sam:
        head_before = audit_repo.head(sam.conn)
    with pytest.raises(DatabaseError):
        maintenance.restore(unit.db, dest, "sam", SUPERVISOR_PW, unit.clock)
    # Nothing was replaced: the unit's own trail simply goes on (the check signed in).
    assert not list(unit.db.parent.glob("unit.db.replaced-*"))
    with unit.supervisor() as sam:
        assert audit_repo.head(sam.conn)[0] > head_before[0]
        assert unit_verify.verify(sam).ok


def test_rekey_changes_the_key_and_every_user_still_signs_in(unit: TestUnit) -> None:
    old_key = _key(unit)
    with unit.admin() as admin:
        users.disable_user(admin, "owen")
    with unit.supervisor() as sam:
        maintenance.rekey(sam)
        new_key = sam.db_key
        assert unit_verify.verify(sam).ok
    assert new_key != old_key
    with pytest.raises(DatabaseError):
        open_connection(unit.db, old_key)
    unit.officer().close()
    unit.supervisor().close()
    with pytest.raises(AccountDisabled):
        unit.login("owen", OFFICER_PW)  # slot gone; a kept copy of the old key is useless


def test_recovery_code_still_works_after_rekey(unit: TestUnit) -> None:
    from app.services.recovery import recover_password

    with unit.supervisor() as sam:
        maintenance.rekey(sam)
    recover_password(unit.db, unit.recovery_code, "olive", "recovered-password-01", unit.clock)
    unit.login("olive", "recovered-password-01").close()


def test_torn_key_file_falls_back_to_previous_version(unit: TestUnit) -> None:
    keys = kf.keyfile_path(unit.db)
    keys.write_text('{"format": 1, "unit_id": "trunc')
    unit.admin().close()


def test_missing_key_file_is_a_clear_error(unit: TestUnit) -> None:
    keys = kf.keyfile_path(unit.db)
    keys.unlink()
    keys.with_name(keys.name + ".prev").unlink()
    with pytest.raises(KeyFileError, match="could not be read"):
        unit.admin()


@pytest.mark.skipif(not hasattr(__import__("os"), "fchmod"), reason="POSIX file modes")
def test_every_unit_file_is_owner_and_group_only(unit: TestUnit, tmp_path: Path) -> None:
    import stat

    with unit.admin() as admin:
        users.add_user(admin, "petra", "PC Petra Vale", users.Role.OFFICER)
        dest = maintenance.backup(admin, tmp_path / "b" / "backup.db")
    files = [unit.db, kf.keyfile_path(unit.db), kf.keyfile_path(unit.db).with_name(
        "unit.db.keys.prev"), dest, kf.keyfile_path(dest)]
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o660, path


def test_a_disabled_supervisor_cannot_roll_the_unit_back(unit: TestUnit,
                                                          tmp_path: Path) -> None:
    """Restoring is a supervisor's (it needs the database key); one disabled since the
    backup cannot use it to roll the unit back."""
    from app.errors import AccountDisabled

    unit.add_account("ian", "DS Ian Mercer", users.Role.SUPERVISOR, "mercer-long-password-1")
    with unit.admin() as admin:
        dest = maintenance.backup(admin, tmp_path / "old.db")
        users.disable_user(admin, "ian")
    before = unit.db.read_bytes()
    with pytest.raises(AccountDisabled):
        maintenance.restore(unit.db, dest, "ian", "mercer-long-password-1", unit.clock)
    assert unit.db.read_bytes() == before


def test_restore_with_a_password_changed_since_the_backup(unit: TestUnit,
                                                          tmp_path: Path) -> None:
    with unit.admin() as admin:
        dest = maintenance.backup(admin, tmp_path / "old.db")
    with unit.supervisor() as sam:
        users.change_own_password(sam, SUPERVISOR_PW, "newer-supervisor-pass-9")
    report, _ = maintenance.restore(unit.db, dest, "sam", "newer-supervisor-pass-9",
                                    unit.clock, backup_password=SUPERVISOR_PW)
    assert report.ok
