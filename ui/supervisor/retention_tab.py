"""Retention reviews: closed cases whose review date has come — retain until a later
review, or dispose of the personal data (typed-reference confirmation)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.date_input import DateLine, calendar_button
from ui.messages import Failed, error_text, guarded, show_message
from ui.supervisor.common import (
    ProblemLabel,
    RowsModel,
    Table,
    day_text,
    today,
    typed_problem,
)
from ui.supervisor.dialogs import DisposeDialog, RetainDialog, ServiceDialog

if TYPE_CHECKING:
    from app.services.retention import ReviewItem
    from app.services.session import Session

COLUMNS = ("Reference", "Route at closure", "Closed on", "Review due", "Reviews so far")


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class RetentionTab(QWidget):
    open_requested = Signal(str)
    changed = Signal()  # a case was disposed of (the case list changes)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retention")
        self.session = session
        self.items: list[ReviewItem] = []
        self.dialog: ServiceDialog | None = None

        self.on = DateLine()
        self.on.setObjectName("due_by")
        self.on.setAccessibleName("Reviews due on or before")
        self.on.set_value(today(session.clock.now()))
        self.on.returnPressed.connect(self.load)
        on_label = QLabel("Reviews due on or &before:")
        on_label.setBuddy(self.on)
        self.show_button = QPushButton("&Show")
        self.show_button.setObjectName("show")
        self.show_button.clicked.connect(self.load)
        self.years = QSpinBox()
        self.years.setObjectName("retention_years")
        self.years.setAccessibleName("Retention period in years after closure")
        self.years.setRange(1, 100)
        self.years.setSuffix(" years")
        self.years.valueChanged.connect(
            lambda n: self.years.setSuffix(" year" if n == 1 else " years"))
        years_label = QLabel("Review closed cases after:")
        years_label.setBuddy(self.years)
        self.save_years = QPushButton("Sa&ve period")
        self.save_years.setObjectName("save_years")
        self.save_years.clicked.connect(self.set_years)
        top = QHBoxLayout()
        top.addWidget(on_label)
        top.addWidget(self.on)
        top.addWidget(calendar_button(self.on, self))
        top.addWidget(self.show_button)
        top.addStretch(1)
        top.addWidget(years_label)
        top.addWidget(self.years)
        top.addWidget(self.save_years)

        self.model = RowsModel(COLUMNS, self)
        self.table = Table("reviews_table", "Retention reviews due")
        self.table.setModel(self.model)
        self.table.activated_row.connect(lambda _row: self.open_selected())
        self.heading = QLabel()
        self.heading.setObjectName("reviews_count")
        self.heading.setWordWrap(True)
        self.problem = ProblemLabel()
        self.open_button = QPushButton("&Open case")
        self.open_button.setObjectName("open_case")
        self.open_button.clicked.connect(self.open_selected)
        self.retain_button = QPushButton("&Retain until…")
        self.retain_button.setObjectName("retain")
        self.retain_button.clicked.connect(self.retain_selected)
        self.dispose_button = QPushButton("&Dispose…")
        self.dispose_button.setObjectName("dispose")
        self.dispose_button.clicked.connect(self.dispose_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.retain_button)
        buttons.addWidget(self.dispose_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.heading)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        for button in (self.open_button, self.retain_button, self.dispose_button):
            button.setEnabled(on)

    # -- loading ----------------------------------------------------------------------
    def load(self) -> bool:
        from app.services.retention import retention_years, reviews_due

        selected = self.selected_reference()
        on = self.on.value()
        if on is None:
            self.problem.say(typed_problem(("Reviews due on or before", self.on))
                             or "Type the date to show reviews due on or before it.")
            return False
        try:
            items = reviews_due(self.session, on=on)
            years = retention_years(self.session)
        except Exception as error:  # noqa: BLE001
            self.problem.say(error_text(error))
            return False
        self.problem.say("")
        self.items = items
        self.years.setValue(years)
        self.model.set_rows([(i.reference, i.route.short_label if i.route else "—",
                              day_text(i.closed_on), day_text(i.review_on), str(i.reviews))
                             for i in items], [i.reference for i in items])
        self.table.resizeColumnsToContents()
        n = len(items)
        self.heading.setText(
            "No closed case is due for review." if n == 0 else
            f"{n} closed case{'s are' if n != 1 else ' is'} due for review. Retain each with "
            "a reason and a next review date, or dispose of its personal data.")
        self._enable(n > 0)
        if n:
            row = self.model.row_of(selected) if selected else -1
            self.table.setCurrentIndex(self.model.index(max(row, 0), 0))
        return True

    def clear(self) -> None:
        self.items = []
        self.model.clear()
        self.heading.clear()
        self.problem.say("")
        self._enable(False)
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None

    def set_years(self) -> None:
        from app.services.retention import set_retention_years

        years = self.years.value()
        if isinstance(guarded(self, lambda: set_retention_years(self.session, years)), Failed):
            return
        show_message(self, f"Closed cases are now reviewed {years} years after closure.",
                     icon=QMessageBox.Icon.Information)
        self.load()

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

    def retain_selected(self) -> RetainDialog | None:
        reference = self.selected_reference()
        if reference is None:
            return None
        now = today(self.session.clock.now())
        suggested = _add_years(now, self.years.value())
        dialog = RetainDialog(self.session, reference, suggested,
                              now + timedelta(days=1), self)
        dialog.accepted.connect(lambda: self._done(f"Case {reference} is kept until its next "
                                                   "review.", changed=False))
        self.dialog = dialog
        dialog.open()
        return dialog

    def dispose_selected(self) -> DisposeDialog | None:
        reference = self.selected_reference()
        if reference is None:
            return None
        dialog = DisposeDialog(self.session, reference, self)
        dialog.accepted.connect(lambda: self._done(
            f"The personal data of case {reference} has been erased. The audit trail keeps "
            "the record of the disposal.", changed=True))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _done(self, text: str, changed: bool) -> None:
        self.dialog = None
        self.load()
        show_message(self, text, icon=QMessageBox.Icon.Information)
        if changed:
            self.changed.emit()
