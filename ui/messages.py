"""Showing what went wrong as a plain sentence, and running service calls safely.

Kept light (no ``Qt`` namespace at import: its first use costs ~15 ms) because
the sign-in window imports it on the start-up path.

Service errors (``CsodsError``) carry a user-safe sentence. Anything else is a
fault in the program: the user gets a calm sentence naming no data, never a
traceback, and the dialog they were typing into stays open.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import CsodsError

T = TypeVar("T")
TITLE = "CSODS Case Manager"


class Failed:
    """Returned by :func:`guarded` when the call failed (the user has been told)."""

    def __bool__(self) -> bool:
        return False


FAILED = Failed()


def error_text(error: BaseException) -> str:
    """A sentence for the user: the service's own words, or a safe generic one."""
    if isinstance(error, CsodsError):
        return str(error)
    if isinstance(error, OSError):  # a full disk, a read-only folder: named as such
        from app.file_faults import os_error_sentence

        named = os_error_sentence(error)
        if named is not None:
            return named
    if isinstance(error, PermissionError):
        return "The application is not allowed to write there. Choose another folder."
    if isinstance(error, OSError):
        return f"The file could not be used ({error.strerror or 'system error'})."
    # A program fault: say so without details that could contain personal data.
    print(f"csods: unexpected {type(error).__name__}", file=sys.stderr)
    return ("Something went wrong and the action was not completed. Nothing you typed has "
            "been lost. If it happens again, tell your administrator.")


def show_message(parent: QWidget | None, text: str, *, title: str = TITLE,
                 icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
                 details: str = "") -> QMessageBox:
    """A window-modal message box opened without blocking (tests can read and close it)."""
    from PySide6.QtCore import Qt

    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("message")
    if details:
        box.setInformativeText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return box


def show_error(parent: QWidget | None, error: BaseException | str) -> QMessageBox:
    text = error if isinstance(error, str) else error_text(error)
    return show_message(parent, text)


@contextmanager
def busy() -> Iterator[None]:
    """A wait cursor for the second or so that key derivation or a backup takes."""
    from PySide6.QtCore import Qt

    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def guarded(parent: QWidget | None, action: Callable[[], T]) -> T | Failed:
    """Run a service call; on failure show the sentence and return FAILED."""
    try:
        with busy():
            return action()
    except Exception as error:  # noqa: BLE001 - every failure becomes a sentence
        show_error(parent, error)
        return FAILED
