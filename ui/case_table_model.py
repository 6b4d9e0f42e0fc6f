"""The case list as a table model over ``list_cases()`` results (most urgent first).

Deadline state is shown as text AND colour; flags are text badges painted by
``FlagsDelegate`` (the display text lists them too, for screen readers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ui.flag_badges import STATE_COLOURS, Index, flags_text

if TYPE_CHECKING:
    from app.services.case_list import CaseSummary

COLUMNS = ("Reference", "Stage", "Next deadline", "Deadline state", "Applicant", "Subject",
           "Officer", "Flags")
REFERENCE, STAGE, DUE, STATE, APPLICANT, SUBJECT, OFFICER, FLAGS = range(len(COLUMNS))


def stage_text(case: CaseSummary) -> str:
    if case.status == "closed":
        return "Closed — " + case.route.short_label if case.route else "Closed"
    return f"{int(case.current_stage)}. {case.current_stage.title}"


def due_text(case: CaseSummary) -> str:
    nxt = case.next_deadline
    return nxt.due_local().strftime("%a %d %b %Y %H:%M") if nxt else "—"


def state_key(case: CaseSummary) -> str:
    return case.next_deadline.state.value if case.next_deadline else ""


def state_text(case: CaseSummary) -> str:
    if case.next_deadline is None:
        return "Closed" if case.status == "closed" else "Nothing due"
    return case.next_deadline.state.label


class CaseTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseSummary] = []

    # -- data ----------------------------------------------------------------
    def set_cases(self, cases: list[CaseSummary]) -> None:
        self.beginResetModel()
        self._rows = list(cases)
        self.endResetModel()

    def clear(self) -> None:
        self.set_cases([])

    def case_at(self, row: int) -> CaseSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def references(self) -> list[str]:
        return [case.reference for case in self._rows]

    # -- Qt model interface --------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        case = self.case_at(index.row()) if index.isValid() else None
        if case is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(case, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(case, column)
        if column == STATE and role in (Qt.ItemDataRole.BackgroundRole,
                                        Qt.ItemDataRole.ForegroundRole):
            colours = STATE_COLOURS.get(state_key(case))
            if colours:
                pick = colours[0] if role == Qt.ItemDataRole.BackgroundRole else colours[1]
                return QBrush(QColor(pick))
        if role == Qt.ItemDataRole.FontRole and (
                column == REFERENCE or (column == STATE and state_key(case) == "overdue")):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return case.reference
        return None

    def _text(self, case: CaseSummary, column: int) -> str:
        texts = (
            case.reference,
            stage_text(case),
            due_text(case),
            state_text(case),
            case.applicant_surname or "—",
            case.subject_surname or "—",
            case.assigned_to or case.created_by,
            flags_text(case.flags),
        )
        return texts[column]

    def _tooltip(self, case: CaseSummary, column: int) -> str | None:
        if column in (APPLICANT, SUBJECT):  # shown elided when long: whole here
            return self._text(case, column)
        nxt = case.next_deadline
        if column in (DUE, STATE) and nxt is not None:
            extended = " (extended)" if nxt.extended else ""
            return f"{nxt.kind.label} {nxt.kind.paragraph}{extended}"
        return None
