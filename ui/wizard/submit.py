"""Sending what the user typed to a service, and saying why when it is refused.

Every form of the case window (the stage page, the auxiliary forms, closing early,
reopening) submits through :func:`submit_or_show`, so a refusal is shown the same
way everywhere and the form, with everything typed into it, stays on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import CsodsError, InvalidInput, RefusedByGuardrail
from ui.messages import FAILED, Failed
from ui.wizard.missing import MissingPanel

T = TypeVar("T")
TITLE = "CSODS Case Manager"


def show_box(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str,
             details: Sequence[str] = ()) -> QMessageBox:
    """A window-modal message that does not block the event loop (Escape closes it)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("wizard_message")
    if details:
        box.setInformativeText("\n\n".join(f"• {line}" for line in details))
    box.open()
    return box


def show_refusal(parent: QWidget, reasons: Sequence[str]) -> QMessageBox:
    """Guardrail refusals: plain sentences, each ending with its ¶."""
    return show_box(parent, QMessageBox.Icon.Warning, "Not allowed under the scheme",
                    "The scheme does not allow this yet:", reasons)


def show_error(parent: QWidget, error: CsodsError | str) -> QMessageBox:
    problems = getattr(error, "problems", [])
    details = [f"{p.label}: {p.message}" for p in problems][:12]
    return show_box(parent, QMessageBox.Icon.Warning, TITLE, str(error), details)


def discard_unsaved_draft(parent: QWidget) -> bool:
    """Asked on closing a window whose draft was refused: True to close and lose it."""
    answer = QMessageBox.warning(
        parent, "Draft not saved",
        "The draft could not be saved (see What's missing). Close anyway? "
        "Changes since the last save will be lost.",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Discard


def submit_or_show(parent: QWidget, submit: Callable[[], T],
                   missing: MissingPanel | None = None) -> T | Failed:
    """Run ``submit`` (a service call); on a refusal say why and return ``FAILED``.

    Invalid answers go to ``missing`` (the form's "What's missing" list) when there is
    one, or a message box; refusals under the scheme (guardrails) are listed with their
    paragraphs; any other service error is its own sentence. Nothing here touches the
    form, so the user's input is never lost. Program faults are not caught: the crash
    guard reports them.
    """
    try:
        return submit()
    except InvalidInput as error:
        if missing is not None:
            missing.show_problems(error.problems, note=str(error))
        else:
            show_error(parent, error)
    except RefusedByGuardrail as error:
        show_refusal(parent, error.reasons)
    except CsodsError as error:
        show_error(parent, error)
    return FAILED
