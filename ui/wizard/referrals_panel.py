"""The case's safeguarding referrals (¶3.6, 5.6.11, 6.3): the log, add one, record an
outcome.

A dialog over ``app.services.referrals``: the list shows the agency, the date sent,
their reference, the chase-by date and the outcome; a chase-by date that has passed
with no outcome is shown in red with the words "chase overdue" (colour is never the
only sign). Adding or updating opens the schema's REFERRAL_FORM in a FormDialog;
after each change ``changed`` carries the case as it now is, so the window's header
shows the chase state at once. Referrals can be recorded on closed cases too: replies
often come after the case closes (¶6.3).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QPushButton,
    QTreeWidgetItem,
    QWidget,
)

from app.domain.referrals import REFERRAL_FORM, Referral
from app.domain.timescales import LONDON
from app.services import cases, referrals
from app.services.case_file import CaseFile, may_change
from app.services.session import Session
from ui.lists import OpenableTree, flat_list
from ui.messages import Failed
from ui.wizard.case_dialog import CaseDialog
from ui.wizard.dialogs import FormDialog
from ui.wizard.submit import submit_or_show

HEADERS = ("Referred to", "Sent", "Their reference", "Chase by", "Outcome")
OVERDUE_WORDS = "chase overdue"
OVERDUE_TEXT = QColor("#7a0000")
OVERDUE_BACKGROUND = QColor("#f8d0d0")
ID_ROLE = Qt.ItemDataRole.UserRole


def day(value: date | None) -> str:
    return f"{value:%d %b %Y}" if value else "—"


def referral_values(referral: Referral) -> dict[str, Any]:
    """A referral as REFERRAL_FORM values (for updating it)."""
    values: dict[str, Any] = {
        "agency": referral.agency, "agency_name": referral.agency_name,
        "sent_on": referral.sent_on.isoformat(), "reference": referral.reference,
        "chase_by": referral.chase_by.isoformat() if referral.chase_by else None,
        "outcome": referral.outcome,
        "outcome_on": referral.outcome_on.isoformat() if referral.outcome_on else None,
    }
    return {key: value for key, value in values.items() if value not in (None, "")}


def chase_text(referral: Referral, today: date) -> str:
    if referral.chase_overdue(today):
        return f"{day(referral.chase_by)} — {OVERDUE_WORDS}"
    return day(referral.chase_by)


def outcome_text(referral: Referral) -> str:
    if referral.outcome_on is None:
        return "Awaited"
    first_line = referral.outcome.splitlines()[0] if referral.outcome else ""
    return f"{day(referral.outcome_on)}: {first_line}" if first_line else day(referral.outcome_on)


class ReferralsDialog(CaseDialog):
    """The referrals log of one case; ``changed(case)`` after each add or update."""

    changed = Signal(object)  # the CaseFile as it now is

    def __init__(self, session: Session, case: CaseFile,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, case, parent=parent, object_name="dialog_referrals",
                         title="Safeguarding referrals",
                         help_text="Referrals sent to other agencies about a child: children's "
                         "social care or the MASH, section 47 strategy discussions, the "
                         "responding force, probation (¶3.6, 5.6.11, 6.3). A chase-by date "
                         "that has passed with no outcome shows as chase overdue here and in "
                         "the case's timescales.")
        self.items: list[Referral] = []
        self.form: FormDialog | None = None
        self.summary = self.summary_label("referrals_summary")
        self.body.addWidget(self.summary)
        self.list = OpenableTree(self)  # Enter on a referral opens it
        flat_list(self.list, "referrals_list", HEADERS, "Safeguarding referrals of this case")
        self.list.itemDoubleClicked.connect(lambda *_: self.update_current())
        self.list.open_current.connect(self.update_current)
        self.list.currentItemChanged.connect(lambda *_: self._sync_buttons())
        self.body.addWidget(self.list, 1)
        self.add_button = QPushButton("&Add a referral…", self)
        self.add_button.setObjectName("referral_add")
        self.add_button.clicked.connect(self.add)
        self.update_button = QPushButton("Record &outcome or update…", self)
        self.update_button.setObjectName("referral_update")
        self.update_button.clicked.connect(self.update_current)
        self.add_button_row(self.add_button, self.update_button)
        self.resize(900, 420)
        self.reload()

    # -- reading ----------------------------------------------------------------------
    def today(self) -> date:
        return self.session.clock.now().astimezone(LONDON).date()

    def reload(self) -> None:
        found = submit_or_show(self, lambda: referrals.referrals(self.session,
                                                                 self.case.reference))
        if isinstance(found, Failed):
            return
        self.items = found
        self._show()

    def _show(self) -> None:
        today = self.today()
        current = self.current_referral()
        self.list.clear()
        for referral in self.items:
            item = QTreeWidgetItem([referral.agency_label, day(referral.sent_on),
                                    referral.reference or "—", chase_text(referral, today),
                                    outcome_text(referral)])
            item.setData(0, ID_ROLE, referral.id)
            item.setToolTip(4, referral.outcome or "No outcome recorded yet.")
            if referral.chase_overdue(today):
                item.setForeground(3, QBrush(OVERDUE_TEXT))
                item.setBackground(3, QBrush(OVERDUE_BACKGROUND))
                font = item.font(3)
                font.setBold(True)
                item.setFont(3, font)
            self.list.addTopLevelItem(item)
            if current is not None and referral.id == current.id:
                self.list.setCurrentItem(item)
        first = self.list.topLevelItem(0)
        if self.list.currentItem() is None and first is not None:
            self.list.setCurrentItem(first)
        overdue = sum(1 for r in self.items if r.chase_overdue(today))
        count = len(self.items)
        text = (f"{count} referral{'s' if count != 1 else ''}" if count
                else "No referral has been recorded on this case.")
        if overdue:
            text += f"; {overdue} {OVERDUE_WORDS}"
        self.summary.setText(text)
        self._sync_buttons()

    def current_referral(self) -> Referral | None:
        item = self.list.currentItem()
        if item is None:
            return None
        wanted = item.data(0, ID_ROLE)
        return next((r for r in self.items if r.id == wanted), None)

    def _sync_buttons(self) -> None:
        changeable = may_change(self.session, self.case) and not self.case.erased
        tip = "" if changeable else "Only the officer or supervisor the case is assigned " \
                                    "to (or who opened it) can record referrals."
        self.add_button.setEnabled(changeable)
        self.add_button.setToolTip(tip)
        self.update_button.setEnabled(changeable and self.current_referral() is not None)
        self.update_button.setToolTip(tip)

    # -- changing ---------------------------------------------------------------------
    def add(self) -> FormDialog | None:
        if not self.add_button.isEnabled():
            return None
        ref = self.case.reference

        def submit(values: dict[str, Any]) -> Referral:
            return referrals.add_referral(self.session, ref, values)

        return self._open_form(submit, {}, "Record a referral sent to another agency. Give "
                               "a chase-by date to be reminded if no reply comes.")

    def update_current(self) -> FormDialog | None:
        referral = self.current_referral()
        if referral is None or not self.update_button.isEnabled():
            return None
        ref, referral_id = self.case.reference, referral.id

        def submit(values: dict[str, Any]) -> Referral:
            return referrals.update_referral(self.session, ref, referral_id, values)

        dialog = self._open_form(submit, referral_values(referral),
                                 "Record the outcome when the agency replies (its date and "
                                 "what they decided or did), or correct the referral.")
        if referral.outcome_on is None:
            dialog.page.focus_path("outcome_on")
        return dialog

    def _open_form(self, submit: Any, values: dict[str, Any], intro: str) -> FormDialog:
        dialog = FormDialog(REFERRAL_FORM, submit, self.session.clock.now, self, intro=intro)
        if values:
            dialog.page.set_values(values)
            dialog.revalidate()
        dialog.recorded.connect(self._recorded)
        self.form = dialog
        dialog.open()
        return dialog

    def _recorded(self, referral: Referral) -> None:
        self.form = None
        self.reload()
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            if item is not None and item.data(0, ID_ROLE) == referral.id:
                self.list.setCurrentItem(item)
        self.list.setFocus()
        fresh = submit_or_show(self, lambda: cases.get_case(self.session, self.case.reference))
        if not isinstance(fresh, Failed):
            self.case = fresh
            self.changed.emit(fresh)
