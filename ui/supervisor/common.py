"""Small pieces shared by the supervisor's tabs: tables, dates, questions, printing.

The questions to the user (confirm, where to save, the print dialog) are plain
module functions so that tests can answer them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QWidget,
)

from app.domain.timescales import LONDON
from ui.date_input import DateLine
from ui.supervisor.style import ERROR_STYLE

Index = QModelIndex | QPersistentModelIndex
ANY = "Any"


def local_text(instant: datetime | str | None, with_time: bool = True) -> str:
    """An instant (aware, or stored ISO text) as Europe/London wall time."""
    if instant is None or instant == "":
        return "—"
    if isinstance(instant, str):
        instant = datetime.fromisoformat(instant)
    local = instant.astimezone(LONDON)
    return f"{local:%d %b %Y %H:%M}" if with_time else f"{local:%d %b %Y}"


def day_text(day: date | None) -> str:
    return f"{day:%d %b %Y}" if day else "—"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def london_midnight(day: date) -> datetime:
    """The instant (UTC) at which a Europe/London day starts."""
    return datetime.combine(day, time(0), LONDON).astimezone(UTC)


def today(now: datetime) -> date:
    return now.astimezone(LONDON).date()


class OptionalDate(DateLine):
    """A date typed as people type it (dd/mm/yyyy, 14/3/26…), or left empty for "Any"."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setPlaceholderText(ANY)
        self.setToolTip("Type a date (dd/mm/yyyy), or leave it empty for any date. "
                        "F4 opens a calendar.")


def typed_problem(*boxes: tuple[str, Any]) -> str | None:
    """The first of the typed boxes (label, box) that cannot be read, as a sentence
    naming it; None when each is readable or empty."""
    for label, box in boxes:
        problem = box.problem()
        if problem:
            return f"{label}: {problem}"
    return None


class ProblemLabel(QLabel):
    """A plain sentence about what went wrong, shown inline (hidden when empty)."""

    def __init__(self, name: str = "problem", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setStyleSheet(ERROR_STYLE)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def say(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class Table(QTableView):
    """A read-only, row-selecting table; Enter (like double-click) activates the row."""

    activated_row = Signal(int)

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setHighlightSections(False)
        self.doubleClicked.connect(lambda index: self.activated_row.emit(index.row()))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1


class RowsModel(QAbstractTableModel):
    """A small table of text rows (queues, audit rows, reviews), each with a key.

    The second role, ``Qt.UserRole``, returns the row's key (e.g. a reference)."""

    def __init__(self, columns: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[tuple[str, ...]] = []
        self._keys: list[Any] = []
        self._colours: dict[tuple[int, int], tuple[str, str]] = {}
        self._tips: dict[tuple[int, int], str] = {}

    def set_rows(self, rows: Sequence[Sequence[str]], keys: Sequence[Any],
                 colours: dict[tuple[int, int], tuple[str, str]] | None = None,
                 tips: dict[tuple[int, int], str] | None = None) -> None:
        """``tips``: a tooltip other than the cell's text, by (row, column)."""
        self.beginResetModel()
        self._tips = dict(tips or {})
        self._rows = [tuple(r) for r in rows]
        self._keys = list(keys)
        self._colours = dict(colours or {})
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([], [])

    def key(self, row: int) -> Any:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def row_of(self, key: Any) -> int:
        return self._keys.index(key) if key in self._keys else -1

    def text(self, row: int, column: int) -> str:
        return self._rows[row][column]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.ToolTipRole and (row, column) in self._tips:
            return self._tips[(row, column)]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.AccessibleTextRole):
            return self._rows[row][column]
        if role == Qt.ItemDataRole.UserRole:
            return self._keys[row]
        colours = self._colours.get((row, column))
        if colours and role == Qt.ItemDataRole.BackgroundRole:
            from PySide6.QtGui import QBrush, QColor

            return QBrush(QColor(colours[0]))
        if colours and role == Qt.ItemDataRole.ForegroundRole:
            from PySide6.QtGui import QBrush, QColor

            return QBrush(QColor(colours[1]))
        return None


# -- questions to the user (module functions: tests answer them) ----------------------
def confirm(parent: QWidget, title: str, text: str, yes: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Cancel, parent)
    go = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is go


def ask_save_path(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    """A save dialog that opens in the user's Documents folder, not wherever the
    program was started from (on an installed workstation, the program's folder)."""
    from pathlib import Path

    from PySide6.QtCore import QStandardPaths

    start = Path(suggested)
    if not start.is_absolute():
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        start = Path(folder) / start
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start), filters)
    return path


def run_print_dialog(printer: Any, parent: QWidget, title: str) -> bool:
    """The platform's print dialog; True when the user chose to print."""
    from PySide6.QtPrintSupport import QPrintDialog

    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    return dialog.exec() == QDialog.DialogCode.Accepted


def next_day(day: date) -> date:
    return day + timedelta(days=1)
