"""`csods --db PATH` (and csodsw) opens that unit's sign-in: a Windows shortcut cannot
set CSODS_DB, and a second account must not land in "Set up a new unit"."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import OFFICER_PW, TestUnit
from tests.ui.conftest import sign_in
from ui import app_main, entry
from ui.first_run import FirstRunDialog


def _close(shell: app_main.Shell) -> None:
    # start() ties the shell's end to the application's: untie it before closing windows,
    # or the shared test QApplication would be told to exit.
    shell.finished.disconnect()
    shell.idle.dispose()
    if shell.session is not None:
        shell.session.close()


def test_db_option_opens_the_given_units_sign_in(qtbot: QtBot, unit: TestUnit,
                                                 tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # Another unit in the environment: the command line wins.
    monkeypatch.setenv("CSODS_DB", str(tmp_path / "elsewhere" / "unit.db"))
    shell, first = app_main.start(["--db", str(unit.db)])
    try:
        assert shell.db_path == unit.db
        assert first is shell.login_dialog and first is not None and first.isVisible()
        assert not isinstance(first, FirstRunDialog)
        sign_in(shell, "olive", OFFICER_PW)
        assert shell.session is not None and shell.session.user.username == "olive"
    finally:
        _close(shell)


def test_db_equals_form_is_accepted(qtbot: QtBot, unit: TestUnit) -> None:
    shell, first = app_main.start([f"--db={unit.db}"])
    try:
        assert shell.db_path == unit.db and first is shell.login_dialog
    finally:
        _close(shell)


def test_db_option_on_a_missing_file_offers_set_up_there(qtbot: QtBot, tmp_path: Path) -> None:
    target = tmp_path / "new-unit" / "unit.db"
    shell, first = app_main.start(["--db", str(target)])
    try:
        assert isinstance(first, FirstRunDialog) and shell.db_path == target
    finally:
        _close(shell)
        if first is not None:
            first.close()


def test_db_without_a_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert entry.main(["--db"]) == 2
    assert "--db needs the path" in capsys.readouterr().err
    assert app_main.unit_option(["-platform", "offscreen", "--db", "x.db"]) == (
        Path("x.db"), ["-platform", "offscreen"])


def test_the_window_opens_the_workstation_unit_before_a_remembered_one(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from ui import prefs

    monkeypatch.delenv("CSODS_DB", raising=False)
    monkeypatch.setattr(prefs, "machine_unit", lambda: tmp_path / "it-set" / "unit.db")
    monkeypatch.setattr(prefs, "remembered_unit_path", lambda: tmp_path / "mine.db")
    assert prefs.resolve_unit_path() == tmp_path / "it-set" / "unit.db"
    monkeypatch.setattr(prefs, "machine_unit", lambda: None)
    (tmp_path / "mine.db").write_bytes(b"")
    assert prefs.resolve_unit_path() == tmp_path / "mine.db"
