"""The main window: the case list (officers, supervisors) or Administration.

It owns no flow: locking, logging out and quitting are requested by signal
and carried out by the shell (``ui.shell.Shell``).
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from app.services.authz import Permission, allowed
from ui.account_dialogs import ChangePasswordDialog, NewCaseDialog, about_text
from ui.admin_view import AdminView
from ui.case_windows import CaseWindows
from ui.cases_view import CasesView
from ui.messages import TITLE, Failed, guarded, show_message
from ui.tasks_view import TasksView

if TYPE_CHECKING:
    from app.domain.enums import Stage
    from app.services.session import Session


Shortcut = QKeySequence | QKeySequence.StandardKey | str


class MainWindow(QMainWindow):
    lock_requested = Signal()
    logout_requested = Signal()
    quit_requested = Signal()

    def __init__(self, session: Session, case_windows: CaseWindows, *, unit_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_windows = case_windows
        self.unit_name = unit_name
        self.dialog: QDialog | QMessageBox | None = None
        self.setObjectName("main_window")
        role = session.user.role
        self.works_cases = allowed(role, Permission.WORK_CASE)
        self.cases_view: CasesView | None = None
        self.tasks_view: TasksView | None = None
        self.admin_view: AdminView | None = None
        self.supervisor_view: SupervisorView | None = None
        self.workspace: QTabWidget | None = None
        if self.works_cases:
            # "My cases" for everyone who works cases; supervisors also get the unit
            # view (every case, loaded window by window, and the supervisor's tabs).
            self.cases_view = CasesView(session, can_see_all=False)
            self.cases_view.open_requested.connect(self.open_case)
            self.cases_view.new_requested.connect(self.new_case)
            case_windows.case_changed.connect(self._case_changed)
            # A saved draft can change the names the list shows (the Applicant and
            # Subject columns): refresh My cases, debounced, not on every keystroke.
            case_windows.draft_saved.connect(self.cases_view.refresh_soon)
            # The home screen: the case list above, the user's open tasks below.
            self.tasks_view = TasksView(session)
            self.tasks_view.open_requested.connect(self.open_case)
            self.tasks_view.notice_changed.connect(self._show_notice)
            self.cases_view.attach_below(self.tasks_view)
            if allowed(role, Permission.VIEW_ALL_CASES):
                from ui.supervisor import SupervisorView

                self.supervisor_view = SupervisorView(session, case_windows)
                self.supervisor_view.case_list_changed.connect(self._case_changed)
                self.workspace = QTabWidget(self)
                self.workspace.setObjectName("workspace")
                self.workspace.setDocumentMode(True)
                self.workspace.addTab(self.cases_view, "&My cases")
                self.workspace.addTab(self.supervisor_view, "&Unit")
                self.setCentralWidget(self.workspace)
                self.workspace.setCurrentWidget(self.supervisor_view)
            else:
                self.setCentralWidget(self.cases_view)
                self.cases_view.table.setFocus()
        else:
            self.admin_view = AdminView(session)
            self.admin_view.status_message.connect(
                lambda text: self.statusBar().showMessage(text, 15000))
            self.setCentralWidget(self.admin_view)
        self._build_menus()
        self.who = QLabel()
        self.who.setObjectName("signed_in_as")
        self.statusBar().addPermanentWidget(self.who)
        self.backup_problem = self._backup_problem_label()
        self.witness_warning = self._witness_warning_label()
        self._set_titles()
        self._fit_to_screen()
        if self.tasks_view is not None:
            self.tasks_view.refresh()
            self.overdue_notice()

    def _backup_problem_label(self) -> QLabel | None:
        """At sign-in: the last automatic backup at sign-out failed (why, in the status bar)."""
        if not self.session.has_database:
            return None
        from app.services.auto_backup import last_problem

        problem = ""
        with contextlib.suppress(Exception):
            problem = last_problem(self.session)
        if not problem:
            return None
        label = QLabel(f"⚠ {problem}")
        label.setObjectName("backup_problem")
        label.setToolTip(f"{problem}\nA supervisor can change the backup folder with "
                         "csods settings backup. This notice goes once a backup works.")
        label.setStyleSheet("color: #a00000; font-weight: bold;")
        self.statusBar().insertPermanentWidget(0, label)
        return label

    def _witness_warning_label(self) -> QLabel | None:
        """At a supervisor's sign-in: audit rows the unit once witnessed are gone."""
        if not self.session.has_database:
            return None
        from app.services.witness_watch import notice

        text = ""
        with contextlib.suppress(Exception):
            text = notice(self.session)
        if not text:
            return None
        label = QLabel("⚠ The audit trail no longer matches what was witnessed")
        label.setObjectName("witness_warning")
        label.setToolTip(text)
        label.setStyleSheet("color: #a00000; font-weight: bold;")
        self.statusBar().insertPermanentWidget(0, label)
        return label

    def overdue_notice(self) -> str:
        """At sign-in (and unlock): what is overdue, in the banner and the status bar."""
        if self.tasks_view is None:
            return ""
        return self.tasks_view.show_notice()

    def _show_notice(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(f"{text} See My tasks.", 60000)
        elif "overdue task" in self.statusBar().currentMessage():
            self.statusBar().clearMessage()

    # -- construction --------------------------------------------------------
    def _action(self, text: str, slot: object, shortcut: Shortcut | None = None,
                name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setObjectName(name)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        if self.works_cases:
            cases = bar.addMenu("&Cases")
            self.new_action = self._action("&New case…", self.new_case,
                                           QKeySequence.StandardKey.New, "new_case")
            cases.addAction(self.new_action)
            cases.addAction(self._action("&Open selected case", self._open_selected,
                                         None, "open_case"))
            cases.addSeparator()
            cases.addAction(self._action("&Refresh list", self.refresh,
                                         QKeySequence.StandardKey.Refresh, "refresh"))
            cases.addAction(self._action("&Find…", self._focus_search,
                                         QKeySequence.StandardKey.Find, "find"))
        if self.works_cases and self.cases_view is not None:
            from ui.documents import build_documents_menu

            bar.addMenu(build_documents_menu(self, self.session,
                                             self.selected_reference))
        if self.supervisor_view is not None and self.workspace is not None:
            from ui.supervisor import add_supervisor_menu

            menu = add_supervisor_menu(self, self.supervisor_view)
            workspace, unit_view = self.workspace, self.supervisor_view
            for action in menu.actions():
                action.triggered.connect(
                    lambda _on=False: workspace.setCurrentWidget(unit_view))
            from ui.maintenance_actions import add_maintenance_actions

            add_maintenance_actions(self, menu, self.session)
        account = bar.addMenu("&Account")
        account.addAction(self._action("&Change password…", self.change_password, None,
                                       "change_password"))
        account.addSeparator()
        self.lock_action = self._action("&Lock", self.lock_requested, "Ctrl+L", "lock")
        # Ctrl+L locks from any window of the application, case windows included.
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        account.addAction(self.lock_action)
        account.addAction(self._action("Log &out", self.logout_requested, None, "logout"))
        account.addSeparator()
        account.addAction(self._action("&Quit", self.quit_requested,
                                       QKeySequence.StandardKey.Quit, "quit"))
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&About CSODS Case Manager", self.about, None, "about"))

    def _set_titles(self) -> None:
        user = self.session.user
        view = "Cases" if self.works_cases else "Administration"
        unit = f" — {self.unit_name}" if self.unit_name else ""
        self.setWindowTitle(f"{view}{unit} — CSODS Case Manager")
        self.who.setText(f"Signed in as {user.display_name} ({user.role.value})")

    def _fit_to_screen(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1280, 720)
            return
        area = screen.availableGeometry()
        self.resize(min(1360, area.width() - 40), min(860, area.height() - 60))

    # -- list ----------------------------------------------------------------
    def refresh(self) -> None:
        if not self.session.is_open:
            return
        if self.cases_view is not None:
            self.cases_view.refresh()
        if self.tasks_view is not None:
            self.tasks_view.refresh()
            self.tasks_view.show_notice()
        if self.admin_view is not None:
            self.admin_view.refresh()
        if self.supervisor_view is not None:
            self.supervisor_view.refresh()

    def _case_changed(self, _reference: str = "") -> None:
        # From a case window (with its reference) or the unit view (a sign-off, an
        # assignment or a disposal, without one).
        self.refresh()  # the case may have moved on a stage, or closed

    def clear(self) -> None:
        """On lock: drop every row from the models and close every dialog of ours."""
        for dialog in self.findChildren(QDialog):
            dialog.close()
        self.dialog = None
        if self.cases_view is not None:
            self.cases_view.clear()
        if self.tasks_view is not None:
            self.tasks_view.clear()
        if self.admin_view is not None:
            self.admin_view.dialog = None
            self.admin_view.clear()
        if self.supervisor_view is not None:
            self.supervisor_view.clear()

    def resumed(self) -> None:
        """After unlock: the same session, resumed; reload what the lock cleared."""
        if self.tasks_view is not None:
            self.tasks_view.refresh()
            self.overdue_notice()
        if self.supervisor_view is not None:
            self.supervisor_view.reload()

    def selected_reference(self) -> str | None:
        """The case selected in whichever list is showing (for the Documents menu)."""
        if (self.workspace is not None and self.supervisor_view is not None
                and self.workspace.currentWidget() is self.supervisor_view):
            tab = self.supervisor_view.currentWidget()
            getter = getattr(tab, "selected_reference", None)
            return getter() if callable(getter) else None
        return self.cases_view.selected_reference() if self.cases_view is not None else None

    def _focus_search(self) -> None:
        if self.cases_view is not None:
            self.cases_view.search.setFocus()
            self.cases_view.search.selectAll()

    def _open_selected(self) -> None:
        if self.cases_view is not None:
            self.cases_view.open_selected()

    # -- actions -------------------------------------------------------------
    def open_case(self, reference: str, stage: Stage | None = None) -> bool:
        opened = guarded(self, lambda: self.case_windows.open(self.session, reference, stage))
        return not isinstance(opened, Failed)

    def new_case(self) -> None:
        dialog = NewCaseDialog(self.session, self)
        dialog.opened.connect(self._case_opened)
        self.dialog = dialog
        dialog.open()

    def _case_opened(self, reference: str, stage: Stage | None) -> None:
        self.refresh()
        self.open_case(reference, stage)

    def change_password(self) -> None:
        dialog = ChangePasswordDialog(self.session, self)
        dialog.accepted.connect(lambda: show_message(
            self, "Your password has been changed.", icon=QMessageBox.Icon.Information))
        self.dialog = dialog
        dialog.open()

    def about(self) -> None:
        text = guarded(self, lambda: about_text(self.session))
        if isinstance(text, Failed):
            return
        box = QMessageBox(QMessageBox.Icon.NoIcon, f"About {TITLE}", text,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("about")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dialog = box
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """The window's close button quits properly (drafts saved, logout audited)."""
        if self.session.is_open and self.isVisible():
            event.ignore()
            self.quit_requested.emit()
            return
        event.accept()
