"""A page generated from a form declaration (a stage form or an auxiliary form).

``PageWidget.values()`` / ``set_values()`` convert between the stored values
of the form and the widgets; ``refresh(context)`` re-evaluates, from the
values on screen, which sections apply and which fields are mandatory.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.domain.forms import AuxForm, CaseContext, Problem, Section, StageForm, is_empty
from app.domain.forms.relevance import is_shown, open_ids
from app.domain.forms.requirements import Scope
from ui.wizard import style
from ui.wizard.editors import FieldEditor
from ui.wizard.factory import build_row
from ui.wizard.records import GroupEditor, PersonEditor, record_value, show_record
from ui.wizard.rows import FieldRow

_PART = re.compile(r"([a-z][a-z0-9_]*)(?:\[([0-9]+)\])?")


def parse_path(path: str) -> list[tuple[str, int | None]]:
    """"children[1].name" → [("children", 1), ("name", None)]; [] if malformed."""
    parts: list[tuple[str, int | None]] = []
    for piece in path.split("."):
        match = _PART.fullmatch(piece)
        if match is None:
            return []
        parts.append((match.group(1), int(match.group(2)) if match.group(2) else None))
    return parts


class SectionBlock(QWidget):
    """A titled block of rows; hidden while its ``shown`` rule does not hold."""

    def __init__(self, section: Section, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.setObjectName(f"section:{index}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 6)
        layout.setSpacing(6)
        title = QLabel(section.title, self)
        style.larger(title, 1.15)
        title.setAccessibleName(f"Section: {section.title}")
        layout.addWidget(title)
        if section.help:
            layout.addWidget(style.help_label(section.help, self))
        self.rows: list[FieldRow] = []
        for field in section.fields:
            row = build_row(field, field.id, self)
            layout.addWidget(row, 0, Qt.AlignmentFlag.AlignLeft)
            self.rows.append(row)


class PageWidget(QWidget):
    """Every field of one form, built from the schema, in form order."""

    changed = Signal()
    structure_changed = Signal()

    def __init__(self, form: StageForm | AuxForm, parent: QWidget | None = None,
                 *, intro: str = "") -> None:
        super().__init__(parent)
        self.form = form
        self._loading = False
        self._context: CaseContext = {}
        self.read_only = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 16)
        layout.setSpacing(4)
        if intro:
            layout.addWidget(style.help_label(intro, self))
        self.blocks: list[SectionBlock] = []
        for index, section in enumerate(form.sections):
            block = SectionBlock(section, index, self)
            layout.addWidget(block)
            self.blocks.append(block)
        layout.addStretch(1)
        for row in self.rows():
            row.editor.changed.connect(self._edited)
            structure = getattr(row.editor, "structure_changed", None)
            if structure is not None:
                structure.connect(self._restructured)
        self.show_relevant()
        self.fix_tab_order()

    # -- values ------------------------------------------------------------------
    def rows(self) -> list[FieldRow]:
        """The top-level rows in form order."""
        return [row for block in self.blocks for row in block.rows]

    def values(self) -> dict[str, Any]:
        """The stored form of everything on the page (empty answers left out)."""
        return record_value(self.rows())

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show stored values; fields not in ``values`` are cleared."""
        self._loading = True
        try:
            show_record(self.rows(), dict(values))
        finally:
            self._loading = False
        self.show_relevant()
        self.fix_tab_order()

    def _edited(self) -> None:
        if not self._loading:
            self.show_relevant()
            self.changed.emit()

    def show_relevant(self) -> None:
        """Hide follow-up questions the answers rule out (app/domain/forms/relevance.py)."""
        _show_relevant(self.rows(), self.values(), self._context, open_ids(self.form))

    def _restructured(self) -> None:
        self.fix_tab_order()
        self.structure_changed.emit()

    # -- finding fields -------------------------------------------------------------
    def editor(self, path: str) -> FieldEditor | None:
        """The editor at ``path`` ("children[0].name"), or None if there is none."""
        found = self._walk(path)
        return found[-1] if found and found[-1].path == path else None

    def _walk(self, path: str) -> list[FieldEditor]:
        """Editors along ``path``, as deep as they exist."""
        trail: list[FieldEditor] = []
        rows = self.rows()
        for name, index in parse_path(path):
            row = next((r for r in rows if r.field.id == name), None)
            if row is None:
                break
            editor = row.editor
            trail.append(editor)
            if isinstance(editor, PersonEditor):
                rows = editor.rows
            elif isinstance(editor, GroupEditor):
                if index is None or index >= len(editor.items):
                    break
                rows = editor.items[index].rows
            else:
                break
        return trail

    def focus_path(self, path: str) -> QWidget | None:
        """Give focus to the field at ``path`` (or its nearest enclosing one)."""
        trail = self._walk(path)
        if not trail:
            return None
        editor = trail[-1]
        widget = editor.input_widget()
        if isinstance(editor, GroupEditor) and editor.read_only:
            widget = editor.box
        block = next((b for b in self.blocks if b.isAncestorOf(editor)), None)
        if block is not None and block.isHidden():
            block.show()
        widget.setFocus()
        return widget


    # -- what is wrong, shown on the fields themselves -------------------------------
    def labelled_rows(self) -> list[tuple[FieldRow, str]]:
        """Every row, nested ones included, with the label people know it by."""
        out: list[tuple[FieldRow, str]] = []
        for block in self.blocks:
            if not block.isHidden():
                _walk_rows(block.rows, "", out)
        return out

    def input_problems(self) -> list[Problem]:
        """What is typed but cannot be stored (a date that is not a date), in form order."""
        return [Problem(row.path, label, problem)
                for row, label in self.labelled_rows()
                if (problem := row.editor.input_problem())]

    def check(self, problems: list[Problem]) -> list[Problem]:
        """The validation ``problems`` plus what is typed but unreadable, marked on the
        fields; a field that cannot be read is listed once, with why (not as missing)."""
        typed = self.input_problems()
        unreadable = {p.path for p in typed}
        merged = typed + [p for p in problems if p.path not in unreadable]
        order = {row.path: index for index, (row, _) in enumerate(self.labelled_rows())}
        merged.sort(key=lambda p: order.get(p.path, len(order)))
        self.mark_problems(merged)
        return merged

    def mark_problems(self, problems: list[Problem]) -> None:
        """Mark each answered field that is wrong; clear the marks of the rest.

        Missing answers are listed in What's missing, not marked (an untouched form
        is not a page of red)."""
        by_path: dict[str, str] = {}
        for problem in problems:
            by_path.setdefault(problem.path, problem.message)
        for row, _label in self.labelled_rows():
            typed = row.editor.input_problem()
            if typed:
                row.show_problem(typed)
            elif row.path in by_path and row.editor.value() not in (None, "", [], {}) \
                    and not isinstance(row.editor, PersonEditor | GroupEditor):
                row.show_problem(by_path[row.path])
            else:
                row.show_problem(row.editor.note, note=True)

    # -- state -------------------------------------------------------------------
    def refresh(self, context: CaseContext) -> None:
        """Re-evaluate shown sections and mandatory marks from the values on screen."""
        values = self.values()
        for block in self.blocks:
            block.setVisible(block.section.shown.applies(values, context))
        self._context = context
        _show_relevant(self.rows(), values, context, open_ids(self.form))
        _mark(self.rows(), values, context, True)

    def set_read_only(self, on: bool) -> None:
        self.read_only = on
        if on:  # disabled choices stay readable: dark text, not faint grey
            palette = self.palette()
            for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                         QPalette.ColorRole.ButtonText):
                palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#303030"))
            self.setPalette(palette)
        for row in self.rows():
            row.editor.set_read_only(on)

    def fix_tab_order(self) -> None:
        """Tab visits fields in form order, group entries included."""
        chain = [w for row in self.rows() for w in row.editor.focus_chain()]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)


def _walk_rows(rows: list[FieldRow], prefix: str,
               out: list[tuple[FieldRow, str]]) -> None:
    for row in rows:
        out.append((row, prefix + row.field.label))
        editor = row.editor
        if isinstance(editor, PersonEditor):
            _walk_rows(editor.rows, f"{prefix}{row.field.label} › ", out)
        elif isinstance(editor, GroupEditor):
            for item in editor.items:
                _walk_rows(item.rows, f"{prefix}{editor.noun.capitalize()} "
                                      f"{item.index + 1} › ", out)


def _mark(rows: list[FieldRow], scope: Mapping[str, Any], context: CaseContext,
          active: bool) -> None:
    for row in rows:
        required = active and row.field.required.applies(scope, context)
        row.set_required(required)
        editor = row.editor
        if isinstance(editor, PersonEditor):
            record = editor.value() or {}
            _mark(editor.rows, Scope(record, scope), context, required or not is_empty(record))
        elif isinstance(editor, GroupEditor):
            for item in editor.items:
                _mark(item.rows, Scope(item.value(), scope), context, True)


def _show_relevant(rows: list[FieldRow], scope: Mapping[str, Any], context: CaseContext,
                   open_: frozenset[str]) -> None:
    for row in rows:
        row.setHidden(not is_shown(row.field, scope, context, open_))
        editor = row.editor
        if isinstance(editor, PersonEditor):
            _show_relevant(editor.rows, Scope(editor.value() or {}, scope), context, open_)
        elif isinstance(editor, GroupEditor):
            for item in editor.items:
                _show_relevant(item.rows, Scope(item.value(), scope), context, open_)
