"""The case's tasks and reminders (issue 15 item 1): add, change, complete, and take a
reminder the process offers (a scheme deadline, an extended deadline, a referral's
chase-by date) with one click.

A dialog over ``app.services.tasks``; ``changed`` is emitted after each change so the
case window and the home screen's My tasks refresh. Completed tasks stay listed
(greyed, with who completed them and when).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.tasks import NOTE_MAX, Suggestion, Task
from app.domain.timescales import LONDON
from app.services import tasks
from app.services.case_file import CaseFile, may_change
from app.services.session import Session
from ui.date_input import DateLine, TimeLine, calendar_button, mark_invalid
from ui.lists import flat_list
from ui.messages import Failed, show_message
from ui.tasks_view import OVERDUE_BACKGROUND, OVERDUE_TEXT, due_text
from ui.wizard import style
from ui.wizard.case_dialog import CaseDialog
from ui.wizard.submit import submit_or_show

ID_ROLE = Qt.ItemDataRole.UserRole
DONE_TEXT = QColor("#666666")


class TaskEditor(QDialog):
    """Add or change one task: what, when, who."""

    saved = Signal(object)  # the Task

    def __init__(self, session: Session, case: CaseFile, task: Task | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialog_task_editor")
        self.setWindowTitle(("Change task" if task else "Add a task")
                            + f" — case {case.reference}")
        self.session, self.case, self.task = session, case, task
        self.note = QLineEdit(self)
        self.note.setObjectName("task_note")
        self.note.setMaxLength(NOTE_MAX)
        self.note.setPlaceholderText("e.g. call the applicant back; chase the MASH referral")
        self.due = DateLine(self)  # typed: 03/03/2026, 030326; the time in its own box
        self.due.setObjectName("task_due")
        self.due.setAccessibleName("Due date")
        self.due_time = TimeLine(self)
        self.due_time.setObjectName("task_due_time")
        self.due_time.setAccessibleName("Due time, UK clock")
        when = QHBoxLayout()
        for widget in (self.due, calendar_button(self.due, self), self.due_time,
                       QLabel("UK time", self)):
            when.addWidget(widget)
        when.addStretch(1)
        self.owner = QComboBox(self)
        self.owner.setObjectName("task_owner")
        owners = submit_or_show(self, lambda: tasks.task_owners(session, case.reference))
        for person in [] if isinstance(owners, Failed) else owners:
            self.owner.addItem(person.display_name, person.username)
        form = QFormLayout()
        form.addRow("&What:", self.note)
        form.addRow("&Due:", when)
        due_label = form.labelForField(when)
        if isinstance(due_label, QLabel):
            due_label.setBuddy(self.due)
        form.addRow("&Owner:", self.owner)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        now = session.clock.now()
        start = task.due if task else now.astimezone(LONDON).replace(
            hour=17, minute=0, second=0, microsecond=0)
        local = start.astimezone(LONDON)
        self.due.set_value(local.date())
        self.due_time.set_value(local.time().replace(second=0, microsecond=0))
        self.note.setText(task.note if task else "")
        wanted = task.owner if task else session.user.username
        self.owner.setCurrentIndex(max(0, self.owner.findData(wanted)))
        self.resize(560, 160)

    def due_at(self) -> datetime | None:
        """The date and time typed, on the UK clock; None when either cannot be read."""
        day, clock = self.due.value(), self.due_time.value()
        if day is None or clock is None:
            return None
        return datetime.combine(day, clock, LONDON)

    def submit(self) -> None:
        due = self.due_at()
        if due is None:
            problem = self.due.problem() or self.due_time.problem() or \
                "Give the date and the time the task is due."
            for box in (self.due, self.due_time):
                mark_invalid(box, box.value() is None)
            show_message(self, problem)
            (self.due if self.due.value() is None else self.due_time).setFocus()
            return
        note = self.note.text()
        owner = str(self.owner.currentData() or "")
        ref, task = self.case.reference, self.task
        if task is None:
            result = submit_or_show(self, lambda: tasks.add_task(self.session, ref, note, due,
                                                                 owner))
        else:
            result = submit_or_show(self, lambda: tasks.update_task(self.session, ref,
                                                                    task.id, note, due, owner))
        if not isinstance(result, Failed):
            self.saved.emit(result)
            self.accept()


class TasksDialog(CaseDialog):
    """The case's tasks and the reminders offered; ``changed()`` after each change."""

    changed = Signal()

    def __init__(self, session: Session, case: CaseFile,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, case, parent=parent, object_name="dialog_tasks",
                         title="Tasks",
                         help_text="What needs doing on this case, by when and by whom. "
                         "Completing a task is recorded in the audit trail.")
        self.items: list[Task] = []
        self.offered: list[Suggestion] = []
        self.editor: TaskEditor | None = None
        self.list = self._tree("tasks_list", ["Due", "Task", "Owner", "State"])
        self.body.addWidget(self.list, 2)
        self.add_button = QPushButton("&Add a task…", self)
        self.add_button.setObjectName("task_add")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton("C&hange…", self)
        self.edit_button.setObjectName("task_edit")
        self.edit_button.clicked.connect(self.edit_current)
        self.done_button = QPushButton("Mark &done", self)
        self.done_button.setObjectName("task_done")
        self.done_button.clicked.connect(self.complete_current)
        self.add_button_row(self.add_button, self.edit_button, self.done_button, close=False)
        offered_label = QLabel("Reminders from the process (scheme deadlines, extensions, "
                               "referral chase-by dates):", self)
        style.bold(offered_label)
        self.body.addWidget(offered_label)
        self.suggestions = self._tree("suggestions_list", ["Due", "Reminder"])
        self.suggestions.itemDoubleClicked.connect(lambda *_: self.accept_current())
        self.body.addWidget(self.suggestions, 1)
        self.accept_button = QPushButton("Add reminder as a &task", self)
        self.accept_button.setObjectName("suggestion_accept")
        self.accept_button.clicked.connect(self.accept_current)
        self.add_button_row(self.accept_button)
        self.list.currentItemChanged.connect(lambda *_: self._sync_buttons())
        self.list.itemDoubleClicked.connect(lambda *_: self.edit_current())
        self.resize(860, 480)
        self.reload()

    def _tree(self, name: str, headers: list[str]) -> QTreeWidget:
        return flat_list(QTreeWidget(self), name, headers)

    # -- reading ----------------------------------------------------------------------
    def reload(self) -> None:
        found = submit_or_show(self, lambda: tasks.case_tasks(self.session,
                                                              self.case.reference))
        if isinstance(found, Failed):
            return
        self.items, self.offered = found.tasks, found.suggestions
        now = self.session.clock.now()
        self.list.clear()
        for task in self.items:
            state = (f"Done {task.done_at.astimezone(LONDON):%d %b %Y %H:%M} by {task.done_by}"
                     if task.done and task.done_at else "Open")
            item = QTreeWidgetItem([due_text(task.due, now) if not task.done
                                    else due_text(task.due, task.due), task.note,
                                    task.owner_name, state])
            item.setData(0, ID_ROLE, task.id)
            if task.done:
                for column in range(4):
                    item.setForeground(column, QBrush(DONE_TEXT))
            elif task.overdue(now):
                item.setForeground(0, QBrush(OVERDUE_TEXT))
                item.setBackground(0, QBrush(OVERDUE_BACKGROUND))
            self.list.addTopLevelItem(item)
        self.suggestions.clear()
        for offer in self.offered:
            self.suggestions.addTopLevelItem(QTreeWidgetItem([due_text(offer.due, now),
                                                              offer.note]))
        for tree in (self.list, self.suggestions):
            first = tree.topLevelItem(0)
            if first is not None:
                tree.setCurrentItem(first)
        self._sync_buttons()

    def current_task(self) -> Task | None:
        item = self.list.currentItem()
        wanted = item.data(0, ID_ROLE) if item is not None else None
        return next((t for t in self.items if t.id == wanted), None)

    def _sync_buttons(self) -> None:
        changeable = may_change(self.session, self.case) and not self.case.erased
        task = self.current_task()
        mine = task is not None and task.owner == self.session.user.username
        self.add_button.setEnabled(changeable)
        self.edit_button.setEnabled(changeable and task is not None and not task.done)
        self.done_button.setEnabled((changeable or mine) and task is not None
                                    and not task.done)
        self.accept_button.setEnabled(changeable and bool(self.offered))

    # -- changing ---------------------------------------------------------------------
    def add(self) -> TaskEditor | None:
        if not self.add_button.isEnabled():
            return None
        return self._edit(None)

    def edit_current(self) -> TaskEditor | None:
        task = self.current_task()
        if task is None or not self.edit_button.isEnabled():
            return None
        return self._edit(task)

    def _edit(self, task: Task | None) -> TaskEditor:
        editor = TaskEditor(self.session, self.case, task, self)
        editor.saved.connect(lambda _task: self._changed())
        self.editor = editor
        editor.open()
        editor.note.setFocus()
        return editor

    def complete_current(self) -> None:
        task = self.current_task()
        if task is None or not self.done_button.isEnabled():
            return
        done = submit_or_show(self, lambda: tasks.complete_task(
            self.session, self.case.reference, task.id))
        if not isinstance(done, Failed):
            self._changed()

    def accept_current(self) -> None:
        current = self.suggestions.currentItem()
        index = -1 if current is None else self.suggestions.indexOfTopLevelItem(current)
        if index < 0 or not self.accept_button.isEnabled():
            return
        source = self.offered[index].source
        added = submit_or_show(self, lambda: tasks.accept_suggestion(
            self.session, self.case.reference, source))
        if not isinstance(added, Failed):
            self._changed()

    def _changed(self) -> None:
        self.editor = None
        self.reload()
        self.changed.emit()
