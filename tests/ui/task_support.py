"""Waiting for the task runner in UI tests (its work runs on a pool thread)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui.task_runner import TaskRunner


def wait_for_task(qtbot: QtBot, timeout_ms: int = 60_000) -> None:
    """Until the running task's result (or error) has been handled on the GUI thread."""
    runner = TaskRunner.instance()
    qtbot.waitUntil(lambda: not runner.busy, timeout=timeout_ms)
