"""Administrator dialogs: add a user, reset a password, change a role, verify report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Role
from ui.account_dialogs import POLICY_SENTENCE, ok_cancel, password_field
from ui.login_dialog import message_label, show_on
from ui.messages import busy, error_text

if TYPE_CHECKING:
    from app.services.session import Session
    from app.services.unit_verify import VerifyReport
    from app.services.users import Account

ROLE_LABELS = {
    Role.OFFICER: "Officer — works own cases",
    Role.SUPERVISOR: "Supervisor — all cases, sign-off, figures, audit",
    Role.ADMINISTRATOR: "Administrator — accounts and the database; no case content",
}


def role_box(current: Role = Role.OFFICER) -> QComboBox:
    box = QComboBox()
    box.setObjectName("role")
    for role, label in ROLE_LABELS.items():
        box.addItem(label, role.value)
    box.setCurrentIndex(list(ROLE_LABELS).index(current))
    box.setAccessibleName("Role")
    return box


class _ServiceDialog(QDialog):
    """A form whose OK runs one service call; on refusal it stays open and says why."""

    def __init__(self, session: Session, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = message_label()
        self.next_step: QLabel | None = None  # the note under the form, if any
        self.setMinimumWidth(460)

    def finish_layout(self, ok_text: str, note: str = "") -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        if note:
            label = QLabel(note)
            label.setObjectName("next_step")
            label.setWordWrap(True)
            self.next_step = label
            layout.addWidget(label)
        layout.addWidget(self.message)
        layout.addWidget(ok_cancel(self, ok_text))

    def run(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            with busy():
                self.run()
        except Exception as error:  # noqa: BLE001 - shown as a sentence; dialog stays
            show_on(self.message, error_text(error))
            return
        super().accept()

    def check_same(self, first: QLineEdit, second: QLineEdit) -> None:
        from app.errors import InvalidInput

        if first.text() != second.text():
            second.setFocus()
            raise InvalidInput("The two passwords are not the same.")


CHOOSES_OWN = ("An officer or a supervisor chooses their own password: a supervisor "
               "approves the account with them present, and they type it then. You do not "
               "know it, and must not.")
ADMIN_PASSWORD = ("An administrator's account holds no key to case content: set its first "
                  "password here and give it in private. " + POLICY_SENTENCE.replace("your",
                                                                                      "the"))


ROLE_WAITS = ("The new role takes effect only when a supervisor approves the change; until "
              "then {name} keeps the current role. The change is recorded in the audit trail.")


class AddUserDialog(_ServiceDialog):
    """Prepare an account. An officer's or supervisor's needs no password here (the
    person types it at the supervisor's approval); an administrator's does."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, "Add a user", parent)
        self.setObjectName("add_user_dialog")
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setPlaceholderText("e.g. jsmith")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("display_name")
        self.display_name.setPlaceholderText("as it appears on records, e.g. PC Jo Smith")
        self.role = role_box()
        self.password = password_field("password", "Password")
        self.confirm = password_field("confirm", "Password again")
        self.form.addRow("&User name:", self.username)
        self.form.addRow("&Name:", self.display_name)
        self.form.addRow("&Role:", self.role)
        self.form.addRow("&Password:", self.password)
        self.form.addRow("Password &again:", self.confirm)
        self.finish_layout("&Add user", CHOOSES_OWN)
        self.role.currentIndexChanged.connect(self._show_password)
        self._show_password()

    def needs_password(self) -> bool:
        return bool(self.role.currentData() == Role.ADMINISTRATOR.value)

    def _show_password(self) -> None:
        wanted = self.needs_password()
        self.form.setRowVisible(self.password, wanted)
        self.form.setRowVisible(self.confirm, wanted)
        if self.next_step is not None:
            self.next_step.setText(ADMIN_PASSWORD if wanted else CHOOSES_OWN)

    def run(self) -> None:
        from app.services.users import add_user

        password = None
        if self.needs_password():
            self.check_same(self.password, self.confirm)
            password = self.password.text()
        add_user(self.session, self.username.text().strip(), self.display_name.text(),
                 Role(self.role.currentData()), password)


class ResetPasswordDialog(_ServiceDialog):
    """Prepare a new password. For an officer or a supervisor nothing is typed here: the
    person chooses it at the supervisor's approval (new keys). An administrator's
    account is given its new password here."""

    def __init__(self, session: Session, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(session, f"Reset password — {account.username}", parent)
        self.setObjectName("reset_password_dialog")
        self.account = account
        self.password = password_field("password", "New password")
        self.confirm = password_field("confirm", "New password again")
        self.form.addRow("User:", QLabel(f"{account.display_name} ({account.username})"))
        if self.needs_password():
            self.form.addRow("&New password:", self.password)
            self.form.addRow("New password &again:", self.confirm)
            note = ("Give the new password to the person in private; they should change it "
                    "after signing in. " + POLICY_SENTENCE.replace("your", "their"))
        else:
            note = (f"{account.display_name} chooses the new password: a supervisor approves "
                    "the reset with them present, and they type it then. Until then their "
                    "old password still works. You do not know the new one, and must not.")
        self.finish_layout("&Prepare reset", note)

    def needs_password(self) -> bool:
        return self.account.role is Role.ADMINISTRATOR

    def run(self) -> None:
        from app.services.users import reset_password

        password = None
        if self.needs_password():
            self.check_same(self.password, self.confirm)
            password = self.password.text()
        reset_password(self.session, self.account.username, password)


class ChangeRoleDialog(_ServiceDialog):
    def __init__(self, session: Session, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(session, f"Change role — {account.username}", parent)
        self.setObjectName("change_role_dialog")
        self.account = account
        self.role = role_box(account.role)
        self.form.addRow("User:", QLabel(f"{account.display_name} ({account.username})"))
        self.form.addRow("&Role:", self.role)
        self.finish_layout("&Change role", ROLE_WAITS.format(name=account.display_name))

    def run(self) -> None:
        from app.services.users import set_role

        set_role(self.session, self.account.username, Role(self.role.currentData()))


def verify_html(report: VerifyReport) -> str:
    rows = "".join(
        f"<tr><td style='padding:2px 12px 2px 0'>{name}</td>"
        f"<td><b style='color:{'#0f5132' if ok else '#b00020'}'>{'PASS' if ok else 'FAIL'}"
        f"</b></td></tr>" for name, ok in report.checks)
    problems = "".join(f"<li>{p}</li>" for p in report.problems)
    verdict = ("All checks passed." if report.ok else
               "Problems were found. Do not restore or rekey until IT has looked at them.")
    return (f"<p><b>{verdict}</b></p><table>{rows}</table>"
            + (f"<p>Problems:</p><ul>{problems}</ul>" if problems else "")
            + f"<p>Audit trail: {report.audit_rows} entries.<br>Chain head (for supervisor "
              f"sign-off):<br><tt>{report.chain_head}</tt></p>")


class VerifyReportDialog(QDialog):
    def __init__(self, report: VerifyReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verify_dialog")
        self.setWindowTitle("Verify database")
        self.report = report
        text = QLabel(verify_html(report))
        text.setObjectName("report")
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
