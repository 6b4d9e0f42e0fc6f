"""When drafts are saved: on change of page, when focus leaves a field, and on a timer.

``DraftKeeper`` only decides *when*; the window's ``save_now`` does the saving
through the case service.  What a page starts with (the stage 2 pre-fill,
¶5.2.13) is the read model's rule: ``CaseFile.prefill``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

AUTOSAVE_MS = 30_000


class DraftKeeper(QObject):
    """Tracks unsaved edits of one page and asks for a save at the right moments."""

    def __init__(self, save: Callable[[], bool], interval_ms: int = AUTOSAVE_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self.dirty = False
        self.watched: QWidget | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_if_dirty)
        self.timer.start()
        app = QApplication.instance()
        self._app = app if isinstance(app, QApplication) else None
        if self._app is not None:
            self._app.focusChanged.connect(self._focus_changed)

    def watch(self, page: QWidget | None) -> None:
        """The page whose fields are watched for focus leaving them."""
        self.watched = page

    def mark_dirty(self) -> None:
        self.dirty = True

    def save_if_dirty(self) -> bool:
        return self._save() if self.dirty else True

    def _focus_changed(self, old: QWidget | None, _new: QWidget | None) -> None:
        page = self.watched
        if old is not None and page is not None and self.dirty:
            try:
                inside = page.isAncestorOf(old)
            except RuntimeError:  # the page has been deleted
                return
            if inside:
                with contextlib.suppress(RuntimeError):  # the window is being destroyed
                    self.save_if_dirty()

    def stop(self) -> None:
        self.timer.stop()
        if self._app is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self._app.focusChanged.disconnect(self._focus_changed)
            self._app = None
