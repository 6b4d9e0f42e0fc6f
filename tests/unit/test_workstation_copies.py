"""Copies on the workstation follow revocation (#13 item 6) and backups are never
modified by reading them (#13 item 7)."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.cli import main
from app.clock import FixedClock
from app.errors import DatabaseError, KeyFileError
from app.security import keyfile as kf
from app.security import slots
from app.services import maintenance, unit_copies, unit_verify, users
from app.services.unit import login
from app.storage import audit_repo, migrate
from app.storage.connection import open_read_only
from tests.conftest import ADMIN_PW, OFFICER_PW, SUPERVISOR_PW, TestUnit

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "unit_v010"
FIXTURE_SUPERVISOR_PW = "fixture-super-pass-02"


def _extra_migration(monkeypatch: pytest.MonkeyPatch) -> None:
    real = migrate.available_migrations()
    extra = migrate.Migration(real[-1].version + 1, "9999_extra.sql", "CREATE TABLE extra (x);")
    monkeypatch.setattr(migrate, "available_migrations", lambda: [*real, extra])


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def test_the_pre_migration_copy_can_be_restored_to_roll_back(
        unit: TestUnit, monkeypatch: pytest.MonkeyPatch) -> None:
    version = migrate.latest_version()
    _extra_migration(monkeypatch)
    unit.supervisor().close()  # upgrades, keeping a copy with its own key file
    [copy] = unit_copies.list_copies(unit.db)
    assert copy.kind == "pre-migration" and copy.has_keys
    monkeypatch.undo()  # the rollback: this release's code, and the copy from before
    # The live file is newer than the code now; the copy restores.
    report, kept = maintenance.restore(unit.db, copy.db, "sam", SUPERVISOR_PW, unit.clock)
    assert report.ok and kept.is_dir()
    with unit.supervisor() as sam:
        assert migrate.schema_version(sam.conn) == version
        details = [r.detail or "" for r in audit_repo.iter_rows(sam.conn)]
    assert any(copy.db.name in d and "restored from backup" in d for d in details)


def test_copies_are_listed(unit: TestUnit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    with unit.supervisor() as sam:
        dest = maintenance.backup(sam, tmp_path / "b" / "unit.db")
    maintenance.restore(unit.db, dest, "sam", SUPERVISOR_PW, unit.clock)
    _extra_migration(monkeypatch)
    unit.supervisor().close()
    kinds = sorted(c.kind for c in unit_copies.list_copies(unit.db))
    assert kinds == ["pre-migration", "replaced"]
    assert main(["copies", "--db", str(unit.db)]) == 0
    printed = capsys.readouterr().out
    assert "replaced" in printed and "pre-migration" in printed and "NO key" not in printed


def _every_key_in(keyfile: kf.KeyFile, name: str, password: str) -> list[bytes]:
    slot = keyfile.slots[name]
    return slots.open_slot(keyfile, name, slot, password).db_keys


def test_after_disable_with_rekey_no_file_opens_with_the_old_password(
        unit: TestUnit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As olive, who kept a copy of the key file before she was disabled: she tries her
    old slot on every file in the unit's folder, and her password on every key file."""
    with unit.supervisor() as sam:
        dest = maintenance.backup(sam, tmp_path / "b" / "unit.db")
    maintenance.restore(unit.db, dest, "sam", SUPERVISOR_PW, unit.clock)  # a replaced- copy
    _extra_migration(monkeypatch)
    unit.supervisor().close()  # a pre-migration copy
    olive_keys = _every_key_in(kf.load(kf.keyfile_path(unit.db)), "olive", OFFICER_PW)
    before = [c.db for c in unit_copies.list_copies(unit.db)]
    assert any(_opens(p, olive_keys) for p in before)  # what the rekey must put right
    # Two people since issue 13: the administrator disables, a supervisor re-encrypts.
    monkeypatch.setenv("CSODS_PASSWORD", ADMIN_PW)
    assert main(["user", "disable", "olive", "--db", str(unit.db), "--user", "admin"]) == 0
    monkeypatch.setenv("CSODS_PASSWORD", SUPERVISOR_PW)
    assert main(["rekey", "--db", str(unit.db), "--user", "sam"]) == 0
    files = [p for p in unit.db.parent.rglob("*") if p.is_file()]
    assert len(files) > 4
    for path in files:
        assert not _opens(path, olive_keys), path
        if path.name.endswith((".keys", ".prev")):
            try:
                keyfile = kf.KeyFile.from_json(path.read_text(encoding="utf-8"))
            except ValueError:
                continue
            assert "olive" not in keyfile.slots, path
    # The copies that were re-encrypted still open for the remaining users.
    for copy in unit_copies.list_copies(unit.db):
        keyfile = kf.load(kf.keyfile_path(copy.db))
        keys = _every_key_in(keyfile, "sam", SUPERVISOR_PW)
        assert _opens(copy.db, keys)


def _opens(path: Path, keys: list[bytes]) -> bool:
    """True when one of ``keys`` decrypts ``path`` as a database with tables in it."""
    if path.stat().st_size == 0:
        return False
    for key in keys:
        try:
            conn = open_read_only(path, key)
        except DatabaseError:
            continue
        try:
            return int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]) > 0
        finally:
            conn.close()
    return False


@pytest.fixture
def read_only_backup(unit: TestUnit, tmp_path: Path) -> Iterator[Path]:
    """A backup in a 0555 folder, its files 0444 (as on a write-protected medium)."""
    unit.add_account("petra", "PC Petra Vale", users.Role.OFFICER, "vale-long-password-1")
    with unit.supervisor() as sam:
        dest = maintenance.backup(sam, tmp_path / "ro" / "unit.db")
    for path in dest.parent.iterdir():
        os.chmod(path, 0o444)
    os.chmod(dest.parent, 0o555)  # noqa: S103 - a read-only folder
    yield dest
    os.chmod(dest.parent, 0o700)


def test_verify_of_a_backup_writes_nothing_into_it_and_is_audited_live(
        unit: TestUnit, read_only_backup: Path) -> None:
    folder = read_only_backup.parent
    before = _digest(folder)
    report = unit_verify.verify_backup(unit.db, read_only_backup, "sam", SUPERVISOR_PW, unit.clock)
    assert report.ok
    assert _digest(folder) == before and sorted(p.name for p in folder.iterdir()) == sorted(before)
    with unit.supervisor() as sam:
        details = [r.detail or "" for r in audit_repo.iter_rows(sam.conn)]
    assert any("backup unit.db, opened read-only" in d for d in details)


def test_a_read_only_backup_restores_and_is_not_changed(
        unit: TestUnit, read_only_backup: Path) -> None:
    folder = read_only_backup.parent
    before = _digest(folder)
    with unit.admin() as admin:  # disabling needs no database key
        users.disable_user(admin, "petra")
    report, _ = maintenance.restore(unit.db, read_only_backup, "sam", SUPERVISOR_PW, unit.clock)
    assert report.ok
    assert _digest(folder) == before
    unit.login("petra", "vale-long-password-1").close()  # the backup's accounts are back
    mode = stat.S_IMODE(os.stat(unit.db).st_mode)
    assert mode & stat.S_IWUSR  # the restored unit is writable
    unit.officer().close()


def test_an_older_backup_is_migrated_in_the_restored_copy_never_in_place(
        tmp_path: Path) -> None:
    backup = tmp_path / "old" / "unit.db"
    shutil.copytree(FIXTURE, backup.parent)
    for path in backup.parent.iterdir():
        os.chmod(path, 0o444)
    os.chmod(backup.parent, 0o555)  # noqa: S103 - a read-only folder
    try:
        before = _digest(backup.parent)
        clock = FixedClock(datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
        live = tmp_path / "unit" / "unit.db"  # the unit was lost: restore into a new folder
        report, _ = maintenance.restore(live, backup, "sam", FIXTURE_SUPERVISOR_PW, clock)
        assert report.ok
        assert _digest(backup.parent) == before
        with login(live, "sam", FIXTURE_SUPERVISOR_PW, clock) as sam:
            assert migrate.schema_version(sam.conn) == migrate.latest_version()
    finally:
        os.chmod(backup.parent, 0o700)


def test_a_copy_without_its_key_file_is_named_as_such(unit: TestUnit, tmp_path: Path) -> None:
    with unit.supervisor() as sam:
        dest = maintenance.backup(sam, tmp_path / "b" / "unit.db")
    kf.keyfile_path(dest).unlink()
    with pytest.raises(KeyFileError, match="no key file"):
        unit_verify.verify_backup(unit.db, dest, "sam", SUPERVISOR_PW, unit.clock)


def test_automatic_backups_follow_a_rekey_too(unit: TestUnit, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """#13 item 6 with the sign-out backups (item 1): after disable and rekey, olive's
    old slot opens none of the automatic backups, and each still verifies."""
    from app.services import auto_backup

    folder = tmp_path / "auto"
    folder.mkdir()
    with unit.supervisor() as sam:
        auto_backup.set_policy(sam, str(folder), 5)
    unit.officer().close()  # a key holder signs out: a backup is made
    made = [p for p in folder.iterdir() if p.suffix == ".db"]
    olive_keys = _every_key_in(kf.load(kf.keyfile_path(unit.db)), "olive", OFFICER_PW)
    assert made and all(_opens(p, olive_keys) for p in made)
    monkeypatch.setenv("CSODS_PASSWORD", ADMIN_PW)
    assert main(["user", "disable", "olive", "--db", str(unit.db), "--user", "admin"]) == 0
    monkeypatch.setenv("CSODS_PASSWORD", SUPERVISOR_PW)
    assert main(["rekey", "--db", str(unit.db), "--user", "sam"]) == 0
    after = [p for p in folder.iterdir() if p.suffix == ".db"]
    assert len(after) >= len(made)
    for path in after:
        assert not _opens(path, olive_keys), path
        assert "olive" not in kf.load(kf.keyfile_path(path)).slots
    report = unit_verify.verify_backup(unit.db, after[0], "sam", SUPERVISOR_PW, unit.clock)
    assert report.ok, report.problems
