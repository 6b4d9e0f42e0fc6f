"""PERSON (a box of subfields) and GROUP (repeatable blocks with Add / Remove)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.forms import Field
from ui.wizard import style
from ui.wizard.editors import FieldEditor
from ui.wizard.rows import REQUIRED_MARK, FieldRow

RowBuilder = Callable[[Field, str, QWidget], FieldRow]


def keep(value: Any) -> bool:
    """Whether a value is worth storing (empty answers are left out)."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | dict):
        return bool(value)
    return True


def record_value(rows: list[FieldRow]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for row in rows:
        value = row.editor.value()
        if keep(value):
            out[row.field.id] = value
    return out


def show_record(rows: list[FieldRow], value: Any) -> None:
    record = value if isinstance(value, dict) else {}
    for row in rows:
        row.editor.set_value(record.get(row.field.id))


class PersonEditor(FieldEditor):
    """A titled box holding one record's subfields."""

    structure_changed = Signal()

    def __init__(self, field: Field, path: str, build_row: RowBuilder,
                 parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self.box = QGroupBox(field.label, self)
        self.box.setObjectName(path)
        inner = QVBoxLayout(self.box)
        inner.setSpacing(4)
        inner.addWidget(style.help_label(field.help, self.box))
        self.rows: list[FieldRow] = []
        for sub in field.subfields:
            row = build_row(sub, f"{path}.{sub.id}", self.box)
            row.editor.changed.connect(self.changed)
            structure = getattr(row.editor, "structure_changed", None)
            if structure is not None:
                structure.connect(self.structure_changed)
            inner.addWidget(row, 0, Qt.AlignmentFlag.AlignLeft)
            self.rows.append(row)
        self._hbox().addWidget(self.box)
        self.setFocusProxy(self.rows[0].editor)

    def value(self) -> Any:
        return record_value(self.rows) or None

    def set_value(self, value: Any) -> None:
        show_record(self.rows, value)

    def input_widget(self) -> QWidget:
        return self.rows[0].editor.input_widget()

    def focus_chain(self) -> list[QWidget]:
        return [w for row in self.rows for w in row.editor.focus_chain()]

    def set_read_only(self, on: bool) -> None:
        super().set_read_only(on)
        for row in self.rows:
            row.editor.set_read_only(on)

    def shows_own_caption(self) -> bool:
        return True

    def show_required(self, on: bool) -> None:
        self.box.setTitle(self.field.label + (REQUIRED_MARK if on else ""))

    def describe_for_screen_readers(self, name: str, description: str) -> None:
        self.box.setAccessibleName(name)
        self.box.setAccessibleDescription(description)


class GroupItem(QFrame):
    """One entry of a group ("Child 2") with its own Remove button."""

    def __init__(self, group: GroupEditor, index: int) -> None:
        super().__init__(group)
        field = group.field
        self.index = index
        self.path = f"{group.path}[{index}]"
        self.setObjectName(self.path)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.setSpacing(3)
        head = QHBoxLayout()
        self.title = QLabel(f"{group.noun.capitalize()} {index + 1}", self)
        style.bold(self.title)
        self.remove = QPushButton(f"Remove {group.noun} {index + 1}", self)
        self.remove.setObjectName(f"{self.path}:remove")
        # Not a Tab stop (Space on it deleted the entry just typed): click it, or press
        # Ctrl+Delete anywhere in the entry; either asks first when it holds answers.
        self.remove.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.remove.setAccessibleName(self.remove.text())
        self.remove.setToolTip(f"Remove this {group.noun} (Ctrl+Delete in its fields)")
        self.remove_shortcut = QShortcut(QKeySequence("Ctrl+Delete"), self)
        self.remove_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.remove)
        layout.addLayout(head)
        self.rows: list[FieldRow] = []
        for sub in field.subfields:
            row = group.build_row(sub, f"{self.path}.{sub.id}", self)
            layout.addWidget(row, 0, Qt.AlignmentFlag.AlignLeft)
            self.rows.append(row)

    def value(self) -> dict[str, Any]:
        return record_value(self.rows)


class GroupEditor(FieldEditor):
    """GROUP: a list of records, each added and removed by the officer."""

    structure_changed = Signal()

    def __init__(self, field: Field, path: str, build_row: RowBuilder,
                 parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self.build_row = build_row
        self.noun = field.item_label or "entry"
        self.box = QGroupBox(field.label, self)
        self.box.setObjectName(path)
        self.layout_ = QVBoxLayout(self.box)
        self.layout_.setSpacing(6)
        self.layout_.addWidget(style.help_label(field.help, self.box))
        self.empty = QLabel(f"No {self.noun} recorded yet.", self.box)
        self.layout_.addWidget(self.empty)
        self.items: list[GroupItem] = []
        self.add = QPushButton(f"Add {self.noun}", self.box)
        self.add.setObjectName(f"{path}:add")
        self.add.setAutoDefault(True)  # Enter on the focused button adds, as Space does
        self.add.setAccessibleName(f"Add {self.noun}: {field.label}")
        self.add.clicked.connect(self._add_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self._hbox().addWidget(self.box)
        self.setFocusProxy(self.add)
        self._sync()

    # -- changing the list -------------------------------------------------------
    def add_item(self, value: dict[str, Any] | None = None, *, notify: bool = True) -> GroupItem:
        item = GroupItem(self, len(self.items))
        for row in item.rows:
            row.editor.changed.connect(self.changed)
            structure = getattr(row.editor, "structure_changed", None)
            if structure is not None:
                structure.connect(self.structure_changed)
            row.editor.set_read_only(self.read_only)
        if value:
            show_record(item.rows, value)
        item.remove.clicked.connect(lambda: self._remove_clicked(item))
        item.remove_shortcut.activated.connect(lambda: self._remove_clicked(item))
        self.layout_.insertWidget(self.layout_.count() - 1, item)
        item.show()  # now, not on the next event loop pass: the next Tab must reach it
        self.items.append(item)
        self._sync()
        if notify:
            self.structure_changed.emit()
            self.changed.emit()
        return item

    def remove_item(self, index: int) -> None:
        """Remove entry ``index``; later entries move up (paths are renumbered)."""
        values = [item.value() for item in self.items]
        del values[index]
        self.set_value(values)
        self.structure_changed.emit()
        self.changed.emit()

    def _add_clicked(self) -> None:
        item = self.add_item()
        item.rows[0].editor.input_widget().setFocus()

    def _remove_clicked(self, item: GroupItem) -> None:
        if self.read_only:
            return
        if item.value():
            answer = QMessageBox.question(
                self, f"Remove {self.noun}",
                f"Remove {self.noun} {item.index + 1}? What is recorded in it will be lost.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.remove_item(item.index)
        self.add.setFocus()

    def _sync(self) -> None:
        self.empty.setVisible(not self.items)
        full = self.field.max_items is not None and len(self.items) >= self.field.max_items
        self.add.setVisible(not self.read_only)
        self.add.setEnabled(not full)
        self.add.setToolTip(f"At most {self.field.max_items} can be recorded." if full else "")
        for item in self.items:
            item.remove.setVisible(not self.read_only)

    # -- FieldEditor -------------------------------------------------------------
    def value(self) -> Any:
        return [item.value() for item in self.items] or None

    def set_value(self, value: Any) -> None:
        for item in self.items:
            item.setParent(None)
            item.deleteLater()
        self.items = []
        for record in value if isinstance(value, list) else []:
            self.add_item(record if isinstance(record, dict) else {}, notify=False)
        self._sync()
        self.changed.emit()

    def input_widget(self) -> QWidget:
        return self.items[0].rows[0].editor.input_widget() if self.items else self.add

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for item in self.items:
            chain += [w for row in item.rows for w in row.editor.focus_chain()]
        return [*chain, self.add]

    def set_read_only(self, on: bool) -> None:
        super().set_read_only(on)
        for item in self.items:
            for row in item.rows:
                row.editor.set_read_only(on)
        self._sync()

    def shows_own_caption(self) -> bool:
        return True

    def show_required(self, on: bool) -> None:
        self.box.setTitle(self.field.label + (REQUIRED_MARK if on else ""))

    def describe_for_screen_readers(self, name: str, description: str) -> None:
        self.box.setAccessibleName(name)
        self.box.setAccessibleDescription(description)
        self.add.setAccessibleDescription(f"{name}. {description}")
