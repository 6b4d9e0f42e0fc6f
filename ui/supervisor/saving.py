"""Files the supervisor saves outside the encrypted database (figures, returns, case
exports): one way to ask where, and to write them off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from ui.messages import show_message
from ui.supervisor import common
from ui.task_runner import TaskRunner

if TYPE_CHECKING:
    from app.services.session import Session

Write = Callable[["Session", Path], object]  # runs on the worker's own session


def with_suffix(path: str, suffix: str) -> Path:
    """``path`` as chosen, ending in ``suffix`` (".csv") whatever the user typed."""
    target = Path(path)
    if target.suffix.lower() != suffix:
        target = target.with_name(target.name + suffix)
    return target


def save_outside(parent: QWidget, session: Session, *, title: str, warning: str,
                 suggested: str, filters: str, suffix: str, write: Write,
                 saved: Callable[[Path], str]) -> Path | None:
    """Warn that the file is unencrypted, ask where, then write it with the task runner
    (``write(worker, target)``) and say ``saved(target)`` when done. The path being
    written, or None when the user stopped or another task was running; a failure is
    shown as a sentence."""
    if not common.confirm(parent, title, warning, "&Choose where to save…"):
        return None
    path = common.ask_save_path(parent, title, suggested, filters)
    if not path:
        return None
    target = with_suffix(path, suffix)

    def done(_result: object) -> None:
        if session.is_open:  # not onto a locked screen
            show_message(parent, saved(target), icon=QMessageBox.Icon.Information)

    started = TaskRunner.instance().run(
        parent, session, lambda worker, _progress: write(worker, target),
        title=f"{title}…", on_done=done)
    return target if started else None
