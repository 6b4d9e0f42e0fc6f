"""MULTI_CHOICE: a check list that is ONE Tab stop (issue 12).

Tab reaches the list once and leaves it with the next Tab; inside it the arrow keys
move from item to item, Space ticks or unticks the item with the cursor, and the number
shown before an item (1–9) ticks or unticks it straight away.  Only one box at a time
takes Tab focus (the last one the cursor was on: Shift+Tab from the next field comes
back to it); the others still take a click.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from app.domain.forms import Field
from ui.wizard import style
from ui.wizard.choice_editors import check_line
from ui.wizard.editors import FieldEditor
from ui.wizard.one_key import plain_key

KEYS_HINT = ("One Tab stop: the arrow keys move in the list, Space ticks or unticks, "
             "or press an item's number.")

_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}
_BACK = (Qt.Key.Key_Up, Qt.Key.Key_Left)
_FORWARD = (Qt.Key.Key_Down, Qt.Key.Key_Right)


class MultiChoiceEditor(FieldEditor):
    """MULTI_CHOICE: one check box per option, stored in the schema's order."""

    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self.setObjectName(path)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.boxes: list[tuple[str, QCheckBox]] = []
        for number, choice in enumerate(field.choices, start=1):
            box, label, line = check_line(choice.label, self)
            label.setMaximumWidth(style.INPUT_MAX_WIDTH - 48)
            box.setObjectName(f"{path}:{choice.value}")
            box.toggled.connect(self.changed)
            box.installEventFilter(self)
            if number <= len(_DIGITS):  # the number that ticks it, shown before the box
                key = QLabel(str(number), self)
                key.setObjectName(f"{path}:key{number}")
                key.setStyleSheet("color:#5a5a5a;")
                key.setFixedWidth(14)
                key.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                line.insertWidget(0, key, 0, Qt.AlignmentFlag.AlignTop)
            layout.addLayout(line)
            self.boxes.append((choice.value, box))
        self.setFocusProxy(self.boxes[0][1])
        self._rove(0)

    # -- the keyboard ------------------------------------------------------------------
    def _rove(self, index: int) -> None:
        """Box ``index`` is the list's one Tab stop; the others take clicks only."""
        for at, (_, box) in enumerate(self.boxes):
            box.setFocusPolicy(Qt.FocusPolicy.StrongFocus if at == index
                               else Qt.FocusPolicy.ClickFocus)

    def _go(self, index: int) -> None:
        box = self.boxes[index][1]
        self._rove(index)
        box.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        index = next((i for i, (_, box) in enumerate(self.boxes) if box is watched), None)
        if index is None:
            return False
        if event.type() == QEvent.Type.FocusIn:
            self._rove(index)
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and plain_key(event):
            return self._key(index, Qt.Key(event.key()))
        return False

    def _key(self, index: int, key: Qt.Key) -> bool:
        last = len(self.boxes) - 1
        if key in _BACK or key in _FORWARD:
            self._go(max(0, index - 1) if key in _BACK else min(last, index + 1))
            return True
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self._go(0 if key == Qt.Key.Key_Home else last)
            return True
        number = _DIGITS.get(key)
        if number is not None:
            if number - 1 <= last and not self.read_only:
                self._go(number - 1)
                self.boxes[number - 1][1].toggle()
            return True
        return False

    # -- the editor contract -----------------------------------------------------------
    def value(self) -> Any:
        chosen = [value for value, box in self.boxes if box.isChecked()]
        return chosen or None

    def set_value(self, value: Any) -> None:
        wanted = set(value) if isinstance(value, list) else set()
        for choice, box in self.boxes:
            box.blockSignals(True)
            box.setChecked(choice in wanted)
            box.blockSignals(False)
        self.changed.emit()

    def input_widget(self) -> QWidget:
        return self.boxes[0][1]

    def focus_chain(self) -> list[QWidget]:
        return [box for _, box in self.boxes]

    def set_read_only(self, on: bool) -> None:
        super().set_read_only(on)
        for _, box in self.boxes:
            box.setEnabled(not on)

    def describe_for_screen_readers(self, name: str, description: str) -> None:
        self.setAccessibleName(name)
        count = len(self.boxes)
        for number, (choice, box) in enumerate(self.boxes, start=1):
            label = self.field.choice_label(choice)
            box.setAccessibleName(f"{name}: {label}")
            box.setAccessibleDescription(f"{description} Item {number} of {count}. {KEYS_HINT}")
