"""Open tasks across cases: "My tasks" on the home screen, and the unit's for supervisors.

Grouped Overdue / Today / This week / Later (UK days); an overdue task says "overdue"
in words as well as red. Enter or double-click on a task (or Open case) opens its
case; Mark done completes the task (audited by the service). ``notice`` is the
sign-in line of what is overdue, shown in a banner above the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.tasks import Task, TaskGroup, group_of
from app.domain.timescales import LONDON
from ui.messages import Failed, guarded

if TYPE_CHECKING:
    from datetime import datetime

    from app.services.session import Session

ID_ROLE = Qt.ItemDataRole.UserRole
REF_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_TEXT = QColor("#7a0000")
OVERDUE_BACKGROUND = QColor("#f8d0d0")
BANNER_STYLE = ("QLabel { background:#f8d0d0; color:#7a0000; padding:6px; "
                "font-weight:bold; border:1px solid #7a0000; }")


def due_text(due: datetime, now: datetime) -> str:
    local = due.astimezone(LONDON)
    text = f"{local:%a %d %b %Y %H:%M}"
    return f"{text} — overdue" if due < now else text


def notice_text(overdue: int) -> str:
    """The sign-in notice (empty when nothing is overdue)."""
    if not overdue:
        return ""
    return f"You have {overdue} overdue task{'s' if overdue != 1 else ''}."


class TaskTree(QTreeWidget):
    """Enter on a task opens its case (as double-click does)."""

    open_current = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.open_current.emit()
            return
        super().keyPressEvent(event)


class TasksView(QWidget):
    """``unit``: every open task of the unit (with its owner), else the user's own."""

    open_requested = Signal(str)
    notice_changed = Signal(str)  # the overdue notice, "" when nothing is overdue

    def __init__(self, session: Session, *, unit: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.unit = unit
        self.tasks: list[Task] = []
        self.setObjectName("unit_tasks" if unit else "my_tasks")
        title = QLabel("Open tasks in the unit" if unit else "My tasks", self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.banner = QLabel(self)
        self.banner.setObjectName("overdue_banner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.tree = TaskTree(self)
        self.tree.setObjectName("tasks_tree")
        self.tree.setAccessibleName("Open tasks by when they are due")
        headers = ["Due", "Case", "Task"] + (["Owner"] if unit else [])
        self.tree.setHeaderLabels(headers)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.tree.itemDoubleClicked.connect(lambda *_: self.open_current())
        self.tree.open_current.connect(self.open_current)
        self.tree.currentItemChanged.connect(lambda *_: self._sync_buttons())
        self.count = QLabel(self)
        self.count.setObjectName("tasks_count")
        self.open_button = QPushButton("Open &case", self)
        self.open_button.setObjectName("task_open_case")
        self.open_button.clicked.connect(self.open_current)
        self.done_button = QPushButton("Mark &done", self)
        self.done_button.setObjectName("task_done")
        self.done_button.setToolTip("Complete the selected task (recorded in the audit "
                                    "trail).")
        self.done_button.clicked.connect(self.complete_current)
        self.done_button.setVisible(not unit)
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(self.done_button)
        row.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.banner)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        self._sync_buttons()

    # -- loading -------------------------------------------------------------
    def load(self) -> bool:
        """As a supervisor tab: load when shown."""
        return self.refresh()

    def refresh(self) -> bool:
        from app.services import tasks

        load = tasks.unit_tasks if self.unit else tasks.my_tasks
        found = guarded(self, lambda: load(self.session))
        if isinstance(found, Failed):
            return False
        self.tasks = found
        self._show()
        return True

    def _show(self) -> None:
        now = self.session.clock.now()
        selected = self.current_task()
        self.tree.clear()
        groups: dict[TaskGroup, list[Task]] = {group: [] for group in TaskGroup}
        for task in self.tasks:
            groups[group_of(task.due, now)].append(task)
        for group, members in groups.items():
            if not members and group is TaskGroup.LATER:
                continue
            head = QTreeWidgetItem([f"{group.value} ({len(members)})"])
            head.setFirstColumnSpanned(True)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            self.tree.addTopLevelItem(head)
            for task in members:
                item = self._item(task, now)
                head.addChild(item)
                if selected is not None and task.id == selected.id:
                    self.tree.setCurrentItem(item)
            head.setExpanded(True)
            if group is TaskGroup.OVERDUE and members:
                head.setForeground(0, QBrush(OVERDUE_TEXT))
        if self.tree.currentItem() is None:
            first = next(iter(self._child_items()), None)
            if first is not None:
                self.tree.setCurrentItem(first)
        overdue = sum(1 for t in self.tasks if t.overdue(now))
        n = len(self.tasks)
        self.count.setText(f"{n} open task{'s' if n != 1 else ''} due in the next four "
                           f"weeks, {overdue} overdue")
        self._sync_buttons()

    def _item(self, task: Task, now: datetime) -> QTreeWidgetItem:
        values = [due_text(task.due, now), task.case_reference, task.note]
        if self.unit:
            values.append(task.owner_name)
        item = QTreeWidgetItem(values)
        item.setData(0, ID_ROLE, task.id)
        item.setData(0, REF_ROLE, task.case_reference)
        item.setToolTip(2, task.note)
        if task.overdue(now):
            item.setForeground(0, QBrush(OVERDUE_TEXT))
            item.setBackground(0, QBrush(OVERDUE_BACKGROUND))
        return item

    def _child_items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        for index in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(index)
            if head is not None:
                out += [c for c in (head.child(i) for i in range(head.childCount())) if c]
        return out

    def show_notice(self) -> str:
        """At sign-in: say what is overdue in the banner; return the sentence."""
        from app.services import tasks

        count = guarded(self, lambda: tasks.overdue_count(self.session))
        text = "" if isinstance(count, Failed) else notice_text(count)
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
        self.notice_changed.emit(text)
        return text

    def clear(self) -> None:
        """On lock: nothing about a case stays on screen."""
        self.tasks = []
        self.tree.clear()
        self.count.setText("")
        self.banner.hide()
        self._sync_buttons()

    # -- acting --------------------------------------------------------------
    def current_task(self) -> Task | None:
        item = self.tree.currentItem()
        wanted = item.data(0, ID_ROLE) if item is not None else None
        return next((t for t in self.tasks if t.id == wanted), None)

    def _sync_buttons(self) -> None:
        chosen = self.current_task() is not None
        self.open_button.setEnabled(chosen)
        self.done_button.setEnabled(chosen)

    def open_current(self) -> None:
        task = self.current_task()
        if task is not None:
            self.open_requested.emit(task.case_reference)

    def complete_current(self) -> None:
        from app.services import tasks

        task = self.current_task()
        if task is None:
            return
        done = guarded(self, lambda: tasks.complete_task(self.session, task.case_reference,
                                                         task.id))
        if not isinstance(done, Failed):
            self.refresh()
            self.show_notice()
