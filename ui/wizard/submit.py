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


def unreadable_sentence(items: Sequence[tuple[str, str]]) -> str:
    """ "The date of birth '14/13/1988' cannot be read and will not be saved." for each
    (label, what was typed)."""
    def one(label: str, typed: str) -> str:
        *within, last = label.split(" › ")
        name = last[:1].lower() + last[1:] if last[1:2].islower() else last
        where = f" ({' › '.join(within)})" if within else ""
        return f"the {name}{where} ‘{typed}’"

    parts = [one(label, typed) for label, typed in items]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return (f"{listed[:1].upper()}{listed[1:]} cannot be read and will not be saved. "
            "Go back to correct it, or close and lose what was typed there.")


def unreadable_box(parent: QWidget, items: Sequence[tuple[str, str]]) -> QMessageBox:
    """The question asked on closing with a field that cannot be read: Go back (the
    default, and Escape) or Close anyway."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Not saved: cannot be read",
                      unreadable_sentence(items), QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("unreadable_on_close")
    back = box.addButton("&Go back", QMessageBox.ButtonRole.RejectRole)
    close = box.addButton("&Close anyway", QMessageBox.ButtonRole.DestructiveRole)
    back.setObjectName("go_back")
    close.setObjectName("close_anyway")
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    return box


def close_despite_unreadable(parent: QWidget, items: Sequence[tuple[str, str]]) -> bool:
    """Asked on closing a window with a field that cannot be read (issue 12): True to
    close anyway (what was typed there is lost), False to go back to it."""
    box = unreadable_box(parent, items)
    box.exec()
    clicked = box.clickedButton()
    return clicked is not None and clicked.objectName() == "close_anyway"


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
