"""Showing the read model's pre-fill rules on a page (issue 12 item 6).

``apply_prefill_rules`` shows answers fixed by an earlier stage (``Field.fixed_from``)
filled in, read-only, with a note saying where they come from, and, on the decision
page, completes the recipient from the applicant when the officer answers that the
recipient is the applicant. The rules themselves are ``CaseFile.fixed_answers`` and
``CaseFile.applicant_as_recipient`` (app/domain/prefill.py).
"""

from __future__ import annotations

from app.domain.enums import Stage
from app.services.case_file import CaseFile
from ui.wizard.page import PageWidget
from ui.wizard.rows import FieldRow

FIXED_STYLE = "color:#0b3d66; font-weight:bold;"
FIXED_INPUT_STYLE = "background:#e8edf2; color:#202020;"


def apply_prefill_rules(page: PageWidget, case: CaseFile, stage: Stage, editable: bool) -> bool:
    """Fix answers taken from earlier stages; wire the recipient rule when editable.
    True when a fixed answer on screen had to be corrected (the draft is then unsaved)."""
    corrected = show_fixed_answers(page, case, stage, editable)
    if editable and stage is Stage.DECISION:
        _wire_recipient(page, case)
    return corrected


def show_fixed_answers(page: PageWidget, case: CaseFile, stage: Stage, editable: bool) -> bool:
    corrected = False
    for answer in case.fixed_answers(stage):
        editor = page.editor(answer.path)
        if editor is None:
            continue
        if editable and editor.value() != answer.value:
            editor.set_value(answer.value)  # saved with the next draft
            corrected = True
        editor.set_read_only(True)
        editor.input_widget().setStyleSheet(FIXED_INPUT_STYLE)  # reads as not for typing
        row = editor.parentWidget()
        note = case.fixed_note(answer)
        if isinstance(row, FieldRow) and row.help_line is not None:
            row.help_line.setText(note)
            row.help_line.setStyleSheet(FIXED_STYLE)
            row.help_line.setObjectName(f"{answer.path}:fixed")
        editor.input_widget().setAccessibleDescription(note)
        editor.setToolTip(note)
    return corrected


def _wire_recipient(page: PageWidget, case: CaseFile) -> None:
    answer = page.editor("recipient.is_applicant")
    if answer is None:
        return

    def fill() -> None:
        if answer.value() is not True:
            return
        typed = page.values().get("recipient") or {}
        filled = case.applicant_as_recipient(dict(typed))
        for key, value in filled.items():
            editor = page.editor(f"recipient.{key}")
            if editor is not None and editor.value() in (None, "") and value:
                editor.set_value(value)

    answer.changed.connect(fill)
