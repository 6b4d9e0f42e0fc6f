"""The supervisor's view: ten tabs over the supervisor services.

Wiring (for the main window of a supervisor)::

    from ui.supervisor import SupervisorView, add_supervisor_menu
    view = SupervisorView(session, case_windows)      # loads the unit case list
    tabs.addTab(view, "Supervisor") or setCentralWidget(view)
    add_supervisor_menu(main_window, view)            # "Supervisor" menu, Ctrl+1…9, 0
    # idle lock:  view.clear()  (before the session is suspended)
    # unlock:     view.start()  (the same session, resumed)

Tabs are loaded the first time they are shown (the audit and figures views are
recorded in the audit trail, so they are not reloaded behind the user's back).
A role the services refuse (e.g. an officer) gets the service's sentence and
empty, disabled tabs.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QMessageBox, QTabWidget, QWidget

from app.domain.enums import Role
from app.errors import NotAuthorised
from ui.messages import Failed, guarded, show_message
from ui.supervisor.annual_tab import AnnualReturnTab
from ui.supervisor.approvals_tab import ApprovalsTab
from ui.supervisor.audit_tab import AuditTab
from ui.supervisor.cases_tab import CasesTab
from ui.supervisor.dialogs import AssignDialog
from ui.supervisor.figures_tab import FiguresTab
from ui.supervisor.policy_tab import PolicyTab
from ui.supervisor.repeat_tab import RepeatTab
from ui.supervisor.retention_tab import RetentionTab
from ui.supervisor.signoff_tab import SignoffTab
from ui.tasks_view import TasksView

if TYPE_CHECKING:
    from app.services.session import Session
    from app.services.users import Account
    from ui.case_windows import CaseWindows

CASES, SIGNOFF, REPEAT, FIGURES, AUDIT, RETENTION, POLICY, ANNUAL, TASKS, APPROVALS = range(10)
QUEUE_COUNT_DELAY_MS = 250
TITLES = ("Unit &cases", "Sign-off &queue", "&Repeat subjects", "Unit &figures",
          "&Audit trail", "Rete&ntion", "&Timescale policy", "Ann&ual return", "Open tas&ks",
          "Accounts awaiting a&pproval")


class Tab(Protocol):
    def load(self) -> bool: ...
    def clear(self) -> None: ...


class SupervisorView(QTabWidget):
    case_list_changed = Signal()  # a supervisor action changed cases (e.g. for other lists)

    def __init__(self, session: Session, case_windows: CaseWindows,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supervisor_view")
        self.session = session
        self.case_windows = case_windows
        self.accounts: list[Account] = []
        self.refusal = ""
        self.dialog: QDialog | None = None
        self.cases = CasesTab(session)
        self.signoff = SignoffTab(session)
        self.repeat = RepeatTab(session)
        self.figures = FiguresTab(session)
        self.audit = AuditTab(session)
        self.retention = RetentionTab(session)
        self.policy = PolicyTab(session)
        self.annual = AnnualReturnTab(session)
        self.unit_tasks = TasksView(session, unit=True)
        self.approvals = ApprovalsTab(session)
        self.tabs: tuple[QWidget, ...] = (self.cases, self.signoff, self.repeat, self.figures,
                                          self.audit, self.retention, self.policy, self.annual,
                                          self.unit_tasks, self.approvals)
        self.loaders: tuple[Tab, ...] = (self.cases, self.signoff, self.repeat, self.figures,
                                         self.audit, self.retention, self.policy, self.annual,
                                         self.unit_tasks, self.approvals)
        for tab, title in zip(self.tabs, TITLES, strict=True):
            self.addTab(tab, title.replace("&", ""))
        self.setDocumentMode(True)
        self._stale = set(range(len(self.tabs)))
        for tab in (self.cases, self.signoff, self.repeat, self.retention, self.unit_tasks):
            tab.open_requested.connect(self.open_case)
        self.cases.assign_requested.connect(self.assign)
        self.signoff.changed.connect(lambda: self._cases_changed(SIGNOFF))
        self.signoff.counted.connect(self._show_queue_count)
        self.approvals.counted.connect(self._show_approvals_count)
        self.retention.changed.connect(lambda: self._cases_changed(RETENTION))
        self.policy.adopted.connect(lambda _version: self._stale.add(AUDIT))
        # Figures and the annual return load off the GUI thread: a failure seen later.
        self.figures.failed.connect(lambda: self._stale.add(FIGURES))
        self.annual.failed.connect(lambda: self._stale.add(ANNUAL))
        case_windows.case_changed.connect(lambda _ref: self._cases_changed())
        self.currentChanged.connect(self._tab_shown)
        self.start()

    # -- loading ----------------------------------------------------------------------
    def start(self) -> bool:
        """Load the people pickers, the case list and the queue count; False if refused."""
        self.refusal = ""
        for index in range(len(self.tabs)):
            self.setTabEnabled(index, True)
        if not self.cases.load():
            self.refusal = self.cases.problem.text()
            if self.session.user.role is not Role.SUPERVISOR:
                for index in range(1, len(self.tabs)):
                    self.setTabEnabled(index, False)
            return False
        self._stale.discard(CASES)
        self.load_people()
        # After the first rows are painted: counting the queue must not delay them
        # (at 100,000 cases the sign-off filter is not yet indexed: ~0.5 s).
        QTimer.singleShot(QUEUE_COUNT_DELAY_MS, self.count_queue)
        if self.currentIndex() != CASES:
            self._tab_shown(self.currentIndex())
        return True

    def load_people(self) -> None:
        from app.services.users import list_users

        try:
            accounts = list_users(self.session)
        except Exception:  # noqa: BLE001 - the pickers then offer "Any" only
            accounts = []
        self.accounts = [a for a in accounts if a.active and a.role is not Role.ADMINISTRATOR]
        self.cases.set_officers(self.accounts)
        self.audit.set_users(accounts)

    def load_tab(self, index: int) -> bool:
        loaded = bool(self.loaders[index].load())
        if loaded:
            self._stale.discard(index)
        return loaded

    def _tab_shown(self, index: int) -> None:
        if index in self._stale and not self.refusal:
            self.load_tab(index)

    def count_queue(self) -> None:
        """Show how many decisions wait in the sign-off tab's title."""
        if not self.session.is_open or self.refusal:
            return
        with suppress(Exception):  # the queue tab says why when it is opened
            self._show_queue_count(self.signoff.count())
        with suppress(Exception):  # likewise the approvals tab
            self._show_approvals_count(self.approvals.count())

    def _show_queue_count(self, count: int) -> None:
        self._show_count(SIGNOFF, count)

    def _show_approvals_count(self, count: int) -> None:
        self._show_count(APPROVALS, count)

    def _show_count(self, index: int, count: int) -> None:
        title = TITLES[index].replace("&", "")
        self.setTabText(index, f"{title} ({count})" if count else title)

    def _cases_changed(self, source: int | None = None) -> None:
        """A case moved on, was signed off, assigned or disposed of (by ``source``, a tab
        that has already reloaded itself, or in a case window)."""
        if not self.session.is_open or self.refusal:
            return
        self.cases.refresh()
        self._stale |= {SIGNOFF, REPEAT, RETENTION, TASKS} - {source}
        self.count_queue()
        shown = self.currentIndex()
        if shown in self._stale and shown in (SIGNOFF, RETENTION, TASKS):
            self.load_tab(self.currentIndex())
        self.case_list_changed.emit()

    def refresh(self) -> None:
        """Reload the case list and the tab on show (menu: Refresh)."""
        if not self.session.is_open:
            return
        self.cases.refresh()
        if self.currentIndex() != CASES:
            self.load_tab(self.currentIndex())

    # -- lock and unlock ----------------------------------------------------------------
    def clear(self) -> None:
        """On lock: close our dialogs and drop every row; nothing of a case stays."""
        for dialog in self.findChildren(QDialog):
            dialog.close()
        self.dialog = None
        for tab in self.loaders:
            tab.clear()
        self.accounts = []
        self._stale = set(range(len(self.tabs)))

    def reload(self) -> bool:
        """After unlock (the same session, resumed): reload what is shown."""
        self._stale = set(range(len(self.tabs)))
        return self.start()

    # -- actions ----------------------------------------------------------------------
    def open_case(self, reference: str) -> bool:
        opened = guarded(self, lambda: self.case_windows.open(self.session, reference))
        return not isinstance(opened, Failed)

    def assign(self, reference: str) -> AssignDialog | None:
        if not self.accounts:
            self.load_people()
        case = self.cases.model.case_at(self.cases.table.current_row())
        current = case.assigned_to if case is not None and case.reference == reference else None
        dialog = AssignDialog(self.session, reference, self.accounts, current, self)
        dialog.accepted.connect(lambda: self._assigned(reference, dialog.assigned_to))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _assigned(self, reference: str, username: str) -> None:
        self.dialog = None
        self._cases_changed()
        show_message(self, f"Case {reference} is now assigned to {username}.",
                     icon=QMessageBox.Icon.Information)


def add_supervisor_menu(main_window: QMainWindow, view: SupervisorView) -> QMenu:
    """A "Supervisor" menu: go to each tab (Ctrl+1…9, Ctrl+0 for the tenth) and refresh."""
    menu = main_window.menuBar().addMenu("Super&visor")
    menu.setObjectName("supervisor_menu")
    for index, title in enumerate(TITLES):
        action = QAction(title, main_window)
        action.setObjectName(f"supervisor_tab_{index + 1}")
        action.setShortcut(QKeySequence(f"Ctrl+{(index + 1) % 10}"))  # the tenth: Ctrl+0
        action.triggered.connect(lambda _on=False, i=index: _show_tab(view, i))
        menu.addAction(action)
    menu.addSeparator()
    access = QAction("Su&bject access request…", main_window)
    access.setObjectName("supervisor_subject_access")
    access.triggered.connect(lambda _on=False: view.cases.open_subject_access())
    menu.addAction(access)
    refresh = QAction("Refresh this &tab", main_window)
    refresh.setObjectName("supervisor_refresh")
    refresh.triggered.connect(view.refresh)
    menu.addAction(refresh)
    return menu


def _show_tab(view: SupervisorView, index: int) -> None:
    view.setCurrentIndex(index)
    view.currentWidget().setFocus()


__all__ = ["SupervisorView", "add_supervisor_menu", "NotAuthorised"]
