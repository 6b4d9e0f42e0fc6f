"""The widget factory: which editor shows which field kind."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.domain.forms import Field, FieldKind
from ui.wizard.check_list import MultiChoiceEditor
from ui.wizard.choice_editors import ChoiceEditor, TickEditor, YesNoEditor
from ui.wizard.dates import DateEditor, DateTimeEditor
from ui.wizard.editors import FieldEditor, LongTextEditor, TextEditor
from ui.wizard.offences import OffenceEditor
from ui.wizard.records import GroupEditor, PersonEditor
from ui.wizard.rows import FieldRow

_SIMPLE: dict[FieldKind, type[FieldEditor]] = {
    FieldKind.TEXT: TextEditor,
    FieldKind.LONG_TEXT: LongTextEditor,
    FieldKind.DATE: DateEditor,
    FieldKind.DATETIME: DateTimeEditor,
    FieldKind.YES_NO: YesNoEditor,
    FieldKind.TICK: TickEditor,
    FieldKind.CHOICE: ChoiceEditor,
    FieldKind.MULTI_CHOICE: MultiChoiceEditor,
    FieldKind.OFFENCE: OffenceEditor,
}


def make_editor(field: Field, path: str, parent: QWidget | None = None) -> FieldEditor:
    if field.kind is FieldKind.PERSON:
        return PersonEditor(field, path, build_row, parent)
    if field.kind is FieldKind.GROUP:
        return GroupEditor(field, path, build_row, parent)
    return _SIMPLE[field.kind](field, path, parent)


def build_row(field: Field, path: str, parent: QWidget | None = None) -> FieldRow:
    """The editor for ``field`` at ``path`` inside its labelled row."""
    return FieldRow(make_editor(field, path), parent)
