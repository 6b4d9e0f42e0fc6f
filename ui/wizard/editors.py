"""One editor per simple field kind; each keeps a stored value and a Qt input.

Every editor is a ``FieldEditor``: ``value()`` gives the stored form of what
is on screen (see ``app.domain.forms``; None when empty), ``set_value()``
shows a stored value, ``changed`` fires on every edit.  The Qt input that an
officer types into carries the field path as its objectName; composite
editors (yes/no, multiple choice, date and time, person, group) carry it
themselves and hand focus to their first input.

This module holds the base and the text editors; the answers chosen rather than
typed (tick, yes/no, choice, multiple choice) are in ``ui.wizard.choice_editors``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.domain.forms import Field
from ui.wizard import style


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
