"""The open case windows: open one per reference, save and close them all.

The case window itself is the wizard's (``ui.wizard.case_window.CaseWindow``);
it is imported only when the first case is opened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from app.domain.enums import Stage
    from app.services.session import Session


class CaseWindowLike(Protocol):
    """What the shell needs from a case window (the contract with ui/wizard)."""

    reference: str
    closed: Any  # Signal(str)

    def save_now(self) -> bool: ...
    def current_page_stage(self) -> Stage: ...
    def show_stage(self, stage: Stage) -> None: ...
    def show(self) -> None: ...
    def raise_(self) -> None: ...
    def activateWindow(self) -> None: ...  # noqa: N802 - Qt name
    def close(self) -> bool: ...
    def hide(self) -> None: ...
    def deleteLater(self) -> None: ...  # noqa: N802 - Qt name


CaseWindowFactory = Callable[["Session", str], CaseWindowLike]


def default_factory(session: Session, reference: str) -> CaseWindowLike:
    from ui.wizard.case_window import CaseWindow

    window: CaseWindowLike = CaseWindow(session, reference)
    return window


@dataclass(frozen=True)
class OpenCase:
    """A case window that was open when the screen locked."""

    reference: str
    stage: Stage | None
    saved: bool
    # What was typed but could not be read, so is not in the draft: kept in memory
    # only (never on disk) and put back into the reopened window (issue 12).
    unreadable: tuple[Any, ...] = ()


class CaseWindows(QObject):
    case_changed = Signal(str)  # reference: closed or moved on; the case list may have changed
    draft_saved = Signal(str)  # reference: a draft was saved (names in the list may change)

    def __init__(self, factory: CaseWindowFactory | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.factory: CaseWindowFactory = factory or default_factory
        self._windows: dict[str, CaseWindowLike] = {}

    def references(self) -> list[str]:
        return list(self._windows)

    def window(self, reference: str) -> CaseWindowLike | None:
        return self._windows.get(reference)

    def open(self, session: Session, reference: str, stage: Stage | None = None) -> CaseWindowLike:
        """Show the case (bring it forward when it is already open)."""
        window = self._windows.get(reference)
        if window is None:
            window = self.factory(session, reference)
            self._windows[reference] = window
            window.closed.connect(self._forget)
            moved = getattr(window, "case_changed", None)  # optional: a stage completed
            if moved is not None:
                moved.connect(self.case_changed)
            saved = getattr(window, "draft_saved", None)  # optional: a draft was saved
            if saved is not None:
                saved.connect(lambda _stage, ref=reference: self.draft_saved.emit(ref))
        if stage is not None:
            window.show_stage(stage)
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _forget(self, reference: str) -> None:
        if self._windows.pop(reference, None) is not None:
            self.case_changed.emit(reference)


    def remember_all(self) -> list[OpenCase]:
        """Before locking: save every draft and note where each window was."""
        remembered = []
        for reference, window in self._windows.items():
            saved = _save(window)
            try:
                stage: Stage | None = window.current_page_stage()
            except Exception:  # noqa: BLE001 - a broken page must not stop the lock
                stage = None
            kept = getattr(window, "unreadable_input", None)
            try:
                unreadable = tuple(kept()) if kept is not None else ()
            except Exception:  # noqa: BLE001 - a broken page must not stop the lock
                unreadable = ()
            remembered.append(OpenCase(reference, stage, saved, unreadable))
        return remembered

    def close_now(self) -> None:
        """Close every window without asking (locking: the session is already closed).

        A window that still refuses to close is hidden and destroyed: nothing
        about a case may stay on a locked screen.
        """
        for reference, window in list(self._windows.items()):
            self._windows.pop(reference, None)  # first, so closing is not reported as a change
            if not window.close():
                window.hide()
                window.deleteLater()

    def close_saved(self) -> list[str]:
        """Log out or quit: save and close each window; keep those whose draft failed.

        Returns the references still open (their drafts could not be saved).
        """
        for reference, window in list(self._windows.items()):
            if _save(window):
                self._windows.pop(reference, None)
                if not window.close():  # the window itself declined: keep tracking it
                    self._windows[reference] = window
        return self.references()


def _save(window: CaseWindowLike) -> bool:
    try:
        return bool(window.save_now())
    except Exception:  # noqa: BLE001 - counted as not saved; the caller tells the user
        return False
