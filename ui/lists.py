"""Read-only lists of rows (a case's contacts, referrals, chronology and tasks, the
unit's tasks, the timescale policy versions): one look and one keyboard rule."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget


def flat_list(tree: QTreeWidget, name: str, headers: Sequence[str],
              accessible: str = "") -> QTreeWidget:
    """``tree`` as a flat list: one row an item, alternate shading, one row selected at a
    time, columns as wide as their contents and the last taking the rest."""
    tree.setObjectName(name)
    if accessible:
        tree.setAccessibleName(accessible)
    tree.setHeaderLabels(list(headers))
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = tree.header()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return tree


class OpenableTree(QTreeWidget):
    """Enter on a row emits ``open_current`` (as double-click opens it)."""

    open_current = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.open_current.emit()
            return
        super().keyPressEvent(event)
