"""The annual return tab: Home Office annual data requirement and the FOI figures for a
chosen financial or calendar year, with CSV export and a PDF. Figures only. Counting
and writing run off the GUI thread (ui/task_runner.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.case_terms import term_note
from app.services.annual_return import YearBasis, year_period
from ui.date_input import YearLine
from ui.messages import show_error
from ui.supervisor.common import ProblemLabel, today
from ui.supervisor.period_toolbar import PeriodToolbar
from ui.supervisor.saving import save_outside
from ui.task_runner import TaskRunner

if TYPE_CHECKING:
    from app.services.annual_return import AnnualReturn
    from app.services.session import Session

HOME_OFFICE = ("applications", "rso_applications", "disclosures")
UNENCRYPTED = ("The file will be saved outside the encrypted unit database, unencrypted. "
               "It holds figures only — no names or case references — but treat it as "
               "OFFICIAL-SENSITIVE. The export is recorded in the audit trail.")


def saved_unencrypted(target: Path) -> str:
    return (f"Saved to {target}. It is not encrypted: store it as OFFICIAL-SENSITIVE and "
            "delete it when done.")


class AnnualReturnTab(QWidget):
    failed = Signal()  # loading failed: the tab is worth loading again when shown

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annual_return")
        self.session = session
        self.result: AnnualReturn | None = None
        self._wanted: object | None = None  # the load whose result may still be shown
        now = today(session.clock.now())
        self.basis = QComboBox()
        self.basis.setObjectName("basis")
        self.basis.setAccessibleName("Kind of year")
        self.basis.addItem("Financial year (April – March)", YearBasis.FINANCIAL)
        self.basis.addItem("Calendar year (January – December)", YearBasis.CALENDAR)
        self.year = YearLine()  # typed: 2024, 24 or 2024/25
        self.year.setObjectName("year")
        self.year.setAccessibleName("Year starting")
        self.year.setToolTip("Type the year the period starts in: 2024, 24 or 2024/25.")
        # The last complete financial year is the one a return is usually asked for.
        self.year.set_value(now.year - 1 if now.month >= 4 else now.year - 2)
        self.year.edited.connect(self._say_period)
        self.year.returnPressed.connect(self.load)
        self.basis.currentIndexChanged.connect(self._say_period)
        self.toolbar = top = PeriodToolbar(
            (("&Year starting:", self.year), ("&Kind:", self.basis)), show=self.load,
            export_csv=self.export_csv, second=("Save &PDF…", "save_pdf", self.save_pdf))
        self.show_button, self.export_button = top.show_button, top.export_button
        self.pdf_button = top.second_button
        self.period = QLabel()
        self.period.setObjectName("period")
        self.period.setTextFormat(Qt.TextFormat.PlainText)
        self.note = QLabel(
            "Home Office returns since April 2021 count applications, how many concerned "
            "registered sex offenders and how many led to disclosure. A case counts in the year "
            "of its first contact (Europe/London), as in Unit figures, so the two reconcile. "
            "Registered sex offender: the stage 4 record shows MAPPA category 1. Days to "
            "disclosure run from first contact to the recorded disclosure meeting.")
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.problem = ProblemLabel()
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("return_table")
        self.table.setAccessibleName("Annual return figures")
        self.table.setHorizontalHeaderLabels(["Figure", "Number"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.period)
        layout.addWidget(self.note)
        layout.addWidget(self.problem)
        self.table.setMaximumWidth(900)  # label and number stay within one glance
        layout.addWidget(self.table, 1)
        self._say_period()
        self._enable_outputs()

    def chosen(self) -> tuple[int | None, YearBasis]:
        """The year typed (None when it cannot be read) and the kind of year."""
        return self.year.value(), YearBasis(self.basis.currentData())

    def year_problem(self) -> str | None:
        return self.year.problem() or (
            "Type the year the period starts in." if self.year.value() is None else None)

    def _say_period(self) -> None:
        year, basis = self.chosen()
        if year is None:
            self.period.setText(self.year_problem() or "")
            return
        start, end = year_period(year, basis)
        shown = "" if self.result is None else f"  Showing {self.result.label}."
        self.period.setText(f"Period: {basis.label}, cases first contacted "
                            f"{start:%-d %B %Y} to {end:%-d %B %Y}.{shown}")

    def _enable_outputs(self) -> None:
        self.toolbar.enable_outputs(self.result is not None)

    def load(self) -> bool:
        """Count the year off the GUI thread (cancellable); True once started."""
        from app.services.annual_return import annual_return

        year, basis = self.chosen()
        if year is None:
            # What was shown stays, but is not exported as if it were the year typed.
            shown = f" Still showing {self.result.label}." if self.result else ""
            self.problem.say(f"Year starting: {self.year_problem()}{shown}")
            self.toolbar.enable_outputs(False)
            return False
        wanted = self._wanted = object()
        return TaskRunner.instance().run(
            self, self.session,
            lambda worker, progress: annual_return(worker, year, basis, progress),
            title="Counting the annual return…", cancellable=True,
            on_done=lambda result: self._loaded(wanted, result), on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        show_error(self, error)
        self.failed.emit()

    def _loaded(self, wanted: object, result: AnnualReturn) -> None:
        if wanted is not self._wanted:  # cleared (locked) since it was asked for
            return
        self.result = result
        self._fill()
        self._say_period()
        self._enable_outputs()
        self.problem.say("" if result.initial_contacts
                         else "No cases had their first contact in this year.")

    def _fill(self) -> None:
        assert self.result is not None
        rows = self.result.rows()
        home = [r for r in rows if r[0] in HOME_OFFICE]
        other = [r for r in rows if r[0] not in HOME_OFFICE]
        lines: list[tuple[str, str] | str] = ["Home Office annual data requirement",
                                              *[(lbl, str(v)) for _, lbl, v in home],
                                              "Further figures (FOI requests)",
                                              *[(lbl, str(v)) for _, lbl, v in other]]
        self.table.clearContents()
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            if isinstance(line, str):
                item = QTableWidgetItem(line)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                self.table.setItem(row, 0, item)
                self.table.setItem(row, 1, QTableWidgetItem(""))
                continue
            label = QTableWidgetItem(line[0])
            note = term_note(line[0])  # 2023 terms say where they come from
            if note:
                label.setToolTip(note)
            self.table.setItem(row, 0, label)
            value = QTableWidgetItem(line[1])
            value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 1, value)

    def value_of(self, label: str) -> str | None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.text() == label:
                cell = self.table.item(row, 1)
                return cell.text() if cell is not None else None
        return None

    def clear(self) -> None:
        self._wanted = None
        self.result = None
        self.table.clearContents()
        self.table.setRowCount(0)
        self.problem.say("")
        self._say_period()
        self._enable_outputs()

    # -- outputs ----------------------------------------------------------------------
    def _name(self, suffix: str) -> str:
        assert self.result is not None
        return f"annual-return-{self.result.label.replace('/', '-')}-{self.result.basis}{suffix}"

    def export_csv(self) -> Path | None:
        from app.services.annual_return import return_csv

        result = self.result
        if result is None:
            return None
        return save_outside(
            self, self.session, title="Export the annual return", warning=UNENCRYPTED,
            suggested=self._name(".csv"), filters="CSV files (*.csv)", suffix=".csv",
            write=lambda worker, target: target.write_text(
                return_csv(worker, result), encoding="utf-8", newline=""),
            saved=saved_unencrypted)

    def save_pdf(self) -> Path | None:
        from app.services.annual_return import return_pdf

        result = self.result
        if result is None:
            return None
        return save_outside(
            self, self.session, title="Save the annual return as PDF", warning=UNENCRYPTED,
            suggested=self._name(".pdf"), filters="PDF files (*.pdf)", suffix=".pdf",
            write=lambda worker, target: target.write_bytes(return_pdf(worker, result)),
            saved=saved_unencrypted)
