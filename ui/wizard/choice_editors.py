"""The editors of answers chosen rather than typed: TICK, YES_NO, CHOICE and
MULTI_CHOICE (see ``ui.wizard.editors`` for the contract every editor keeps)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QToolButton,
    QWidget,
)

from app.domain.forms import Field
from ui.wizard import one_key, style
from ui.wizard.editors import FieldEditor

CHOOSE = "— choose —"

class QuietCombo(QComboBox):
    """A combo box that ignores the mouse wheel unless it has focus.

    Otherwise scrolling a long form with the wheel silently changes answers.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class _ClickLabel(style.WrappingLabel):
    """The wrapped text of a check box; clicking it ticks the box, as Qt's own text does."""

    #: The text of the box with the keyboard cursor: a Qt check box alone shows its focus
    #: faintly, and in a list moved through with the arrows it must be plain to see.
    FOCUSED = "background:#dbe8f7; border-bottom:2px solid #1f3a5f;"

    def __init__(self, text: str, box: QCheckBox, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.box = box
        self.setWordWrap(True)
        box.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if watched is self.box and event.type() in (QEvent.Type.FocusIn,
                                                    QEvent.Type.FocusOut):
            self.setStyleSheet(self.FOCUSED if event.type() == QEvent.Type.FocusIn else "")
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self.box.isEnabled() and event.button() == Qt.MouseButton.LeftButton:
            self.box.toggle()
            self.box.setFocus(Qt.FocusReason.MouseFocusReason)
        event.accept()


def check_line(text: str, parent: QWidget) -> tuple[QCheckBox, QLabel, QHBoxLayout]:
    """A check box whose text wraps (long statements must not widen the page)."""
    box = QCheckBox(parent)
    box.setAccessibleName(text)
    label = _ClickLabel(text, box, parent)
    line = QHBoxLayout()
    line.setContentsMargins(0, 0, 0, 0)
    line.setSpacing(6)
    line.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
    line.addWidget(label, 1)
    return box, label, line


class TickEditor(FieldEditor):
    """TICK: a check box whose text is the field's label.

    An unticked box is "not answered" unless it was stored as False or the
    officer unticked it, so a stored False survives a round trip.  Y ticks and N
    unticks, each moving on to the next question; Space ticks or unticks and stays.
    """

    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self.box, self.text, line = check_line(field.label, self)
        self.box.setObjectName(path)
        self.text.setMaximumWidth(style.INPUT_MAX_WIDTH)
        self._false_recorded = False
        self.box.toggled.connect(self._toggled)
        self.box.installEventFilter(self)
        self._hbox().addLayout(line)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        """Y ticks, N leaves (or makes) it unticked; either moves on to the next question."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and not self.read_only and (answer := one_key.answer_key(event)) is not None:
            if answer != self.box.isChecked():
                self.box.setChecked(answer)
            elif not answer and not self._false_recorded:
                self._false_recorded = True  # "no", said with a key, is an answer
                self.changed.emit()
            one_key.move_on(self.box)
            return True
        return False

    def _toggled(self, checked: bool) -> None:
        if not checked:
            self._false_recorded = True
        self.changed.emit()

    def value(self) -> Any:
        if self.box.isChecked():
            return True
        return False if self._false_recorded else None

    def set_value(self, value: Any) -> None:
        self.box.blockSignals(True)
        self.box.setChecked(value is True)
        self.box.blockSignals(False)
        self._false_recorded = value is False
        self.changed.emit()

    def input_widget(self) -> QWidget:
        return self.box

    def set_read_only(self, on: bool) -> None:
        super().set_read_only(on)
        self.box.setEnabled(not on)

    def shows_own_caption(self) -> bool:
        return True

    def describe_for_screen_readers(self, name: str, description: str) -> None:
        super().describe_for_screen_readers(name, f"{description} {one_key.TICK_KEYS_HINT}")

    def show_required(self, on: bool) -> None:
        self.text.setText(self.field.label + (" *" if on else ""))
        style.bold(self.text, on)


#: Arrow keys in a Yes/No pair: left or up answers Yes, right or down answers No.
ARROWS_TO_YES = (Qt.Key.Key_Left, Qt.Key.Key_Up)
ARROWS_TO_NO = (Qt.Key.Key_Right, Qt.Key.Key_Down)


class YesNoEditor(FieldEditor):
    """YES_NO: a Yes/No pair that starts unanswered and can be cleared again.

    One Tab stop: Y or N answers and moves on to the next question (``ui.wizard.one_key``);
    the arrow keys answer and stay (left/up Yes, right/down No, whether or not anything
    is answered yet), Delete clears the answer (so does the Clear link, which is not a
    Tab stop: Space on it wiped answers).
    """

    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self.setObjectName(path)
        layout = self._hbox()
        self.yes = QRadioButton("Yes", self)
        self.yes.setObjectName(f"{path}:yes")
        self.no = QRadioButton("No", self)
        self.no.setObjectName(f"{path}:no")
        self.group = QButtonGroup(self)
        self.group.addButton(self.yes)
        self.group.addButton(self.no)
        self.clear = QToolButton(self)
        self.clear.setText("Clear")
        self.clear.setObjectName(f"{path}:clear")
        self.clear.setToolTip("Clear the answer (not answered); Delete does the same")
        self.clear.setAccessibleName("Clear the answer")
        self.clear.setStyleSheet(style.LINK_BUTTON)
        self.clear.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear.clicked.connect(lambda: self.set_value(None))
        for widget in (self.yes, self.no):
            layout.addWidget(widget)
            widget.installEventFilter(self)
        layout.addSpacing(12)
        layout.addWidget(self.clear)
        layout.addStretch(1)
        self.setFocusProxy(self.yes)
        self.group.buttonToggled.connect(self._toggled)
        self._sync_clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if event.type() == QEvent.Type.KeyPress and not self.read_only \
                and isinstance(event, QKeyEvent) and not event.modifiers() & ~(
                    Qt.KeyboardModifier.KeypadModifier):
            key = event.key()
            answer = one_key.answer_key(event)
            if answer is not None:  # Y or N: answer and move on (one key per question)
                button = self.yes if answer else self.no
                button.setChecked(True)
                button.setFocus(Qt.FocusReason.OtherFocusReason)
                one_key.move_on(button)
                return True
            # An arrow always answers too, staying on the pair to change it: Qt's own
            # arrows only moved the focus while nothing was answered yet (review shot 32).
            if key in (*ARROWS_TO_YES, *ARROWS_TO_NO):
                button = self.yes if key in ARROWS_TO_YES else self.no
                button.setChecked(True)
                button.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.value() is not None:
                had_focus = watched
                self.set_value(None)
                if isinstance(had_focus, QWidget):
                    had_focus.setFocus()
                return True
        return False

    def _toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self._sync_clear()
            self.changed.emit()

    def _sync_clear(self) -> None:
        self.clear.setVisible(not self.read_only and self.value() is not None)

    def value(self) -> Any:
        if self.yes.isChecked():
            return True
        if self.no.isChecked():
            return False
        return None

    def set_value(self, value: Any) -> None:
        self.group.blockSignals(True)
        self.group.setExclusive(False)
        self.yes.setChecked(value is True)
        self.no.setChecked(value is False)
        self.group.setExclusive(True)
        self.group.blockSignals(False)
        self._sync_clear()
        self.changed.emit()

    def input_widget(self) -> QWidget:
        return self.no if self.no.isChecked() else self.yes

    def focus_chain(self) -> list[QWidget]:
        return [self.yes, self.no]

    def set_read_only(self, on: bool) -> None:
        super().set_read_only(on)
        self.yes.setEnabled(not on)
        self.no.setEnabled(not on)
        self._sync_clear()

    def describe_for_screen_readers(self, name: str, description: str) -> None:
        self.setAccessibleName(name)
        for button in (self.yes, self.no):
            button.setAccessibleName(f"{name}: {button.text()}")
            button.setAccessibleDescription(f"{description} {one_key.YES_NO_KEYS_HINT}")


class ChoiceEditor(FieldEditor):
    """CHOICE: a drop-down list starting at "— choose —"."""

    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self.combo = QuietCombo(self)
        self.combo.setObjectName(path)
        self.combo.addItem(CHOOSE, None)
        for choice in field.choices:
            self.combo.addItem(choice.label, choice.value)
        self.combo.setMaximumWidth(style.INPUT_MAX_WIDTH)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.currentIndexChanged.connect(self.changed)
        layout = self._hbox()
        layout.addWidget(self.combo)
        layout.addStretch(1)

    def value(self) -> Any:
        return self.combo.currentData()

    def offer_only(self, labels: dict[str, str]) -> None:
        """Offer only these choices (value → label), in the given order."""
        current = self.combo.currentData()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(CHOOSE, None)
        for value, label in labels.items():
            self.combo.addItem(label, value)
        index = self.combo.findData(current) if current is not None else 0
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not None else 0
        if index < 0:  # a stored value no longer offered: keep it rather than lose it
            self.combo.addItem(f"{value} (not on the list)", value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)

    def input_widget(self) -> QWidget:
        return self.combo

    def set_read_only(self, on: bool) -> None:
        super().set_read_only(on)
        self.combo.setEnabled(not on)
