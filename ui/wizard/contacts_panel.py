"""The case's contact log: every attempt to reach the applicant, recipient, subject or
an agency, and logging a new one.

A dialog over ``app.services.contacts``: the list shows when, how, with whom, the
outcome, what the attempt was for and the note; "Log an attempt…" opens the schema's
CONTACT_FORM with the time set to now. After each attempt ``changed`` carries the case
as it now is, so the header's timescales can name the attempts made for a late one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from app.clock import to_iso
from app.domain.contacts import CONTACT_FORM, Contact
from app.domain.timescales import LONDON
from app.services import cases, contacts
from app.services.case_file import CaseFile, may_change
from app.services.session import Session
from ui.lists import flat_list
from ui.messages import Failed
from ui.wizard.case_dialog import CaseDialog
from ui.wizard.dialogs import FormDialog
from ui.wizard.submit import submit_or_show

HEADERS = ("When", "How", "With whom", "Outcome", "For", "Note")
NOT_YOURS = ("Only the officer or supervisor the case is assigned to (or who opened it) "
             "can log contact attempts.")


def when_text(at: datetime) -> str:
    return f"{at.astimezone(LONDON):%d %b %Y %H:%M}"


def contact_cells(contact: Contact) -> list[str]:
    first_line = contact.note.splitlines()[0] if contact.note else ""
    return [when_text(contact.at), contact.method_label, contact.party_label,
            contact.outcome_label, contact.purpose_label, first_line]


class ContactsDialog(CaseDialog):
    """The contact log of one case; ``changed(case)`` after each attempt logged."""

    changed = Signal(object)  # the CaseFile as it now is

    def __init__(self, session: Session, case: CaseFile,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, case, parent=parent, object_name="dialog_contacts",
                         title="Contact log",
                         help_text="Every attempt to reach the applicant, the recipient, the "
                         "subject or an agency, whether it reached them or not. Say what each "
                         "attempt was for: the attempts made for a step explain its timescale "
                         "if it is late (¶5.4.8, 5.6.27), in the case's timescales and on the "
                         "closure report.")
        self.items: list[Contact] = []
        self.form: FormDialog | None = None
        self.summary = self.summary_label("contacts_summary")
        self.body.addWidget(self.summary)
        self.list = flat_list(QTreeWidget(self), "contacts_list", HEADERS,
                              "Contact attempts on this case")
        self.body.addWidget(self.list, 1)
        self.add_button = QPushButton("&Log an attempt…", self)
        self.add_button.setObjectName("contact_add")
        self.add_button.clicked.connect(self.add)
        self.add_button_row(self.add_button)
        self.resize(980, 440)
        self.reload()

    def reload(self) -> None:
        found = submit_or_show(self, lambda: contacts.contacts(self.session,
                                                               self.case.reference))
        if isinstance(found, Failed):
            return
        self.items = found
        self.list.clear()
        for contact in self.items:
            item = QTreeWidgetItem(contact_cells(contact))
            item.setToolTip(5, contact.note or "No note.")
            self.list.addTopLevelItem(item)
        last = self.list.topLevelItem(self.list.topLevelItemCount() - 1)
        if last is not None:
            self.list.setCurrentItem(last)
        count = len(self.items)
        reached = sum(1 for c in self.items if c.outcome == "reached")
        self.summary.setText(f"{count} attempt{'s' if count != 1 else ''}, {reached} "
                             "reached" if count else "No contact attempt has been logged.")
        changeable = may_change(self.session, self.case) and not self.case.erased
        self.add_button.setEnabled(changeable)
        self.add_button.setToolTip("" if changeable else NOT_YOURS)

    def add(self) -> FormDialog | None:
        if not self.add_button.isEnabled():
            return None
        ref = self.case.reference

        def submit(values: dict[str, Any]) -> Contact:
            return contacts.log_contact(self.session, ref, values)

        dialog = FormDialog(CONTACT_FORM, submit, self.session.clock.now, self,
                            intro="Log an attempt to reach someone about this case, "
                                  "whether or not it reached them.")
        dialog.page.set_values({"at": to_iso(self.session.clock.now().replace(microsecond=0))})
        dialog.revalidate()
        dialog.recorded.connect(self._recorded)
        self.form = dialog
        dialog.open()
        return dialog

    def _recorded(self, _contact: Contact) -> None:
        self.form = None
        self.reload()
        self.list.setFocus()
        fresh = submit_or_show(self, lambda: cases.get_case(self.session, self.case.reference))
        if not isinstance(fresh, Failed):
            self.case = fresh
            self.changed.emit(fresh)
