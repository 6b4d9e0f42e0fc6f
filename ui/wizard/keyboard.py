"""The case window's keyboard: complete with Ctrl+Enter, F8 to the next missing answer,
and where the cursor starts on a page (issue 12 item 4).

Functions of the window (``ui.wizard.case_window.CaseWindow``), kept here so the window
stays about layout and services.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from ui.wizard.notices import ClosingPage

#: The case window (typed loosely: this module must not import the window back).
CaseWindow = Any

NEXT_MISSING_KEY = "F8"


def actions(window: CaseWindow) -> list[QAction]:
    complete = QAction("Complete stage", window)
    complete.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
    complete.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    complete.triggered.connect(window.complete_by_keyboard)
    missing = QAction("Next missing answer", window)
    missing.setShortcut(QKeySequence(NEXT_MISSING_KEY))
    missing.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    missing.triggered.connect(window.go_to_next_missing)
    return [complete, missing]


def complete_by_keyboard(window: CaseWindow) -> None:
    """Ctrl+Enter: complete the stage when nothing is missing (or continue to closure)."""
    if window.page is None:
        closing = window.page_scroll.widget()
        if isinstance(closing, ClosingPage):
            closing.go.click()
        return
    window.revalidate()
    if window.complete_button.isEnabled():
        window.complete_stage()
    else:
        window.statusBar().showMessage(
            f"Not yet: What's missing lists what is left ({NEXT_MISSING_KEY} goes to it).")


def first_unanswered(window: CaseWindow) -> QWidget | None:
    """The input of the first mandatory question on the page still to be answered."""
    page = window.page
    if page is None or not window.editable:
        return None
    for row, _label in page.labelled_rows():
        editor = row.editor
        if row.required_shown and not editor.value() and editor.isVisibleTo(page):
            widget: QWidget = editor.input_widget()
            return widget
    return None


def next_missing_path(window: CaseWindow) -> str | None:
    """The first listed problem after the field with the cursor (wrapping round)."""
    page = window.page
    problems = window.missing.problems
    if page is None or not problems:
        return None
    rows = [row for row, _ in page.labelled_rows()]
    order = {row.path: index for index, row in enumerate(rows)}
    focus = QApplication.focusWidget()
    here = next((order[row.path] for row in reversed(rows)
                 if focus is not None and row.editor.isAncestorOf(focus)), -1)
    after = [p for p in problems if order.get(p.path, -1) > here]
    path: str = (after or problems)[0].path
    return path
