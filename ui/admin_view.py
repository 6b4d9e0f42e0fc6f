"""The administrator's view: user accounts and the database file. No case content."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.admin_accounts import account_cells, locked_names
from ui.admin_dialogs import (
    AddUserDialog,
    ChangeRoleDialog,
    ResetPasswordDialog,
    VerifyReportDialog,
)
from ui.messages import TITLE, Failed, guarded, show_message
from ui.task_runner import TaskRunner

if TYPE_CHECKING:
    from app.services.session import Session
    from app.services.unit_verify import VerifyReport
    from app.services.users import Account

USER_COLUMNS = ("User name", "Name", "Role", "Status", "Created")
NEEDS_SUPERVISOR = ("Verifying the database, re-encrypting it, restoring a backup and the "
                    "letterhead need a supervisor: administrators hold no key to the "
                    "database. New accounts, password resets and role changes you prepare "
                    "take effect when a supervisor approves them; an officer or supervisor "
                    "types their own password then, which you never know.")


def ask_backup_path(parent: QWidget, suggested: Path) -> str:
    """Where to write the backup (a function so tests can answer for the user)."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, "Back up the unit database", str(suggested), "Unit database (*.db)")
    return path


class AdminView(QWidget):
    status_message = Signal(str)  # a short confirmation for the window's status bar

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.accounts: list[Account] = []
        self.dialog: QDialog | QMessageBox | None = None
        self.last_message = ""
        self.setObjectName("admin_view")

        note = QLabel("Administration: user accounts and the database file. "
                      "Administrators cannot see case content.")
        note.setWordWrap(True)

        self.table = QTableWidget(0, len(USER_COLUMNS))
        self.table.setObjectName("users_table")
        self.table.setAccessibleName("User accounts")
        self.table.setHorizontalHeaderLabels(list(USER_COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the person's name
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.currentCellChanged.connect(lambda *_cells: self._enable())

        self.add_button = self._button("Add &user…", "add_user", self.add_user)
        self.reset_button = self._button("&Reset password…", "reset_password",
                                         self.reset_password)
        self.role_button = self._button("Change r&ole…", "change_role", self.change_role)
        self.disable_button = self._button("&Disable…", "disable_user", self.disable_user)
        self.unlock_button = self._button("Clear sign-in loc&k", "clear_lock", self.clear_lock)
        self.unlock_button.setToolTip("After too many failed attempts an account is locked "
                                      "for 15 minutes; clear it once you know who it was.")
        self.locked: dict[str, str] = {}  # user name -> "Locked until HH:MM"
        user_buttons = QHBoxLayout()
        for button in (self.add_button, self.reset_button, self.role_button,
                       self.disable_button, self.unlock_button):
            user_buttons.addWidget(button)
        user_buttons.addStretch(1)
        users_box = QGroupBox("User accounts")
        users_layout = QVBoxLayout(users_box)
        users_layout.addWidget(self.table, 1)
        users_layout.addLayout(user_buttons)
        # The whole sentence of the last change, wrapped: the status bar gets a short one
        # (at 1366 px a long one ran under "Signed in as …" and was cut off).
        self.outcome = QLabel("")
        self.outcome.setObjectName("outcome")
        self.outcome.setWordWrap(True)
        self.outcome.setVisible(False)
        users_layout.addWidget(self.outcome)

        self.verify_button = self._button("&Verify database", "verify", self.verify)
        self.backup_button = self._button("&Back up…", "backup", self.backup)
        self.letterhead_button = self._button("&Letterhead…", "letterhead", self.letterhead)
        self.letterhead_button.setToolTip("Force and unit name, address, telephone and logo "
                                          "printed on every document.")
        db_box = QGroupBox("Database")
        db_outer = QVBoxLayout(db_box)
        db_layout = QHBoxLayout()
        where = QLabel(str(session.db_path))
        where.setObjectName("db_path")
        db_layout.addWidget(where, 1)
        db_layout.addWidget(self.verify_button)
        db_layout.addWidget(self.backup_button)
        db_layout.addWidget(self.letterhead_button)
        db_outer.addLayout(db_layout)
        self.needs_supervisor = QLabel(NEEDS_SUPERVISOR)
        self.needs_supervisor.setObjectName("needs_supervisor")
        self.needs_supervisor.setWordWrap(True)
        db_outer.addWidget(self.needs_supervisor)
        # Administrators hold no key to the database (issue 13): what needs it is a
        # supervisor's, and the view says so rather than offering a button that fails.
        self.keyless = session.keyless
        self.needs_supervisor.setVisible(self.keyless)
        for button in (self.verify_button, self.letterhead_button):
            button.setEnabled(not self.keyless)
            if self.keyless:
                button.setToolTip(NEEDS_SUPERVISOR)
        if self.keyless:
            self.backup_button.setToolTip("An encrypted copy of the database and key files, "
                                          "made without the database key.")

        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(users_box, 1)
        layout.addWidget(db_box)
        self._enable()

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # -- users ---------------------------------------------------------------
    def refresh(self) -> bool:
        from app.services.users import list_users

        result = guarded(self, lambda: list_users(self.session))
        if isinstance(result, Failed):
            return False
        current = self.selected()
        keep = current.username if current else None
        self.accounts = result
        self.locked = locked_names(self.session)
        self.table.setRowCount(len(result))
        for row, account in enumerate(result):
            for column, text in enumerate(account_cells(account, self.locked)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        names = [account.username for account in result]
        if names:  # keep the person selected, else the first: the buttons then work
            self.table.selectRow(names.index(keep) if keep in names else 0)
        self._enable()
        return True

    def clear(self) -> None:
        self.accounts = []
        self.table.setRowCount(0)

    def selected(self) -> Account | None:
        row = self.table.currentRow()
        return self.accounts[row] if 0 <= row < len(self.accounts) else None

    def select(self, username: str) -> None:
        for row, account in enumerate(self.accounts):
            if account.username == username:
                self.table.selectRow(row)
                self.table.scrollTo(self.table.model().index(row, 0))

    def confirm(self, text: str, short: str = "") -> None:
        """Say a change was made: ``text`` under the buttons (wrapped), ``short`` (or the
        text) in the main window's status bar."""
        self.last_message = text
        self.outcome.setText(text)
        self.outcome.setVisible(True)
        self.status_message.emit(short or text)

    def _enable(self) -> None:
        account = self.selected()
        active = account is not None and account.active
        for button in (self.reset_button, self.role_button, self.disable_button):
            button.setEnabled(active)
        self.unlock_button.setEnabled(account is not None and account.username in self.locked)

    def clear_lock(self) -> None:
        """Asks first: clearing lets the name be tried again at once."""
        account = self.selected()
        if account is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, TITLE,
                          f"Clear the sign-in lock of {account.display_name} "
                          f"({account.username})?", QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirm_clear_lock")
        box.setInformativeText("Do this only once you know the failed attempts were theirs: "
                               "the account can then be tried again at once. Clearing the "
                               "lock is recorded in the audit trail.")
        clear = box.addButton("&Clear lock", QMessageBox.ButtonRole.AcceptRole)
        clear.setObjectName("confirm")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(lambda: self._clear_lock(account.username))
        self.dialog = box
        box.open()

    def _clear_lock(self, username: str) -> None:
        from app.services.lockouts import clear_lockout

        if isinstance(guarded(self, lambda: clear_lockout(self.session, username)), Failed):
            return
        self.refresh()
        self.select(username)
        self.confirm(f"Sign-in lock cleared for {username}.")

    def _show(self, dialog: QDialog, done: Callable[[], tuple[str, str]], what: str) -> None:
        """Open ``dialog``; when it succeeds, list the users again, select the one
        changed and confirm (``done`` gives the user name and the sentence; the status
        bar says "``what`` for <user name> awaits a supervisor's approval.")."""
        self.dialog = dialog

        def finished() -> None:
            username, text = done()
            self.refresh()
            self.select(username)
            self.confirm(text, f"{what} for {username} awaits a supervisor's approval.")

        dialog.accepted.connect(finished)
        dialog.open()

    def letterhead(self) -> None:
        from ui.documents import LetterheadDialog

        self.dialog = LetterheadDialog(self.session, self)
        self.dialog.open()

    def add_user(self) -> None:
        dialog = AddUserDialog(self.session, self)

        def done() -> tuple[str, str]:
            username = dialog.username.text().strip()
            role = str(dialog.role.currentData())
            said = (f"Prepared {dialog.display_name.text().strip()} ({username}) as {role}; "
                    "the account awaits a supervisor's approval.")
            if not dialog.needs_password():
                said += " They choose their password with the supervisor when it is approved."
            return username, said

        self._show(dialog, done, "New account")

    def reset_password(self) -> None:
        if (account := self.selected()) is not None:
            dialog = ResetPasswordDialog(self.session, account, self)
            then = ("Give it to them in private." if dialog.needs_password() else
                    "They choose it with the supervisor when it is approved.")
            self._show(dialog, lambda: (
                account.username, f"New password for {account.display_name} "
                                  f"({account.username}) awaits a supervisor's approval. "
                                  + then), "Password reset")

    def change_role(self) -> None:
        if (account := self.selected()) is not None:
            dialog = ChangeRoleDialog(self.session, account, self)
            self._show(dialog, lambda: (
                account.username, f"Role change for {account.display_name} "
                                  f"({account.username}): {dialog.role.currentData()}, once a "
                                  "supervisor approves it."), "Role change")

    def disable_user(self) -> None:
        account = self.selected()
        if account is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, TITLE,
                          f"Disable the account of {account.display_name} ({account.username})?",
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirm_disable")
        box.setInformativeText("They will no longer be able to sign in. Their cases and the "
                               "audit trail are kept.")
        disable = box.addButton("&Disable account", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(lambda: self._disable(account.username))
        disable.setObjectName("confirm")
        self.dialog = box
        box.open()

    def _disable(self, username: str) -> None:
        from app.services.users import disable_user

        if isinstance(guarded(self, lambda: disable_user(self.session, username)), Failed):
            return
        self.refresh()
        self.select(username)
        self.confirm(f"The account '{username}' is disabled.")
        self.offer_rekey(username)

    def offer_rekey(self, username: str) -> None:
        if self.keyless:
            self.dialog = show_message(
                self, f"The account '{username}' is disabled. Ask a supervisor to "
                      "re-encrypt the database now (Supervisor menu, Re-encrypt the "
                      "database), so that copies of the key it may hold are useless.",
                icon=QMessageBox.Icon.Information)
            self.dialog.setObjectName("ask_supervisor_to_rekey")
            return
        box = QMessageBox(QMessageBox.Icon.Question, TITLE,
                          f"The account '{username}' is disabled. Re-encrypt the database now?",
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("offer_rekey")
        box.setInformativeText(
            "Recommended. Anyone who once held the database key could still open an old copy "
            "of the file. Re-encrypting takes a moment; other users must not be signed in.")
        now = box.addButton("&Re-encrypt now", QMessageBox.ButtonRole.AcceptRole)
        now.setObjectName("rekey_now")
        later = box.addButton("&Later", QMessageBox.ButtonRole.RejectRole)
        later.setObjectName("rekey_later")
        box.setDefaultButton(now)
        box.accepted.connect(self.rekey)
        self.dialog = box
        box.open()

    def rekey(self) -> bool:
        """Re-encrypt off the GUI thread; the file is the worker's alone meanwhile."""
        from app.services.maintenance import rekey

        def done(_result: object) -> None:
            self.dialog = show_message(self, "The database has been re-encrypted under a new "
                                             "key.", icon=QMessageBox.Icon.Information)

        return TaskRunner.instance().run(self, self.session, rekey,
                                         title="Re-encrypting the database…", on_done=done,
                                         exclusive=True)

    # -- database ------------------------------------------------------------
    def verify(self) -> bool:
        """Run every check off the GUI thread (cancellable); then show the report."""
        from app.services.unit_verify import verify

        return TaskRunner.instance().run(self, self.session, verify,
                                         title="Verifying the database…",
                                         on_done=self._show_report, cancellable=True)

    def _show_report(self, report: VerifyReport) -> None:
        dialog = VerifyReportDialog(report, self)
        self.dialog = dialog
        dialog.open()

    def backup(self) -> None:
        from app.services.maintenance import backup

        stamp = self.session.clock.now().strftime("%Y%m%d-%H%M")
        suggested = Path.home() / f"csods-backup-{stamp}.db"
        chosen = ask_backup_path(self, suggested)
        if not chosen:
            return

        def done(written: Path) -> None:
            self.dialog = show_message(
                self, f"Backup written to {written}.", icon=QMessageBox.Icon.Information,
                details=f"Keep it together with {written}.keys: a backup needs both files.")

        TaskRunner.instance().run(
            self, self.session, lambda worker, progress: backup(worker, Path(chosen), progress),
            title="Backing up the unit database…", on_done=done, cancellable=True)
