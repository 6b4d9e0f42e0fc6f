"""A window closed while its task runs: its progress dialog went with it and is never
touched again (a full-suite run crashed in the progress handler, seen once)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.services.progress import Progress
from app.services.session import Session
from tests.conftest import TestUnit
from tests.ui.task_support import wait_for_task
from ui.task_runner import TaskRunner


@pytest.fixture
def sam(unit: TestUnit) -> Iterator[Session]:
    with unit.supervisor() as session:
        yield session


def test_closing_the_window_while_its_task_reports_progress(
        qtbot: QtBot, sam: Session) -> None:
    parent = QWidget()
    parent.show()
    gone = threading.Event()
    reported: list[int] = []

    def slow(_worker: Session, progress: Progress) -> str:
        progress(1, 10, "Starting")
        gone.wait(10)
        for done in range(2, 11):  # reported after the window and its dialog are gone
            progress(done, 10, f"Step {done}")
            reported.append(done)
        return "finished"

    results: list[object] = []
    runner = TaskRunner.instance()
    assert runner.run(parent, sam, slow, title="Working", on_done=results.append)
    dialog = runner.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.labelText() == "Starting")
    parent.deleteLater()  # the officer closes the window
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    assert runner.dialog is None  # forgotten at once
    gone.set()
    wait_for_task(qtbot)
    assert reported == list(range(2, 11))
    assert results == []  # nobody left to tell
    assert not runner.busy


def test_a_finished_dialog_going_later_does_not_forget_the_next_one(
        qtbot: QtBot, sam: Session) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    runner = TaskRunner.instance()
    assert runner.run(parent, sam, lambda _w, _p: 1, title="First", on_done=lambda _r: None)
    wait_for_task(qtbot)
    release = threading.Event()
    assert runner.run(parent, sam, lambda _w, _p: release.wait(10), title="Second",
                      on_done=lambda _r: None)
    second = runner.dialog
    qtbot.wait(50)  # the first dialog's deleteLater runs now
    assert runner.dialog is second and second is not None
    release.set()
    wait_for_task(qtbot)


def test_a_dialog_deleted_while_it_shows_progress_is_left_alone(
        qtbot: QtBot, sam: Session) -> None:
    """A modal progress dialog processes events inside setValue; when the task's end is
    handled there, the dialog is gone by the time setValue returns (seen in a full run:
    'Internal C++ object already deleted' from the line after it)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    release = threading.Event()
    runner = TaskRunner.instance()
    assert runner.run(parent, sam, lambda _w, _p: release.wait(10), title="Working",
                      on_done=lambda _r: None)
    dialog = runner.dialog
    assert dialog is not None

    def value_then_gone(_value: int) -> None:
        dialog.deleteLater()
        QCoreApplication.sendPostedEvents(dialog, QEvent.Type.DeferredDelete)

    dialog.setValue = value_then_gone  # type: ignore[method-assign]
    runner._progressed(1, 2, "Half way")  # must not touch the dialog after setValue
    assert not shiboken6.isValid(dialog)
    release.set()
    wait_for_task(qtbot)
    assert not runner.busy
