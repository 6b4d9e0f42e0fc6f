"""The unit lock (#13 item 4): restore, rekey and upgrade refuse while the unit is open,
naming who has it; a session whose files were replaced stops writing."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.enums import AuditAction
from app.services import maintenance
from app.storage import migrate, unit_lock
from app.storage.unit_lock import UnitInUse, UnitReplaced
from tests.conftest import OFFICER_PW, SUPERVISOR_PW, TestUnit
from tests.unit.raw_db import raw_connection

ROOT = Path(__file__).resolve().parents[2]


def _backup(unit: TestUnit, dest: Path) -> tuple[Path, bytes]:
    with unit.supervisor() as sam:
        return maintenance.backup(sam, dest), sam.db_key


@pytest.fixture
def other_process(unit: TestUnit) -> Iterator[subprocess.Popen[str]]:
    """olive signed in to the unit from another process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.unit.lock_holder", str(unit.db), "olive", OFFICER_PW],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    yield child
    assert child.stdin is not None
    child.stdin.close()
    child.wait()


def test_restore_is_refused_while_another_process_has_the_unit_open(
        unit: TestUnit, tmp_path: Path, other_process: subprocess.Popen[str]) -> None:
    dest, _ = _backup(unit, tmp_path / "b" / "unit.db")
    before = unit.db.read_bytes()
    with pytest.raises(UnitInUse) as refused:
        maintenance.restore(unit.db, dest, "sam", SUPERVISOR_PW, unit.clock)
    message = str(refused.value)
    assert "olive" in message and str(other_process.pid) in message
    assert socket.gethostname() in message and "since" in message
    assert not list(unit.db.parent.glob("unit.db.replaced-*"))
    assert unit.db.read_bytes()[:4096] == before[:4096]


def test_restore_is_refused_while_a_session_in_this_program_is_open(
        unit: TestUnit, tmp_path: Path) -> None:
    dest, _ = _backup(unit, tmp_path / "b" / "unit.db")
    with unit.officer(), pytest.raises(UnitInUse, match="olive"):
        maintenance.restore(unit.db, dest, "sam", SUPERVISOR_PW, unit.clock)
    # Signed out: the lock is released and the restore goes ahead.
    maintenance.restore(unit.db, dest, "sam", SUPERVISOR_PW, unit.clock)


def test_rekey_is_refused_while_someone_else_has_the_unit_open(
        unit: TestUnit, other_process: subprocess.Popen[str]) -> None:
    with unit.supervisor() as sam:
        key = sam.db_key
        with pytest.raises(UnitInUse, match="olive"):
            maintenance.rekey(sam)
        assert sam.db_key == key  # nothing changed
        sam.record(AuditAction.MAINTENANCE, detail="still usable")


def test_rekey_with_only_its_own_session_open_goes_ahead(unit: TestUnit) -> None:
    with unit.supervisor() as sam:
        key = sam.db_key
        maintenance.rekey(sam)
        assert sam.db_key != key


def test_an_upgrade_is_refused_while_the_unit_is_open_elsewhere(
        unit: TestUnit, monkeypatch: pytest.MonkeyPatch,
        other_process: subprocess.Popen[str]) -> None:
    real = migrate.available_migrations()
    extra = migrate.Migration(real[-1].version + 1, "9999_extra.sql", "CREATE TABLE extra (x);")
    monkeypatch.setattr(migrate, "available_migrations", lambda: [*real, extra])
    with pytest.raises(UnitInUse, match="upgrade"):
        unit.supervisor()
    assert not [p for p in unit.db.parent.glob("unit.db.pre-migration-*")]


def test_a_session_whose_files_were_replaced_stops_and_writes_nothing_into_the_old_copy(
        unit: TestUnit, tmp_path: Path) -> None:
    """As someone with the app open while IT copies a backup over the unit by hand (or a
    file share without working locks): nothing is saved into the replaced copy."""
    dest, key = _backup(unit, tmp_path / "b" / "unit.db")
    officer = unit.officer()
    officer.record(AuditAction.CONSULT, detail="before")
    kept = unit.db.parent / "by-hand"
    kept.mkdir()
    for name in ("unit.db", "unit.db-wal", "unit.db-shm"):
        if (unit.db.parent / name).exists():
            shutil.move(str(unit.db.parent / name), kept / name)
    shutil.copyfile(dest, unit.db)
    old = raw_connection(kept / "unit.db", key)
    rows_before = old.execute("SELECT count(*) FROM audit").fetchone()[0]
    old.close()
    new = raw_connection(unit.db, key)
    new_before = new.execute("SELECT count(*) FROM audit").fetchone()[0]
    new.close()
    for _ in range(3):
        with pytest.raises(UnitReplaced, match="replaced"):
            officer.record(AuditAction.CONSULT, detail="after")
    officer.close()
    old = raw_connection(kept / "unit.db", key)
    assert old.execute("SELECT count(*) FROM audit").fetchone()[0] == rows_before
    old.close()
    new = raw_connection(unit.db, key)
    assert new.execute("SELECT count(*) FROM audit").fetchone()[0] == new_before
    new.close()
    # Signing in again opens the file that is there now.
    unit.officer().close()


def test_a_note_left_by_a_crashed_process_is_not_named(unit: TestUnit, tmp_path: Path) -> None:
    folder = unit_lock.notes_dir(unit.db)
    folder.mkdir(exist_ok=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (folder / f"{socket.gethostname()}-{dead.pid}.json").write_text(
        f'{{"users": ["ghost"], "pid": {dead.pid}, "host": "{socket.gethostname()}", '
        '"since": "2026-01-01 00:00", "mode": "shared", "purpose": ""}', encoding="utf-8")
    assert unit_lock.holders(unit.db) == []
    dest, _ = _backup(unit, tmp_path / "b" / "unit.db")
    maintenance.restore(unit.db, dest, "sam", SUPERVISOR_PW, unit.clock)  # the OS lock is free
