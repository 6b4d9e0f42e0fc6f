"""The task runner: long work off the GUI thread, on its own connection, cancellable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.errors import CsodsError
from app.services.progress import Progress
from app.services.session import Session
from app.services.unit import login
from app.services.unit_verify import VerifyReport, verify
from app.storage import audit_repo
from tests.conftest import SUPERVISOR_PW
from tests.ui.conftest import message_texts
from tests.ui.task_support import wait_for_task
from ui.task_runner import TaskRunner


@pytest.fixture
def sam(big_unit: tuple[Path, FixedClock]) -> Iterator[Session]:
    db, clock = big_unit
    with login(db, "sam", SUPERVISOR_PW, clock) as session:
        yield session


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_window_keeps_ticking_while_a_big_unit_is_verified(
        qtbot: QtBot, sam: Session, parent: QWidget) -> None:
    runner = TaskRunner.instance()
    ticks_while_busy = [0]

    def tick() -> None:
        if runner.busy:
            ticks_while_busy[0] += 1

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    reports: list[VerifyReport] = []
    assert runner.run(parent, sam, verify, title="Verifying", on_done=reports.append,
                      cancellable=True)
    assert runner.dialog is not None and runner.dialog.isVisible()
    wait_for_task(qtbot)
    timer.stop()
    assert reports and reports[0].ok
    assert ticks_while_busy[0] > 0  # the GUI thread's event loop ran during the verify
    assert sam.is_open and message_texts(parent) == []
    rows = list(audit_repo.iter_rows(sam.conn))
    assert rows[-1].detail == "verify: all checks passed"  # audited on the worker's connection


def test_cancelling_a_verify_stops_it_and_records_nothing(
        qtbot: QtBot, sam: Session, parent: QWidget) -> None:
    runner = TaskRunner.instance()
    before = audit_repo.head(sam.conn)
    results: list[object] = []
    errors: list[BaseException] = []
    labels: list[str] = []

    def slow_verify(worker: Session, progress: Progress) -> VerifyReport:
        def watched(done: int, total: int, label: str) -> None:
            labels.append(label)
            progress(done, total, label)
        return verify(worker, watched)

    assert runner.run(parent, sam, slow_verify, title="Verifying", on_done=results.append,
                      on_error=errors.append, cancellable=True)
    qtbot.waitUntil(lambda: bool(labels), timeout=30_000)
    assert runner.dialog is not None
    cancel = runner.dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "&Cancel"
    cancel.click()
    wait_for_task(qtbot)
    assert results == [] and errors == []  # asked for: no report, no error message
    assert message_texts(parent) == []
    assert audit_repo.head(sam.conn) == before  # a stopped check is not recorded
    assert sam.is_open


def test_an_error_in_the_worker_is_shown_as_a_sentence(
        qtbot: QtBot, sam: Session, parent: QWidget) -> None:
    def fails(_worker: Session, _progress: Progress) -> None:
        raise CsodsError("The backup folder is full.")

    runner = TaskRunner.instance()
    done: list[object] = []
    assert runner.run(parent, sam, fails, title="Working", on_done=done.append)
    wait_for_task(qtbot)
    assert done == []
    assert message_texts(parent) == ["The backup folder is full."]
    assert runner.dialog is None and not runner.busy


def test_the_worker_never_uses_the_gui_connection(
        qtbot: QtBot, sam: Session, parent: QWidget) -> None:
    seen: list[object] = []

    def which(worker: Session, _progress: Progress) -> None:
        seen.append(worker.conn)

    TaskRunner.instance().run(parent, sam, which, title="Working", on_done=lambda _r: None)
    wait_for_task(qtbot)
    assert seen and seen[0] is not sam.conn


def test_one_task_at_a_time(qtbot: QtBot, sam: Session, parent: QWidget) -> None:
    runner = TaskRunner.instance()
    assert runner.run(parent, sam, verify, title="Verifying", on_done=lambda _r: None)
    assert not runner.run(parent, sam, verify, title="Again", on_done=lambda _r: None)
    assert any("Another task is still running" in t for t in message_texts(parent))
    wait_for_task(qtbot)


def test_a_locked_session_cannot_start_a_task(qtbot: QtBot, big_unit: tuple[Path, FixedClock],
                                              parent: QWidget) -> None:
    db, clock = big_unit
    session = login(db, "sam", SUPERVISOR_PW, clock)
    session.suspend()
    assert not TaskRunner.instance().run(parent, session, verify, title="Verifying",
                                         on_done=lambda _r: None)
    assert any("screen is locked" in t for t in message_texts(parent))
    session.close()
