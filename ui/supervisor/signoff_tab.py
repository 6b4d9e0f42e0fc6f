"""Sign-off queue: stage 5 decisions awaiting a supervisor — approve, or return with a
comment the officer will see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.services.case_list import CaseQuery, count_cases, find_case_ids, summaries_for
from ui.messages import Failed, error_text, guarded, show_message
from ui.supervisor import common
from ui.supervisor.case_model import deadline_text
from ui.supervisor.common import ProblemLabel, RowsModel, Table, local_text
from ui.supervisor.decision_text import decision_html
from ui.supervisor.dialogs import ReturnDialog
from ui.supervisor.style import STATE_COLOURS

if TYPE_CHECKING:
    from app.services.session import Session

QUEUE = CaseQuery(awaiting_signoff=True)
QUEUE_LIMIT = 500
COLUMNS = ("Reference", "Officer", "Subject", "Contact", "Next deadline")
COLUMN_SAMPLES = ("CSO/2026/000000", "Unassigned", "Papadopoulou", "30 Sep 2026",
                  "Due soon · Wed 30 Sep 2026 23:59")


class SignoffTab(QWidget):
    open_requested = Signal(str)
    changed = Signal()  # a decision was approved or returned
    counted = Signal(int)  # cases in the queue

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signoff_queue")
        self.session = session
        self.dialog: ReturnDialog | None = None
        self.model = RowsModel(COLUMNS, self)
        self.table = Table("signoff_table", "Decisions awaiting sign-off")
        self.table.setModel(self.model)
        self.table.activated_row.connect(lambda _row: self.open_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev:
                                                              self._show(cur.row()))
        self.summary = QTextBrowser()
        self.summary.setObjectName("decision_summary")
        self.summary.setAccessibleName("The decision awaiting sign-off")
        self.summary.setOpenLinks(False)
        self.heading = QLabel()
        self.heading.setObjectName("queue_count")
        self.problem = ProblemLabel()

        self.open_button = QPushButton("&Open case")
        self.open_button.setObjectName("open_case")
        self.open_button.clicked.connect(self.open_selected)
        self.approve_button = QPushButton("A&pprove")
        self.approve_button.setObjectName("approve")
        self.approve_button.clicked.connect(self.approve)
        self.return_button = QPushButton("&Return with comment…")
        self.return_button.setObjectName("return")
        self.return_button.clicked.connect(self.return_decision)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.return_button)
        buttons.addWidget(self.approve_button)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.summary, 1)
        right_layout.addLayout(buttons)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.problem)
        layout.addWidget(splitter, 1)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        for button in (self.open_button, self.approve_button, self.return_button):
            button.setEnabled(on)

    # -- loading ----------------------------------------------------------------------
    def count(self) -> int:
        """How many decisions wait (for the tab title); raises on refusal."""
        return count_cases(self.session, QUEUE, mine=False)

    def load(self) -> bool:
        selected = self.selected_reference()
        try:
            ids = find_case_ids(self.session, QUEUE, mine=False, sort="deadline",
                                limit=QUEUE_LIMIT)
            cases = summaries_for(self.session, ids)
        except Exception as error:  # noqa: BLE001
            self.problem.say(error_text(error))
            return False
        self.problem.say("")
        colours = {}
        for row, case in enumerate(cases):
            state = case.next_deadline.state.value if case.next_deadline else ""
            if state in STATE_COLOURS:
                colours[(row, 4)] = STATE_COLOURS[state]
        self.model.set_rows(
            [(c.reference, c.officer_name, c.subject_surname or "—",
              local_text(c.contact_at, with_time=False), deadline_text(c)) for c in cases],
            [c.reference for c in cases], colours,
            {(row, 1): f"{c.officer_name} (log-in name {c.officer})"
             for row, c in enumerate(cases)})
        self._size_columns()
        self._fit_table()
        n = len(cases)
        self.heading.setText("No decisions are waiting for sign-off." if n == 0 else
                             f"{n} decision{'s' if n != 1 else ''} waiting for sign-off, "
                             "the most urgent first. Select one to read it.")
        self.counted.emit(n)
        row = self.model.row_of(selected) if selected else -1
        if n:
            self.table.setCurrentIndex(self.model.index(max(row, 0), 0))
        else:
            self.summary.clear()
            self._enable(False)
        return True

    def _size_columns(self) -> None:
        """Fit the contents, but never narrower than a typical value: an empty queue
        keeps readable columns instead of squeezing them to their titles."""
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        for column, sample in enumerate(COLUMN_SAMPLES):
            header.resizeSection(column, max(header.sectionSize(column),
                                             metrics.horizontalAdvance(sample) + 14))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._fit_table()

    def _fit_table(self) -> None:
        """The queue is as wide as its columns; the decision takes the rest."""
        header = self.table.horizontalHeader()
        wanted = header.length() + 2 * self.table.frameWidth() + \
            self.table.verticalScrollBar().sizeHint().width() + 4
        total = sum(self.splitter.sizes()) or self.width()
        if total > 0:
            wanted = min(wanted, total // 2)
            self.splitter.setSizes([wanted, max(total - wanted, 1)])

    def clear(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None
        self.model.clear()
        self.summary.clear()
        self.heading.clear()
        self.problem.say("")
        self._enable(False)

    def _show(self, row: int) -> None:
        reference = self.model.key(row)
        self.summary.clear()
        self._enable(reference is not None)
        if reference is None:
            return
        from app.services.cases import get_case

        try:  # reading the decision is a consultation of the case: audited by the service
            case = get_case(self.session, reference)
        except Exception as error:  # noqa: BLE001
            self.summary.setPlainText(error_text(error))
            return
        self.summary.setHtml(decision_html(case))

    # -- actions ----------------------------------------------------------------------
    def selected_reference(self) -> str | None:
        key = self.model.key(self.table.current_row())
        return str(key) if key is not None else None

    def select(self, reference: str) -> None:
        row = self.model.row_of(reference)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def open_selected(self) -> None:
        reference = self.selected_reference()
        if reference is not None:
            self.open_requested.emit(reference)

    def approve(self) -> None:
        from app.services.case_actions import sign_off

        reference = self.selected_reference()
        if reference is None or not common.confirm(
                self, "Approve the decision",
                f"Approve the decision on case {reference}? The officer can then record the "
                "outcome.", "A&pprove"):
            return
        done = guarded(self, lambda: sign_off(self.session, reference, approve=True))
        if isinstance(done, Failed):
            return
        show_message(self, f"The decision on case {reference} is approved.",
                     icon=QMessageBox.Icon.Information)
        self._after_change()

    def return_decision(self) -> None:
        reference = self.selected_reference()
        if reference is None:
            return
        self.dialog = ReturnDialog(self.session, reference, self)

        def returned() -> None:  # confirmed as an approval is
            show_message(self, f"The decision on case {reference} is returned to the officer "
                               "with your comment.", icon=QMessageBox.Icon.Information)
            self._after_change()

        self.dialog.accepted.connect(returned)
        self.dialog.open()

    def _after_change(self) -> None:
        self.load()
        self.changed.emit()
