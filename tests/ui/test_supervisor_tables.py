"""Supervisor tables fit at 1366×768: no sideways scrolling, nothing cut off or squeezed."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.enums import Route, Stage
from app.services import cases
from app.services.session import Session
from tests.conftest import TestUnit
from tests.ui.conftest import MAXIMISED, make_view, type_over
from tests.ui.task_support import wait_for_task
from tests.unit.case_walk import open_new, values, walk_to
from tests.unit.test_supervision_services import _plant
from ui.supervisor.case_model import FLAGS, ROUTE
from ui.supervisor.signoff_tab import COLUMN_SAMPLES
from ui.supervisor.view import CASES, FIGURES, REPEAT, SIGNOFF


def test_route_labels_for_lists_are_short() -> None:
    assert Route.REDIRECTED.short_label == "Redirected"
    assert Route.REDIRECTED.label == "Redirected to another route"  # documents keep it
    assert Route.NOT_DISCLOSED.short_label == Route.NOT_DISCLOSED.label


def test_unit_case_list_fits_without_sideways_scrolling(
        qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    _plant(unit)  # a redirected case among them
    view = make_view(qtbot, sam, size=MAXIMISED)
    view.setCurrentIndex(CASES)
    tab = view.cases
    qtbot.waitUntil(lambda: tab.model.rowCount() == 5)
    table, header = tab.table, tab.table.horizontalHeader()
    QApplication.processEvents()
    assert header.length() <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    # The flags column takes what is left, at least its title's width.
    assert header.stretchLastSection() and header.logicalIndex(header.count() - 1) == FLAGS
    assert header.sectionSize(FLAGS) >= header.fontMetrics().horizontalAdvance("Flags")
    routes = [tab.model.index(r, ROUTE).data() for r in range(tab.model.rowCount())]
    assert "Redirected" in routes and "Redirected to another route" not in routes
    widest = max(table.fontMetrics().horizontalAdvance(str(r)) for r in routes)
    assert header.sectionSize(ROUTE) > widest


def test_an_empty_sign_off_queue_keeps_readable_columns(qtbot: QtBot, sam: Session) -> None:
    view = make_view(qtbot, sam, size=MAXIMISED)
    view.setCurrentIndex(SIGNOFF)
    tab = view.signoff
    assert tab.load() and tab.model.rowCount() == 0
    header, metrics = tab.table.horizontalHeader(), tab.table.fontMetrics()
    for column, sample in enumerate(COLUMN_SAMPLES):
        assert header.sectionSize(column) >= metrics.horizontalAdvance(sample), sample


def test_figures_table_has_no_blank_strip_under_its_last_row(
        qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    _plant(unit)
    view = make_view(qtbot, sam, size=MAXIMISED)
    view.setCurrentIndex(FIGURES)
    wait_for_task(qtbot)  # the first showing loads the default months
    tab = view.figures
    type_over(qtbot, tab.start, "02/2025")
    type_over(qtbot, tab.end, "Mar 2025")
    assert tab.load()
    wait_for_task(qtbot)
    QApplication.processEvents()
    table = tab.table
    rows = table.horizontalHeader().sizeHint().height() + table.verticalHeader().length() \
        + 2 * table.frameWidth()
    assert not table.horizontalScrollBar().isVisible()
    assert table.maximumHeight() == rows  # exactly its rows: no grey strip below
    # Months that do not fit in a narrow window: room for the scroll bar comes back.
    table.resize(table.verticalHeader().width() + 100, table.height())
    assert table.maximumHeight() > table.horizontalHeader().sizeHint().height() \
        + table.verticalHeader().length() + 2 * table.frameWidth()


def test_repeat_subject_titles_use_the_whole_width(
        qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    with unit.officer() as olive:
        first = open_new(olive).reference
        walk_to(olive, None, first, Stage.INITIAL_CONTACT)
        second = open_new(olive).reference
        s1 = values(Stage.INITIAL_CONTACT)
        s1["subject"] = {**s1["subject"], "surname": "Smyth", "forenames": "Jon"}
        cases.save_draft(olive, second, Stage.INITIAL_CONTACT, s1)
    view = make_view(qtbot, sam, size=MAXIMISED)
    view.setCurrentIndex(REPEAT)
    tree = view.repeat.tree
    group = tree.topLevelItem(0)
    assert group is not None
    assert group.isFirstColumnSpanned()
    assert group.toolTip(0) == group.text(0)
    width = tree.visualItemRect(group).width()
    assert width > tree.header().sectionSize(0)
    assert tree.fontMetrics().horizontalAdvance(group.text(0)) < width
