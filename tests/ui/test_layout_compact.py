"""Layout at 1366×768 (issue 12 item 8): a compact case header with the timescales one
click away, and a My cases list where a long name cannot push Subject and Flags off."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QToolButton
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.services import cases
from app.services.session import Session
from tests.unit.case_walk import open_new, values
from ui.case_table_model import APPLICANT, FLAGS, SUBJECT
from ui.case_windows import CaseWindows
from ui.main_window import MainWindow
from ui.wizard.case_window import CaseWindow

LONG = "Featherstonehaugh-Wolstenholme-Montgomery-Ashby-Cholmondeley"


def test_header_is_one_line_with_the_most_urgent_timescale(qtbot: QtBot,
                                                           officer: Session) -> None:
    ref = open_new(officer).reference
    window = CaseWindow(officer, ref)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    QApplication.processEvents()
    header = window.header
    assert header.height() <= 60, header.height()  # was about 120 px
    urgent = window.findChild(QLabel, "header_next_deadline")
    assert urgent is not None and urgent.isVisible()
    first = window.case.deadlines[0]
    assert urgent.text().startswith(f"{first.kind.label}: {first.state.label}")
    assert not header.timescales.isVisible()
    toggle = window.findChild(QToolButton, "toggle_timescales")
    assert toggle is not None
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert header.timescales.isVisible()
    shown = [w for w in header.deadline_widgets if isinstance(w, QLabel)]
    assert len(shown) == 3 * len(window.case.deadlines)
    qtbot.keyClick(toggle, Qt.Key.Key_Space)  # and back, from the keyboard
    assert not header.timescales.isVisible()


def test_long_applicant_name_is_elided_in_my_cases(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    first = values(Stage.INITIAL_CONTACT)
    first["applicant"]["surname"] = LONG
    cases.save_draft(officer, ref, Stage.INITIAL_CONTACT, first)
    main = MainWindow(officer, CaseWindows(CaseWindow), unit_name="Test PPU")
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    main.refresh()
    QApplication.processEvents()
    view = main.cases_view
    table = view.table
    header = table.horizontalHeader()
    assert header.sectionSize(APPLICANT) < table.fontMetrics().horizontalAdvance(LONG)
    right_edge = header.sectionViewportPosition(FLAGS) + 40
    assert right_edge < table.viewport().width()  # Subject and Flags stay on screen
    assert header.sectionViewportPosition(SUBJECT) > 0
    index = view.model.index(0, APPLICANT)
    assert view.model.data(index, Qt.ItemDataRole.ToolTipRole) == LONG
    # The whole name is still found by typing it.
    view.search.setFocus()
    qtbot.keyClicks(view.search, "Featherstonehaugh")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.model.rowCount() == 1
