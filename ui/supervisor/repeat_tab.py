"""Repeat subjects: people asked about in two or more cases, the linked cases, and
why each pair of cases matched."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.messages import error_text
from ui.supervisor.common import ProblemLabel, RowsModel, Table, local_text

if TYPE_CHECKING:
    from app.services.repeat_subjects import RepeatGroup
    from app.services.session import Session

REFERENCE_ROLE = Qt.ItemDataRole.UserRole
GROUP_ROLE = Qt.ItemDataRole.UserRole + 1


class GroupTree(QTreeWidget):
    """Enter on a case opens it (as double-click does)."""

    open_reference = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        item = self.currentItem()
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None
                and item.data(0, REFERENCE_ROLE)):
            self.open_reference.emit(str(item.data(0, REFERENCE_ROLE)))
            return
        super().keyPressEvent(event)


class RepeatTab(QWidget):
    open_requested = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("repeat_subjects")
        self.session = session
        self.groups: list[RepeatGroup] = []
        self.heading = QLabel()
        self.heading.setObjectName("groups_count")
        self.heading.setWordWrap(True)
        self.problem = ProblemLabel()
        self.refresh_button = QPushButton("Re&fresh")
        self.refresh_button.setObjectName("refresh")
        self.refresh_button.clicked.connect(self.load)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.refresh_button)

        self.tree = GroupTree()
        self.tree.setObjectName("groups")
        self.tree.setAccessibleName("Repeat subjects and their cases")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["Subject / case", "Status", "Subject named", "Contact"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setStyleSheet("QTreeView::item { padding: 3px 2px; }")
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.header().resizeSection(0, 260)
        self.tree.header().setStretchLastSection(True)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.tree.open_reference.connect(self.open_requested)
        self.tree.currentItemChanged.connect(lambda item, _old: self._show_links(item))

        self.links = RowsModel(("Case", "Case", "Score", "Why they matched"), self)
        self.links_table = Table("links", "Why the cases matched")
        self.links_table.setModel(self.links)
        self.links_table.setWordWrap(True)
        self.links_label = QLabel("&Why they matched:")
        self.links_label.setBuddy(self.links_table)
        self.open_button = QPushButton("&Open case")
        self.open_button.setObjectName("open_case")
        self.open_button.clicked.connect(self.open_selected)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.links_label)
        bottom_layout.addWidget(self.links_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    def load(self) -> bool:
        from app.services.repeat_subjects import repeat_subject_groups

        try:
            groups = repeat_subject_groups(self.session)
        except Exception as error:  # noqa: BLE001
            self.problem.say(error_text(error))
            return False
        self.problem.say("")
        self.groups = groups
        self.tree.clear()
        for number, group in enumerate(groups):
            names = sorted({c.subject_name for c in group.cases if c.subject_name})
            top = QTreeWidgetItem([f"{' / '.join(names) or 'Subject'} — {group.size} cases"])
            top.setData(0, GROUP_ROLE, number)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for case in group.cases:
                child = QTreeWidgetItem([case.reference, case.status.capitalize(),
                                         case.subject_name or "—",
                                         local_text(case.contact_at, with_time=False)])
                child.setData(0, REFERENCE_ROLE, case.reference)
                child.setData(0, GROUP_ROLE, number)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)  # the subject's names use the whole width
            top.setToolTip(0, top.text(0))
            top.setExpanded(True)
        n = len(groups)
        self.heading.setText(
            "No subject has been asked about in more than one case." if n == 0 else
            f"{n} subject{'s' if n != 1 else ''} asked about in two or more cases. "
            "Select a subject or case to see why the cases matched; double-click or press "
            "Enter on a case to open it.")
        for column in (1, 2, 3):
            self.tree.resizeColumnToContents(column)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        else:
            self.links.clear()
        return True

    def clear(self) -> None:
        self.groups = []
        self.tree.clear()
        self.links.clear()
        self.heading.clear()
        self.problem.say("")

    def _show_links(self, item: QTreeWidgetItem | None) -> None:
        number = item.data(0, GROUP_ROLE) if item is not None else None
        if number is None or not 0 <= int(number) < len(self.groups):
            self.links.clear()
            return
        group = self.groups[int(number)]
        reference = item.data(0, REFERENCE_ROLE) if item is not None else None
        links = [link for link in group.links if reference in (None, link[0], link[1])]
        self.links.set_rows([(a, b, f"{score:.2f}", "; ".join(reasons))
                             for a, b, score, reasons in links],
                            [(a, b) for a, b, _, _ in links])
        self.links_table.resizeColumnsToContents()
        self.links_table.resizeRowsToContents()
        self.open_button.setEnabled(reference is not None)

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        reference = item.data(0, REFERENCE_ROLE)
        if reference:
            self.open_requested.emit(str(reference))

    def selected_reference(self) -> str | None:
        item = self.tree.currentItem()
        reference = item.data(0, REFERENCE_ROLE) if item is not None else None
        return str(reference) if reference else None

    def open_selected(self) -> None:
        reference = self.selected_reference()
        if reference is not None:
            self.open_requested.emit(reference)
