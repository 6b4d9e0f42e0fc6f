"""Lock the screen after a spell without keyboard or mouse.

An application-wide event filter notes the wall-clock time of the last key
press or mouse action. A periodic QTimer compares it with the wall clock
(``time.time()``), not with elapsed timer ticks: a laptop suspended past the
timeout locks the moment it resumes, because the first tick after resume sees
the gap. The clock is injectable so tests can move time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

ACTIVITY_EVENTS = frozenset({
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
})


class IdleLock(QObject):
    """Emits ``idle`` once when the timeout passes; ``start()`` re-arms it."""

    idle = Signal()

    def __init__(self, timeout_seconds: float, *, wall_clock: Callable[[], float] = time.time,
                 check_ms: int = 5000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeout_seconds = timeout_seconds
        self._now = wall_clock
        self._last = wall_clock()
        self._armed = False
        self._timer = QTimer(self)
        self._timer.setInterval(max(100, min(check_ms, int(timeout_seconds * 1000 / 4) or 100)))
        self._timer.timeout.connect(self.check)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def armed(self) -> bool:
        return self._armed

    def start(self) -> None:
        """Begin watching (after sign-in or unlock)."""
        self._last = self._now()
        self._armed = True
        self._timer.start()

    def stop(self) -> None:
        """Stop watching (while locked or signed out)."""
        self._armed = False
        self._timer.stop()


    def idle_for(self) -> float:
        return self._now() - self._last

    def check(self) -> None:
        """Lock if the wall clock says the user has been away long enough."""
        if self._armed and self.idle_for() >= self.timeout_seconds:
            self.stop()
            self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if self._armed and event.type() in ACTIVITY_EVENTS:
            if self.idle_for() >= self.timeout_seconds:
                # Back from a suspend, touching the mouse before the next tick: the
                # gap counts, so lock (after this event is delivered) instead of resetting.
                self.stop()
                QTimer.singleShot(0, self.idle.emit)
            else:
                self._last = self._now()
        return False

    def dispose(self) -> None:
        self.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
