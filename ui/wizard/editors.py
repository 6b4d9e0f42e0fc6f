"""One editor per simple field kind; each keeps a stored value and a Qt input.

Every editor is a ``FieldEditor``: ``value()`` gives the stored form of what
is on screen (see ``app.domain.forms``; None when empty), ``set_value()``
shows a stored value, ``changed`` fires on every edit.  The Qt input that an
officer types into carries the field path as its objectName; composite
editors (yes/no, multiple choice, date and time, person, group) carry it
themselves and hand focus to their first input.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTextCursor, QWheelEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.forms import Field
from ui.wizard import style

CHOOSE = "— choose —"


class FieldEditor(QWidget):
    """Base of all editors: a stored value on one side, Qt widgets on the other."""

    changed = Signal()

    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.path = path
        self.read_only = False
        #: A passing remark shown beside the field (e.g. a paste cut at the limit).
        self.note = ""

    # -- to be provided by each editor ---------------------------------------
    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def input_widget(self) -> QWidget:
        """The widget that takes focus when the field is asked for."""
        raise NotImplementedError

    def focus_chain(self) -> list[QWidget]:
        """Every focusable input, in the order Tab should visit them."""
        return [self.input_widget()]

    def set_read_only(self, on: bool) -> None:
        self.read_only = on

    def input_problem(self) -> str | None:
        """Why what is typed cannot be stored (a date that is not a date), or None."""
        return None

    def typed_texts(self) -> tuple[str, ...]:
        """What is in the editor's boxes as typed (kept over a lock when unreadable)."""
        return ()

    def restore_typed(self, texts: tuple[str, ...]) -> None:
        """Put back what ``typed_texts`` returned (after unlocking)."""

    # -- shared ---------------------------------------------------------------
    def shows_own_caption(self) -> bool:
        """True when the editor shows the field's label itself (tick, person, group)."""
        return False

    def show_required(self, on: bool) -> None:
        """Editors that show their own caption mark it as mandatory here."""

    def describe_for_screen_readers(self, name: str, description: str) -> None:
        widget = self.input_widget()
        widget.setAccessibleName(name)
        widget.setAccessibleDescription(description)

    def _hbox(self) -> QHBoxLayout:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        return layout


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

    def __init__(self, text: str, box: QCheckBox, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.box = box
        self.setWordWrap(True)

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


def cut_note(limit: int, left_out: int) -> str:
    return (f"Cut at the {limit}-character limit: the last {left_out} character"
            f"{'s' if left_out != 1 else ''} typed or pasted were left out.")


class TextEditor(FieldEditor):
    """TEXT: one line, held to the schema's length (a paste is cut, and says so)."""

    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName(path)
        self.limit = field.effective_max_length
        self.note = ""
        self.edit.setMaximumWidth(style.INPUT_MAX_WIDTH)
        self.edit.textEdited.connect(self._edited)
        self.edit.textChanged.connect(self.changed)
        self._hbox().addWidget(self.edit)

    def _edited(self, text: str) -> None:
        self.note = ""
        if self.limit is None or len(text) <= self.limit:
            return
        over = len(text) - self.limit
        at = self.edit.cursorPosition()
        start = max(0, at - over)
        kept = text[:start] + text[at:]
        kept = kept[:self.limit]
        self.note = cut_note(self.limit, len(text) - len(kept))
        self.edit.setText(kept)
        self.edit.setCursorPosition(start)

    def value(self) -> Any:
        text = self.edit.text()
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        self.note = ""
        self.edit.setText("" if value is None else str(value))

    def input_widget(self) -> QWidget:
        return self.edit

    def set_read_only(self, on: bool) -> None:
        super().set_read_only(on)
        self.edit.setReadOnly(on)


class LongTextEditor(FieldEditor):
    """LONG_TEXT: several lines; Enter is a new line, Tab moves on."""

    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName(path)
        self.edit.setTabChangesFocus(True)
        lines = style.LONG_TEXT_LINES * (2 if (field.effective_max_length or 0) > 20000 else 1)
        margins = self.edit.contentsMargins()
        height = (self.edit.fontMetrics().lineSpacing() * lines + 2 * self.edit.frameWidth()
                  + margins.top() + margins.bottom() + 8)
        self.edit.setFixedHeight(height)
        self.edit.setMaximumWidth(style.INPUT_MAX_WIDTH)
        self.limit = field.effective_max_length
        self.note = ""
        self._cutting = False
        self.edit.textChanged.connect(self._text_changed)
        self._hbox().addWidget(self.edit)

    def _text_changed(self) -> None:
        if self._cutting:
            return
        length = self.edit.document().characterCount() - 1
        if self.limit is not None and length > self.limit:
            # Cut what was just typed or pasted (it ends at the cursor), never what was there.
            over = length - self.limit
            cursor = self.edit.textCursor()
            at = cursor.position()
            self._cutting = True
            try:
                cursor.setPosition(max(0, at - over))
                cursor.setPosition(at, QTextCursor.MoveMode.KeepAnchor)
                cursor.removeSelectedText()
                if self.edit.document().characterCount() - 1 > self.limit:  # safety net
                    text = self.edit.toPlainText()[:self.limit]
                    self.edit.setPlainText(text)
                self.edit.setTextCursor(cursor)
            finally:
                self._cutting = False
            self.note = cut_note(self.limit, over)
        elif self.note and self.edit.hasFocus():
            self.note = ""
        self.changed.emit()

    def value(self) -> Any:
        text = self.edit.toPlainText()
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        self.note = ""
        self._cutting = True
        try:
            self.edit.setPlainText("" if value is None else str(value))
        finally:
            self._cutting = False
        self.changed.emit()

    def input_widget(self) -> QWidget:
        return self.edit

    def set_read_only(self, on: bool) -> None:
        super().set_read_only(on)
        self.edit.setReadOnly(on)


class TickEditor(FieldEditor):
    """TICK: a check box whose text is the field's label.

    An unticked box is "not answered" unless it was stored as False or the
    officer unticked it, so a stored False survives a round trip.
    """

    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self.box, self.text, line = check_line(field.label, self)
        self.box.setObjectName(path)
        self.text.setMaximumWidth(style.INPUT_MAX_WIDTH)
        self._false_recorded = False
        self.box.toggled.connect(self._toggled)
        self._hbox().addLayout(line)

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

    def show_required(self, on: bool) -> None:
        self.text.setText(self.field.label + (" *" if on else ""))
        style.bold(self.text, on)


class YesNoEditor(FieldEditor):
    """YES_NO: a Yes/No pair that starts unanswered and can be cleared again.

    One Tab stop: Y or N answers, the arrow keys move between Yes and No, Delete
    clears the answer (so does the Clear link, which is not a Tab stop: Space on it
    wiped answers).
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
            if key in (Qt.Key.Key_Y, Qt.Key.Key_N):
                button = self.yes if key == Qt.Key.Key_Y else self.no
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
            button.setAccessibleDescription(description)


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


class MultiChoiceEditor(FieldEditor):
    """MULTI_CHOICE: one check box per option, stored in the schema's order."""

    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self.setObjectName(path)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.boxes: list[tuple[str, QCheckBox]] = []
        for choice in field.choices:
            box, label, line = check_line(choice.label, self)
            label.setMaximumWidth(style.INPUT_MAX_WIDTH - 24)
            box.setObjectName(f"{path}:{choice.value}")
            box.toggled.connect(self.changed)
            layout.addLayout(line)
            self.boxes.append((choice.value, box))
        self.setFocusProxy(self.boxes[0][1])

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
        for choice, box in self.boxes:
            label = self.field.choice_label(choice)
            box.setAccessibleName(f"{name}: {label}")
            box.setAccessibleDescription(description)
