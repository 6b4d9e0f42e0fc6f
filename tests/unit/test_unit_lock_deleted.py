"""#13 item 4, attacked at the file level: while another process has the unit open (a
shared OS lock on ``unit.db.lock``), an insider deletes ``unit.db.lock`` (POSIX lets them)
and runs `csods restore`. The restore must still be refused, naming the holder, and the
unit left as it was. A holder re-creates and re-locks the file when it next writes; and
closing a session whose files were replaced says so in one line, without raising."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.main import main
from app.domain.enums import AuditAction
from app.services import maintenance
from app.storage import unit_lock
from app.storage.os_lock import LockBusy, OsLock
from tests.conftest import OFFICER_PW, SUPERVISOR_PW, TestUnit

ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(os.name != "posix",
                                reason="Windows does not let an open lock file be deleted")


@pytest.fixture
def olive_elsewhere(unit: TestUnit) -> Iterator[subprocess.Popen[str]]:
    """olive signed in to the unit from another process (holding the shared lock)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.unit.lock_holder", str(unit.db), "olive", OFFICER_PW],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=ROOT, env=env)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    yield child
    assert child.stdin is not None
    child.stdin.close()
    child.wait()


def _backup(unit: TestUnit, dest: Path) -> Path:
    with unit.supervisor() as sam:
        return maintenance.backup(sam, dest)


@posix_only
def test_restore_is_refused_after_the_lock_file_is_deleted(
        unit: TestUnit, tmp_path: Path, olive_elsewhere: subprocess.Popen[str],
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    source = _backup(unit, tmp_path / "b" / "unit.db")
    unit_lock.lock_path(unit.db).unlink()  # the insider's move
    before = unit.db.read_bytes()[:4096]
    monkeypatch.setenv("CSODS_PASSWORD", SUPERVISOR_PW)
    code = main(["restore", "--db", str(unit.db), "--from", str(source), "--user", "sam"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "olive" in err and str(olive_elsewhere.pid) in err and "lock file" in err
    assert not list(unit.db.parent.glob("unit.db.replaced-*"))
    assert unit.db.read_bytes()[:4096] == before


@posix_only
def test_rekey_is_refused_after_the_lock_file_is_deleted(
        unit: TestUnit, olive_elsewhere: subprocess.Popen[str],
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    unit_lock.lock_path(unit.db).unlink()
    monkeypatch.setenv("CSODS_PASSWORD", SUPERVISOR_PW)
    assert main(["rekey", "--db", str(unit.db), "--user", "sam"]) == 1
    assert "olive" in capsys.readouterr().err


@posix_only
def test_a_holder_in_this_program_re_locks_a_deleted_lock_file(unit: TestUnit) -> None:
    with unit.officer() as olive:
        path = unit_lock.lock_path(unit.db)
        path.unlink()
        olive.record(AuditAction.CONSULT, detail="a write notices")
        assert path.exists()
        # Another "process" (a second handle) cannot now take it exclusively.
        other = OsLock(path)
        try:
            with pytest.raises(LockBusy):
                other.acquire(exclusive=True)
        finally:
            other.close()


def test_closing_a_session_whose_files_were_replaced_does_not_raise(
        unit: TestUnit, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    source = _backup(unit, tmp_path / "b" / "unit.db")
    olive = unit.officer()
    kept = tmp_path / "by-hand"
    kept.mkdir()
    for name in ("unit.db", "unit.db-wal", "unit.db-shm"):
        if (unit.db.parent / name).exists():
            shutil.move(str(unit.db.parent / name), kept / name)
    shutil.copyfile(source, unit.db)
    with caplog.at_level(logging.WARNING):
        olive.close()  # no UnitReplaced raised to the caller
    assert [r.getMessage().count("\n") for r in caplog.records] == [0]
    assert "replaced" in caplog.records[0].getMessage()
    assert not olive.is_open
