"""Administration view: users, disable with a rekey offer, verify, back up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.enums import Role
from tests.conftest import ADMIN_PW, OFFICER2_PW, TestUnit
from tests.ui.conftest import message_texts, sign_in
from tests.ui.task_support import wait_for_task
from ui import admin_view as admin_module
from ui.admin_dialogs import (
    AddUserDialog,
    ChangeRoleDialog,
    ResetPasswordDialog,
    VerifyReportDialog,
)
from ui.admin_view import AdminView
from ui.shell import Shell


def _admin(shell: Shell) -> AdminView:
    sign_in(shell, "admin", ADMIN_PW)
    assert shell.main_window is not None and shell.main_window.admin_view is not None
    return shell.main_window.admin_view


def _click(box: object, name: str) -> None:
    assert isinstance(box, QMessageBox)
    button = next(b for b in box.buttons() if b.objectName() == name)
    button.click()


def test_add_user_keeps_input_on_refusal(qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    view = _admin(shell)
    view.add_button.click()
    dialog = view.dialog
    assert isinstance(dialog, AddUserDialog)
    # An officer's or supervisor's password is not the administrator's to choose: no
    # password fields, and the dialog says what happens next.
    assert not dialog.password.isVisibleTo(dialog) and not dialog.confirm.isVisibleTo(dialog)
    assert "chooses their own password" in dialog.next_step.text()  # type: ignore[union-attr]
    dialog.username.setText("olive")  # taken
    dialog.display_name.setText("PC Another Olive")
    dialog.accept()
    assert dialog.isVisible() and dialog.message.text() == "The user name 'olive' is already taken."
    assert dialog.display_name.text() == "PC Another Olive"
    dialog.username.setText("pat")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.SUPERVISOR.value))
    dialog.accept()
    assert not dialog.isVisible()
    assert ("pat", Role.SUPERVISOR) in [(a.username, a.role) for a in view.accounts]
    # Confirmed in the status bar, and the new user is the one selected.
    selected = view.selected()
    assert selected is not None and selected.username == "pat"
    assert view.last_message == ("Prepared PC Another Olive (pat) as supervisor; the account "
                                 "awaits a supervisor's approval. They choose their password "
                                 "with the supervisor when it is approved.")
    window = shell.main_window
    assert window is not None and window.statusBar().currentMessage() == \
        "New account for pat awaits a supervisor's approval."
    assert view.outcome.isVisibleTo(view) and view.outcome.text() == view.last_message
    unit.approve("pat", "a long enough password")  # the second person; Pat types it
    unit.login("pat", "a long enough password").close()


def test_add_administrator_still_takes_a_password(qtbot: QtBot, unit: TestUnit,
                                                   shell: Shell) -> None:
    view = _admin(shell)
    view.add_button.click()
    dialog = view.dialog
    assert isinstance(dialog, AddUserDialog)
    dialog.role.setCurrentIndex(dialog.role.findData(Role.ADMINISTRATOR.value))
    assert dialog.password.isVisibleTo(dialog) and dialog.confirm.isVisibleTo(dialog)
    assert "holds no key to case content" in dialog.next_step.text()  # type: ignore[union-attr]
    dialog.username.setText("ivy")
    dialog.display_name.setText("Ivy Lund (IT)")
    dialog.password.setText("first it password 1")
    dialog.confirm.setText("first it password 2")
    dialog.accept()
    assert dialog.isVisible() and "not the same" in dialog.message.text()
    dialog.confirm.setText("first it password 1")
    dialog.accept()
    assert not dialog.isVisible()
    unit.supervisor().close()  # entered at the next key holder's sign-in
    unit.login("ivy", "first it password 1").close()


def test_disable_asks_a_supervisor_to_rekey(qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    """Administrators hold no database key: after disabling, the view says a supervisor
    must re-encrypt (instead of offering a re-encryption that cannot work)."""
    view = _admin(shell)
    view.select("owen")
    view.disable_button.click()
    _click(view.dialog, "confirm")
    owen = next(a for a in view.accounts if a.username == "owen")
    assert not owen.active
    assert view.dialog is not None and view.dialog.objectName() == "ask_supervisor_to_rekey"
    assert any("Ask a supervisor to re-encrypt" in t for t in message_texts(view))
    from app.errors import AccountDisabled
    from app.services import maintenance

    with pytest.raises(AccountDisabled):
        unit.login("owen", OFFICER2_PW)
    with unit.supervisor() as sam:
        maintenance.rekey(sam)
    unit.login("olive", "officer-password-0003").close()  # still opens after rekey


def test_reset_password_and_change_role(qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    view = _admin(shell)
    view.select("owen")
    view.reset_button.click()
    dialog = view.dialog
    assert isinstance(dialog, ResetPasswordDialog)
    # No password to type: Owen chooses it at the supervisor's approval.
    assert not dialog.password.isVisibleTo(dialog)
    assert "PC Owen Pryce chooses the new password" in \
        dialog.next_step.text()  # type: ignore[union-attr]
    view.select("olive")  # the list moves on meanwhile: the reset user is selected again
    dialog.accept()
    assert not dialog.isVisible()
    assert "awaits a supervisor" in view.last_message and "(owen)" in view.last_message
    assert "They choose it with the supervisor" in view.last_message
    window = shell.main_window
    assert window is not None and window.statusBar().currentMessage() == \
        "Password reset for owen awaits a supervisor's approval."
    assert view.outcome.text() == view.last_message
    selected = view.selected()
    assert selected is not None and selected.username == "owen"
    unit.login("owen", OFFICER2_PW).close()  # the old password works until approval
    unit.approve("owen", "a fresh one for him now")
    unit.login("owen", "a fresh one for him now").close()
    view.refresh()
    view.select("owen")
    view.role_button.click()
    role_dialog = view.dialog
    assert isinstance(role_dialog, ChangeRoleDialog)
    role_dialog.role.setCurrentIndex(role_dialog.role.findData(Role.SUPERVISOR.value))
    role_dialog.accept()
    assert view.last_message.endswith("(owen): supervisor, once a supervisor approves it.")
    unit.approve("owen")
    view.refresh()
    assert next(a.role for a in view.accounts if a.username == "owen") is Role.SUPERVISOR


def test_database_work_says_it_needs_a_supervisor(qtbot: QtBot, shell: Shell) -> None:
    view = _admin(shell)
    assert view.keyless and view.needs_supervisor.isVisibleTo(view)
    assert "need a supervisor" in view.needs_supervisor.text()
    assert not view.verify_button.isEnabled() and not view.letterhead_button.isEnabled()
    assert "need a supervisor" in view.verify_button.toolTip()
    assert view.backup_button.isEnabled()


def test_verify_shows_each_check(qtbot: QtBot, shell: Shell) -> None:
    """A supervisor verifies, from the Supervisor menu."""
    from PySide6.QtGui import QAction

    from tests.conftest import SUPERVISOR_PW

    sign_in(shell, "sam", SUPERVISOR_PW)
    window = shell.main_window
    assert window is not None
    action = window.findChild(QAction, "verify_database")
    assert action is not None
    action.trigger()
    wait_for_task(qtbot)
    dialog = window.findChild(VerifyReportDialog)
    assert isinstance(dialog, VerifyReportDialog) and dialog.report.ok
    from PySide6.QtWidgets import QLabel

    label = dialog.findChild(QLabel, "report")
    html = label.text() if label is not None else ""
    assert html.count("PASS") == 7 and "FAIL" not in html


def test_backup_writes_both_files(qtbot: QtBot, tmp_path: Path, shell: Shell,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    view = _admin(shell)
    target = tmp_path / "copies" / "b.db"
    monkeypatch.setattr(admin_module, "ask_backup_path", lambda parent, suggested: str(target))
    view.backup_button.click()
    wait_for_task(qtbot)
    assert target.exists() and Path(f"{target}.keys").exists()
    assert any("Backup written" in t for t in message_texts(view))
    # A second backup to the same name is refused as a sentence, not a traceback.
    view.backup_button.click()
    wait_for_task(qtbot)
    assert any("already exists" in t for t in message_texts(view))


def test_cancelled_backup_does_nothing(qtbot: QtBot, shell: Shell,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    view = _admin(shell)
    monkeypatch.setattr(admin_module, "ask_backup_path", lambda parent, suggested: "")
    view.backup_button.click()
    assert message_texts(view) == []


def _lock_olive(unit: TestUnit) -> None:
    from app.errors import AccountLocked, AuthenticationFailed

    for _ in range(5):
        with pytest.raises((AuthenticationFailed, AccountLocked)):
            unit.login("olive", "wrong-wrong-wrong")


def _status(view: AdminView, username: str) -> str:
    row = [a.username for a in view.accounts].index(username)
    return view.table.item(row, 3).text()


def test_clear_sign_in_lock_asks_then_clears_it_audited(
        qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    from PySide6.QtCore import Qt

    from app.storage import audit_repo

    _lock_olive(unit)
    view = _admin(shell)
    assert _status(view, "olive") == "Locked until 09:45"  # 09:30 UTC in March, + 15 min
    view.select("owen")
    assert not view.unlock_button.isEnabled()  # owen is not locked
    view.select("olive")
    assert view.unlock_button.isEnabled()
    qtbot.mouseClick(view.unlock_button, Qt.MouseButton.LeftButton)
    box = view.dialog
    assert isinstance(box, QMessageBox) and box.objectName() == "confirm_clear_lock"
    assert "olive" in box.text()
    _click(box, "confirm")
    assert _status(view, "olive") == "Active" and not view.unlock_button.isEnabled()
    assert view.last_message == "Sign-in lock cleared for olive."
    unit.officer().close()  # olive can sign in again at once
    # The administrator holds no database key: the next key holder entered the row,
    # saying whose it was.
    with unit.supervisor() as sam:
        rows = [r for r in audit_repo.iter_rows(sam.conn) if r.entity == "user:olive"
                and re.fullmatch(r"sign-in lock cleared \(by admin, recorded in the key "
                                 r"file\) \[event [0-9a-f]{32}\]", r.detail or "")]
    assert len(rows) == 1


def test_clear_sign_in_lock_cancelled_keeps_the_lock(
        qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    from app.errors import AccountLocked

    _lock_olive(unit)
    view = _admin(shell)
    view.select("olive")
    view.unlock_button.click()
    box = view.dialog
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert _status(view, "olive").startswith("Locked until")
    with pytest.raises(AccountLocked):
        unit.officer()


def test_change_role_says_a_supervisor_must_approve_it(
        qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    """Like adding a user, the dialog says what happens next: the change waits."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QPushButton

    view = _admin(shell)
    view.select("owen")
    qtbot.mouseClick(view.role_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ChangeRoleDialog) and dialog.isVisible()
    said = dialog.next_step.text()  # type: ignore[union-attr]
    assert "only when a supervisor approves the change" in said
    assert "PC Owen Pryce keeps the current role" in said
    QTest.keyClick(dialog.role, Qt.Key.Key_Down)  # officer → supervisor
    assert dialog.role.currentData() == Role.SUPERVISOR.value
    ok = dialog.findChild(QPushButton, "ok")
    assert ok is not None
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    owen = next(a for a in view.accounts if a.username == "owen")
    assert owen.role is Role.OFFICER and owen.awaiting == "role change"


def test_after_add_user_the_status_bar_message_fits_at_1366(
        qtbot: QtBot, unit: TestUnit, shell: Shell, tmp_path: Path) -> None:
    """The status bar says it briefly, beside "Signed in as …"; the whole sentence is
    under the buttons, wrapped, even with a long name."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QPushButton

    view = _admin(shell)
    window = shell.main_window
    assert window is not None
    window.resize(1366, 768)
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, AddUserDialog)
    QTest.keyClicks(dialog.username, "pat")
    QTest.keyClicks(dialog.display_name, "PC Patricia Linley-Ashworth of the Northern "
                                         "Public Protection Unit (Westmoor Division)")
    ok = dialog.findChild(QPushButton, "ok")
    assert ok is not None
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    qtbot.wait(20)  # let the layouts settle before measuring
    bar = window.statusBar()
    said = bar.currentMessage()
    assert said == "New account for pat awaits a supervisor's approval."
    room = bar.width() - window.who.width() - 40  # margins and the size grip
    assert bar.fontMetrics().horizontalAdvance(said) < room
    assert view.outcome.text() == view.last_message and "Westmoor Division" in view.outcome.text()
    assert view.outcome.wordWrap()
    assert view.outcome.geometry().right() <= view.outcome.parentWidget().width()
    assert view.outcome.height() >= view.outcome.heightForWidth(view.outcome.width())
    window.grab().save(str(tmp_path / "admin-1366.png"))  # looked at while writing this
