"""Unit figures by month: a chart, a table (volumes, outcomes, % of each deadline met,
median days to close), CSV export and a printed summary. Figures only.

Counting, the CSV and the printable summary run off the GUI thread (ui/task_runner.py);
the print dialog and the printing stay on it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QEvent, QMargins, QObject, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.case_terms import term_note
from app.domain.enums import Route
from app.domain.timescales import DeadlineKind
from ui.date_input import MonthLine
from ui.messages import guarded, show_error
from ui.supervisor import common
from ui.supervisor.common import ProblemLabel, today, typed_problem
from ui.supervisor.period_toolbar import PeriodToolbar
from ui.supervisor.saving import save_outside
from ui.task_runner import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from app.services.figures import MonthFigures
    from app.services.session import Session

Measure = tuple[str, Callable[["MonthFigures"], str]]
# (bar label, colour, value) — the outcomes a supervisor reports each month
BARS: tuple[tuple[str, str, Callable[[MonthFigures], int]], ...] = (
    ("Initial contacts", "#1f4e79", lambda f: f.initial_contacts),
    ("Applications", "#4a90c2", lambda f: f.applications),
    ("Disclosures", "#b00020", lambda f: f.disclosures),
    ("Non-disclosures", "#2e7d32", lambda f: f.non_disclosures),
    ("Redirects", "#f0a202", lambda f: f.redirects),
    ("Intelligence only", "#6d4c9f", lambda f: f.intelligence_only),
)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _met(kind: DeadlineKind) -> Callable[[MonthFigures], str]:
    return lambda f: _pct(f.timeliness(kind))


def _count(fn: Callable[[MonthFigures], int]) -> Callable[[MonthFigures], str]:
    return lambda f: str(fn(f))


RIGHT_TO_KNOW = "Right to know (police-initiated)"

MEASURES: tuple[Measure, ...] = (
    *((label, _count(fn)) for label, _, fn in BARS),
    ("Still open", lambda f: str(f.open_cases)),
    # Every route has a row, so contacts = still open + closed by route (issue 11 item 15).
    *((f"Closed: {route.label}", (lambda r: lambda f: str(f.closed_by_route[r]))(route))
      for route in Route),
    (RIGHT_TO_KNOW, lambda f: str(f.right_to_know)),
    ("Safeguarding referrals sent", lambda f: str(f.referrals_sent)),
    ("Referrals chased late", lambda f: str(f.referrals_chased_late)),
    *((f"% met: {kind.label}", _met(kind)) for kind in DeadlineKind),
    ("Median days to close", lambda f: _days(f.median_days_to_close)),
)


def measures(figures: Sequence[MonthFigures]) -> tuple[Measure, ...]:
    """The rows for ``figures``: MEASURES with the right-to-know cases split after their
    total into still open and a row per route any shown month closed one by, so the
    split adds up to the total."""
    at = [label for label, _ in MEASURES].index(RIGHT_TO_KNOW) + 1
    routes = [r for r in Route if any(f.right_to_know_by_route[r] for f in figures)]
    split: tuple[Measure, ...] = (
        ("Right to know — still open", lambda f: str(f.right_to_know_open)),
        *((f"Right to know — closed: {route.label}",
           (lambda r: lambda f: str(f.right_to_know_by_route[r]))(route)) for route in routes))
    return MEASURES[:at] + split + MEASURES[at:]


def month_label(month: str) -> str:
    return date.fromisoformat(f"{month}-01").strftime("%b %Y")


class FiguresTab(QWidget):
    failed = Signal()  # loading failed: the tab is worth loading again when shown

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unit_figures")
        self.session = session
        self.figures: list[MonthFigures] = []
        self._wanted: object | None = None  # the load whose result may still be shown
        this_month = today(session.clock.now()).replace(day=1)
        start = (this_month - timedelta(days=335)).replace(day=1)
        self.start = self._month_edit("from_month", "From month", start)
        self.end = self._month_edit("to_month", "To month", this_month)
        self.toolbar = top = PeriodToolbar(
            (("&From:", self.start), ("&To:", self.end)), show=self.load,
            export_csv=self.export_csv, second=("&Print…", "print", self.print_summary))
        self.show_button, self.export_button = top.show_button, top.export_button
        self.print_button = top.second_button
        self.note = QLabel("Months are those of first contact (Europe/London). "
                           "% met counts deadlines that have fallen due or been completed.")
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.problem = ProblemLabel()

        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart_view = QChartView(self.chart)
        self.chart_view.setObjectName("chart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(220)
        self.chart_view.setAccessibleName("Chart of cases per month")
        self.table = QTableWidget()
        self.table.setObjectName("figures_table")
        self.table.installEventFilter(self)  # its height depends on its width (_fit_height)
        self.table.setAccessibleName("Unit figures per month")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart_view)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.problem)
        layout.addWidget(splitter, 1)
        self._enable_outputs()

    @staticmethod
    def _month_edit(name: str, accessible: str, month: date) -> MonthLine:
        """A month typed as people type it: 03/2026, 3/26 or Mar 2026."""
        edit = MonthLine()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setToolTip("Type the month: 03/2026, 3/26 or Mar 2026.")
        edit.set_value(month)
        return edit

    def period(self) -> tuple[date, date]:
        """The first day of the first month to the last day of the last; the months
        must be readable (``month_problem`` is None)."""
        first, last = self.start.value(), self.end.value()
        assert first is not None and last is not None, "period() of unreadable months"
        end = (last + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return first, end

    def month_problem(self) -> str | None:
        unreadable = typed_problem(("From", self.start), ("To", self.end))
        if unreadable:
            return unreadable
        if self.start.value() is None or self.end.value() is None:
            return "Type the first and the last month to show."
        return None

    def _enable_outputs(self) -> None:
        self.toolbar.enable_outputs(bool(self.figures))

    # -- loading ----------------------------------------------------------------------
    def load(self) -> bool:
        """Count the figures off the GUI thread (cancellable); True once started."""
        from app.services.figures import unit_figures

        refusal = self.month_problem()
        if refusal is None and self.period()[1] < self.period()[0]:
            refusal = "The first month must not be after the last."
        if refusal is not None:
            # What was shown stays (nothing is lost), said to be another period, and
            # cannot be exported or printed as if it were the months now typed.
            shown = (f" Still showing {month_label(self.figures[0].month)} – "
                     f"{month_label(self.figures[-1].month)}." if self.figures else "")
            self.problem.say(refusal + shown)
            self.toolbar.enable_outputs(False)
            return False
        start, end = self.period()
        wanted = self._wanted = object()
        return TaskRunner.instance().run(
            self, self.session,
            lambda worker, progress: unit_figures(worker, start, end, progress),
            title="Counting the unit figures…", cancellable=True,
            on_done=lambda result: self._loaded(wanted, result), on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        show_error(self, error)
        self.failed.emit()

    def _loaded(self, wanted: object, result: list[MonthFigures]) -> None:
        if wanted is not self._wanted:  # cleared (locked) since it was asked for
            return
        self.problem.say("")
        self.figures = result
        self._fill_table()
        self._fill_chart()
        self._enable_outputs()
        if not result:
            self.problem.say("No cases had their first contact in these months.")

    def _fill_table(self) -> None:
        months = [month_label(f.month) for f in self.figures]
        self.table.clear()
        rows = measures(self.figures)
        self.table.setRowCount(len(rows))
        self.table.setColumnCount(len(months))
        self.table.setHorizontalHeaderLabels(months)
        self.table.setVerticalHeaderLabels([label for label, _ in rows])
        for row, (label, _) in enumerate(rows):  # 2023 terms say where they come from
            note, header_item = term_note(label), self.table.verticalHeaderItem(row)
            if note and header_item is not None:
                header_item.setToolTip(note)
        for row, (_, value) in enumerate(rows):
            for column, fig in enumerate(self.figures):
                item = QTableWidgetItem(value(fig))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(64)
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as its rows, plus a scroll bar only when the months do not fit (else
        a blank grey strip showed under the last row): the chart gets the rest."""
        header = self.table.horizontalHeader()
        frame = 2 * self.table.frameWidth()
        rows = self.table.verticalHeader().length()
        room = self.table.width() - self.table.verticalHeader().width() - frame
        needs_scroll = self.table.columnCount() * header.minimumSectionSize() > room
        scroll = self.table.horizontalScrollBar().sizeHint().height() if needs_scroll else 0
        self.table.setMaximumHeight(header.sizeHint().height() + rows + scroll + frame)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.table and event.type() == QEvent.Type.Resize \
                and self.table.columnCount():
            self._fit_height()
        return super().eventFilter(watched, event)

    def _fill_chart(self) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        series = QBarSeries()
        top = 0
        for label, colour, fn in BARS:
            bars = QBarSet(label)
            bars.setColor(QColor(colour))
            values = [fn(f) for f in self.figures]
            bars.append([float(v) for v in values])
            top = max([top, *values])
            series.append(bars)
        self.chart.addSeries(series)
        months = QBarCategoryAxis()
        months.append([date.fromisoformat(f"{f.month}-01").strftime("%b %y")
                       for f in self.figures])
        counts = QValueAxis()
        counts.setRange(0, max(1, top))
        counts.setLabelFormat("%d")
        counts.applyNiceNumbers()
        self.chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(months)
        series.attachAxis(counts)

    def clear(self) -> None:
        self._wanted = None
        self.figures = []
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        self.problem.say("")
        self._enable_outputs()

    # -- outputs ----------------------------------------------------------------------
    def export_csv(self) -> Path | None:
        """Save the figures shown as CSV (off the GUI thread); the path being written."""
        from app.services.figures import figures_csv

        figures = self.figures
        if not figures:
            return None
        first, last = figures[0].month, figures[-1].month  # the months shown
        return save_outside(
            self, self.session, title="Export unit figures",
            warning="The CSV file will be saved outside the encrypted unit database. It "
            "holds the figures shown here only — counts and percentages, no names or case "
            "references — but treat it as OFFICIAL-SENSITIVE. The export is recorded in the "
            "audit trail.", suggested=f"unit-figures-{first}-to-{last}.csv",
            filters="CSV files (*.csv)", suffix=".csv",
            write=lambda worker, target: target.write_text(
                figures_csv(worker, figures), encoding="utf-8", newline=""),
            saved=lambda target: f"The figures were saved to {target}.")

    def print_summary(self) -> bool:
        """Ask for a printer, build the summary off the GUI thread, then print it here
        (Qt's printing belongs to the GUI thread); True once the summary is being built."""
        from app.services.figures import figures_pdf
        from ui.supervisor.printing import new_printer

        figures, wanted = self.figures, self._wanted
        if not figures:
            return False
        printer = new_printer()
        if not common.run_print_dialog(printer, self, "Print the unit figures"):
            return False
        return TaskRunner.instance().run(
            self, self.session, lambda worker, _progress: figures_pdf(worker, figures),
            title="Preparing the unit figures for printing…",
            on_done=lambda pdf: self._print(wanted, pdf, printer))

    def _print(self, wanted: object, pdf: bytes, printer: QPrinter) -> None:
        from app.services.figures import record_figures_print
        from ui.supervisor.printing import print_pdf

        if wanted is not self._wanted:  # cleared (locked) meanwhile: print nothing
            return

        def run() -> None:
            print_pdf(pdf, printer)
            record_figures_print(self.session, max(1, printer.copyCount()))

        guarded(self, run)
