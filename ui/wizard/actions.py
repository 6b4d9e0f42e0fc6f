"""The case window's side actions, each a dialog over a service call.

Every function opens its dialog without blocking (``open()``) and returns it,
so keyboard users, tests and screenshots see the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from app.domain.enums import Route, Stage
from app.domain.forms import EXTENSION_FORM, IMMEDIATE_RISK_FORM
from app.domain.timescales import LONDON
from app.errors import CsodsError
from app.services import case_actions
from ui.messages import show_message
from ui.wizard.dialogs import AlertsDialog, CloseEarlyDialog, FormDialog, show_error
from ui.wizard.editors import ChoiceEditor

if TYPE_CHECKING:
    from ui.wizard.case_window import CaseWindow


def immediate_risk(window: CaseWindow) -> FormDialog:
    session, ref = window.session, window.reference

    def submit(values: dict[str, Any]) -> object:
        return case_actions.record_immediate_risk(session, ref, values)

    dialog = FormDialog(IMMEDIATE_RISK_FORM, submit, session.clock.now, window, intro=(
        "Act first under safeguarding procedures; then record here what was seen and "
        "done. The case is flagged red everywhere and carries on (¶2.7, 5.1.11)."))
    dialog.accepted.connect(lambda: window.case_updated(
        dialog.result_value, "Immediate risk recorded; the case is flagged."))  # type: ignore[arg-type]
    dialog.open()
    return dialog


def extension(window: CaseWindow) -> FormDialog | None:
    """The extension form, offering only the timescales still outstanding on this case."""
    session, ref = window.session, window.reference
    outstanding = case_actions.extendable_deadlines(window.case)
    if not outstanding:
        show_message(window, "No timescale of this case is still outstanding, so there is "
                             "nothing to extend.", icon=QMessageBox.Icon.Information)
        return None

    def submit(values: dict[str, Any]) -> object:
        return case_actions.add_extension(session, ref, values)

    dialog = FormDialog(EXTENSION_FORM, submit, session.clock.now, window, intro=(
        "Timescales are maximums. An extension needs a reason, and the applicant must be "
        "told (¶5.1.7, 5.4.8). Only the timescales still outstanding are offered."))
    labels = {choice.value: choice.label for choice in EXTENSION_FORM.field("deadline").choices}
    chooser = dialog.page.editor("deadline")
    if isinstance(chooser, ChoiceEditor):
        chooser.offer_only({
            d.kind.value: f"{labels.get(d.kind.value, d.kind.label)} — due "
                          f"{d.due.astimezone(LONDON):%d %b %Y %H:%M}"
            for d in outstanding})
    dialog.accepted.connect(lambda: window.case_updated(
        dialog.result_value, "Timescale extended."))  # type: ignore[arg-type]
    dialog.open()
    return dialog


def close_early(window: CaseWindow) -> CloseEarlyDialog:
    session, ref = window.session, window.reference

    def submit(route: Route, reason: str) -> object:
        window.case = case_actions.close_early(session, ref, route, reason)
        return window.case

    dialog = CloseEarlyDialog(submit, window)

    def done() -> None:
        route = dialog.route
        label = route.label if route else ""
        window.case_changed.emit(ref)
        window.show_closing(
            f"The case is closing early: {label}. The reason has been copied into the "
            "closure notes. No disclosure is made on this route.")

    dialog.accepted.connect(done)
    dialog.open()
    return dialog


def reopen(window: CaseWindow) -> QDialog:
    """Supervisor: reopen the case at a stage it has reached (the service checks the role)."""
    from ui.wizard.reopen_dialog import ReopenDialog

    session, ref = window.session, window.reference

    def submit(stage: Stage, reason: str) -> object:
        window.case = case_actions.reopen(session, ref, reason, stage)
        return window.case

    dialog = ReopenDialog(list(window.case.records), submit, window)

    def done() -> None:
        window.case_changed.emit(ref)
        window.reload()
        window.statusBar().showMessage(
            f"Case reopened at {dialog.reopened_at.title if dialog.reopened_at else ''}.")

    dialog.accepted.connect(done)
    dialog.open()
    return dialog


def alerts(window: CaseWindow) -> QDialog | None:
    try:
        found = case_actions.repeat_subject_alerts(window.session, window.reference)
    except CsodsError as error:
        show_error(window, error)
        return None
    dialog = AlertsDialog(found, window)
    dialog.open()
    return dialog


__all__ = ["QWidget", "alerts", "close_early", "extension", "immediate_risk"]
