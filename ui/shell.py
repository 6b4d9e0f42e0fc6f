"""The flow of a working day: sign in → main window → (lock → unlock)* → log out.

The shell owns the one session of a sign-in; the windows hold the same object.
Locking saves and closes every case window (remembering where each was),
clears the lists, suspends the session (connection closed, key wiped) and shows
the lock screen; unlocking with the same user's password resumes that session
and puts everything back.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app import settings
from ui import prefs
from ui.login_dialog import LoginDialog

if TYPE_CHECKING:
    from app.clock import Clock
    from app.services.session import Session
    from ui.case_windows import CaseWindowFactory, CaseWindows, OpenCase
    from ui.idle_lock import IdleLock
    from ui.lock_screen import LockScreen
    from ui.main_window import MainWindow


class Shell(QObject):
    finished = Signal(int)  # exit code: the application should end

    def __init__(self, db_path: Path, *, clock: Clock | None = None,
                 idle_seconds: float | None = None,
                 wall_clock: Callable[[], float] = time.time, check_ms: int = 5000,
                 case_window_factory: CaseWindowFactory | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.clock = clock
        self.session: Session | None = None
        self.login_dialog: LoginDialog | None = None
        self.lock_screen: LockScreen | None = None
        self.main_window: MainWindow | None = None
        self.remembered: list[OpenCase] = []
        self._factory = case_window_factory
        self._case_windows: CaseWindows | None = None
        self._idle_seconds = (idle_seconds if idle_seconds is not None
                              else settings.idle_minutes() * 60)
        self._wall_clock = wall_clock
        self._check_ms = check_ms
        self._idle: IdleLock | None = None

    @property
    def idle(self) -> IdleLock:
        """Made on first use (sign-in): the login window needs none of it."""
        if self._idle is None:
            from ui.idle_lock import IdleLock

            self._idle = IdleLock(self._idle_seconds, wall_clock=self._wall_clock,
                                  check_ms=self._check_ms, parent=self)
            self._idle.idle.connect(self.lock_idle)
        return self._idle

    @property
    def case_windows(self) -> CaseWindows:
        """Made on first use: nothing about cases loads before sign-in."""
        if self._case_windows is None:
            from ui.case_windows import CaseWindows

            self._case_windows = CaseWindows(self._factory, self)
        return self._case_windows

    # -- signing in ----------------------------------------------------------
    def start(self) -> None:
        self.show_login()

    def show_login(self) -> None:
        dialog = LoginDialog(self.db_path, clock=self.clock,
                             unit_name=prefs.remembered_unit_name(self.db_path),
                             username=prefs.last_username(self.db_path))
        dialog.signed_in.connect(self._signed_in)
        dialog.rejected.connect(lambda: self.finished.emit(0))
        self.login_dialog = dialog
        self._bring_forward(dialog)

    def _signed_in(self, session: Session) -> None:
        from app.services.unit_info import unit_info
        from ui.main_window import MainWindow

        self.session = session
        if self.login_dialog is not None:
            self.login_dialog.deleteLater()
            self.login_dialog = None
        name = ""
        with contextlib.suppress(Exception):
            name = unit_info(session).name
            prefs.remember_unit_name(self.db_path, name)
        prefs.remember_username(self.db_path, session.user.username)
        window = MainWindow(session, self.case_windows, unit_name=name)
        window.lock_requested.connect(self.lock)
        window.logout_requested.connect(self.logout)
        window.quit_requested.connect(self.quit)
        self.main_window = window
        self._bring_forward(window)
        window.refresh()
        self.idle.start()

    @staticmethod
    def _bring_forward(window: QWidget) -> None:
        window.show()
        window.raise_()
        window.activateWindow()

    # -- locking -------------------------------------------------------------
    def lock_idle(self) -> None:
        """The idle timer ran out: lock, and say that was why."""
        self.lock(idle=True)

    def lock(self, idle: bool = False) -> None:
        """Lock the screen; `idle` when nobody used it, not the user's own Lock."""
        session, window = self.session, self.main_window
        if session is None or window is None or not session.is_open:
            return
        from app.domain.enums import AuditAction
        from ui.lock_screen import LockScreen

        self.idle.stop()
        self.remembered = self.case_windows.remember_all()  # drafts saved first
        from ui.task_runner import TaskRunner

        TaskRunner.instance().cancel()  # long work that can stop does; the rest finishes
        with contextlib.suppress(Exception):  # the lock must happen even if the audit fails
            session.suspend(AuditAction.LOCK)
        # Closed after the session, so no case window can stop to ask about a draft.
        self.case_windows.close_now()
        window.clear()
        window.hide()
        screen = LockScreen(session, open_cases=len(self.remembered), idle=idle)
        screen.unlocked.connect(self._unlocked)
        screen.logout_requested.connect(self._logout_from_lock)
        self.lock_screen = screen
        self._bring_forward(screen)

    def _unlocked(self) -> None:
        """The lock screen resumed the session (the unlock is audited by ``resume``)."""
        self._drop_lock_screen()
        window = self.main_window
        if window is None:
            return
        window.resumed()
        self._bring_forward(window)
        window.refresh()
        for case in self.remembered:
            window.open_case(case.reference, case.stage)
        unsaved = [case.reference for case in self.remembered if not case.saved]
        put_back = self._put_back_unreadable()
        self.remembered = []
        if unsaved or put_back:
            from ui.messages import show_message

            said = ("The last changes to " + ", ".join(unsaved) + " could not be saved "
                    "before the screen locked. Check the case before carrying on. "
                    if unsaved else "")
            show_message(window, said + put_back)
        self.idle.start()

    def _put_back_unreadable(self) -> str:
        """Type back what could not be read before the lock (it is not in the drafts);
        a sentence saying where, or ""."""
        where = []
        for case in self.remembered:
            opened = self.case_windows.window(case.reference)
            restore = getattr(opened, "restore_unreadable", None)
            if case.unreadable and restore is not None and restore(list(case.unreadable)):
                where.append(case.reference)
        if not where:
            return ""
        return ("What was typed in a field that cannot be read was kept over the lock "
                "and is back on " + ", ".join(where) + " (marked in red): correct it, or "
                "it will not be saved.")

    def _drop_lock_screen(self) -> None:
        if self.lock_screen is not None:
            self.lock_screen.hide()
            self.lock_screen.deleteLater()
            self.lock_screen = None

    def _logout_from_lock(self) -> None:
        self._drop_lock_screen()
        self.remembered = []
        self._close_main_window()
        if self.session is not None:
            self.session.close()  # suspended: nothing left to audit on, it just ends
        self.session = None
        self.show_login()

    # -- ending --------------------------------------------------------------
    def _end_session(self) -> bool:
        """Save and close every case window and log out; False if a draft would be lost."""
        from app.domain.enums import AuditAction

        left = self.case_windows.close_saved()
        if left:
            from ui.messages import show_message

            parent: QWidget | None = self.main_window
            show_message(parent, "The draft of " + ", ".join(left) + " could not be saved, so "
                         "its window is still open. Save it or close it, then try again.")
            return False
        if self._idle is not None:
            self._idle.stop()
        if self.session is not None:
            with contextlib.suppress(Exception):
                self.session.close(AuditAction.LOGOUT)
        self.session = None
        self._close_main_window()
        return True

    def _close_main_window(self) -> None:
        if self.main_window is not None:
            self.main_window.clear()
            self.main_window.hide()
            self.main_window.deleteLater()
            self.main_window = None

    def logout(self) -> None:
        if self._end_session():
            self.show_login()

    def quit(self) -> None:
        if self._end_session():
            if self._idle is not None:
                self._idle.dispose()
            self.finished.emit(0)
