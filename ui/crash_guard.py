"""Unexpected errors: a calm message for the user, a redacted note for IT.

Exceptions escaping a Qt slot would otherwise print a traceback (whose message
may quote case data) to the console. The guard records only the exception
type and the code locations — never the message or any value — in a log file
IT can read, and tells the user their drafts are safe.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

MAX_LOG_BYTES = 256 * 1024


def log_path() -> Path:
    from platformdirs import user_log_path

    return user_log_path("CSODS Case Manager", appauthor=False) / "errors.log"


def redacted(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """Type and frames (file, line, function) only: no message, no values."""
    frames = traceback.extract_tb(tb)
    where = [f"  {Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames[-12:]]
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    return "\n".join([f"{stamp} {exc_type.__module__}.{exc_type.__qualname__}", *where, ""])


def _write(note: str, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
            path.replace(path.with_suffix(".old.log"))
        with path.open("a", encoding="utf-8") as handle:
            handle.write(note + "\n")
    except OSError:
        pass  # never let the error note itself fail the application


def install(show: Callable[[str], None] | None = None, path: Path | None = None) -> None:
    """Replace sys.excepthook for the GUI process."""
    target = path or log_path()

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        _write(redacted(exc_type, tb), target)
        message = ("Something went wrong in CSODS Case Manager. Drafts are saved "
                   "automatically, so nothing typed before the last save is lost. If a "
                   "window stops responding, close it and open the case again. A note of "
                   f"the error (with no case details) is in {target} for IT.")
        if show is not None:
            show(message)

    sys.excepthook = hook


def show_in_dialog(message: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is not None:
        QMessageBox.warning(None, "CSODS Case Manager", message)
