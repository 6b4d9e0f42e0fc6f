"""The case window's side actions wired to what the window shows next.

``ui.wizard.actions`` opens each dialog knowing nothing of the window; the functions
here open one for a window (``ui.wizard.case_window.CaseWindow``) and connect what
follows: the refreshed header, a status line, the closing page or a reload. Kept
apart so the window stays about layout, pages and saving.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from app.domain.enums import Stage
from app.errors import CsodsError
from app.services import cases
from app.services.case_file import CaseFile
from ui.wizard import actions
from ui.wizard.action_bar import ActionBar
from ui.wizard.contact_time_dialog import corrected_message

#: The case window (typed loosely: this module must not import the window back).
CaseWindow = Any


def connect(window: CaseWindow, bar: ActionBar) -> None:
    """Each button of the action bar to the window's action."""
    bar.risk_requested.connect(window.open_immediate_risk)
    bar.extend_requested.connect(window.open_extension)
    bar.close_early_requested.connect(window.open_close_early)
    bar.save_requested.connect(window.save_clicked)
    bar.complete_requested.connect(window.complete_stage)
    bar.reopen_requested.connect(window.open_reopen)
    bar.referrals_requested.connect(lambda: referrals(window))
    bar.tasks_requested.connect(lambda: tasks(window))
    bar.contact_time_requested.connect(window.open_contact_correction)
    bar.contacts_requested.connect(lambda: contacts(window))
    bar.chronology_requested.connect(lambda: chronology(window))


def immediate_risk(window: CaseWindow) -> QWidget:
    dialog = actions.immediate_risk(window.session, window.case, window)
    dialog.recorded.connect(lambda case: window.case_updated(
        case, "Immediate risk recorded; the case is flagged."))
    return dialog


def extension(window: CaseWindow) -> QWidget | None:
    dialog = actions.extension(window.session, window.case, window)
    if dialog is not None:
        dialog.recorded.connect(lambda case: window.case_updated(case, "Timescale extended."))
    return dialog


def close_early(window: CaseWindow) -> QWidget | None:
    if not window.keeper.save_if_dirty():
        return None
    dialog = actions.close_early(window.session, window.case, window)
    dialog.recorded.connect(lambda case: _closed_early(window, case))
    return dialog


def _closed_early(window: CaseWindow, case: CaseFile) -> None:
    window.case = case
    window.case_changed.emit(window.reference)
    label = case.route.label if case.route else ""
    window.show_closing(
        f"The case is closing early: {label}. The reason has been copied into the "
        "closure notes. No disclosure is made on this route.")


def reopen(window: CaseWindow) -> QWidget:
    dialog = actions.reopen(window.session, window.case, window)
    dialog.recorded.connect(lambda case: _reopened(window, case, dialog.reopened_at))
    return dialog


def _reopened(window: CaseWindow, case: CaseFile, stage: Stage | None) -> None:
    window.case = case
    window.case_changed.emit(window.reference)
    window.reload()
    window.statusBar().showMessage(f"Case reopened at {stage.title if stage else ''}.")


def referrals(window: CaseWindow) -> QWidget:
    dialog = actions.referrals(window.session, window.case, window)
    dialog.changed.connect(lambda case: window.case_updated(
        case, "Safeguarding referrals updated."))
    return dialog


def contacts(window: CaseWindow) -> QWidget:
    dialog = actions.contacts(window.session, window.case, window)
    dialog.changed.connect(lambda case: window.case_updated(case, "Contact attempt logged."))
    return dialog


def chronology(window: CaseWindow) -> QWidget:
    dialog = actions.chronology(window.session, window.case, window)
    dialog.note_added.connect(lambda: window.statusBar().showMessage("Case note added."))
    return dialog


def tasks(window: CaseWindow) -> QWidget:
    dialog = actions.tasks(window.session, window.case, window)
    dialog.changed.connect(lambda: _tasks_changed(window))
    return dialog


def _tasks_changed(window: CaseWindow) -> None:
    window.statusBar().showMessage("Tasks updated.")
    window.case_changed.emit(window.reference)


def contact_correction(window: CaseWindow) -> QWidget | None:
    if not window.keeper.save_if_dirty():
        return None
    dialog = actions.correct_contact_time(window.session, window.case, window)
    dialog.recorded.connect(lambda case: _contact_corrected(window, case))
    return dialog


def _contact_corrected(window: CaseWindow, case: CaseFile) -> None:
    window.case = case
    window.case_changed.emit(window.reference)
    window._show(window.stage)
    window.statusBar().showMessage(corrected_message(case))


def alerts(window: CaseWindow) -> QWidget | None:
    return actions.alerts(window.session, window.case, window)


def signoff_decided(window: CaseWindow, state: str) -> None:
    """A supervisor approved or returned the decision while the window waited
    (``ui.wizard.signoff_watch``): show the case as it now is, the outcome page or the
    decision with the comment, or, when another stage is being read, stay on it."""
    message = ("A supervisor approved the decision: the outcome can now be recorded."
               if state == "approved" else
               "A supervisor returned the decision: see the comment on the decision page.")
    if window.stage is Stage.DECISION:
        if state == "approved":
            window._notice = (message, "done")
        window.reload()
        window.statusBar().showMessage(message)
        return
    try:  # the header and the list of stages say what changed
        case = cases.get_case(window.session, window.reference)
    except CsodsError:
        return
    window.case_updated(case, message)
