"""The Schedule 34A offence picker: type to search, or browse the whole list.

Stores the offence's stable code (``app.domain.offences``) and shows its
plain description.  Text that matches no listed offence is kept as typed
(nothing typed is lost) and flagged so the officer picks from the list.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.forms import Field
from app.domain.offences import describe, offence_by_code, search_offences
from ui.wizard import style
from ui.wizard.editors import FieldEditor


class OffenceEditor(FieldEditor):
    """An OFFENCE field: holds a Schedule 34A offence code."""

    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self._code: str | None = None
        self.edit = QLineEdit(self)
        self.edit.setObjectName(path)
        self.edit.setPlaceholderText("Type words from the offence, e.g. \"grooming\" or \"s.9\"")
        self.edit.setMaximumWidth(style.INPUT_MAX_WIDTH)
        self._model = QStringListModel(self)
        self._found: dict[str, str] = {}
        self.completer = QCompleter(self._model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(12)
        self.edit.setCompleter(self.completer)
        self.completer.activated.connect(self._picked_text)
        self.edit.textEdited.connect(self._typed)
        self.browse = QPushButton("Browse list…", self)
        self.browse.setObjectName(f"{path}:browse")
        self.browse.setToolTip("Choose from the whole Schedule 34A list")
        self.browse.setAutoDefault(True)  # Enter on the focused button opens the list
        self.browse.clicked.connect(self._browse)
        self.shown = style.help_label("", self)
        self.shown.setObjectName(f"{path}:description")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.shown)
        self._search = QTimer(self)
        self._search.setSingleShot(True)
        self._search.setInterval(120)
        self._search.timeout.connect(self._refresh_matches)
        self._show_description()

    # -- searching -------------------------------------------------------------
    def _typed(self, _text: str) -> None:
        self._code = None
        self._show_description()
        self.changed.emit()
        self._search.start()

    def _refresh_matches(self) -> None:
        text = self.edit.text()
        if not text.strip():
            return
        self._found = {o.describe(): o.code for o in search_offences(text, limit=15)}
        self._model.setStringList(list(self._found))
        if self._found and self.edit.hasFocus():
            self.completer.complete()

    def _picked_text(self, text: str) -> None:
        code = self._found.get(text)
        if code is not None:
            self.pick(code)

    def _browse(self) -> None:
        dialog = OffenceDialog(self.edit.text() if self._code is None else "", self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen:
            self.pick(dialog.chosen)
        self.edit.setFocus()

    def pick(self, code: str) -> None:
        """Choose the offence ``code`` (as if picked from the list)."""
        self._code = code
        self.edit.setText(describe(code))
        self.edit.setCursorPosition(0)
        self._show_description()
        self.changed.emit()

    def _show_description(self) -> None:
        text = self.edit.text().strip()
        if self._code is not None:
            self.shown.setText(f"Chosen: {describe(self._code)}")
        elif text:
            self.shown.setText("Not one of the listed offences yet: pick one from the list "
                               "that appears, or use Browse list.")
        else:
            self.shown.setText("")
        self.shown.setVisible(bool(self.shown.text()))

    # -- FieldEditor -------------------------------------------------------------
    def value(self) -> Any:
        if self._code is not None:
            return self._code
        text = self.edit.text()
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        if isinstance(value, str) and offence_by_code(value) is not None:
            self.pick(value)
            return
        self._code = None
        self.edit.setText("" if value is None else str(value))
        self._show_description()

    def input_widget(self) -> QWidget:
        return self.edit

    def focus_chain(self) -> list[QWidget]:
        return [self.edit, self.browse]

    def set_read_only(self, on: bool) -> None:
        super().set_read_only(on)
        self.edit.setReadOnly(on)
        self.browse.setVisible(not on)

    def describe_for_screen_readers(self, name: str, description: str) -> None:
        super().describe_for_screen_readers(name, description)
        self.browse.setAccessibleName(f"Browse the offence list: {self.field.label}")


class OffenceDialog(QDialog):
    """Type-to-search over the whole Schedule 34A list; Enter picks, Escape cancels."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose a Schedule 34A offence")
        self.chosen: str | None = None
        self.search = QLineEdit(text, self)
        self.search.setObjectName("offence_search")
        self.search.setPlaceholderText("Type words from the offence, the Act or the section")
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setObjectName("offence_results")
        self.results.setWordWrap(True)
        self.results.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        prompt = QLabel("&Search the list:", self)
        prompt.setBuddy(self.search)
        layout.addWidget(prompt)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(style.help_label(
            "Cautions, reprimands and final warnings count as convictions (¶4.5).", self))
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._fill)
        self.search.returnPressed.connect(self.accept)
        self.resize(720, 460)
        self._fill(text)

    def _fill(self, text: str) -> None:
        self.results.clear()
        for offence in search_offences(text, limit=200):
            item = QListWidgetItem(offence.describe(), self.results)
            item.setData(Qt.ItemDataRole.UserRole, offence.code)
        if self.results.count():
            self.results.setCurrentRow(0)

    def accept(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        self.chosen = str(item.data(Qt.ItemDataRole.UserRole))
        super().accept()
