"""The audit viewer's rows: one line per row, or per run of draft saves (expandable).

The grouping is app.services.audit_groups (Qt-free); this only shows it. The Detail
column shows what a reader needs; the machine stamps a row ends with (``[state …]``,
``[record …]``, ``[event …]``, kept for ``csods verify``) are left to its tooltip, which
shows the row's detail exactly as recorded."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from app.services.audit_groups import AuditLine
from app.services.audit_view import AuditEntry

COLUMNS = ("#", "When (UK time)", "User", "Action", "Entity", "Case", "Detail",
           "Justification", "Recipient")
DETAIL = COLUMNS.index("Detail")
_MACHINE_STAMP = re.compile(r"\s*\[(?:state|record|event) [^\[\]]*\]")


def readable_detail(detail: str) -> str:
    """``detail`` without the machine stamps the trail keeps for verification."""
    return _MACHINE_STAMP.sub("", detail).strip()


def _cells(entry: AuditEntry, label: Callable[[str], str], when: Callable[[str], str],
           ) -> list[str]:
    return [str(entry.id), when(entry.at), entry.actor or "—", label(entry.action),
            entry.entity or "", entry.case_ref or "", entry.detail or "",
            entry.justification or "", entry.recipient or ""]


def _items(cells: Sequence[str]) -> list[QStandardItem]:
    items = []
    for text in cells:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setToolTip(text)
        items.append(item)
    detail = items[DETAIL]
    detail.setText(readable_detail(detail.text()))
    return items


class AuditModel(QStandardItemModel):
    """Top-level lines; a group's rows are its children (newest first)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.lines: list[AuditLine] = []

    def set_lines(self, lines: list[AuditLine], label: Callable[[str], str],
                  when: Callable[[str], str]) -> None:
        self.removeRows(0, self.rowCount())
        self.lines = lines
        for line in lines:
            cells = _cells(line.first, label, when)
            if line.is_group:
                oldest = line.entries[-1]
                cells[0] = line.ids
                cells[1] = f"{when(oldest.at)} – {when(line.first.at)}"
                cells[DETAIL] = line.summary()
            top = _items(cells)
            if line.is_group:
                for entry in line.entries:
                    top[0].appendRow(_items(_cells(entry, label, when)))
            self.appendRow(top)

    def text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""

    def clear_lines(self) -> None:
        self.removeRows(0, self.rowCount())
        self.lines = []


class AuditTree(QTreeView):
    """Read-only rows; a run of draft saves opens with its arrow, Right or a double-click."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_table")
        self.setAccessibleName("Audit trail rows, newest first; runs of draft saves are "
                               "grouped and open with the Right arrow key")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setWordWrap(False)
        self.header().setStretchLastSection(True)
