"""The "What's missing" panel: every problem, each taking you to its field."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.forms import Problem
from ui.wizard import style


def problem_text(problem: Problem) -> str:
    paras = f" (¶{', '.join(problem.paragraphs)})" if problem.paragraphs else ""
    if "¶" in problem.message:
        paras = ""
    label = problem.label.strip()
    message = problem.message
    if label and label.split(" › ")[-1] not in message:
        message = f"{label}: {message}"
    elif label and " › " in label:
        message = f"{label.rsplit(' › ', 1)[0]}: {message}"
    return message + paras


class WrappingItemDelegate(QStyledItemDelegate):
    """Wrapped items measured and painted at one width, the list's own.

    Qt measures a wrapped item at one width and may paint it at another (a few
    pixels apart once the scroll bar shows), which elides a line ("...") and
    leaves a blank one; measuring and painting at the viewport's width cannot.
    """

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view

    def text_width(self) -> int:
        return max(40, self.view.viewport().width() - 2 * self.view.spacing())

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        opt.rect.setWidth(self.text_width())
        hint = super().sizeHint(opt, index)
        return QSize(self.text_width(), hint.height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        opt.rect.setWidth(self.text_width())
        super().paint(painter, opt, index)


class MissingPanel(QWidget):
    """Lists problems; activating one emits ``path_chosen`` with its field path."""

    path_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None, *,
                 done_note: str = "Nothing is missing: the stage can be completed.",
                 key_hint: str = "") -> None:
        super().__init__(parent)
        self.done_note = done_note
        self.key_hint = key_hint
        self.setObjectName("missing_panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.title = QLabel("What's missing", self)
        style.bold(self.title)
        self.note = style.WrappingLabel(self)
        self.note.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("missing_list")
        self.list.setAccessibleName("What's missing")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setItemDelegate(WrappingItemDelegate(self.list))
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        self.title.setBuddy(self.list)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        self.filler = QWidget(self)
        layout.addWidget(self.filler, 1)
        self.setMinimumWidth(220)
        self.setMaximumWidth(340)
        self.problems: list[Problem] = []

    def show_problems(self, problems: Sequence[Problem], note: str = "") -> None:
        self.problems = list(problems)
        # Rebuilt while the officer is in the list (it revalidates as they type elsewhere,
        # and on autosave): keep an item current, or Enter would do nothing.
        keep_row = self.list.currentRow() if self.list.hasFocus() else -1
        self.list.clear()
        for problem in problems:
            item = QListWidgetItem(problem_text(problem), self.list)
            item.setData(Qt.ItemDataRole.UserRole, problem.path)
            item.setToolTip("Go to this question")
        count = len(self.problems)
        if self.list.hasFocus() and count:
            self.list.setCurrentRow(min(max(keep_row, 0), count - 1))
        self.title.setText(f"What's &missing ({count})" if count else "What's &missing")
        if not note:
            note = (f"Choose an item to go to its question.{self.key_hint}" if count
                    else self.done_note)
        self.note.setText(note)
        self.list.setVisible(bool(count))
        self.filler.setVisible(not count)

    def show_message(self, note: str) -> None:
        """No list, just a note (e.g. a stage that can only be viewed)."""
        self.problems = []
        self.list.clear()
        self.list.hide()
        self.filler.show()
        self.title.setText("What's &missing")
        self.note.setText(note)

    def _chosen(self, item: QListWidgetItem) -> None:
        self.path_chosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))
