"""The keyboard on a stage page: Tab brings each field fully into sight with its help
(review 13, 18, 29, 42), and arrow keys answer a Yes/No pair and stay on it (review 32;
Y and N answer and move on: tests/ui/test_one_key_answers.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.services.session import Session
from tests.unit.case_walk import open_new
from ui.wizard.case_window import CaseWindow
from ui.wizard.choice_editors import YesNoEditor
from ui.wizard.focus_follow import row_of


def _window(qtbot: QtBot, session: Session) -> CaseWindow:
    window = CaseWindow(session, open_new(session).reference)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    QApplication.processEvents()
    return window


def _in_sight(window: CaseWindow, widget: QWidget) -> bool:
    viewport = window.page_scroll.viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


def test_tab_keeps_each_field_and_its_help_in_sight(qtbot: QtBot, officer: Session) -> None:
    window = _window(qtbot, officer)
    assert window.page is not None
    first = window.page.rows()[0].editor.focus_chain()[0]
    first.setFocus(Qt.FocusReason.TabFocusReason)
    page = window.page_scroll.widget()
    visited = 0
    for _ in range(40):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if focused is None or not page.isAncestorOf(focused):
            continue
        visited += 1
        assert _in_sight(window, focused), focused.objectName()
        row = row_of(focused, page)
        if row is not None and row.height() < window.page_scroll.viewport().height() - 48:
            assert _in_sight(window, row), row.path  # the help under it too
    assert visited >= 15
    assert window.page_scroll.verticalScrollBar().value() > 0  # it did scroll


@pytest.mark.parametrize(("key", "expected"), [
    (Qt.Key.Key_Right, False), (Qt.Key.Key_Down, False),
    (Qt.Key.Key_Left, True), (Qt.Key.Key_Up, True)])
def test_an_arrow_answers_an_unanswered_yes_no(qtbot: QtBot, officer: Session,
                                               key: Qt.Key, expected: bool) -> None:
    window = _window(qtbot, officer)
    editor = window.findChild(YesNoEditor, "immediate_risk")
    assert editor is not None and editor.value() is None
    editor.yes.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(editor.yes, key)
    assert editor.value() is expected
    assert QApplication.focusWidget() is (editor.yes if expected else editor.no)


def test_arrows_then_change_the_answer(qtbot: QtBot, officer: Session) -> None:
    window = _window(qtbot, officer)
    editor = window.findChild(YesNoEditor, "immediate_risk")
    assert editor is not None
    editor.yes.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(editor.yes, Qt.Key.Key_Right)
    assert editor.value() is False
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    assert editor.value() is True
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    assert editor.value() is None
    editor.set_read_only(True)
    qtbot.keyClick(editor.yes, Qt.Key.Key_Right)
    assert editor.value() is None  # a page that can only be viewed is not changed
