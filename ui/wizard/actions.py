"""The case window's side actions, each a dialog over a service call.

Each is a plain function of ``(session, case, parent)``: it knows nothing of the
case window. It opens its dialog without blocking (``open()``, so keyboard users,
tests and screenshots see the same thing) and returns it, or None when there is
nothing to do. A dialog that changes the case emits ``recorded(case)`` with the
case as it now is once it has closed — never when it is cancelled or refused —
and the window decides what to show next.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.enums import Route, Stage
from app.domain.forms import EXTENSION_FORM, IMMEDIATE_RISK_FORM
from app.domain.timescales import LONDON, DeadlineKind, policy_days, policy_label
from app.services import case_actions
from app.services.case_file import CaseFile
from app.services.session import Session
from ui.messages import Failed, show_message
from ui.wizard.chronology_panel import ChronologyDialog
from ui.wizard.contact_time_dialog import correct_contact_time_dialog
from ui.wizard.contacts_panel import ContactsDialog
from ui.wizard.dialogs import AlertsDialog, CloseEarlyDialog, FormDialog
from ui.wizard.editors import ChoiceEditor
from ui.wizard.referrals_panel import ReferralsDialog
from ui.wizard.reopen_dialog import ReopenDialog
from ui.wizard.submit import submit_or_show
from ui.wizard.tasks_panel import TasksDialog


def immediate_risk(session: Session, case: CaseFile, parent: QWidget) -> FormDialog:
    """Record a child at immediate or imminent risk and what was done (¶2.7, 5.1.11)."""
    ref = case.reference

    def submit(values: dict[str, Any]) -> CaseFile:
        return case_actions.record_immediate_risk(session, ref, values)

    dialog = FormDialog(IMMEDIATE_RISK_FORM, submit, session.clock.now, parent, intro=(
        "Act first under safeguarding procedures; then record here what was seen and "
        "done. The case is flagged red everywhere and carries on (¶2.7, 5.1.11)."))
    dialog.open()
    return dialog


def extension(session: Session, case: CaseFile, parent: QWidget) -> FormDialog | None:
    """The extension form, offering only the timescales still outstanding on this case."""
    ref = case.reference
    outstanding = case_actions.extendable_deadlines(case)
    if not outstanding:
        show_message(parent, "No timescale of this case is still outstanding, so there is "
                             "nothing to extend.", icon=QMessageBox.Icon.Information)
        return None

    def submit(values: dict[str, Any]) -> CaseFile:
        return case_actions.add_extension(session, ref, values)

    dialog = FormDialog(EXTENSION_FORM, submit, session.clock.now, parent, intro=(
        "Timescales are maximums. An extension needs a reason, and the applicant must be "
        "told (¶5.1.7, 5.4.8). Only the timescales still outstanding are offered."))
    labels = {choice.value: extension_choice_label(choice.value, choice.label, case)
              for choice in EXTENSION_FORM.field("deadline").choices}
    chooser = dialog.page.editor("deadline")
    if isinstance(chooser, ChoiceEditor):
        chooser.offer_only({
            d.kind.value: f"{labels.get(d.kind.value, policy_label(d.kind, case.policy))} — due "
                          f"{d.due.astimezone(LONDON):%d %b %Y %H:%M}"
            for d in outstanding})
    dialog.open()
    return dialog


def extension_choice_label(value: str, label: str, case: CaseFile) -> str:
    """The extension form's choice label with the case's own policy length
    ("Whole case (28 days)" under a 28-day policy)."""
    kind = DeadlineKind(value)
    days = policy_days(kind, case.policy)
    if days is None:
        return label.replace("24 hours", f"{case.policy.initial_contact_hours} hours")
    return label.replace(f"({kind.days} days)", f"({days} days)")


def referrals(session: Session, case: CaseFile, parent: QWidget) -> ReferralsDialog:
    """The case's safeguarding referrals: the log, add one, record an outcome (¶3.6,
    5.6.11, 6.3). It emits ``changed(case)`` after each change (it stays open)."""
    dialog = ReferralsDialog(session, case, parent)
    dialog.open()
    return dialog


def contacts(session: Session, case: CaseFile, parent: QWidget) -> ContactsDialog:
    """The case's contact log: every attempt to reach someone, and logging one. It emits
    ``changed(case)`` after each attempt (it stays open)."""
    dialog = ContactsDialog(session, case, parent)
    dialog.open()
    return dialog


def chronology(session: Session, case: CaseFile, parent: QWidget) -> ChronologyDialog:
    """The case's chronology: every record in time order, add a note, print it."""
    dialog = ChronologyDialog(session, case, parent)
    dialog.open()
    return dialog


def tasks(session: Session, case: CaseFile, parent: QWidget) -> TasksDialog:
    """The case's tasks and the reminders the process offers. It emits ``changed()``
    after each change (it stays open)."""
    dialog = TasksDialog(session, case, parent)
    dialog.open()
    return dialog


def correct_contact_time(session: Session, case: CaseFile, parent: QWidget) -> FormDialog:
    """Supervisor: correct the time of first contact after stage 1 is complete, with the
    reason (audited; the service checks the role)."""
    dialog = correct_contact_time_dialog(session, case, parent)
    dialog.open()
    return dialog


def close_early(session: Session, case: CaseFile, parent: QWidget) -> CloseEarlyDialog:
    """Close the case before its outcome (withdrawn, intelligence only), with the reason."""
    ref = case.reference

    def submit(route: Route, reason: str) -> CaseFile:
        return case_actions.close_early(session, ref, route, reason)

    dialog = CloseEarlyDialog(submit, parent)
    dialog.open()
    return dialog


def reopen(session: Session, case: CaseFile, parent: QWidget) -> ReopenDialog:
    """Supervisor: reopen the case at a stage it has reached (the service checks the role)."""
    ref = case.reference

    def submit(stage: Stage, reason: str) -> CaseFile:
        return case_actions.reopen(session, ref, reason, stage)

    dialog = ReopenDialog(list(case.records), submit, parent)
    dialog.open()
    return dialog


def alerts(session: Session, case: CaseFile, parent: QWidget) -> AlertsDialog | None:
    """Other cases that may be about the same subject (viewing them is audited)."""
    ref = case.reference
    found = submit_or_show(parent, lambda: case_actions.repeat_subject_alerts(session, ref))
    if isinstance(found, Failed):
        return None
    dialog = AlertsDialog(found, parent)
    dialog.open()
    return dialog
