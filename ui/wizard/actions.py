"""The case window's side actions, each a dialog over a service call.

Every function opens its dialog without blocking (``open()``) and returns it,
so keyboard users, tests and screenshots see the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QWidget

from app.domain.enums import Route
from app.domain.forms import EXTENSION_FORM, IMMEDIATE_RISK_FORM
from app.errors import CsodsError
from app.services import case_actions
from ui.wizard.dialogs import AlertsDialog, CloseEarlyDialog, FormDialog, show_error

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


def extension(window: CaseWindow) -> FormDialog:
    session, ref = window.session, window.reference

    def submit(values: dict[str, Any]) -> object:
        return case_actions.add_extension(session, ref, values)

    dialog = FormDialog(EXTENSION_FORM, submit, session.clock.now, window, intro=(
        "Timescales are maximums. An extension needs a reason, and the applicant must be "
        "told (¶5.1.7, 5.4.8)."))
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
