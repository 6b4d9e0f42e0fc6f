"""Documents are reachable where users work: the case window, the main window, admin."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from tests.conftest import OFFICER_PW, TestUnit
from tests.ui.conftest import sign_in
from tests.unit.case_walk import open_new, walk_to
from ui.shell import Shell
from ui.wizard.case_window import CaseWindow


def _titles(menu) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.text() for a in menu.actions() if a.text()]


def test_case_window_has_a_documents_menu_for_its_case(qtbot: QtBot, unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.FACE_TO_FACE)
        window = CaseWindow(officer, ref)
        qtbot.addWidget(window)
        menu = window.documents_button.menu()
        assert menu is not None
        menu.aboutToShow.emit()
        titles = " ".join(_titles(menu))
        assert "Disclosure form" in titles and "Initial contact" in titles
        assert "attached" in titles.lower()
        window.close()


def test_main_window_documents_menu_and_admin_letterhead(qtbot: QtBot, unit: TestUnit,
                                                         shell: Shell) -> None:
    sign_in(shell, "olive", OFFICER_PW)
    assert shell.main_window is not None
    menus = [a.text() for a in shell.main_window.menuBar().actions()]
    assert "&Documents" in menus
    shell.main_window.logout_requested.emit()
    qtbot.waitUntil(lambda: shell.main_window is None or not shell.main_window.isVisible())


def test_supervisor_opens_the_letterhead_dialog(qtbot: QtBot, unit: TestUnit,
                                                shell: Shell) -> None:
    """The letterhead lives in the database: the supervisor's menu opens it."""
    from PySide6.QtGui import QAction

    from tests.conftest import SUPERVISOR_PW

    sign_in(shell, "sam", SUPERVISOR_PW)
    window = shell.main_window
    assert window is not None
    action = window.findChild(QAction, "letterhead")
    assert action is not None
    action.trigger()
    from ui.documents import LetterheadDialog

    dialog = window.findChild(LetterheadDialog)
    assert isinstance(dialog, LetterheadDialog)
    dialog.reject()

