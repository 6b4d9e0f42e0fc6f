"""The shell with the wizard's real CaseWindow: open, lock (draft saved), unlock, reopen."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.services.case_file import load_case
from tests.conftest import OFFICER_PW, TestUnit
from tests.ui.conftest import WallClock, sign_in
from tests.unit.case_walk import open_new
from ui.shell import Shell

case_window = pytest.importorskip("ui.wizard.case_window")


@pytest.fixture
def real_shell(unit: TestUnit, wall: WallClock) -> Shell:
    made = Shell(unit.db, clock=unit.clock, idle_seconds=300, wall_clock=wall, check_ms=60_000)
    made.start()
    return made


def test_lock_saves_the_real_draft_and_unlock_reopens_it(
        qtbot: QtBot, unit: TestUnit, real_shell: Shell, wall: WallClock) -> None:
    with unit.officer() as olive:
        ref = open_new(olive).reference
    sign_in(real_shell, "olive", OFFICER_PW)
    window = real_shell.main_window
    assert window is not None and window.open_case(ref)
    opened = real_shell.case_windows.window(ref)
    assert isinstance(opened, case_window.CaseWindow) and opened.isVisible()
    assert opened.current_page_stage() is Stage.INITIAL_CONTACT
    page = opened.page
    assert page is not None
    from PySide6.QtWidgets import QLineEdit

    surname = next(w for w in page.findChildren(QLineEdit) if w.objectName().endswith("surname"))
    surname.setText("Lockwood")
    surname.textEdited.emit("Lockwood")  # as if typed

    wall.advance(301)
    real_shell.idle.check()
    assert real_shell.lock_screen is not None
    assert not opened.isVisible() and real_shell.case_windows.references() == []
    with unit.officer() as olive:
        saved = load_case(olive, ref).records[Stage.INITIAL_CONTACT].values
    assert "Lockwood" in repr(saved)

    real_shell.lock_screen.password.setText(OFFICER_PW)
    real_shell.lock_screen.unlock_button.click()
    again = real_shell.case_windows.window(ref)
    assert isinstance(again, case_window.CaseWindow) and again is not opened
    assert again.isVisible() and again.current_page_stage() is Stage.INITIAL_CONTACT
    assert real_shell.session is not None
    real_shell.quit()
    assert real_shell.case_windows.references() == []
