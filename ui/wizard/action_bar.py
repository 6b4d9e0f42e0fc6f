"""The buttons along the bottom of a case window: side actions, documents, save, complete.

A widget that only emits signals: it knows nothing of the window that holds it.
``update_case(case, editable, may_change, shown=...)`` sets which buttons are on and
what their tooltips say (named like the header's and stage list's ``update_case``, not
``update``, which would hide ``QWidget.update``); the window connects the signals to
what the buttons do.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QWidget

from app.domain.enums import Stage
from app.services.case_file import CaseFile

CLOSED_TIP = "The case is closed; a supervisor can reopen it."


class ActionBar(QWidget):
    """``may_reopen``: whether the user's role may reopen closed cases."""

    risk_requested = Signal()
    extend_requested = Signal()
    close_early_requested = Signal()
    save_requested = Signal()
    complete_requested = Signal()
    reopen_requested = Signal()
    referrals_requested = Signal()
    tasks_requested = Signal()
    contact_time_requested = Signal()
    contacts_requested = Signal()
    chronology_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, may_reopen: bool = False,
                 may_correct_contact: bool = False) -> None:
        super().__init__(parent)
        self.may_reopen = may_reopen
        self.may_correct_contact = may_correct_contact
        self.risk_button = self._button("Record immediate &risk…", "record_risk",
                                        self.risk_requested)
        self.risk_button.setStyleSheet(
            "QPushButton:enabled { color:#b00020; font-weight:bold; }")
        self.extend_button = self._button("E&xtend a timescale…", "extend",
                                          self.extend_requested)
        self.close_early_button = self._button("Close &early…", "close_early",
                                               self.close_early_requested)
        self.save_button = self._button("&Save", "save", self.save_requested)
        self.save_button.setToolTip("Save the draft now (Ctrl+S). Drafts are also saved "
                                    "automatically.")
        self.complete_button = self._button("&Complete stage", "complete",
                                            self.complete_requested)
        self.complete_button.setToolTip("Complete the stage (Ctrl+Enter) once nothing is "
                                        "missing.")
        self.reopen_button = self._button("Re&open…", "reopen", self.reopen_requested)
        self.reopen_button.setToolTip("Supervisors: reopen this closed case, with the reason.")
        self.reopen_button.setVisible(False)
        self.documents_button = self._button("&Documents", "documents", None)
        self.documents_button.setToolTip("Preview, print or save this case's documents, "
                                         "and attach scanned signed forms.")
        self.referrals_button = self._button("Re&ferrals…", "referrals",
                                             self.referrals_requested)
        self.referrals_button.setToolTip(
            "Safeguarding referrals sent to other agencies: add one, record its outcome, "
            "see which need chasing (¶3.6, 5.6.11, 6.3).")
        self.tasks_button = self._button("Tas&ks…", "tasks", self.tasks_requested)
        self.tasks_button.setToolTip(
            "What needs doing on this case, by when and by whom: add, change and complete "
            "tasks, and take the reminders the process offers.")
        self.contacts_button = self._button("Contact &log…", "contacts",
                                            self.contacts_requested)
        self.contacts_button.setToolTip(
            "Every attempt to reach the applicant, recipient, subject or an agency: log "
            "one; the attempts explain a late timescale.")
        self.chronology_button = self._button("Chro&nology…", "chronology",
                                              self.chronology_requested)
        self.chronology_button.setToolTip(
            "Everything recorded on the case in time order; add a note; print it for a "
            "reviewing officer.")
        self.contact_time_button = self._button("Correct contact &time…", "correct_contact",
                                                self.contact_time_requested)
        self.contact_time_button.setToolTip(
            "Supervisors: correct the time of first contact now that initial contact is "
            "complete, with the reason (audited). Every deadline moves with it.")
        self.contact_time_button.setVisible(False)
        bar = QHBoxLayout(self)
        bar.setContentsMargins(12, 6, 12, 6)
        bar.setSpacing(6)
        for widget in (self.risk_button, self.extend_button, self.close_early_button,
                       self.referrals_button, self.tasks_button, self.contacts_button,
                       self.chronology_button, self.documents_button,
                       self.contact_time_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.reopen_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.complete_button)

    def _button(self, text: str, name: str, signal: SignalInstance | None) -> QPushButton:
        made = QPushButton(text, self)
        made.setObjectName(name)
        made.setAutoDefault(True)  # Enter on the focused button presses it, as Space does
        if signal is not None:
            made.clicked.connect(signal)
        return made

    def set_documents_menu(self, menu: QMenu) -> None:
        self.documents_button.setMenu(menu)

    def update_case(self, case: CaseFile, editable: bool, may_change: bool,
                    *, shown: Stage) -> None:
        """Show what can be done with ``case`` while ``shown`` is on the page.

        The complete button's enabled state follows the page's checks (the window's
        ``revalidate``), not this.
        """
        self.save_button.setEnabled(editable)
        self.risk_button.setEnabled(case.is_open)
        self.risk_button.setToolTip(
            "Record a child at immediate or imminent risk and what was done (¶2.7, 5.1.11)."
            if case.is_open else CLOSED_TIP)
        self.extend_button.setEnabled(case.is_open and may_change)
        self.extend_button.setToolTip(
            "Extend a timescale that is still outstanding, with the reason (¶5.1.7, 5.4.8)."
            if case.is_open else CLOSED_TIP)
        closing = case.current_stage is Stage.CLOSURE
        self.close_early_button.setEnabled(case.is_open and not closing and may_change)
        self.close_early_button.setToolTip(
            CLOSED_TIP if not case.is_open
            else "The case is already closing: complete the closure record." if closing
            else "Close the case before its outcome, on a route such as withdrawn or "
                 "redirected, with the reason.")
        self.complete_button.setText("Close the &case" if shown is Stage.CLOSURE
                                     and case.is_open else "&Complete stage")
        self.reopen_button.setVisible(not case.is_open and not case.erased and self.may_reopen)
        count = len(case.referrals)
        self.referrals_button.setText(f"Re&ferrals ({count})…" if count else "Re&ferrals…")
        self.referrals_button.setEnabled(not case.erased)
        attempts = len(case.contacts)
        self.contacts_button.setText(f"Contact &log ({attempts})…" if attempts
                                     else "Contact &log…")
        self.contacts_button.setEnabled(not case.erased)
        self.chronology_button.setEnabled(not case.erased)
        self.tasks_button.setEnabled(not case.erased)
        self.contact_time_button.setVisible(
            self.may_correct_contact and not case.erased
            and case.is_complete(Stage.INITIAL_CONTACT))
