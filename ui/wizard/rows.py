"""One row of a form: the label (marked when mandatory), the editor and its help."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from app.domain.forms import ALWAYS, OPTIONAL, Field, FieldKind
from ui.date_input import ERROR_COLOUR, mark_invalid
from ui.wizard import style
from ui.wizard.editors import FieldEditor

REQUIRED_MARK = " *"
ONE_OF_MARK = " (give one of the two)"


def help_text(field: Field) -> str:
    """The field's help (ending with its ¶) plus, when conditional, when it is required.

    One of an either-or pair already says "give one of the two" in its help."""
    text = field.help
    if field.required not in (ALWAYS, OPTIONAL) and not field.one_of:
        text = f"{text}\n{field.required.describe()}."
    return text


class FieldRow(QWidget):
    """Label column + editor column; containers (person, group) span both."""

    def __init__(self, editor: FieldEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.field = editor.field
        self.path = editor.path
        self.required_shown: bool | None = None
        self.help = help_text(self.field)
        editor.setParent(self)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0 if self._spans else 0, 2)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(1)
        self.label: QLabel | None = None
        self.help_line: QLabel | None = None
        self.problem_line: QLabel | None = None
        self.problem_shown = ""
        if self._spans:
            grid.addWidget(editor, 0, 0, 1, 2)
        else:
            if editor.shows_own_caption():  # a tick: keep its box in the input column
                spacer = QWidget(self)
                spacer.setFixedSize(style.LABEL_WIDTH, 1)
                grid.addWidget(spacer, 0, 0)
            else:
                self.label = QLabel(self.field.label, self)
                self.label.setWordWrap(True)
                self.label.setBuddy(editor.input_widget())
                self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                self.label.setToolTip(self.help)
                grid.addWidget(self.label, 0, 0, 2, 1)
            grid.setColumnMinimumWidth(0, style.LABEL_WIDTH)
            grid.addWidget(editor, 0, 1)
            self.help_line = style.help_label(self.help, self)
            self.help_line.setMaximumWidth(style.INPUT_MAX_WIDTH)
            grid.addWidget(self.help_line, 1, 1)
            self.problem_line = style.WrappingLabel(self)
            self.problem_line.setObjectName(f"{self.path}:problem")
            self.problem_line.setWordWrap(True)
            self.problem_line.setMaximumWidth(style.INPUT_MAX_WIDTH)
            self.problem_line.hide()
            grid.addWidget(self.problem_line, 2, 1)
            grid.setColumnStretch(1, 1)
            if self.label is not None:
                self.label.setFixedWidth(style.LABEL_WIDTH)
        editor.setToolTip(self.help)
        # Rows grow with the page up to a readable width and stay left-aligned
        # (their parents add them with AlignLeft).
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMaximumWidth(style.ROW_MAX_WIDTH if self._spans
                             else style.LABEL_WIDTH + 12 + style.INPUT_MAX_WIDTH)
        self.set_required(False)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        # Aligned rows are given their hinted width: ask for the full readable width.
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.maximumWidth()), hint.height())

    @property
    def _spans(self) -> bool:
        return self.field.kind in (FieldKind.PERSON, FieldKind.GROUP)

    def show_problem(self, message: str, *, note: bool = False) -> None:
        """Mark the field itself: a red frame and the message beside it ("" clears).

        A ``note`` (e.g. a paste cut at the limit) is shown in amber, without the frame."""
        shown = f"{'note' if note else 'problem'}:{message}" if message else ""
        if shown == self.problem_shown or self.problem_line is None:
            return
        self.problem_shown = shown
        colour = "#8a4b00" if note else ERROR_COLOUR
        self.problem_line.setText(message)
        self.problem_line.setStyleSheet(f"color:{colour}; font-weight:bold;")
        self.problem_line.setVisible(bool(message))
        for widget in self.editor.focus_chain():
            mark_invalid(widget, bool(message) and not note)
        if message:
            self.editor.input_widget().setAccessibleDescription(f"{message} {self.help}")
        else:
            self.editor.input_widget().setAccessibleDescription(self.help)

    def set_required(self, on: bool) -> None:
        """Mark the field as mandatory (or not) for the eye and for screen readers."""
        if on == self.required_shown:
            return
        self.required_shown = on
        either = on and bool(self.field.one_of)  # one of two: not both marked mandatory
        if self.label is not None:
            mark = ONE_OF_MARK if either else REQUIRED_MARK if on else ""
            self.label.setText(self.field.label + mark)
            style.bold(self.label, on and not either)
        self.editor.show_required(on and not either)
        name = (f"{self.field.label}, give this or the other of the two" if either
                else f"{self.field.label}, required" if on else self.field.label)
        self.editor.describe_for_screen_readers(name, self.help)
