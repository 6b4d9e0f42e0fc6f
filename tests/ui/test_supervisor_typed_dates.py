"""The supervisor's dates, months and years are typed as people type them (issue 12 item 1,
supervisor side): each box holds exactly what was typed or says why it cannot, and
nothing is shown or changed on a date that could not be read. Keys are typed with QTest."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.services.session import Session
from tests.conftest import TestUnit
from tests.ui.conftest import make_view, type_over
from tests.ui.task_support import wait_for_task
from tests.unit.test_supervision_services import _closed_case, _plant
from ui.date_input import DateLine, MonthLine, TimeLine, YearLine
from ui.supervisor.dialogs import RetainDialog
from ui.supervisor.view import ANNUAL, AUDIT, CASES, FIGURES, RETENTION

TYPED_BOXES = (DateLine, TimeLine, MonthLine, YearLine)


def test_no_spin_box_dates_are_left_in_the_supervisor_view(qtbot: QtBot, sam: Session) -> None:
    from PySide6.QtWidgets import QDateTimeEdit, QSpinBox

    view = make_view(qtbot, sam)
    assert view.findChildren(QDateTimeEdit) == []  # QDateEdit and QTimeEdit are these too
    spins = {s.objectName() for s in view.findChildren(QSpinBox)}
    assert "year" not in spins and "retention_years" in spins  # counts, not dates
    typed = [w.objectName() for w in view.findChildren(QWidget)
             if isinstance(w, TYPED_BOXES)]
    for name in ("due_by", "from_month", "to_month", "year", "since", "until",
                 "contact_from", "contact_to"):
        assert name in typed


@pytest.mark.parametrize("typed, month", [("03/2025", date(2025, 3, 1)),
                                          ("3/25", date(2025, 3, 1)),
                                          ("Mar 2025", date(2025, 3, 1))])
def test_figures_months_typed_three_ways(qtbot: QtBot, unit: TestUnit, sam: Session,
                                         typed: str, month: date) -> None:
    _plant(unit)
    view = make_view(qtbot, sam)
    view.setCurrentIndex(FIGURES)
    wait_for_task(qtbot)  # showing the tab loads it, off the GUI thread
    tab = view.figures
    type_over(qtbot, tab.start, "2/25")
    type_over(qtbot, tab.end, typed)
    assert tab.end.value() == month and tab.end.text() == "Mar 2025"  # shown once left
    assert tab.load()
    wait_for_task(qtbot)
    assert [f.month for f in tab.figures] == ["2025-02", "2025-03"]


def test_a_month_that_cannot_be_read_is_said_and_nothing_is_shown(
        qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    _plant(unit)
    view = make_view(qtbot, sam)
    view.setCurrentIndex(FIGURES)
    wait_for_task(qtbot)  # showing the tab loads it, off the GUI thread
    tab = view.figures
    shown = list(tab.figures)
    type_over(qtbot, tab.start, "13/2025")
    assert tab.start.text() == "13/2025"  # kept as typed, marked
    assert tab.start.property("invalid")
    assert not tab.load()
    assert "From:" in tab.problem.text() and "no month 13" in tab.problem.text()
    assert tab.figures == shown  # what was shown stays; nothing read as another month
    # ... but it is said to be another period and cannot be exported or printed as if it
    # were the months typed (seen in a real window: the old figures sat under the error).
    assert "Still showing" in tab.problem.text()
    assert not tab.export_button.isEnabled() and not tab.print_button.isEnabled()
    type_over(qtbot, tab.start, "02/2025")
    assert tab.load()
    wait_for_task(qtbot)
    assert tab.export_button.isEnabled()


def test_annual_return_year_typed_short_or_as_a_financial_year(
        qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    _plant(unit)
    view = make_view(qtbot, sam)
    view.setCurrentIndex(ANNUAL)
    wait_for_task(qtbot)
    tab = view.annual
    type_over(qtbot, tab.year, "24")
    assert tab.year.text() == "2024" and "1 April 2024" in tab.period.text()
    assert tab.load()
    wait_for_task(qtbot)
    assert tab.result is not None
    type_over(qtbot, tab.year, "2024/26")
    assert "not one year and the next" in tab.period.text()
    assert not tab.load()
    assert "Year starting" in tab.problem.text()


@pytest.fixture
def due(unit: TestUnit) -> Iterator[tuple[Session, str]]:
    ref = _closed_case(unit)
    unit.clock.set(datetime(2036, 3, 3, 10, tzinfo=UTC))
    session = unit.supervisor()
    yield session, ref
    session.close()


def test_retention_date_and_next_review_are_typed(qtbot: QtBot,
                                                  due: tuple[Session, str]) -> None:
    sam, ref = due
    view = make_view(qtbot, sam)
    view.setCurrentIndex(RETENTION)
    tab = view.retention
    type_over(qtbot, tab.on, "31/02/2036")
    assert not tab.load()
    assert "not a real calendar date" in tab.problem.text()
    type_over(qtbot, tab.on, "3/3/36")
    assert tab.on.text() == "03/03/2036"
    assert tab.load() and tab.model.key(0) == ref
    dialog = tab.retain_selected()
    assert isinstance(dialog, RetainDialog)
    qtbot.keyClicks(dialog.note, "Subject still of interest to the MAPPA panel.")
    type_over(qtbot, dialog.until, "01/01/2036")  # before tomorrow: refused, said
    assert not dialog.ok_button.isEnabled()
    assert "too early" in dialog.message.text()
    type_over(qtbot, dialog.until, "1/1/203")
    assert not dialog.ok_button.isEnabled() and "is not a date" in dialog.message.text()
    type_over(qtbot, dialog.until, "15032041")
    assert dialog.ok_button.isEnabled() and dialog.until.value() == date(2041, 3, 15)
    qtbot.keyClick(dialog.until, Qt.Key.Key_Return)  # Enter: OK
    assert not dialog.isVisible()


def test_optional_dates_are_any_when_empty_and_refused_when_unreadable(
        qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    _plant(unit)
    view = make_view(qtbot, sam)
    view.setCurrentIndex(AUDIT)
    audit = view.audit
    assert audit.since.placeholderText() == "Any" and audit.since.value() is None
    type_over(qtbot, audit.since, "1/3/25")
    assert audit.since.value() == date(2025, 3, 1)
    type_over(qtbot, audit.until, "30/2/25")
    assert not audit.load() and "To:" in audit.problem.text()
    type_over(qtbot, audit.until, "")
    assert audit.load() and audit.problem.isHidden()
    view.setCurrentIndex(CASES)
    cases = view.cases
    type_over(qtbot, cases.contact_from, "14/13/2025")
    assert not cases.apply_filters(force=True)
    assert "Contact from" in cases.problem.text()
    type_over(qtbot, cases.contact_from, "01032025")
    assert cases.apply_filters(force=True)
    assert cases.current_query().contact_from == date(2025, 3, 1)
