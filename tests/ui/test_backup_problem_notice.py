"""#13 item 1: a failed automatic backup at sign-out is shown at the next sign-in."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.services import auto_backup
from tests.conftest import OFFICER_PW, TestUnit
from tests.ui.conftest import sign_in
from ui.shell import Shell


def test_next_sign_in_shows_the_failed_backup(qtbot: QtBot, unit: TestUnit, tmp_path: Path,
                                              shell: Shell) -> None:
    with unit.supervisor() as sam:
        auto_backup.set_policy(sam, str(tmp_path / "unplugged-drive"), 14)
    sign_in(shell, "olive", OFFICER_PW)
    window = shell.main_window
    assert window is not None and window.backup_problem is not None
    assert window.backup_problem.isVisible()
    assert "automatic backup at sign-out" in window.backup_problem.text()
    assert "unplugged-drive" in window.backup_problem.text()


def test_no_notice_when_backups_work(qtbot: QtBot, unit: TestUnit, tmp_path: Path,
                                     shell: Shell) -> None:
    with unit.supervisor() as sam:
        auto_backup.set_policy(sam, str(tmp_path), 14)
    sign_in(shell, "olive", OFFICER_PW)
    assert shell.main_window is not None and shell.main_window.backup_problem is None
