"""Unit cases: every case in the unit, filtered and searched on the service side,
shown through the windowed model (responsive at 100,000 cases)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Route, Stage
from app.domain.timescales import DeadlineState
from app.services.case_list import CaseQuery
from ui.messages import error_text
from ui.supervisor.case_model import COLUMNS, DEADLINE, FLAGS, REFERENCE, UnitCaseModel
from ui.supervisor.common import OptionalDate, ProblemLabel, Table, typed_problem
from ui.supervisor.style import FlagsDelegate

if TYPE_CHECKING:
    from app.services.session import Session
    from app.services.users import Account

SEARCH_DEBOUNCE_MS = 250
MIN_SEARCH = 2  # characters before a search runs
STATUSES = (("All cases", None), ("Open", "open"), ("Closed", "closed"))
DEADLINE_STATES = (("Any", None), ("Overdue", DeadlineState.OVERDUE.value),
                   ("Due soon", DeadlineState.DUE_SOON.value),
                   ("Open (not yet due soon)", DeadlineState.OPEN.value))


def _combo(name: str, accessible: str, items: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    for text, value in items:
        box.addItem(text, value)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


def officer_name(account: Account) -> str:
    """How the Officer filter names an account: as the case list does."""
    return account.display_name.strip() or account.username


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class CasesTab(QWidget):
    open_requested = Signal(str)
    assign_requested = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unit_cases")
        self.session = session
        self.model = UnitCaseModel(session, self)
        self.problem = ProblemLabel()
        self.filters = QVBoxLayout()
        self._build_filters()
        self.table = Table("unit_case_table", "Unit cases")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(FLAGS, FlagsDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._size_columns()
        # The indicator first: enabling sorting sorts by the indicated column.
        header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        self.table.activated_row.connect(self._open_row)
        self.model.counted.connect(self._show_count)
        self.model.load_failed.connect(self.problem.say)

        self.count = QLabel()
        self.count.setObjectName("count")
        self.open_button = QPushButton("&Open case")
        self.open_button.setObjectName("open_case")
        self.open_button.clicked.connect(self.open_selected)
        self.assign_button = QPushButton("Assi&gn to…")
        self.assign_button.setObjectName("assign")
        self.assign_button.clicked.connect(self._assign_selected)
        self.export_button = QPushButton("Export for anal&ysis…")
        self.export_button.setObjectName("export_cases")
        self.export_button.clicked.connect(self.open_export)
        self.subject_access_button = QPushButton("Su&bject access request…")
        self.subject_access_button.setObjectName("subject_access")
        self.subject_access_button.clicked.connect(self.open_subject_access)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.subject_access_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.assign_button)
        bottom.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.addLayout(self.filters)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        QWidget.setTabOrder(self.table, self.assign_button)
        QWidget.setTabOrder(self.assign_button, self.open_button)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filters)

    # -- filter bar ---------------------------------------------------------------
    def _build_filters(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Reference or any person's name (sounds-alike too)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cases")
        self.search.setMinimumWidth(260)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._search_now)
        self.stage = _combo("stage", "Stage", [("Any", None)] + [
            (f"{int(s)}. {s.title}", int(s)) for s in Stage])
        self.status = _combo("status", "Status", list(STATUSES))
        self.deadline = _combo("deadline_state", "Deadline state", list(DEADLINE_STATES))
        self.officer = _combo("officer", "Officer", [("Any", None)])
        self.route = _combo("route", "Route or outcome", [("Any", None)] + [
            (r.label, r.value) for r in Route])
        self.contact_from = OptionalDate("contact_from")
        self.contact_from.setAccessibleName("First contact from")
        self.contact_to = OptionalDate("contact_to")
        self.contact_to.setAccessibleName("First contact to")
        self.immediate_risk = QCheckBox("Immediate &risk")
        self.immediate_risk.setObjectName("flag_immediate_risk")
        self.repeat_subject = QCheckBox("Re&peat subject")
        self.repeat_subject.setObjectName("flag_repeat_subject")
        self.awaiting = QCheckBox("Awaiting sign-o&ff")
        self.awaiting.setObjectName("flag_awaiting_signoff")
        self.clear_button = QPushButton("C&lear filters")
        self.clear_button.setObjectName("clear_filters")
        self.clear_button.clicked.connect(self.clear_filters)
        for box in (self.stage, self.status, self.deadline, self.officer, self.route):
            box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        for check in (self.immediate_risk, self.repeat_subject, self.awaiting):
            check.toggled.connect(lambda _on: self.apply_filters())
        for edit in (self.contact_from, self.contact_to):
            edit.edited.connect(lambda: self._debounce.start())

        first = QHBoxLayout()
        first.addWidget(_label("&Search:", self.search))
        first.addWidget(self.search, 1)
        for text, box in (("S&tage:", self.stage), ("Stat&us:", self.status),
                          ("Ne&xt deadline:", self.deadline)):
            first.addSpacing(8)
            first.addWidget(_label(text, box))
            first.addWidget(box)
        second = QHBoxLayout()
        for text, box in (("Off&icer:", self.officer), ("Rout&e:", self.route)):
            second.addWidget(_label(text, box))
            second.addWidget(box)
            second.addSpacing(8)
        second.addWidget(_label("Co&ntact from:", self.contact_from))
        second.addWidget(self.contact_from)
        second.addWidget(_label("to", self.contact_to))
        second.addWidget(self.contact_to)
        second.addSpacing(12)
        for check in (self.immediate_risk, self.repeat_subject, self.awaiting):
            second.addWidget(check)
        second.addStretch(1)
        second.addWidget(self.clear_button)
        self.filters.addLayout(first)
        self.filters.addLayout(second)

    def _size_columns(self) -> None:
        """Widths from sample texts (no row is read: at 100,000 rows that matters)."""
        header = self.table.horizontalHeader()
        plain = self.table.fontMetrics()
        bold_font = QFont(self.table.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        header_metrics = header.fontMetrics()
        for column, spec in enumerate(COLUMNS):
            title = header_metrics.horizontalAdvance(spec.title) + 24
            if column == FLAGS:  # the last column stretches into whatever is left
                header.resizeSection(column, title + 14)
                continue
            metrics = bold if column in (REFERENCE, DEADLINE) else plain
            width = max(metrics.horizontalAdvance(spec.sample), title)
            header.resizeSection(column, width + 14)

    def set_officers(self, accounts: list[Account]) -> None:
        """Officers by the name the list shows them by ("PC Olive Ashdown"), filtering by
        their account; two with one name are told apart by log-in name."""
        current = self.officer.currentData()
        self.officer.blockSignals(True)
        self.officer.clear()
        self.officer.addItem("Any", None)
        names = Counter(officer_name(a) for a in accounts)
        for account in accounts:
            name = officer_name(account)
            self.officer.addItem(name if names[name] == 1 else f"{name} ({account.username})",
                                 account.username)
            self.officer.setItemData(self.officer.count() - 1,
                                     f"Log-in name {account.username}",
                                     Qt.ItemDataRole.ToolTipRole)
        index = self.officer.findData(current) if current else 0
        self.officer.setCurrentIndex(max(index, 0))
        self.officer.blockSignals(False)

    def search_text(self) -> str:
        """What is searched: nothing until the second character."""
        text = self.search.text().strip()
        return text if len(text) >= MIN_SEARCH else ""

    def current_query(self) -> CaseQuery:
        # Qt hands enum members back as plain values: turn them into members again.
        stage, route, state = (self.stage.currentData(), self.route.currentData(),
                               self.deadline.currentData())
        return CaseQuery(
            text=self.search_text(), status=self.status.currentData(),
            stage=Stage(stage) if stage is not None else None,
            route=Route(route) if route is not None else None,
            officer=self.officer.currentData(),
            deadline_state=DeadlineState(state) if state is not None else None,
            contact_from=self.contact_from.value(), contact_to=self.contact_to.value(),
            awaiting_signoff=self.awaiting.isChecked(),
            immediate_risk=self.immediate_risk.isChecked(),
            repeat_subject=self.repeat_subject.isChecked())

    def clear_filters(self) -> None:
        widgets = (self.stage, self.status, self.deadline, self.officer, self.route,
                   self.immediate_risk, self.repeat_subject, self.awaiting, self.search,
                   self.contact_from, self.contact_to)
        for widget in widgets:
            widget.blockSignals(True)
        for box in (self.stage, self.status, self.deadline, self.officer, self.route):
            box.setCurrentIndex(0)
        for check in (self.immediate_risk, self.repeat_subject, self.awaiting):
            check.setChecked(False)
        self.search.clear()
        self.contact_from.set_value(None)
        self.contact_to.set_value(None)
        for widget in widgets:
            widget.blockSignals(False)
        self.apply_filters()

    # -- loading --------------------------------------------------------------------
    def apply_filters(self, force: bool = False) -> bool:
        """Re-query when the filters changed (or when forced); False if it failed."""
        self._debounce.stop()
        unreadable = typed_problem(("Contact from", self.contact_from),
                                   ("Contact to", self.contact_to))
        if unreadable:  # never filter as "Any" on a date that cannot be read
            self.problem.say(unreadable)
            return False
        query = self.current_query()
        if not force and query == self.model.query and self.model.total:
            return True
        try:
            self.model.set_query(query)
        except Exception as error:  # noqa: BLE001 - refusal or fault: a plain sentence
            self.problem.say(error_text(error))
            return False
        self.problem.say("")
        if self.model.total and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))
        return True

    def load(self) -> bool:
        return self.apply_filters(force=True)

    def refresh(self) -> bool:
        """A case changed: re-count and reload the rows on screen, keeping the place."""
        try:
            self.model.refresh()
        except Exception as error:  # noqa: BLE001
            self.problem.say(error_text(error))
            return False
        return True

    def clear(self) -> None:
        self._debounce.stop()
        self.model.clear()
        self.problem.say("")

    def _search_now(self) -> None:
        if self.apply_filters() and self.model.total:
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.model.index(0, 0))

    def _sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        if COLUMNS[column].sort_key is None:  # flags: keep showing the order in force
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column(),
                                    Qt.SortOrder.DescendingOrder if self.model.descending
                                    else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)
            return
        if self.model.total:
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _show_count(self, total: int) -> None:
        noun = "case" if total == 1 else "cases"
        self.count.setText(f"{total:,} {noun}")
        self.open_button.setEnabled(total > 0)
        self.assign_button.setEnabled(total > 0)

    # -- rows -------------------------------------------------------------------------
    def selected_reference(self) -> str | None:
        row = self.table.current_row()
        return self.model.reference_at(row) if row >= 0 else None

    def _open_row(self, row: int) -> None:
        reference = self.model.reference_at(row)
        if reference is not None:
            self.open_requested.emit(reference)

    def open_selected(self) -> None:
        reference = self.selected_reference()
        if reference is not None:
            self.open_requested.emit(reference)

    def open_export(self) -> QDialog:
        """The export dialog, with the selected case filled in (issue 15 item 5)."""
        from ui.supervisor.export_dialog import ExportDialog

        dialog = ExportDialog(self.session, self.selected_reference(), self)
        dialog.open()
        return dialog

    def open_subject_access(self) -> QDialog:
        """Find a named person across all cases for a subject access request (issue 15
        item 6)."""
        from ui.supervisor.subject_access_dialog import SubjectAccessDialog

        dialog = SubjectAccessDialog(self.session, self)
        dialog.open()
        return dialog

    def _assign_selected(self) -> None:
        reference = self.selected_reference()
        if reference is not None:
            self.assign_requested.emit(reference)
