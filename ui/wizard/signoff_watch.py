"""The case window follows a supervisor's sign-off by itself (issue 12): while the
decision waits, it looks every ``CHECK_MS`` and whenever the window becomes active again
whether the decision was approved or returned, and then shows the case as it now is (the
outcome stage, or the decision with the supervisor's comment) without F5."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from app.errors import CsodsError

CHECK_MS = 15_000


class SignoffWatch(QObject):
    """Asks ``state()`` while ``waiting``; calls ``decided(state)`` once it changes."""

    def __init__(self, window: QWidget, state: Callable[[], str],
                 decided: Callable[[str], None], interval_ms: int = CHECK_MS) -> None:
        super().__init__(window)
        self._window = window
        self._state = state
        self._decided = decided
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        window.installEventFilter(self)

    def follow(self, waiting: bool) -> None:
        """Start (or stop) looking, as the case shown waits for a sign-off (or not)."""
        if waiting and not self.timer.isActive():
            self.timer.start()
        elif not waiting:
            self.timer.stop()

    @property
    def waiting(self) -> bool:
        return self.timer.isActive()

    def check(self) -> None:
        if not self.waiting:
            return
        try:
            state = self._state()
        except CsodsError:  # no longer ours to see, locked...: F5 still says why
            self.timer.stop()
            return
        if state != "awaiting":
            self.timer.stop()
            self._decided(state)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if watched is self._window and event.type() == QEvent.Type.WindowActivate \
                and self.waiting:
            QTimer.singleShot(0, self.check)  # after the activation, not inside it
        return False
