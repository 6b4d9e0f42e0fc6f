"""The page scrolls to follow the keyboard: a field reached by Tab (or any focus move)
is brought fully into sight with its help text, never left half off the bottom and
never with its drop-down list opening over the next field (review 13, 18, 29, 42)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from ui.wizard.rows import FieldRow

#: Room kept around the field in sight: a little at the sides, a line above and below.
MARGIN_X = 16
MARGIN_Y = 24


def row_of(widget: QWidget, stop: QWidget) -> FieldRow | None:
    """The form row holding ``widget`` (its label, input and help), inside ``stop``."""
    current: QWidget | None = widget
    while current is not None and current is not stop:
        if isinstance(current, FieldRow):
            return current
        current = current.parentWidget()
    return None


def bring_into_sight(scroll: QScrollArea, widget: QWidget) -> None:
    """Scroll so ``widget``'s whole row shows (input and help), or at least the input
    when the row is taller than the page."""
    page = scroll.widget()
    if page is None or not page.isAncestorOf(widget):
        return
    row = row_of(widget, page)
    room = scroll.viewport().height() - 2 * MARGIN_Y
    target = row if row is not None and row.height() <= room else widget
    scroll.ensureWidgetVisible(target, MARGIN_X, MARGIN_Y)


class FocusFollower(QObject):
    """Watches the application's focus for one scroll area (dies with it)."""

    def __init__(self, scroll: QScrollArea) -> None:
        super().__init__(scroll)
        self.scroll = scroll
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._moved)

    def _moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.scroll.isVisible():
            bring_into_sight(self.scroll, new)
