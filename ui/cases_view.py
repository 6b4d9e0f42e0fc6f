"""The case list for officers and supervisors: search, scope, table, New and Open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.case_table_model import (
    APPLICANT,
    COLUMNS,
    FLAGS,
    OFFICER,
    SUBJECT,
    CaseTableModel,
)
from ui.flag_badges import FlagsDelegate
from ui.messages import Failed, guarded

if TYPE_CHECKING:
    from app.services.session import Session

SEARCH_DEBOUNCE_MS = 250
LIST_LIMIT = 500  # the most urgent first; a search narrows a longer list
NAME_COLUMNS = (APPLICANT, SUBJECT)
#: The widest a name column grows; longer names are elided (whole in the tooltip).
NAME_SAMPLE = "Featherstonehaugh-Wolstenholme"


class CaseTable(QTableView):
    """Enter opens the selected case (as double-click does)."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class CasesView(QWidget):
    open_requested = Signal(str)
    new_requested = Signal()

    def __init__(self, session: Session, *, can_see_all: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.can_see_all = can_see_all
        self.setObjectName("cases_view")

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Reference or name (sounds-alike too)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cases")
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self._search_now)

        self.mine = QRadioButton("&My cases")
        self.mine.setObjectName("scope_mine")
        self.all_cases = QRadioButton("All &unit cases")
        self.all_cases.setObjectName("scope_all")
        # A supervisor's job is the whole unit; officers only ever see their own.
        (self.all_cases if can_see_all else self.mine).setChecked(True)
        scope = QButtonGroup(self)
        scope.addButton(self.mine)
        scope.addButton(self.all_cases)
        self.all_cases.toggled.connect(lambda _on: self.refresh())
        for button in (self.mine, self.all_cases):
            button.setVisible(can_see_all)
        self.include_closed = QCheckBox("Show clos&ed cases")
        self.include_closed.setObjectName("include_closed")
        self.include_closed.toggled.connect(lambda _on: self.refresh())

        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        top.addSpacing(12)
        top.addWidget(self.mine)
        top.addWidget(self.all_cases)
        top.addSpacing(12)
        top.addWidget(self.include_closed)

        self.model = CaseTableModel(self)
        self.table = CaseTable()
        self.table.setObjectName("case_table")
        self.table.setModel(self.model)
        self.table.setAccessibleName("Cases, most urgent first")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setItemDelegateForColumn(FLAGS, FlagsDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in NAME_COLUMNS:  # a long name is elided (whole in its tooltip)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.activated_row.connect(self._open_row)
        self.model.modelReset.connect(self._after_reset)

        self.count = QLabel()
        self.count.setObjectName("count")
        self.new_button = QPushButton("&New case…")
        self.new_button.setObjectName("new_case")
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton("&Open")
        self.open_button.setObjectName("open_case")
        self.open_button.clicked.connect(self.open_selected)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.new_button)
        bottom.addWidget(self.open_button)

        # The list and its buttons; ``attach_below`` can put a panel under them.
        self.list_area = QWidget(self)
        list_layout = QVBoxLayout(self.list_area)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.table, 1)
        list_layout.addLayout(bottom)
        self.layout_ = layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list_area, 1)
        self.splitter: QSplitter | None = None
        self.setTabOrder(self.search, self.mine)
        self.setTabOrder(self.mine, self.all_cases)
        self.setTabOrder(self.all_cases, self.include_closed)
        self.setTabOrder(self.include_closed, self.table)
        self.setTabOrder(self.table, self.new_button)
        self.setTabOrder(self.new_button, self.open_button)

    def attach_below(self, panel: QWidget) -> None:
        """Show ``panel`` under the case list (the home screen's My tasks), the two
        sharing the height in a splitter."""
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("home_splitter")
        self.layout_.removeWidget(self.list_area)
        splitter.addWidget(self.list_area)
        splitter.addWidget(panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.layout_.addWidget(splitter, 1)
        self.splitter = splitter

    # -- loading -------------------------------------------------------------
    def refresh(self) -> bool:
        """Reload from the service; on failure keep what is shown and say why."""
        from app.services.case_list import CaseQuery, list_cases

        self._debounce.stop()
        query = CaseQuery(text=self.search.text().strip(), limit=LIST_LIMIT,
                          status=None if self.include_closed.isChecked() else "open")
        mine = (not self.all_cases.isChecked()) if self.can_see_all else True
        selected = self.selected_reference()
        result = guarded(self, lambda: list_cases(self.session, query, mine=mine))
        if isinstance(result, Failed):
            return False
        self.table.setColumnHidden(OFFICER, not (self.can_see_all and self.all_cases.isChecked()))
        self.model.set_cases(result)
        references = self.model.references()
        if references:  # keep the selection, else the most urgent: Enter opens it
            self.table.selectRow(references.index(selected) if selected in references else 0)
        return True

    def refresh_soon(self, _reference: str = "") -> None:
        """Refresh after a short pause (a draft saved in a case window)."""
        self._debounce.start()

    def _search_now(self) -> None:
        self.refresh()
        if self.model.rowCount():
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)

    def _after_reset(self) -> None:
        self._size_name_columns()
        n = self.model.rowCount()
        searching = bool(self.search.text().strip())
        noun = "case" if n == 1 else "cases"
        if n >= LIST_LIMIT:
            self.count.setText(f"Showing the {n} most urgent cases: search to find others")
        else:
            self.count.setText(f"{n} {noun} found" if searching
                               else f"{n} {noun}, most urgent first")
        self.open_button.setEnabled(n > 0)

    def _size_name_columns(self) -> None:
        """Names as wide as they need up to a cap, so Subject and Flags stay on screen."""
        header = self.table.horizontalHeader()
        cap = self.table.fontMetrics().horizontalAdvance(NAME_SAMPLE)
        for column in NAME_COLUMNS:
            title = header.fontMetrics().horizontalAdvance(COLUMNS[column]) + 24
            wanted = max(self.table.sizeHintForColumn(column), title)
            header.resizeSection(column, min(wanted, cap))

    def clear(self) -> None:
        """Forget every row (on lock): nothing about a case stays on screen."""
        self._debounce.stop()
        self.model.clear()
        self.count.setText("")

    # -- opening -------------------------------------------------------------
    def selected_reference(self) -> str | None:
        index: QModelIndex = self.table.currentIndex()
        case = self.model.case_at(index.row()) if index.isValid() else None
        return case.reference if case else None

    def _open_row(self, row: int) -> None:
        case = self.model.case_at(row)
        if case is not None:
            self.open_requested.emit(case.reference)

    def open_selected(self) -> None:
        reference = self.selected_reference()
        if reference is None and self.model.rowCount() == 1:
            reference = self.model.references()[0]
        if reference is not None:
            self.open_requested.emit(reference)
