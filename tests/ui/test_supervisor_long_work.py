"""Supervisor work that reads many cases runs off the GUI thread (issue 10 item 6): the
window keeps ticking while the figures of a 20,000-case unit are counted, the count can
be cancelled, and a result that arrives after the tab was cleared (the screen locked)
is not shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.services.session import Session
from app.services.unit import login
from app.storage import audit_repo
from tests.conftest import SUPERVISOR_PW, TestUnit
from tests.ui.conftest import BIG_UNIT_CASES, message_texts
from tests.ui.task_support import wait_for_task
from tests.unit.test_supervision_services import _plant
from ui.supervisor.figures_tab import FiguresTab
from ui.task_runner import TaskRunner

EVERY_MONTH = (date(2000, 1, 1), date(2030, 12, 31))


@pytest.fixture
def big_sam(big_unit: tuple[Path, FixedClock]) -> Iterator[Session]:
    db, clock = big_unit
    with login(db, "sam", SUPERVISOR_PW, clock) as session:
        yield session


def figures_tab(qtbot: QtBot, session: Session, monkeypatch: pytest.MonkeyPatch) -> FiguresTab:
    """The tab alone, asked for every month (whatever its month boxes look like)."""
    tab = FiguresTab(session)
    qtbot.addWidget(tab)
    tab.show()
    monkeypatch.setattr(tab, "period", lambda: EVERY_MONTH)
    return tab


def test_the_window_keeps_ticking_while_figures_for_a_big_unit_load(
        qtbot: QtBot, big_sam: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    tab = figures_tab(qtbot, big_sam, monkeypatch)
    runner = TaskRunner.instance()
    ticks_while_busy = [0]
    counted_of: set[int] = set()  # the progress dialog's "of N cases"

    def tick() -> None:
        if runner.busy:
            ticks_while_busy[0] += 1
            if runner.dialog is not None:
                counted_of.add(runner.dialog.maximum())

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    assert tab.load()
    assert runner.busy and runner.dialog is not None and runner.dialog.isVisible()
    wait_for_task(qtbot)
    timer.stop()
    assert ticks_while_busy[0] > 0  # the GUI thread's event loop ran while counting
    assert BIG_UNIT_CASES in counted_of  # the dialog counted the cases as they went
    assert sum(f.initial_contacts for f in tab.figures) == BIG_UNIT_CASES
    assert tab.table.columnCount() == len(tab.figures) > 12
    assert tab.export_button.isEnabled() and message_texts(tab) == []
    assert big_sam.is_open
    last = list(audit_repo.iter_rows(big_sam.conn))[-1]
    assert last.detail == f"unit figures viewed ({len(tab.figures)} months)"


def test_cancelling_the_figures_shows_and_records_nothing(
        qtbot: QtBot, big_sam: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    tab = figures_tab(qtbot, big_sam, monkeypatch)
    runner = TaskRunner.instance()
    before = audit_repo.head(big_sam.conn)
    assert tab.load()
    qtbot.waitUntil(lambda: runner.dialog is not None
                    and runner.dialog.maximum() == BIG_UNIT_CASES, timeout=30_000)
    assert runner.dialog is not None
    cancel = runner.dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "&Cancel"
    cancel.click()
    wait_for_task(qtbot)
    assert tab.figures == [] and tab.table.columnCount() == 0
    assert not tab.export_button.isEnabled()
    assert message_texts(tab) == []  # asked for: nothing to say
    assert audit_repo.head(big_sam.conn) == before  # a stopped count is not recorded


def test_figures_arriving_after_a_clear_are_not_shown(
        qtbot: QtBot, unit: TestUnit, sam: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    _plant(unit)
    tab = figures_tab(qtbot, sam, monkeypatch)
    assert tab.load()
    tab.clear()  # the screen locks while the figures are counted
    wait_for_task(qtbot)
    assert tab.figures == [] and tab.table.rowCount() == 0
    assert not tab.export_button.isEnabled()
    assert tab.load()  # asked again, they are shown
    wait_for_task(qtbot)
    assert sum(f.initial_contacts for f in tab.figures) == 5
