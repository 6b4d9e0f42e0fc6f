"""#13 item 1: the unit's own rotated encrypted backup at every key holder's sign-out."""

from __future__ import annotations

import errno
from datetime import timedelta
from pathlib import Path

import pytest

from app.cli.main import main
from app.domain.enums import AuditAction
from app.errors import InvalidInput, NotAuthorised
from app.security import keyfile as kf
from app.services import auto_backup, backup_copy
from app.storage import audit_repo
from tests.conftest import SUPERVISOR_PW, TestUnit


def _configure(unit: TestUnit, folder: Path, keep: int) -> None:
    with unit.supervisor() as sam:
        auto_backup.set_policy(sam, str(folder), keep)


def _backups(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".db"))


def test_keep_n_sign_outs_leave_n_backups_each_verifies(
        unit: TestUnit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    stranger = folder / "csods-auto-notes.txt"  # not ours: never touched
    stranger.write_text("the unit's own notes")
    lookalike = folder / "csods-auto-00000000-20200101T000000Z.db"  # another unit's name
    lookalike.write_bytes(b"another unit")
    keep = 3
    _configure(unit, folder, keep)  # the supervisor's own sign-out makes the first
    for index in range(keep + 2 - 1):
        unit.clock.advance(timedelta(minutes=7))
        session = unit.officer() if index % 2 else unit.supervisor()
        session.close()  # sign-out (LOGOUT)
    ours = [n for n in _backups(folder) if n != lookalike.name]
    assert len(ours) == keep
    assert stranger.read_text() == "the unit's own notes" and lookalike.exists()
    for name in ours:
        assert kf.keyfile_path(folder / name).exists()
    # the newest are kept (named with the time)
    assert ours[-1].endswith(unit.clock.now().strftime("%Y%m%dT%H%M%SZ.db"))
    with unit.officer() as olive:  # (its own sign-out makes one more: oldest first)
        details = [r.detail or "" for r in audit_repo.iter_rows(olive.conn)]
    assert sum("automatic backup at sign-out: csods-auto-" in d for d in details) == keep + 2
    assert any("older than the newest 3 removed" in d for d in details)
    monkeypatch.setenv("CSODS_PASSWORD", SUPERVISOR_PW)
    for name in ours[1:]:
        code = main(["verify", "--db", str(unit.db), "--user", "sam",
                     "--backup", str(folder / name)])
        printed = capsys.readouterr().out
        assert code == 0, printed
        assert "highest witnessed head" in printed


def test_two_sign_outs_in_the_same_second_keep_both(unit: TestUnit, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    _configure(unit, folder, 5)
    unit.officer().close()
    assert len(_backups(folder)) == 2
    assert any(name.endswith("Z-2.db") for name in _backups(folder))


def test_lock_makes_no_backup_and_nothing_is_configured_by_default(
        unit: TestUnit, tmp_path: Path) -> None:
    with unit.supervisor() as sam:
        assert auto_backup.policy(sam) == auto_backup.BackupPolicy(None, 14)
    folder = tmp_path / "b"
    folder.mkdir()
    _configure(unit, folder, 14)
    count = len(_backups(folder))
    session = unit.officer()
    session.suspend(AuditAction.LOCK)
    session.close()  # logging out from the lock screen: nothing to copy with
    assert len(_backups(folder)) == count


@pytest.mark.parametrize("fault", [errno.ENOSPC, errno.EROFS])
def test_a_full_or_read_only_folder_is_reported_and_sign_out_completes(
        unit: TestUnit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: int) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    _configure(unit, folder, 14)
    before = _backups(folder)

    def failing_copy(_conn: object, dest: Path, _key: bytes, _progress: object = None) -> None:
        Path(f"{dest}.partial").write_bytes(b"half")
        Path(f"{dest}.partial").unlink()
        raise OSError(fault, "No space left on device" if fault == errno.ENOSPC
                      else "Read-only file system", str(dest))

    monkeypatch.setattr(backup_copy, "copy_database", failing_copy)
    session = unit.officer()
    session.close()
    assert not session.is_open  # signed out all the same
    assert _backups(folder) == before
    monkeypatch.undo()
    with unit.supervisor() as sam:
        problem = auto_backup.last_problem(sam)
        details = [r.detail or "" for r in audit_repo.iter_rows(sam.conn)]
    words = "full" if fault == errno.ENOSPC else "read-only"
    assert "automatic backup at sign-out" in problem and words in problem.lower(), problem
    assert any("automatic backup at sign-out FAILED" in d and words in d.lower()
               for d in details)
    with unit.supervisor() as sam:  # the previous sign-out's backup worked: notice cleared
        assert auto_backup.last_problem(sam) == ""


def test_a_missing_folder_is_reported(unit: TestUnit, tmp_path: Path) -> None:
    _configure(unit, tmp_path / "gone", 14)
    with unit.officer() as olive:
        assert "does not exist" in auto_backup.last_problem(olive)


def test_only_a_supervisor_sets_it_and_bad_values_are_refused(
        unit: TestUnit, tmp_path: Path) -> None:
    with unit.officer() as olive, pytest.raises(NotAuthorised):
        auto_backup.set_policy(olive, str(tmp_path), 3)
    with unit.supervisor() as sam:
        with pytest.raises(InvalidInput, match="full path"):
            auto_backup.set_policy(sam, "relative/folder", 3)
        with pytest.raises(InvalidInput, match="between 1 and 365"):
            auto_backup.set_policy(sam, str(tmp_path), 0)
        with pytest.raises(InvalidInput):
            auto_backup.set_policy(sam, str(tmp_path) + "\u202e", 3)
        assert auto_backup.set_policy(sam, "", 3).folder is None


def test_cli_sets_and_shows_the_setting(unit: TestUnit, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CSODS_PASSWORD", SUPERVISOR_PW)
    folder = tmp_path / "cli"
    folder.mkdir()
    assert main(["settings", "backup", "--db", str(unit.db), "--user", "sam",
                 "--folder", str(folder), "--keep", "5"]) == 0
    assert f"written to {folder}; the newest 5 are kept" in capsys.readouterr().out
    assert main(["settings", "backup", "--db", str(unit.db), "--user", "sam"]) == 0
    assert "the newest 5 are kept" in capsys.readouterr().out
    assert len(_backups(folder)) == 2  # each CLI sign-out is a sign-out
