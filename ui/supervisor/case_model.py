"""The unit case list as a windowed, lazily loaded table model.

The model holds only the number of matching cases and a small cache of
windows of ``WINDOW`` rows. A window is fetched (ids in order from the
service, then the columns of just those cases) the first time the view asks
for one of its rows, so opening, scrolling, sorting and filtering cost the
same at 100,000 cases as at 100. Sorting re-queries the service with the
column's sort key: nothing is ever sorted here.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.services.case_list import CaseQuery, CaseSummary, count_cases, find_case_ids, summaries_for
from ui.flag_badges import flags_text
from ui.supervisor.style import STATE_COLOURS

if TYPE_CHECKING:
    from app.services.session import Session

Index = QModelIndex | QPersistentModelIndex
WINDOW = 100  # rows fetched at a time
MAX_WINDOWS = 20  # windows kept; the least recently used is dropped
SortRole = Qt.ItemDataRole.UserRole + 1  # raw value of the cell (what the column sorts by)
ReferenceRole = Qt.ItemDataRole.UserRole  # the case reference of the row


@dataclass(frozen=True)
class Column:
    title: str
    sort_key: str | None  # a key of app.storage.case_list_repo.SORTS; None: not sortable
    sample: str  # a typical longest text, for the starting width


COLUMNS = (
    Column("Reference", "reference", "CSO/2026/000000"),
    Column("Stage", "stage", "4. Full risk assessment"),
    Column("Route / outcome", "route", "Identity not verified"),
    Column("Officer", "officer", "PC Olive Ashdown"),  # rank and name, as shown
    Column("Applicant", "applicant", "Papadopoulou"),
    Column("Subject", "subject", "Papadopoulou"),
    Column("Contact", "contact", "30 Sep 2026"),
    Column("Next deadline", "deadline", "Due soon · Wed 30 Sep 2026 23:59"),
    Column("Flags", None, "Immediate risk  Repeat subject  Extended"),
)
REFERENCE, STAGE, ROUTE, OFFICER, APPLICANT, SUBJECT, CONTACT, DEADLINE, FLAGS = range(
    len(COLUMNS))
DEFAULT_SORT = "deadline"


def stage_text(case: CaseSummary) -> str:
    if case.status == "closed":
        return "Closed"
    return f"{int(case.current_stage)}. {case.current_stage.title}"


def deadline_text(case: CaseSummary) -> str:
    nxt = case.next_deadline
    if nxt is None:
        return "Closed" if case.status == "closed" else "Nothing due"
    return f"{nxt.state.label} · {nxt.due_local():%a %d %b %Y %H:%M}"


def cell_text(case: CaseSummary, column: int) -> str:
    if column == REFERENCE:
        return case.reference
    if column == STAGE:
        return stage_text(case)
    if column == ROUTE:
        return case.route.short_label if case.route else "—"
    if column == OFFICER:
        return case.officer_name if case.assigned_to else "Unassigned"
    if column == APPLICANT:
        return case.applicant_surname or "—"
    if column == SUBJECT:
        return case.subject_surname or "—"
    if column == CONTACT:
        from app.domain.timescales import LONDON

        return f"{case.contact_at.astimezone(LONDON):%d %b %Y}"
    if column == DEADLINE:
        return deadline_text(case)
    return flags_text(case.flags)


def raw_value(case: CaseSummary, column: int) -> Any:
    """What the column means, unformatted (the sort role)."""
    nxt = case.next_deadline
    values: tuple[Any, ...] = (
        case.reference, int(case.current_stage), case.route.value if case.route else "",
        case.officer_name if case.assigned_to else "", case.applicant_surname,
        case.subject_surname, case.contact_at,
        nxt.due if nxt else None, tuple(flag.label for flag in case.flags))
    return values[column]


class UnitCaseModel(QAbstractTableModel):
    """Rows = every matching case; data = a few cached windows, loaded on demand."""

    load_failed = Signal(str)  # a plain sentence: a window could not be loaded
    counted = Signal(int)  # the number of matching cases, after each (re)query

    def __init__(self, session: Session | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.query = CaseQuery()
        self.sort_key = DEFAULT_SORT
        self.descending = False
        self._total = 0
        self._windows: OrderedDict[int, list[CaseSummary]] = OrderedDict()
        self._failed: set[int] = set()
        self.fetches = 0  # windows fetched since the model was made (tests, benchmark)

    # -- querying ---------------------------------------------------------------
    def set_query(self, query: CaseQuery, sort_key: str | None = None,
                  descending: bool | None = None) -> int:
        """Count the matching cases and start again from the top; raises on refusal."""
        if self.session is None:
            raise RuntimeError("no session")
        total = count_cases(self.session, query, mine=False)
        self.beginResetModel()
        self.query = query
        if sort_key is not None:
            self.sort_key = sort_key
        if descending is not None:
            self.descending = descending
        self._total = total
        self._windows.clear()
        self._failed.clear()
        self.endResetModel()
        self.counted.emit(total)
        return total

    def refresh(self) -> int:
        """Re-count and reload what is on screen (a case changed); keeps the position
        when the number of cases is unchanged."""
        if self.session is None:
            raise RuntimeError("no session")
        total = count_cases(self.session, self.query, mine=False)
        if total != self._total:
            return self.set_query(self.query)
        self._windows.clear()
        self._failed.clear()
        if total:
            self.dataChanged.emit(self.index(0, 0), self.index(total - 1, len(COLUMNS) - 1))
        self.counted.emit(total)
        return total

    def clear(self) -> None:
        """Forget every row (on lock): nothing about a case stays in memory."""
        self.beginResetModel()
        self._total = 0
        self._windows.clear()
        self._failed.clear()
        self.endResetModel()
        self.counted.emit(0)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column].sort_key if 0 <= column < len(COLUMNS) else None
        if key is None or self.session is None or not self.session.is_open:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self.sort_key and descending == self.descending and self._windows:
            return
        self.beginResetModel()  # the same cases in another order: start from the top
        self.sort_key, self.descending = key, descending
        self._windows.clear()
        self._failed.clear()
        self.endResetModel()

    def sort_column(self) -> int:
        return next(i for i, c in enumerate(COLUMNS) if c.sort_key == self.sort_key)

    # -- windows ----------------------------------------------------------------
    @property
    def total(self) -> int:
        return self._total

    def cached_windows(self) -> list[int]:
        return list(self._windows)

    def case_at(self, row: int) -> CaseSummary | None:
        """The summary of one row, loading its window when needed."""
        if not 0 <= row < self._total:
            return None
        number, offset = divmod(row, WINDOW)
        window = self._windows.get(number)
        if window is None:
            window = self._load(number)
        else:
            self._windows.move_to_end(number)
        return window[offset] if offset < len(window) else None

    def reference_at(self, row: int) -> str | None:
        case = self.case_at(row)
        return case.reference if case else None

    def _load(self, number: int) -> list[CaseSummary]:
        if number in self._failed or self.session is None or not self.session.is_open:
            return []
        try:
            ids = find_case_ids(self.session, self.query, mine=False, sort=self.sort_key,
                                descending=self.descending, offset=number * WINDOW,
                                limit=WINDOW)
            window = summaries_for(self.session, ids)
        except Exception as error:  # noqa: BLE001 - painting must go on; say it once
            from ui.messages import error_text

            self._failed.add(number)
            text = error_text(error)
            QTimer.singleShot(0, lambda: self.load_failed.emit(text))
            return []
        self.fetches += 1
        self._windows[number] = window
        while len(self._windows) > MAX_WINDOWS:
            self._windows.popitem(last=False)
        return window

    # -- Qt model interface -----------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        if role == Qt.ItemDataRole.ToolTipRole:
            return ("Not sortable" if COLUMNS[section].sort_key is None
                    else f"Sort by {COLUMNS[section].title.lower()}")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role not in _ROLES:
            return None
        case = self.case_at(index.row())
        if case is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell_text(case, column)
        if role == SortRole:
            return raw_value(case, column)
        if role == ReferenceRole:
            return case.reference
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(case, column)
        state = case.next_deadline.state.value if case.next_deadline else ""
        if column == DEADLINE and role in (Qt.ItemDataRole.BackgroundRole,
                                           Qt.ItemDataRole.ForegroundRole):
            colours = STATE_COLOURS.get(state)
            if colours:
                return QBrush(QColor(colours[0] if role == Qt.ItemDataRole.BackgroundRole
                                     else colours[1]))
        if role == Qt.ItemDataRole.FontRole and (
                column == REFERENCE or (column == DEADLINE and state == "overdue")):
            font = QFont()
            font.setBold(True)
            return font
        return None

    @staticmethod
    def _tooltip(case: CaseSummary, column: int) -> str | None:
        nxt = case.next_deadline
        if column == DEADLINE and nxt is not None:
            extended = " (extended)" if nxt.extended else ""
            return f"{nxt.kind.label} {nxt.kind.paragraph}{extended}: {nxt.state.label}"
        if column == FLAGS:
            return ", ".join(flag.label for flag in case.flags) or None
        if column == OFFICER and case.assigned_to:
            return f"{case.officer_name} (log-in name {case.assigned_to})"
        return None


_ROLES = {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, SortRole,
          ReferenceRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole,
          Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole}
