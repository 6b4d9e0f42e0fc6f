"""Small dialogs of the main window: new case, change password, about.

Each dialog makes its own service call and stays open (with what was typed)
when the call is refused, showing the service's sentence.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Stage
from ui.login_dialog import message_label, show_on
from ui.messages import busy, error_text

if TYPE_CHECKING:
    from app.services.case_file import CaseFile
    from app.services.session import Session
    from ui.wizard.dialogs import FormDialog

DATE_TIME_FORMAT = "dd/MM/yyyy HH:mm"
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


def to_qdatetime(value: datetime) -> QDateTime:
    return QDateTime(QDate(value.year, value.month, value.day),
                     QTime(value.hour, value.minute))


def from_qdatetime(value: QDateTime) -> datetime:
    """The wall-clock time typed, read as Europe/London."""
    from app.domain.timescales import LONDON

    day, time = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), time.hour(), time.minute(),
                    tzinfo=LONDON)


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
        self.when = QDateTimeEdit(to_qdatetime(now))
        self.when.setObjectName("contact_at")
        self.when.setDisplayFormat(DATE_TIME_FORMAT)
        self.when.setCalendarPopup(True)
        self.when.setMaximumDateTime(to_qdatetime(now))
        self.when.setAccessibleName("Date and time of first contact")
        self.explain = QLabel(APPLICATION_EXPLAINED)
        self.explain.setObjectName("explain")
        self.explain.setWordWrap(True)
        self.form = QFormLayout()
        self.form.addRow("&First contact:", self.when)
        self.message = message_label()
        layout = QVBoxLayout(self)
        kind = QLabel("What kind of case?")
        layout.addWidget(kind)
        layout.addWidget(self.application)
        layout.addWidget(self.right_to_know)
        layout.addWidget(self.explain)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        buttons = ok_cancel(self, "&Open case")
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)
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

    def contact_at(self) -> datetime:
        return from_qdatetime(self.when.dateTime())

    def accept(self) -> None:
        if self.right_to_know.isChecked():
            self._open_right_to_know()
            return
        from app.services.cases import open_case
        from app.services.contact_time import opens_overdue

        contact_at = self.contact_at()
        if opens_overdue(contact_at, self.session.clock.now()) \
                and self.confirmed_late != contact_at:
            # Confirm a contact more than 24 hours old (issue 12 item 2): a slip in the
            # date would otherwise open the case with its timescales already overdue.
            self.confirmed_late = contact_at
            show_on(self.message, LATE_OPENING)
            self.open_button.setText("&Open case anyway")
            return
        try:
            with busy():
                case = open_case(self.session, contact_at)
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
