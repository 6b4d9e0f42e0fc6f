"""Small dialogs of the main window: new case, change password, about.

Each dialog makes its own service call and stays open (with what was typed)
when the call is refused, showing the service's sentence.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Stage
from ui.date_input import DateLine, TimeLine, calendar_button, mark_invalid
from ui.login_dialog import message_label, show_on
from ui.messages import busy, error_text

if TYPE_CHECKING:
    from app.services.case_file import CaseFile
    from app.services.session import Session
    from ui.wizard.dialogs import FormDialog

LATE_OPENING = (
    "The first contact was more than 24 hours ago: this case will open with the 24-hour "
    "check already overdue. Check the date and time, then press Open case anyway.")
APPLICATION_EXPLAINED = (
    "When did the applicant first make contact? The scheme's deadlines "
    "run from this moment (UK time). It cannot be in the future.")
RIGHT_TO_KNOW_EXPLAINED = (
    "The police consider disclosing without being asked (¶5, 2.6): there is no applicant. "
    "The next form records when the police began considering disclosure, the subject, "
    "the child(ren), the checks and the findings; the case then opens at the decision.")
RIGHT_TO_KNOW_INTRO = (
    "A police-initiated disclosure: there is no applicant. Once recorded, the case opens at "
    "stage 5, the decision; the decision-route timescale runs from when the police began "
    "considering disclosure.")
POLICY_SENTENCE = (
    "At least 12 characters, and not containing your user name. "
    "A short sentence is easy to remember and hard to guess.")


def london_now(session: Session) -> datetime:
    from app.domain.timescales import LONDON

    return session.clock.now().astimezone(LONDON)


def password_field(name: str, accessible: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible)
    return field


def ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, dialog)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setObjectName("ok")
    ok.setDefault(True)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancel")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class NewCaseDialog(QDialog):
    """Asks what kind of case and, for an application, when the applicant first made
    contact; then opens the case. A police-initiated (right to know) case is opened
    through its own form (``RIGHT_TO_KNOW_FORM``) at the decision stage."""

    opened = Signal(str, object)  # reference, the stage to show first (or None)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("new_case_dialog")
        self.setWindowTitle("New case")
        self.application = QRadioButton("&Application from the public (right to ask)")
        self.application.setObjectName("case_type_application")
        self.application.setChecked(True)
        self.right_to_know = QRadioButton("Right to &know (police-initiated)")
        self.right_to_know.setObjectName("case_type_right_to_know")
        self.case_type = QButtonGroup(self)
        for radio in (self.application, self.right_to_know):
            self.case_type.addButton(radio)
        now = london_now(session)
        self.date_edit = DateLine(self)
        self.date_edit.setObjectName("contact_at:date")
        self.date_edit.setAccessibleName("Date of first contact")
        self.date_edit.set_value(now.date())
        self.time_edit = TimeLine(self)
        self.time_edit.setObjectName("contact_at:time")
        self.time_edit.setAccessibleName("Time of first contact, UK clock")
        self.time_edit.set_value(now.time())
        self.explain = QLabel(APPLICATION_EXPLAINED)
        self.explain.setObjectName("explain")
        self.explain.setWordWrap(True)
        when = QHBoxLayout()
        when.addWidget(self.date_edit)
        when.addWidget(calendar_button(self.date_edit, self))
        when.addWidget(self.time_edit)
        when.addWidget(QLabel("UK time", self))
        when.addStretch(1)
        self.form = QFormLayout()
        first = QLabel("&First contact:", self)
        first.setBuddy(self.date_edit)
        self.form.addRow(first, when)
        self.message = message_label()
        layout = QVBoxLayout(self)
        kind = QLabel("What kind of case?")
        layout.addWidget(kind)
        layout.addWidget(self.application)
        layout.addWidget(self.right_to_know)
        layout.addWidget(self.explain)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        self.buttons = ok_cancel(self, "&Open case")
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.open_button = self.ok
        layout.addWidget(self.buttons)
        self.date_edit.edited.connect(self._check)
        self.time_edit.edited.connect(self._check)
        self.setMinimumWidth(460)
        self.reference: str | None = None
        self.confirmed_late: datetime | None = None  # the old contact time confirmed
        self.form_dialog: FormDialog | None = None
        self.right_to_know.toggled.connect(self._kind_chosen)

    def _kind_chosen(self, police_initiated: bool) -> None:
        self.form.setRowVisible(0, not police_initiated)
        self.explain.setText(RIGHT_TO_KNOW_EXPLAINED if police_initiated
                             else APPLICATION_EXPLAINED)
        self.open_button.setText("&Continue…" if police_initiated else "&Open case")
        self.confirmed_late = None
        show_on(self.message, "")
        self.adjustSize()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        # Typing replaces the date shown (now), as Tab into the box would.
        self.date_edit.setFocus(Qt.FocusReason.TabFocusReason)
        self.date_edit.selectAll()

    def problem(self) -> str | None:
        return self.date_edit.problem() or self.time_edit.problem() or (
            "Give the date and the time of first contact."
            if self.contact_at() is None else None)

    def _check(self) -> None:
        problem = self.problem()
        mark_invalid(self.date_edit, self.date_edit.problem() is not None)
        mark_invalid(self.time_edit, self.time_edit.problem() is not None)
        if problem:
            show_on(self.message, problem)
        else:
            self.message.hide()
        if self.confirmed_late is not None and self.confirmed_late != self.contact_at():
            self.ok.setText("&Open case")  # a different time: ask again if it is old
        self.ok.setEnabled(problem is None)

    def contact_at(self) -> datetime | None:
        """The wall-clock date and time typed, read as Europe/London (None: not readable)."""
        from app.domain.timescales import LONDON

        day, clock = self.date_edit.value(), self.time_edit.value()
        if day is None or clock is None:
            return None
        return datetime.combine(day, clock, LONDON)

    def accept(self) -> None:
        if self.right_to_know.isChecked():
            self._open_right_to_know()
            return
        from app.services.cases import open_case
        from app.services.contact_time import opens_overdue

        self._check()
        when = self.contact_at()
        if when is None:
            (self.time_edit if self.date_edit.value() else self.date_edit).setFocus()
            return
        if opens_overdue(when, self.session.clock.now()) and self.confirmed_late != when:
            # Confirm a contact more than 24 hours old (issue 12 item 2): a slip in the
            # date would otherwise open the case with its timescales already overdue.
            self.confirmed_late = when
            show_on(self.message, LATE_OPENING)
            self.ok.setText("&Open case anyway")
            return
        try:
            with busy():
                case = open_case(self.session, when)
        except Exception as error:  # noqa: BLE001 - shown as a sentence; dialog stays
            show_on(self.message, error_text(error))
            return
        self.reference = case.reference
        super().accept()
        self.opened.emit(case.reference, None)

    def _open_right_to_know(self) -> None:
        """The opening form; cancelling it comes back here with nothing recorded."""
        from app.domain.forms.right_to_know import RIGHT_TO_KNOW_FORM
        from app.services.right_to_know import open_right_to_know
        from ui.wizard.dialogs import FormDialog

        session = self.session
        dialog = FormDialog(RIGHT_TO_KNOW_FORM, lambda v: open_right_to_know(session, v),
                            session.clock.now, self, intro=RIGHT_TO_KNOW_INTRO)
        dialog.recorded.connect(self._right_to_know_opened)
        self.form_dialog = dialog
        dialog.open()

    def _right_to_know_opened(self, case: CaseFile) -> None:
        self.reference = case.reference
        super().accept()
        self.opened.emit(case.reference, Stage.DECISION)


class ChangePasswordDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("change_password_dialog")
        self.setWindowTitle("Change your password")
        self.current = password_field("current", "Current password")
        self.new = password_field("new", "New password")
        self.confirm = password_field("confirm", "New password again")
        form = QFormLayout()
        form.addRow("&Current password:", self.current)
        form.addRow("&New password:", self.new)
        form.addRow("New password &again:", self.confirm)
        policy = QLabel(POLICY_SENTENCE)
        policy.setWordWrap(True)
        policy.setObjectName("policy")
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(policy)
        layout.addWidget(self.message)
        layout.addWidget(ok_cancel(self, "&Change password"))
        self.setMinimumWidth(440)

    def accept(self) -> None:
        from app.services.users import change_own_password

        if self.new.text() != self.confirm.text():
            show_on(self.message, "The two new passwords are not the same.")
            self.confirm.setFocus()
            return
        try:
            with busy():
                change_own_password(self.session, self.current.text(), self.new.text())
        except Exception as error:  # noqa: BLE001 - shown as a sentence; dialog stays
            show_on(self.message, error_text(error))
            return
        super().accept()


def about_text(session: Session) -> str:
    from importlib.metadata import PackageNotFoundError, version

    from app.services.unit_info import unit_info

    try:
        number = version("csods-case-manager")
    except PackageNotFoundError:
        number = "development copy"
    info = unit_info(session)
    return (f"<h3>CSODS Case Manager</h3>"
            f"<p>Version {number}</p>"
            f"<p>Child Sex Offender Disclosure Scheme (Home Office circular 007/2010).</p>"
            f"<p><b>Unit:</b> {_escape(info.name)}<br>"
            f"<b>Database:</b> {_escape(str(info.db_path))}<br>"
            f"<b>Signed in as:</b> {_escape(session.user.display_name)} "
            f"({session.user.role.value})</p>")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
